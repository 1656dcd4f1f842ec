"""Provides `Frame`: a race state with the views folded up to it (the cut line's history, the
measured pit stops, the odds to advance, the pit cycle, the strategy under each caution), and
`derive`, the one fold that makes the next frame from the next state.

Every view of the dashboard draws from a frame; the fold lives here so that a replay, a live
feed and a seek all derive the same way, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from cutline.feed.model.messages import RaceState
from cutline.feed.views.cycle import Cycle, watch
from cutline.feed.views.history import History, advance
from cutline.feed.views.odds_trail import OddsTrail, track
from cutline.feed.views.pit_rejoin import PitBook, observe
from cutline.feed.views.strategy import Strategy, tell


@dataclass(frozen=True)
class Frame:
    """Everything one screen of the dashboard is drawn from."""

    state: RaceState
    history: History
    pits: PitBook
    odds: OddsTrail = OddsTrail()
    cycle: Cycle = Cycle()  # who has stopped in the pit cycle under way
    strategy: Strategy = Strategy()  # who pitted and who stayed out, caution by caution


EMPTY = Frame(RaceState(), History(), PitBook())


def derive(frame: Frame, state: RaceState, *, odds: bool = True) -> Frame:
    """The frame after ``state``: fold it into the history, the pit book and the odds.

    ``state`` comes in feed order; an earlier one (a seek back) is handled by each fold. The
    odds reuse the history's board and are worked out only when the lap changes; ``odds=False``
    leaves them as they were (a seek folding the laps it skips: the odds of the lap it lands on
    are what is shown, and a hole in their series is better than seconds of simulation).
    """
    history = advance(frame.history, state)
    trail = track(frame.odds, state, history.board) if odds else frame.odds
    return Frame(
        state,
        history,
        observe(frame.pits, state),
        trail,
        watch(frame.cycle, state),
        tell(frame.strategy, state),
    )
