"""Provides the race state fold: how each message changes `RaceState`. Nothing else does.

Invariants (everything that changes the state lives in this file):

- ``apply(state, msg)`` is pure: no clock, no I/O, no logging, never awaits, never raises on a
  valid message. The same messages give the same state.
- ``seq`` rises by one per message. A message with ``seq`` at or below the state's is one we
  already have (a resume can replay it) and is ignored; a snapshot is the exception. A jump
  is applied and recorded in ``state.gaps`` and the log, so a client can ask for a snapshot.
- A ``snapshot`` replaces the state outright, whatever its ``seq`` (a rewind, a new feed).
- A later ``result`` replaces an earlier one (a post-race disqualification).
- A lap is led by the car in P1 when the leader's lap count rises; a lead change is a new P1
  car between two laps.
- Tyre age counts laps since the last stop that changed tyres. A stop whose tyres are unknown
  restarts the count but marks it as an assumption (``tyres_known``).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from typing import Any, assert_never

import msgspec

from cutline.feed.model.messages import (
    CarLap,
    CarStats,
    Entry,
    FeedMessage,
    Flag,
    FlagKind,
    Incident,
    Lap,
    LogEntry,
    Penalty,
    Pit,
    Race,
    RaceState,
    Result,
    Snapshot,
    Stage,
)

replace = msgspec.structs.replace
_POS = operator.attrgetter("pos")


def apply(state: RaceState, msg: FeedMessage) -> RaceState:
    """Return the state after one message.

    Args:
        state: the state so far.
        msg: the next message of the feed.

    Returns:
        The new state; ``state`` itself when ``msg`` is a duplicate.
    """
    if isinstance(msg, Snapshot):
        # Whatever its seq: a server restarted on a new feed, or a replay rewound, starts over.
        return msg.state
    if msg.seq <= state.seq:
        return state
    if msg.seq != state.seq + 1:
        state = replace(
            state,
            gaps=(*state.gaps, (state.seq + 1, msg.seq)),
            log=state.log
            + (
                LogEntry(
                    seq=msg.seq,
                    t=msg.t,
                    lap=state.lap,
                    kind="gap",
                    text=f"feed gap: missed seq {state.seq + 1}..{msg.seq - 1}",
                ),
            ),
        )
    match msg:  # the commonest first: a race is mostly pit stops and laps
        case Pit():
            return _pit(state, msg)
        case Lap():
            return _lap(state, msg)
        case Race():
            return _race(state, msg)
        case Flag():
            return _flag(state, msg.flag, msg.lap, msg.reason, msg) or _event(state, msg)
        case Penalty():
            return _penalty(state, msg)
        case Incident():
            return _incident(state, msg)
        case Stage():
            return _stage(state, msg)
        case Result():
            return _result(state, msg)
        case _:
            assert_never(msg)


def fold(messages: Iterable[FeedMessage], state: RaceState | None = None) -> RaceState:
    """Fold messages into a state: ``functools.reduce(apply, messages, state)``."""
    return functools.reduce(apply, messages, state if state is not None else RaceState())


def snapshot(state: RaceState) -> Snapshot:
    """The message that restores ``state`` exactly when applied."""
    return Snapshot(seq=max(state.seq, 1), t=state.t, state=state)


# ---------------------------------------------------------------------------------------------
# Reading the state
# ---------------------------------------------------------------------------------------------


def driver_name(state: RaceState, car: str) -> str:
    """The driver of ``car`` from the race header, or ``#car`` before the header arrives."""
    return state.names.get(car) or f"#{car}"


def line(state: RaceState, car: str) -> CarLap | None:
    """The latest lap line of ``car``."""
    for row in state.order:
        if row.car == car:
            return row
    return None


def tyre_age(state: RaceState, car: str) -> int | None:
    """Laps on the current tyres, or None before the car has a lap line."""
    row = line(state, car)
    if row is None:
        return None
    stats = state.stats.get(car)
    return row.laps - (stats.tyres_lap if stats else 0)


def positions_gained(state: RaceState, car: str) -> int | None:
    """Places gained since the start (negative: lost), or None if the start is unknown."""
    row = line(state, car)
    stats = state.stats.get(car)
    if row is None or stats is None or stats.start is None:
        return None
    return stats.start - row.pos


# ---------------------------------------------------------------------------------------------
# One helper per message type
# ---------------------------------------------------------------------------------------------


def _event(
    state: RaceState,
    msg: FeedMessage,
    kind: str = "",
    text: str = "",
    cars: tuple[str, ...] = (),
    changed: Iterable[CarStats] = (),
    **fields: Any,
) -> RaceState:
    """The state after ``msg``, in one copy: ``seq`` and ``t`` stamped, the changed cars' stats
    swapped in, a log line added when ``kind`` is given, and any other ``fields`` set."""
    if changed:
        stats = state.stats.copy()
        for one in changed:
            stats[one.car] = one
        fields["stats"] = stats
    if kind:
        lap = fields.get("lap", state.lap)
        entry = LogEntry(seq=msg.seq, t=msg.t, lap=lap, kind=kind, text=text, cars=cars)
        fields["log"] = fields.get("log", state.log) + (entry,)  # a new node: nothing copied
    return replace(state, seq=msg.seq, t=msg.t, **fields)


def _stats(state: RaceState, car: str) -> CarStats:
    return state.stats.get(car) or CarStats(car=car)


def _entered(state: RaceState, entry: Entry) -> CarStats:
    """A car of the field: its stats so far, with the start the header gives (a live feed
    joined mid-race would otherwise take the first place it saw for the start)."""
    old = state.stats.get(entry.car) or CarStats(car=entry.car)
    return replace(old, start=entry.start) if isinstance(entry.start, int) else old


def _race(state: RaceState, msg: Race) -> RaceState:
    stats = {entry.car: _entered(state, entry) for entry in msg.field}
    names = {e.car: e.driver for e in msg.field}
    text = f"{msg.season} {msg.name or msg.track}: {len(msg.field)} cars"
    return _event(state, msg, "race", text, race=msg, names=names, stats={**state.stats, **stats})


def _lap(state: RaceState, msg: Lap) -> RaceState:
    # This runs on every lap, so the per-car work is kept to what changes: the order is
    # checked, and starting places are taken only when cars appear (the first line, or a
    # field that grew).
    order = msg.cars
    positions = [row.pos for row in order]
    if positions != sorted(positions):
        order = tuple(sorted(order, key=_POS))
    stats = state.stats.copy()
    if len(order) != len(state.order):
        for row in order:
            old = stats.get(row.car)
            if old is None or old.start is None:
                stats[row.car] = replace(old or CarStats(car=row.car), start=row.pos)
    leading = bool(order) and msg.lap > state.lap and msg.lap > 0
    if leading:
        # A leader the header never listed (a late entry) has no stats unless the field grew.
        first = order[0].car
        led = stats.get(first) or CarStats(car=first)
        stats[first] = replace(led, laps_led=led.laps_led + (msg.lap - state.lap))
    new = _event(state, msg, order=order, stats=stats, lap=max(msg.lap, state.lap))
    if leading:
        leader = order[0].car
        if state.order and state.lap > 0 and state.order[0].car != leader:
            text = f"{driver_name(state, leader)} takes the lead on lap {msg.lap}"
            new = _event(new, msg, "lead", text, (leader,), lead_changes=state.lead_changes + 1)
    if msg.flag is not None:
        new = _flag(new, msg.flag, msg.lap, "", msg) or new
    return new


def _flag(
    state: RaceState, flag: FlagKind, lap: int, reason: str, msg: FeedMessage
) -> RaceState | None:
    """The state after a flag change, or None when the flag is the one already out."""
    if flag == state.flag:
        return None
    cautions = state.cautions + (1 if flag == "yellow" else 0)
    text = f"{flag} flag, lap {lap}" + (f": {reason}" if reason else "")
    return _event(state, msg, "flag", text, flag=flag, cautions=cautions)


def _pit(state: RaceState, msg: Pit) -> RaceState:
    old = _stats(state, msg.car)
    name = driver_name(state, msg.car)
    if msg.phase == "in":
        new = replace(old, stops=old.stops + 1, last_stop_lap=msg.lap, in_pit=True)
        # The log is tagged with the race's lap; a lapped car's stop is on its own lap count.
        when = f"on lap {msg.lap}" if msg.lap == state.lap else f"on his lap {msg.lap}"
        text = f"{name} pits {when}" + (f" under {msg.under}" if msg.under else "")
    else:
        counted = old.in_pit
        new = replace(
            old,
            stops=old.stops if counted else old.stops + 1,
            last_stop_lap=old.last_stop_lap if counted else msg.lap,
            in_pit=False,
        )
        if msg.tyres != 0:
            new = replace(new, tyres_lap=msg.lap, tyres_known=msg.tyres is not None)
        text = f"{name} leaves pit road: {_stop_text(msg)}"
    if msg.inferred:
        text += " (inferred)"
    return _event(state, msg, "pit", text, (msg.car,), (new,))


def _stop_text(msg: Pit) -> str:
    tyres = "tyres unknown" if msg.tyres is None else f"{msg.tyres} tyres"
    if msg.tyres == 0:
        tyres = "no tyres"
    parts = [tyres]
    if msg.fuel is not None:
        parts.append("fuel" if msg.fuel else "no fuel")
    if msg.duration is not None:
        parts.append(f"{msg.duration:.1f} s")
    return ", ".join(parts)


def _penalty(state: RaceState, msg: Penalty) -> RaceState:
    old = _stats(state, msg.car)
    text = f"{driver_name(state, msg.car)}: {msg.infraction}, {msg.consequence}"
    if msg.text:
        text += f" ({msg.text})"
    changed = (replace(old, penalties=(*old.penalties, msg)),)
    return _event(state, msg, "penalty", text, (msg.car,), changed)


def _incident(state: RaceState, msg: Incident) -> RaceState:
    changed = [
        replace(s, incidents=(*s.incidents, msg))
        for s in map(state.stats.get, msg.cars)
        if s is not None
    ] + [CarStats(car=c, incidents=(msg,)) for c in msg.cars if c not in state.stats]
    names = ", ".join(driver_name(state, car) for car in msg.cars)
    text = f"{msg.kind}: {names}" + (f" ({msg.text})" if msg.text else "")
    return _event(state, msg, "incident", text, msg.cars, changed)


def _stage(state: RaceState, msg: Stage) -> RaceState:
    stages = tuple(s for s in state.stages if s.stage != msg.stage) + (msg,)
    winner = msg.top[0].car if msg.top else None
    won = f": {driver_name(state, winner)} wins" if winner else ""
    text = f"Stage {msg.stage} ends on lap {msg.lap}{won}"
    return _event(state, msg, "stage", text, stages=tuple(sorted(stages, key=lambda s: s.stage)))


def _result(state: RaceState, msg: Result) -> RaceState:
    dq = [row.car for row in msg.cars if row.disqualified]
    word = "official result" if msg.official else "result"
    text = word + (f": {msg.text}" if msg.text else "")
    if dq:
        text += "; disqualified: " + ", ".join(driver_name(state, car) for car in dq)
    return _event(state, msg, "result", text, tuple(dq), result=msg)
