"""Provides `Frame`: a race state with the views folded up to it (the cut line's history, the
measured pit stops), and `derive`, the one fold that makes the next frame from the next state.

Every view of the dashboard draws from a frame; the fold lives here so that a replay, a live
feed and a seek all derive the same way, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from cutline.feed.model.messages import RaceState
from cutline.feed.views.history import History, advance
from cutline.feed.views.pit_rejoin import PitBook, observe


@dataclass(frozen=True)
class Frame:
    """Everything one screen of the dashboard is drawn from."""

    state: RaceState
    history: History
    pits: PitBook


EMPTY = Frame(RaceState(), History(), PitBook())


def derive(frame: Frame, state: RaceState) -> Frame:
    """The frame after ``state``: fold it into the history and the pit book.

    ``state`` comes in feed order; an earlier one (a seek back) is handled by each fold.
    """
    return Frame(state, advance(frame.history, state), observe(frame.pits, state))
