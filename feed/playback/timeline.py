"""Provides the timeline of a recording: the moments worth jumping to, each tied to the message
that makes it (cautions, restarts, pit cycles, penalties, incidents, stage ends, lead changes,
cut-line changes and results).

The timeline is derived in one fold over the messages; nothing here changes a state. Cut-line
changes come from `standings.cut_line.standings` and `standings.crossings`, worked out after
every message that can move the cut (a lap, a stage classification, a result).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import msgspec

from cutline.feed.model.messages import (
    FeedMessage,
    Incident,
    Lap,
    Penalty,
    Pit,
    RaceState,
    Result,
    Stage,
)
from cutline.feed.model.state import apply, driver_name
from cutline.feed.standings.crossings import crossings
from cutline.feed.standings.cut_line import Standings, standings

CAUTION: Final = "caution"
RESTART: Final = "restart"
PIT_CYCLE: Final = "pit-cycle"
PENALTY: Final = "penalty"
INCIDENT: Final = "incident"
STAGE: Final = "stage"
LEAD: Final = "lead"
CUT: Final = "cut"
RESULT: Final = "result"
KINDS: Final = (CAUTION, RESTART, PIT_CYCLE, PENALTY, INCIDENT, STAGE, LEAD, CUT, RESULT)

# Stops closer than this many leader laps to the previous one belong to the same pit cycle.
_CYCLE_GAP = 3


class Event(msgspec.Struct, frozen=True, kw_only=True):
    """One moment of the race.

    ``index`` is the position of the message that makes the event in the recording: seeking to
    the event applies ``messages[: index + 1]``.
    """

    index: int
    lap: int  # leader laps completed when it happened
    t: float
    kind: str  # one of KINDS
    text: str
    cars: tuple[str, ...] = ()


class _Cycle(msgspec.Struct, kw_only=True):
    index: int
    t: float
    lap: int  # leader laps completed at the first stop
    last_lap: int
    under: str
    cars: list[str] = []


def timeline(messages: Sequence[FeedMessage]) -> list[Event]:
    """The events of a recording, in message order.

    Args:
        messages: the recording's messages, in order.

    Returns:
        The events, sorted by ``index`` (a pit cycle is placed at its first stop).
    """
    events: list[Event] = []
    state = RaceState()
    board: Standings | None = None
    cycle: _Cycle | None = None
    for index, msg in enumerate(messages):
        before = state
        state = apply(state, msg)
        if state is before:
            continue
        lap = state.lap
        add = _Adder(events, index, lap, msg.t)
        if state.cautions > before.cautions:
            reason = state.log[-1].text if state.log and state.log[-1].seq == msg.seq else ""
            add(CAUTION, reason or f"caution, lap {lap}")
        elif before.flag == "yellow" and state.flag == "green":
            add(RESTART, f"green flag: restart on lap {lap + 1}")
        if state.lead_changes > before.lead_changes and state.order:
            leader = state.order[0].car
            add(LEAD, f"{driver_name(state, leader)} takes the lead on lap {lap}", leader)
        match msg:
            case Pit() if _new_stop(before, msg):
                under = msg.under or ("caution" if state.flag in ("yellow", "red") else "green")
                if cycle and (lap - cycle.last_lap > _CYCLE_GAP or under != cycle.under):
                    _close(events, cycle, state)
                    cycle = None
                if cycle is None:
                    cycle = _Cycle(index=index, t=msg.t, lap=lap, last_lap=lap, under=under)
                cycle.last_lap = lap
                cycle.cars.append(msg.car)
            case Penalty():
                add(PENALTY, state.log[-1].text, msg.car)
            case Incident():
                add(INCIDENT, state.log[-1].text, *msg.cars)
            case Stage():
                add(STAGE, state.log[-1].text, *(row.car for row in msg.top[:1]))
            case Result():
                add(RESULT, state.log[-1].text, *(row.car for row in msg.cars if row.disqualified))
            case _:
                pass
        if isinstance(msg, Lap | Stage | Result) or state.race is not before.race:
            now = standings(state)
            if now is not None:
                # The grid is the baseline: the pole sitter "leading" is not a change of the cut.
                if state.lap > 0 or state.result is not None:
                    for crossing in crossings(board, now):
                        add(CUT, crossing.text, crossing.car)
                board = now
    if cycle is not None:
        _close(events, cycle, state)
    events.sort(key=lambda e: e.index)
    return events


class _Adder:
    """Appends the events of one message."""

    def __init__(self, events: list[Event], index: int, lap: int, t: float) -> None:
        self.events, self.index, self.lap, self.t = events, index, lap, t

    def __call__(self, kind: str, text: str, *cars: str) -> None:
        event = Event(index=self.index, lap=self.lap, t=self.t, kind=kind, text=text, cars=cars)
        self.events.append(event)


def _new_stop(before: RaceState, msg: Pit) -> bool:
    """A pit message that starts a stop: an "in", or an "out" with no "in" before it."""
    stats = before.stats.get(msg.car)
    return msg.phase == "in" or stats is None or not stats.in_pit


def _close(events: list[Event], cycle: _Cycle, state: RaceState) -> None:
    """Add the event of a finished pit cycle: two or more stops, or one by a playoff driver."""
    race = state.race
    playoff = {e.car for e in race.field if e.playoff} if race else set()
    cars = list(dict.fromkeys(cycle.cars))
    named = [driver_name(state, car) for car in cars if car in playoff]
    if len(cars) < 2 and not named:
        return
    # A stop between the leader's laps L and L + 1 happens on lap L + 1.
    low, high = cycle.lap + 1, cycle.last_lap + 1
    laps = f"lap {low}" if low == high else f"laps {low}-{high}"
    stops = "1 stop" if len(cars) == 1 else f"{len(cars)} stops"
    text = f"pit cycle under {cycle.under}, {laps}: {stops}"
    if named:
        text += " (" + ", ".join(named) + ")"
    events.append(
        Event(
            index=cycle.index,
            lap=cycle.lap,
            t=cycle.t,
            kind=PIT_CYCLE,
            text=text,
            cars=tuple(cars),
        )
    )
