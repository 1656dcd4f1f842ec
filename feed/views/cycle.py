"""Provides the cycled order: during a pit cycle, where each car would run once every car has
made its stop, and the cut line on that order.

A cycle opens when the field splits on strategy: a green-flag stop, or a caution where some
cars pitted and others stayed out. From then until every running car has stopped, a car still
to stop is projected at its time behind the leader plus its pit loss at this track: its own
measured green stops (`pit_rejoin.green_loss`), else the median of every green stop measured in
this race so far, else unknown (the car keeps its place and is marked so). A car on its in- or
out-lap is charged what its stop has not yet cost it. The cycle ends when every running car
has stopped since it opened; a caution starts a new one.

`watch` is a pure fold over the race states, like `pit_rejoin.observe`; going back (a seek)
starts the fold again from what the state says.
"""

from __future__ import annotations

import statistics
from typing import Literal

import msgspec

from cutline.feed.model.errors import RulesError
from cutline.feed.model.messages import CarLap, RaceState
from cutline.feed.standings.cut_line import Standings, standings
from cutline.feed.views.follow import time_behind_leader
from cutline.feed.views.pit_rejoin import LAPS_AFTER_OUT, PitBook, green_loss

LossSource = Literal["own", "field", "none"]
MIN_SPLIT = 3  # fewer stopped cars is a car in trouble, not the field split on strategy
# The field has split only when a real share of it stopped: a quarter of the cars that were on
# the lead lap when the window opened, or a quarter of the playoff drivers. A few backmarkers
# taking a caution's stop (as at laps 53, 69 and 79 of the bundled race) split nothing that
# the timing screen does not already show.
SPLIT_SHARE = 0.25


class Cycle(msgspec.Struct, frozen=True, kw_only=True):
    """The fold: who has stopped since the cycle opened, and where each was before his stop."""

    seq: int = 0
    lap: int = 0
    flag: str | None = None
    since: int = 0  # leader lap the window opened
    stops: dict[str, int] = {}  # each car's stop count at the last look
    stopped: dict[str, int] = {}  # car -> leader lap of its stop in this window
    before: dict[str, float] = {}  # car -> time behind the leader the lap before its stop
    order: tuple[CarLap, ...] = ()  # the lap lines at the last look
    behind: dict[str, float] = {}  # car -> seconds behind the leader, carried when lapped
    completed: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (lap, running order) per cycle
    lead: frozenset[str] = frozenset()  # running cars on the lead lap when the window opened


class CycledRow(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    car: str
    pos: int  # running position now
    cycled: int  # projected position once every car has stopped
    due: bool  # still to make its stop
    loss: float | None  # the pit loss charged (None: unknown)
    source: LossSource


class Cycled(msgspec.Struct, frozen=True, kw_only=True):
    lap: int
    rows: tuple[CycledRow, ...]  # in cycled order
    board: Standings | None  # the cut line on the cycled order
    field_loss: float | None  # the median green stop at this race so far


def watch(cycle: Cycle, state: RaceState) -> Cycle:
    """Fold one race state into the cycle (``Cycle()`` to start)."""
    if state.seq < cycle.seq:
        cycle = Cycle()  # back: what stopped "since" is unknown until the next caution
    if not state.order or state.seq == cycle.seq:
        return cycle
    since, stopped, before = cycle.since, dict(cycle.stopped), dict(cycle.before)
    lead = cycle.lead or _lead_lap(state.order)
    if state.flag == "yellow" and cycle.flag != "yellow":
        since, stopped, before, lead = state.lap, {}, {}, _lead_lap(state.order)
    times = _behind(cycle, state.order)
    stops = {car: s.stops for car, s in state.stats.items()}
    for car, n in stops.items():
        if n > cycle.stops.get(car, n) and car not in stopped:
            stopped[car] = state.lap
    # The gap the lap before a stop: kept while a car has not stopped yet.
    for car, t in times.items():
        if car not in stopped and t is not None:
            before[car] = t
    completed = cycle.completed
    running = _running(state.order)
    if (
        state.flag == "green"
        and stopped
        and running <= stopped.keys()
        and all(state.lap - stopped[c] >= LAPS_AFTER_OUT for c in running)
    ):
        completed = (*completed, (state.lap, tuple(r.car for r in state.order)))
        since, stopped, before, lead = state.lap, {}, {}, _lead_lap(state.order)
    return Cycle(
        seq=state.seq,
        lap=state.lap,
        flag=state.flag,
        since=since,
        stops=stops,
        stopped=stopped,
        before=before,
        order=state.order,
        behind=times,
        completed=completed,
        lead=lead,
    )


def _behind(cycle: Cycle, order: tuple[CarLap, ...]) -> dict[str, float]:
    """Each car's time behind the leader. A lapped car has no gap on the timing screen (a car
    that pitted under green is lapped until the leader stops too), so its time is carried on
    from its last known one by its lap times against the leader's."""
    if order is cycle.order:
        return cycle.behind
    known = time_behind_leader(order)
    leader = order[0]
    old = {r.car: r for r in cycle.order}
    shift = cycle.behind.get(leader.car, 0.0)  # a new leader: re-base on him
    out: dict[str, float] = {}
    for row in order:
        t = known.get(row.car)
        prev = old.get(row.car)
        carried = cycle.behind.get(row.car)
        if t is not None:
            out[row.car] = t
        elif carried is not None and prev is not None and row.laps == prev.laps:
            out[row.car] = carried - shift
        elif (
            carried is not None
            and prev is not None
            and row.laps == prev.laps + 1
            and row.last_lap is not None
            and leader.last_lap is not None
        ):
            out[row.car] = carried - shift + row.last_lap - leader.last_lap
    return out


def _running(order: tuple[CarLap, ...]) -> set[str]:
    return {r.car for r in order if r.status == "running"}


def _lead_lap(order: tuple[CarLap, ...]) -> frozenset[str]:
    return frozenset(r.car for r in order if r.status == "running" and r.laps_down == 0)


def split(cycle: Cycle, state: RaceState) -> bool:
    """The field has split on strategy: a share of the lead-lap cars or of the playoff
    drivers has stopped in this window (`SPLIT_SHARE`)."""
    stopped = cycle.stopped.keys()
    playoff = {e.car for e in state.race.field if e.playoff} if state.race else set()
    return any(
        group and len(group & stopped) >= SPLIT_SHARE * len(group)
        for group in (set(cycle.lead), playoff)
    )


def is_open(cycle: Cycle, state: RaceState) -> bool:
    """A cycle is under way: green, the field split (`split`), and some running cars have
    stopped and some have not."""
    running = _running(state.order)
    done = running & cycle.stopped.keys()
    return state.flag == "green" and MIN_SPLIT <= len(done) < len(running) and split(cycle, state)


def field_loss(pits: PitBook) -> float | None:
    """The median of every green stop measured at this race so far."""
    losses = [s.loss for c in pits.cars.values() for s in c.measured]
    return round(statistics.median(losses), 3) if losses else None


def cycled(state: RaceState, cycle: Cycle, pits: PitBook) -> Cycled | None:
    """The projected order once every car has stopped; None when no cycle is under way."""
    if not is_open(cycle, state):
        return None
    times = cycle.behind
    median = field_loss(pits)
    keyed: list[tuple[tuple[int, float, int], CycledRow]] = []
    for row in state.order:
        own = green_loss(pits, row.car)
        loss = own if own is not None else median
        source: LossSource = "own" if own is not None else "field" if median is not None else "none"
        stop = cycle.stopped.get(row.car)
        due = stop is None and row.status == "running"
        t = times.get(row.car)
        owed = 0.0
        if due:
            owed = loss or 0.0
        elif stop is not None and state.lap - stop < LAPS_AFTER_OUT and loss is not None:
            # On the in- or out-lap: charge what the stop has not cost yet.
            pre = cycle.before.get(row.car)
            spent = (t - pre) if t is not None and pre is not None else 0.0
            owed = max(loss - spent, 0.0)
        unknown = t is None or (due and loss is None)
        key = (1 if t is None else 0, (t or 0.0) + owed, row.pos)
        keyed.append(
            (
                key,
                CycledRow(
                    car=row.car,
                    pos=row.pos,
                    cycled=0,
                    due=due,
                    loss=None if unknown and t is not None else loss,
                    source=source if not unknown else "none",
                ),
            )
        )
    keyed.sort(key=lambda k: k[0])
    rows = tuple(msgspec.structs.replace(r, cycled=i) for i, (_, r) in enumerate(keyed, 1))
    return Cycled(lap=state.lap, rows=rows, board=_board(state, rows), field_loss=median)


def _board(state: RaceState, rows: tuple[CycledRow, ...]) -> Standings | None:
    by_car = {r.car: r for r in state.order}
    order = tuple(
        msgspec.structs.replace(by_car[r.car], pos=r.cycled, gap=None, interval=None) for r in rows
    )
    try:
        return standings(msgspec.structs.replace(state, order=order))
    except RulesError:  # the raw board already says why there is no cut line
        return None
