"""Provides the odds over the laps: the odds now, each driver's odds lap by lap, and the swings.

`track` is a pure fold over the race states, like `cutline.feed.views.history.advance`: the odds
(`cutline.feed.standings.odds`) are worked out again only when the lap changes, a result comes
or the race changes, never on every message, so the dashboard's frame stays cheap. A driver's
odds moving by more than ``SWING`` in one lap is a `Swing`, a line for the race log, with what
happened on that lap when the state's log says (his stop, his penalty, a caution, a pit cycle).
A state from earlier in the race (a seek back) trims the series and the swings to what was known
then.
"""

from __future__ import annotations

import msgspec

from cutline.feed.model.errors import CutlineError
from cutline.feed.model.messages import Race, RaceState
from cutline.feed.model.state import driver_name
from cutline.feed.standings.cut_line import Standings
from cutline.feed.standings.odds import Odds, odds

__all__ = ["SWING", "OddsTrail", "Swing", "odds_series", "track"]

SWING = 0.20  # a move of more than 20 points in one lap is news
_CYCLE = 3  # this many stops in one lap is a pit cycle, not one car's stop

Series = tuple[tuple[int, float], ...]  # (lap, probability), one per lap, laps rising


class Swing(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """A driver's odds moving by more than ``SWING`` in one lap."""

    seq: int  # the state that showed it
    t: float
    lap: int
    car: str
    before: float
    after: float
    text: str  # "Rhodes 18% → 41% as 6 cars pit"


class OddsTrail(msgspec.Struct, frozen=True, kw_only=True):
    """The odds now and how they moved to get there."""

    seq: int = 0
    lap: int = -1  # the lap the odds are for (-1: none yet)
    seen_lap: int = -1  # the last lap folded in (later than ``lap`` while the odds are held)
    odds: Odds | None = None
    problem: str = ""  # why there are no odds, or ""
    series: dict[str, Series] = {}
    swings: tuple[Swing, ...] = ()
    race: Race | None = None
    final: bool = False  # the odds are the result's verdict


def track(trail: OddsTrail, state: RaceState, board: Standings | None) -> OddsTrail:
    """Fold one race state into the odds trail.

    Args:
        trail: the trail so far (``OddsTrail()`` to start).
        state: the next state, in feed order; a lower ``seq`` means the feed went back.
        board: the board of ``state`` (the history's), so it is not worked out twice.

    Returns:
        The new trail; ``trail`` itself when the lap, the race and the result are unchanged.
    """
    back = state.seq < trail.seq
    if back:
        trail = _trim(trail, state)
    final = state.result is not None
    fresh = state.lap != trail.lap or state.race is not trail.race or final != trail.final
    # With a playoff driver on pit road his place is mid-shuffle (a car in the pits shows far
    # back, a lap down, until it is out): the odds wait for his stop to end rather than swing.
    shuffling = not final and trail.odds is not None and _in_pits(state, trail.odds)
    if not fresh and not back or shuffling and not back and state.race is trail.race:
        if trail.seq == state.seq and trail.seen_lap == state.lap:
            return trail
        return msgspec.structs.replace(trail, seq=state.seq, seen_lap=state.lap)
    # The fold saw the lap before (a seek that skipped laps did not show their odds).
    adjacent = trail.seen_lap >= state.lap - 1 and not back
    if board is None or not state.order and not final:
        return OddsTrail(seq=state.seq, lap=state.lap, seen_lap=state.lap, race=state.race,
                         final=final, series=trail.series, swings=trail.swings)  # fmt: skip
    try:
        now = odds(state, board=board)
        problem = ""
    except CutlineError as err:
        now, problem = None, str(err)
    series = dict(trail.series)
    swings = list(trail.swings)
    if now is not None:
        for car, p in now.advance.items():
            old = series.get(car, ())
            # A swing is a move from the odds last shown: the lap before (or this lap's own when
            # the result lands on it, or the last before a hold for pit stops); never across a
            # seek's hole, nor backwards.
            was = old[-1] if old and trail.lap >= 0 and old[-1][0] == trail.lap else None
            if was is not None and adjacent and abs(p - was[1]) > SWING:
                swings.append(_swing(state, car, was, p))
            if old and old[-1][0] == state.lap:
                old = old[:-1]
            series[car] = (*old, (state.lap, p))
    return OddsTrail(seq=state.seq, lap=state.lap, seen_lap=state.lap, odds=now, problem=problem,
                     series=series, swings=tuple(swings), race=state.race,
                     final=final)  # fmt: skip


def _in_pits(state: RaceState, shown: Odds) -> bool:
    return any(r.pit_road for r in state.order if r.car in shown.advance)


def odds_series(trail: OddsTrail, car: str) -> tuple[float, ...]:
    """The car's odds at the end of each lap recorded so far, oldest first."""
    return tuple(p for _, p in trail.series.get(car, ()))


def _swing(state: RaceState, car: str, before: tuple[int, float], after: float) -> Swing:
    name = driver_name(state, car).split()[-1]
    why = _why(state, car, before[0])
    text = f"{name} {before[1]:.0%} → {after:.0%}" + (f" {why}" if why else "")
    return Swing(seq=state.seq, t=state.t, lap=state.lap, car=car, before=before[1], after=after,
                 text=text)  # fmt: skip


def _why(state: RaceState, car: str, since: int) -> str:
    """What the log says happened on this lap, the driver's own news first; "" if nothing."""
    # What happened since the odds were last worked out (the lap before, or more after a hold).
    entries = [e for e in state.log if e.lap >= since]
    mine = [e for e in entries if car in e.cars]
    if state.result is not None:
        return "at the result" if state.result.official else "at the flag"
    if state.flag == "checkered":
        return "at the flag"
    if any(e.kind == "penalty" for e in mine):
        return "after his penalty"
    if any(e.kind == "incident" for e in mine):
        return "after his incident"
    if any(e.kind == "pit" for e in mine):
        return "as he pits"
    if state.flag == "yellow":
        return "under caution"
    if state.flag == "red":
        return "under the red flag"
    if state.flag == "green" and any(e.kind == "flag" for e in entries):
        return "at the restart"
    stops = {c for e in entries if e.kind == "pit" for c in e.cars}
    if len(stops) >= _CYCLE:
        return f"as {len(stops)} cars pit"
    if any(e.kind == "stage" for e in entries):
        return "at the stage end"
    return ""


def _trim(trail: OddsTrail, state: RaceState) -> OddsTrail:
    return msgspec.structs.replace(
        trail,
        lap=-1,
        seen_lap=-1,
        race=None,
        swings=tuple(s for s in trail.swings if s.seq <= state.seq),
        series={
            car: tuple(p for p in series if p[0] <= state.lap)
            for car, series in trail.series.items()
        },
    )
