"""Provides `Frame`: a race state with the views folded up to it (the cut line's history, the
measured pit stops, the pit cycle, the strategy under each caution), and `derive`, the one
fold that makes the next frame from the next state.

Every view of the dashboard draws from a frame; the fold lives here so that a replay, a live
feed and a seek all derive the same way, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from cutline.feed.model.messages import RaceState
from cutline.feed.views.cycle import Cycle, watch
from cutline.feed.views.history import History, advance
from cutline.feed.views.pit_rejoin import PitBook, observe
from cutline.feed.views.strategy import Strategy, tell


@dataclass(frozen=True)
class Frame:
    """Everything one screen of the dashboard is drawn from."""

    state: RaceState
    history: History
    pits: PitBook
    cycle: Cycle = Cycle()  # who has stopped in the pit cycle under way
    strategy: Strategy = Strategy()  # who pitted and who stayed out, caution by caution


EMPTY = Frame(RaceState(), History(), PitBook())


def derive(frame: Frame, state: RaceState) -> Frame:
    """The frame after ``state``: fold it into the history and the pit book.

    ``state`` comes in feed order; an earlier one (a seek back) is handled by each fold.
    """
    return Frame(
        state,
        advance(frame.history, state),
        observe(frame.pits, state),
        watch(frame.cycle, state),
        tell(frame.strategy, state),
    )
