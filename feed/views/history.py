"""Provides the cut line over time: the board after each state, every crossing, margins per lap.

`advance` is a pure fold over the race states as a feed yields them. The board is worked out
again only when something it depends on changed (the header, the running order, a stage or a
result); a crossing found between two boards goes into `History.changes` with the seq of the
state that showed it, and each playoff driver's margin to the cut is kept once per lap (the last
board of the lap wins). A state from earlier in the race (a replay seeking back) trims both to
what was known then; a seek forward leaves a hole in the margins, not a guess.
"""

from __future__ import annotations

import msgspec

from cutline.feed.model.errors import RulesError
from cutline.feed.model.messages import CarLap, Race, RaceState, Result, Stage
from cutline.feed.standings.crossings import Crossing, crossings
from cutline.feed.standings.cut_line import Standings, standings

Margins = tuple[tuple[int, int], ...]  # (lap, margin), one per lap, laps rising


class LineChange(Crossing, frozen=True, kw_only=True, gc=False):
    """A crossing of the cut line where the feed showed it, as the race log shows it."""

    seq: int  # the state that showed it
    t: float


class History(msgspec.Struct, frozen=True, kw_only=True):
    """The board now and how the cut line moved to get there."""

    seq: int = 0
    lap: int = 0
    board: Standings | None = None
    problem: str = ""  # why there is no board (rules missing for this race), or ""
    changes: tuple[LineChange, ...] = ()
    margins: dict[str, Margins] = {}
    race: Race | None = None
    order: tuple[CarLap, ...] = ()
    stages: tuple[Stage, ...] = ()
    result: Result | None = None


def advance(history: History, state: RaceState) -> History:
    """Fold one race state into the history.

    Args:
        history: the history so far (``History()`` to start).
        state: the next state, in feed order; a lower ``seq`` means the feed went back.

    Returns:
        The new history; ``history`` itself when nothing the board depends on changed.
    """
    back = state.seq < history.seq
    if back:
        history = _trim(history, state)
    same = (
        state.race is history.race
        and state.order is history.order
        and state.stages is history.stages
        and state.result is history.result
    )
    if same and not back:
        return msgspec.structs.replace(history, seq=state.seq, lap=state.lap)
    try:
        board = standings(state)
        problem = ""
    except RulesError as err:
        board, problem = None, str(err)
    changes = history.changes
    # Before the first lap line (a header alone) nobody has a place: the first board with the
    # grid is where the picture starts, not a crossing.
    if board is not None and not back and history.order:
        found = crossings(history.board, board)
        changes += tuple(
            LineChange(seq=state.seq, t=state.t, **msgspec.structs.asdict(c)) for c in found
        )
    return History(
        seq=state.seq,
        lap=state.lap,
        board=board,
        problem=problem,
        changes=changes,
        margins=_margins(history.margins, board, state.lap),
        race=state.race,
        order=state.order,
        stages=state.stages,
        result=state.result,
    )


def _margins(old: dict[str, Margins], board: Standings | None, lap: int) -> dict[str, Margins]:
    if board is None:
        return old
    new = dict(old)
    for d in board.drivers:
        if d.margin is None:
            continue
        series = new.get(d.car, ())
        if series and series[-1][0] == lap:
            series = series[:-1]
        new[d.car] = (*series, (lap, d.margin))
    return new


def _trim(history: History, state: RaceState) -> History:
    return msgspec.structs.replace(
        history,
        board=None,
        changes=tuple(c for c in history.changes if c.seq <= state.seq),
        margins={
            car: tuple(m for m in series if m[0] <= state.lap)
            for car, series in history.margins.items()
        },
        race=None,
    )


def margin_series(history: History, car: str) -> tuple[int, ...]:
    """The car's margin to the cut at the end of each lap recorded so far, oldest first."""
    return tuple(m for _, m in history.margins.get(car, ()))
