"""Provides the replay builder: a race's facts, its laps and an events file become a recording.

What each message is made from (the facts' computed post-race totals never are):

- ``race``: the facts header (`cutline.feed.builder.facts.header`), at t = 0.
- ``lap``: every leader lap from the laps file (`timing_screen`): real running positions
  and laps completed, gaps and intervals from the summed lap times, t = the leader's elapsed
  time (so t = 0 is the green flag). Lap 0 is the starting order.
- ``flag``: green at the start; each caution of the facts. The source counts a caution's laps
  from ``start_lap``, the first lap wholly at caution pace: the yellow itself waves during the
  lap before (a stage-end caution's ``start_lap`` is two after the stage end, and its yellow waves
  as the stage ends, at the line). Green waves as the leader completes ``end_lap``. White as the
  leader starts the last lap (when it is green). A ``lap`` carries the flag it was run under and
  ``checkered`` on the last lap.
- ``stage``: the facts' stage classifications, as the leader completes the stage's last lap.
- ``pit``: the facts' pit data when it has any (``pits="auto"`` or ``"data"``), else stops
  inferred from the laps and marked ``inferred`` (`cutline.feed.builder.pit_inference`).
- ``penalty``/``incident``: the events file (`feed.builder.events`), stamped as the leader completes
  the event's lap; a ``tyres`` event fills in the tyres of a stop.
- ``result``: the facts' result. With a post-race disqualification, first the order as run when
  the last running car takes the checkered flag, then the post-race events and the official
  result a nominal ``POST_RACE_DELAY`` later (the data do not say when inspection ended).

Real data is repaired, not refused, as it is read (`cutline.feed.builder.inputs`):
``Inputs.repairs`` lists every repair, and `build_file` writes them into the recording's header.

The same inputs give the same messages, and the same bytes once written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from cutline.feed.builder.events import IncidentEvent, PenaltyEvent, RaceEvent, TyresEvent
from cutline.feed.builder.facts import header, result_as_run, result_official, stage_messages
from cutline.feed.builder.inputs import Caution, Inputs, Pits, read_inputs
from cutline.feed.builder.lap_table import LapTable
from cutline.feed.builder.pit_inference import Stop
from cutline.feed.builder.repairs import summary
from cutline.feed.builder.timing_screen import timing_lines
from cutline.feed.model.messages import FeedMessage, Flag, FlagKind, Incident, Lap, Penalty, Pit
from cutline.feed.playback.recording import write_recording

__all__ = ["POST_RACE_DELAY", "Inputs", "Pits", "assemble", "build", "build_file", "read_inputs"]

POST_RACE_DELAY = 60.0  # seconds from the finish to the post-race messages, in the replay

# Messages stamped the same instant go in this order: the line first, then what it decides.
_LINE, _STAGE, _FLAG, _EVENT, _PIT, _RESULT, _POST = range(7)


def build(
    facts: str | Path,
    laps: str | Path,
    events: str | Path | None = None,
    *,
    pits: Pits = "auto",
) -> list[FeedMessage]:
    """The messages of a replay of the race.

    Args:
        facts: the race facts JSON.
        laps: the laps CSV.
        events: the events JSON (penalties, incidents, tyre choices with their sources).
        pits: where the pit stops come from: the facts' pit data ("data"), inferred from the
            laps ("infer"), or the pit data when the facts have any ("auto").

    Raises:
        BadFacts: an input file is missing or malformed; the text names the file and the field
            (and the CSV line).
    """
    return assemble(read_inputs(facts, laps, events, pits=pits))


def build_file(
    out: str | Path,
    facts: str | Path,
    laps: str | Path,
    events: str | Path | None = None,
    *,
    pits: Pits = "auto",
    warn: Callable[[str], None] | None = None,
) -> list[FeedMessage]:
    """Build a replay and write it to ``out`` (gzip when it ends in ``.gz``).

    ``warn`` gets one line per kind of repair made to the data (they also go in the header).
    """
    inputs = read_inputs(facts, laps, events, pits=pits)
    if warn is not None:
        for repair in inputs.repairs:
            warn(repair.line())
    messages = assemble(inputs)
    names = [inputs.facts_path.name, inputs.laps_path.name]
    if inputs.events_path is not None:
        names.append(inputs.events_path.name)
    pit_source = "inferred from the laps" if pits_inferred(inputs) else "from the pit data"
    source = f"cutline build-replay: {', '.join(names)}; pit stops {pit_source}"
    repairs = tuple(r.line() for r in inputs.repairs)
    write_recording(out, messages, source=source, repairs=repairs, repaired=summary(inputs.repairs))
    return messages


def pits_inferred(inputs: Inputs) -> bool:
    return any(stop.inferred for stop in inputs.stops)


def assemble(inputs: Inputs) -> list[FeedMessage]:
    """The messages, in order and numbered."""
    facts, table, times = inputs.facts, inputs.table, inputs.times
    last = table.last_lap
    timed: list[tuple[float, int, FeedMessage]] = [(0.0, _LINE, header(facts))]
    out_status = {
        r.car: r.status.lower() for r in facts.result if r.status.lower() not in ("running", "")
    }
    lap_flags = _lap_flags(inputs.cautions, last)
    for lap in range(last + 1):
        t = times[lap]
        on_road = [s.car for s in inputs.stops if s.t_in <= t < s.t_out]
        lines = timing_lines(table, lap, times, pit_road=on_road, out=out_status)
        timed.append((t, _LINE, Lap(seq=1, t=t, lap=lap, cars=lines, flag=lap_flags[lap])))
    timed += _flags(inputs.cautions, times, lap_flags)
    for stage in stage_messages(facts, seq=1):
        timed.append((times[stage.lap], _STAGE, stage))
    for stop in inputs.stops:
        timed += _pit_messages(stop)
    finish = _finish_time(table, times)
    post = finish + POST_RACE_DELAY
    for event in inputs.events:
        if event.post_race:
            timed.append((post, _POST, _event_message(event, last)))
        elif not isinstance(event, TyresEvent):
            lap = event.lap or 0
            timed.append((times[lap], _EVENT, _event_message(event, lap)))
    if facts.result:
        if any(r.disqualified for r in facts.result):
            timed.append((finish, _RESULT, result_as_run(facts, seq=1)))
            timed.append((post, _POST + 1, result_official(facts, seq=1)))
        else:
            timed.append((finish, _RESULT, result_official(facts, seq=1)))
    timed.sort(key=lambda item: (item[0], item[1]))  # stable: equal keys keep their order
    return [
        msgspec.structs.replace(msg, seq=seq, t=round(t, 3))
        for seq, (t, _, msg) in enumerate(timed, 1)
    ]


def _lap_flags(cautions: Sequence[Caution], last: int) -> list[FlagKind | None]:
    green: FlagKind = "green"
    flags: list[FlagKind | None] = [None, *([green] * last)]
    for c in cautions:
        for lap in range(c.first_lap, c.end_lap + 1):
            if flags[lap] != "red":
                flags[lap] = c.flag
    if last > 0:
        flags[last] = "checkered"
    return flags


def _flags(
    cautions: Sequence[Caution], times: Sequence[float], lap_flags: Sequence[FlagKind | None]
) -> list[tuple[float, int, FeedMessage]]:
    last = len(times) - 1
    out: list[tuple[float, int, FeedMessage]] = [
        (0.0, _FLAG, Flag(seq=1, t=0.0, flag="green", lap=1, reason="start"))
    ]
    for c in cautions:
        out.append(
            (c.yellow_t, _FLAG, Flag(seq=1, t=0.0, flag=c.flag, lap=c.first_lap, reason=c.reason))
        )
        if c.end_lap < last:
            restart = Flag(seq=1, t=0.0, flag="green", lap=c.end_lap + 1, reason="restart")
            out.append((c.green_t, _FLAG, restart))
    if last > 1 and lap_flags[last - 1] == "green":
        white = Flag(seq=1, t=0.0, flag="white", lap=last, reason="last lap")
        out.append((times[last - 1], _FLAG, white))
    return out


def _pit_messages(stop: Stop) -> list[tuple[float, int, FeedMessage]]:
    pit_in = Pit(
        seq=1,
        t=0.0,
        car=stop.car,
        lap=stop.lap,
        phase="in",
        under=stop.under,
        inferred=stop.inferred,
        source=stop.source,
    )
    pit_out = msgspec.structs.replace(pit_in, phase="out", tyres=stop.tyres, duration=stop.duration)
    return [(stop.t_in, _PIT, pit_in), (max(stop.t_out, stop.t_in), _PIT, pit_out)]


def _finish_time(table: LapTable, times: Sequence[float]) -> float:
    """When the last car still running takes the checkered flag (within a lap of the leader)."""
    last = len(times) - 1
    if last < 1:
        return times[-1]
    window = times[last] + (times[last] - times[last - 1])
    crossings = [c.elapsed[-1] for c in table.cars.values() if c.elapsed[-1] <= window]
    return max([times[last], *crossings])


def _event_message(event: RaceEvent, lap: int) -> FeedMessage:
    if isinstance(event, PenaltyEvent):
        return Penalty(
            seq=1,
            t=0.0,
            car=event.car,
            lap=lap,
            infraction=event.infraction,
            consequence=event.consequence,
            laps=event.laps,
            text=event.text,
            source=event.source,
        )
    if isinstance(event, IncidentEvent):
        return Incident(
            seq=1,
            t=0.0,
            cars=tuple(event.cars),
            lap=lap,
            kind=event.kind,
            text=event.text,
            source=event.source,
        )
    raise AssertionError(f"not a message event: {event!r}")
