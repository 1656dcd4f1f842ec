"""Provides the builder's inputs: the race's facts, laps and events read, checked against each
other and repaired where real data is short (`cutline.feed.builder.build` makes the messages).

- Result rows of entries that did not start (position 0) leave the field and the result; a car
  of the result with no laps keeps its official row; a car of the field with neither leaves.
- The laps are read against the field and the result's laps (`feed.builder.lap_table`); the
  round's playoff drivers are matched to the field by driver (`feed.builder.round_context`).
- The cautions are placed on the race clock; the pit stops come from the pit data or are inferred.

Every repair is in ``Inputs.repairs``; only data that cannot make a race is an error (no laps,
no field, an unknown series), and the error names the file and the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import msgspec

from cutline.feed.builder.events import TYRES_WINDOW, RaceEvent, TyresEvent, read_events
from cutline.feed.builder.facts import Facts, FactsCaution, read_facts
from cutline.feed.builder.lap_table import LapTable, read_laps
from cutline.feed.builder.pit_inference import Stop, from_pit_data, infer
from cutline.feed.builder.repairs import Repair, RepairLog
from cutline.feed.builder.round_context import checked_round
from cutline.feed.builder.timing_screen import leader_times
from cutline.feed.model.errors import BadFacts
from cutline.feed.model.messages import FlagKind

Pits = Literal["auto", "data", "infer"]


@dataclass
class Caution:
    """One caution on the race clock."""

    first_lap: int  # the first lap run (partly) under it
    end_lap: int  # the last lap under it: green waves as the leader completes it
    flag: FlagKind
    reason: str
    yellow_t: float
    green_t: float


@dataclass
class Inputs:
    """Everything the builder read, checked."""

    facts_path: Path
    laps_path: Path
    facts: Facts
    table: LapTable
    times: list[float]
    cautions: list[Caution]
    stops: list[Stop]
    events: list[RaceEvent] = field(default_factory=list)
    events_path: Path | None = None
    repairs: tuple[Repair, ...] = ()  # what was mended in the data, kind by kind


def read_inputs(
    facts: str | Path,
    laps: str | Path,
    events: str | Path | None = None,
    *,
    pits: Pits = "auto",
) -> Inputs:
    """Read and check the input files (see `build`)."""
    facts_path, laps_path = Path(facts), Path(laps)
    data = read_facts(facts_path)
    log = RepairLog()
    data = _without_non_starters(data, log)
    cars = [e.car for e in data.field]
    if not cars:
        raise BadFacts(f"{facts_path}: field: no cars")
    result_laps = {r.car: r.laps for r in data.result} if data.result else None
    table = read_laps(laps_path, set(cars), result_laps)
    log.extend(table.repairs)
    data = _without_lapless(data, table, log)
    data = checked_round(data, log)
    cars = [e.car for e in data.field]
    times = leader_times(table)
    _check_laps(facts_path, data, table)
    cautions = _cautions(facts_path, data, table.last_lap, times)
    yellows = [(c.yellow_t, c.green_t) for c in cautions]
    if pits == "data" and not data.pit_stops:
        raise BadFacts(f"{facts_path}: pit_stops: empty; use pits 'infer' or 'auto'")
    if pits == "infer" or not data.pit_stops:
        stops = infer(table, times, yellows)
    else:
        unknown = [row.car for row in data.pit_stops if row.car not in table.cars]
        if unknown:
            raise BadFacts(f"{facts_path}: pit_stops: car {unknown[0]!r} is not in the field")
        stops = from_pit_data(data.pit_stops, table, times)
    inputs = Inputs(
        facts_path=facts_path,
        laps_path=laps_path,
        facts=data,
        table=table,
        times=times,
        cautions=cautions,
        stops=stops,
        repairs=log.repairs(),
    )
    if events is not None:
        inputs.events_path = Path(events)
        inputs.events = read_events(
            events, field_cars=set(cars), last_lap=table.last_lap, race_id=data.race.race_id
        )
        _fit_tyres(inputs)
    return inputs


def _check_laps(path: Path, facts: Facts, table: LapTable) -> None:
    last = table.last_lap
    for i, stage in enumerate(facts.stages):
        if not 0 < stage.end_lap <= last:
            raise BadFacts(
                f"{path}: stages[{i}].end_lap: {stage.end_lap} is not a lap of the race (1..{last})"
            )
    entries = {e.car for e in facts.field}
    for i, row in enumerate(facts.result):
        if row.car not in entries:
            raise BadFacts(f"{path}: result[{i}].car: {row.car!r} is not in the field")


def _without_non_starters(facts: Facts, log: RepairLog) -> Facts:
    """The facts without the result's unclassified rows (position 0: did not qualify or start)."""
    out = [r.car for r in facts.result if r.pos < 1]
    for car in out:
        _did_not_start(log, car)
    if not out:
        return facts
    return msgspec.structs.replace(
        facts,
        field=[e for e in facts.field if e.car not in out],
        result=[r for r in facts.result if r.car not in out],
    )


def _did_not_start(log: RepairLog, car: str) -> None:
    log.add(
        "did-not-start",
        "cars did not start",
        "result position 0 (or no result row) and no laps: left out of the field and the result",
        car,
        None,
        per_car=True,
    )


def _without_lapless(facts: Facts, table: LapTable, log: RepairLog) -> Facts:
    """A car of the field with no laps stays when the result classifies it, else it leaves."""
    classified = {r.car for r in facts.result}
    lapless = [e.car for e in facts.field if e.car not in table.cars]
    for car in lapless:
        if car in classified:
            log.add(
                "no-laps",
                "cars in the result with no laps",
                "no timing lines; the official result classifies them",
                car,
                None,
                per_car=True,
            )
        else:
            _did_not_start(log, car)
    gone = set(lapless) - classified
    if not gone:
        return facts
    return msgspec.structs.replace(facts, field=[e for e in facts.field if e.car not in gone])


def _cautions(path: Path, facts: Facts, last: int, times: Sequence[float]) -> list[Caution]:
    stage_ends = set(facts.race.stage_end_laps[:-1])
    out = []
    for i, c in enumerate(facts.cautions):
        if not 1 <= c.start_lap <= c.end_lap:
            raise BadFacts(
                f"{path}: cautions[{i}]: start_lap {c.start_lap} and end_lap {c.end_lap} are not "
                "a run of laps"
            )
        if c.start_lap > last:
            raise BadFacts(f"{path}: cautions[{i}].start_lap: {c.start_lap} is after the last lap")
        first = max(1, c.start_lap - 1)
        if c.start_lap - 2 in stage_ends:
            yellow_t = times[c.start_lap - 2]  # waved at the line as the stage ended
        else:
            yellow_t = (times[first - 1] + times[first]) / 2  # some time in the lap: say half-way
        end = min(c.end_lap, last)
        out.append(
            Caution(
                first_lap=first,
                end_lap=end,
                flag="red" if c.flag_state == 3 else "yellow",
                reason=_reason(c),
                yellow_t=yellow_t,
                green_t=times[end],
            )
        )
    return out


def _reason(c: FactsCaution) -> str:
    if c.comment and c.reason and c.reason.lower() not in ("unknown", c.comment.lower()):
        return f"{c.comment} ({c.reason.lower()})"
    return c.comment or c.reason


def _fit_tyres(inputs: Inputs) -> None:
    """Put each tyre event on the car's stop nearest its lap."""
    assert inputs.events_path is not None
    for i, event in enumerate(inputs.events):
        if not isinstance(event, TyresEvent):
            continue
        lap = event.lap or 0
        near = [
            s
            for s in inputs.stops
            if s.car == event.car and abs(s.leader_lap - lap) <= TYRES_WINDOW
        ]
        if not near:
            raise BadFacts(
                f"{inputs.events_path}: $.events[{i}]: car {event.car} has no pit stop within "
                f"{TYRES_WINDOW} laps of lap {lap}"
            )
        stop = min(near, key=lambda s: (abs(s.leader_lap - lap), s.t_in))
        stop.tyres = event.tyres
        stop.source = f"{stop.source}; tyres: {event.source}"
