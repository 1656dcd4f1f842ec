"""Provides the conversion of a race's archive feeds into the builder's inputs: the race facts
(`cutline.feed.builder.facts.Facts`), the laps CSV and the events file, so the archive is built
by the same builder as the facts.

What comes from where:

- the race, the field (team, make), the official result, the cautions and the infractions: the
  weekend feed; rookie and ``(i)`` markers, each car's laps and the order it crossed the line
  (for the result as run before a disqualification): the lap times;
- stage results: the stage points feed, else the weekend feed's stage results;
- pit stops (durations, tyres): the pit data, pre-race and post-race pit-road visits dropped;
  without pit data the builder infers the stops and marks them so;
- penalties: the infractions (a lap beyond the race's last is put on the last lap) and a
  post-race disqualification; incidents: the lap notes that name cars and say what happened.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from cutline.feed.builder.facts import (
    Facts,
    FactsCaution,
    FactsEntry,
    FactsRace,
    FactsResultRow,
    FactsStage,
    FactsStageRow,
)
from cutline.feed.builder.pit_inference import FactsPitStop
from cutline.feed.model.messages import Consequence
from cutline.feed.sources.nascar.archive.playoff import Context
from cutline.feed.sources.nascar.archive.season import SERIES_NAMES
from cutline.feed.sources.nascar.parse_archive import LapNote, LapTimes
from cutline.feed.sources.nascar.parse_events import PitRow, StageResult
from cutline.feed.sources.nascar.parse_season import WeekendRace

_CONSEQUENCES: dict[str, Consequence] = {
    "tail end": "tail",
    "pass through": "pass-through",
    "drive through": "drive-through",
    "stop and go": "stop-and-go",
    "stop & go": "stop-and-go",
    "warning": "warning",
    "disqualified": "disqualification",
    "disqualification": "disqualification",
}
# Lap notes that report something happening to a car, and the incident kind each word means.
_INCIDENT = re.compile(
    r"\b(spins?|spun|wall|crash\w*|wreck\w*|contact|stalls?|stalled|fire|smok\w+|damage|"
    r"incident|tire (?:down|issue|problem)|flat)\b",
    re.IGNORECASE,
)


def stage_ends(weekend: WeekendRace) -> list[int]:
    ends: list[int] = []
    for laps in weekend.stage_laps:
        if laps > 0:
            ends.append((ends[-1] if ends else 0) + laps)
    scheduled = weekend.scheduled_laps or 0
    if scheduled and (not ends or ends[-1] < scheduled):
        ends.append(scheduled)
    return ends


def facts(
    weekend: WeekendRace,
    laps: LapTimes,
    stages: Sequence[StageResult] | None,
    pits: Sequence[PitRow],
    ctx: Context,
) -> Facts:
    """The race facts the builder reads (its computed post-race parts left empty)."""
    series_id = weekend.series_id or 0
    by_car = {c.car: c for c in laps.cars}
    ends = stage_ends(weekend)
    race = FactsRace(
        series=SERIES_NAMES.get(series_id, f"series {series_id}"),
        series_id=series_id,
        season=weekend.season or 0,
        race_id=weekend.race_id,
        name=weekend.name,
        track=weekend.track,
        scheduled_laps=weekend.scheduled_laps or (ends[-1] if ends else 0),
        stage_end_laps=ends,
        playoff_round=ctx.round if ctx.pre_race is not None else None,
        race_in_round=ctx.race_in_round,
        races_in_round=ctx.races_in_round,
        date=weekend.date,
    )
    entries = []
    for r in weekend.results:
        car = by_car.get(r.car)
        badges = car.badges if car is not None else None
        entries.append(
            FactsEntry(
                car=r.car,
                driver=r.driver,
                team=r.team,
                make=r.make,
                playoff_eligible=r.car in ctx.playoff_cars,
                rookie=bool(badges and badges.rookie),
                points_ineligible=bool(badges and badges.ineligible),
            )
        )
    result = [
        FactsResultRow(
            pos=r.pos,
            car=r.car,
            driver=r.driver,
            on_track_pos=_crossed(r.pos, by_car[r.car].final_pos if r.car in by_car else None),
            start=r.start or 0,
            laps=r.laps or 0,
            status=r.status or "running",
            laps_led=r.laps_led or 0,
            disqualified=r.disqualified,
        )
        for r in weekend.results
    ]
    return Facts(
        race=race,
        field=entries,
        stages=_stages(weekend, stages, ends),
        result=result,
        cautions=[
            FactsCaution(
                start_lap=c.start_lap,
                end_lap=c.end_lap,
                reason=c.reason,
                comment=c.comment,
                flag_state=c.flag_state,
            )
            for c in weekend.cautions
        ],
        pit_stops=[
            FactsPitStop(
                car=p.car,
                lap=p.lap,
                leader_lap=p.leader_lap,
                pit_in_flag=p.in_flag,
                pit_out_flag=p.out_flag,
                type=p.stop_type,
                stop_s=p.duration,
                total_s=p.total,
            )
            for p in pits
            if p.car in by_car
        ],
        pre_race_playoff=ctx.pre_race,
        playoff_computed=ctx.computed,
    )


def _crossed(official: int, final_pos: int | None) -> int:
    return final_pos if final_pos else official


def _stages(
    weekend: WeekendRace, stages: Sequence[StageResult] | None, ends: Sequence[int]
) -> list[FactsStage]:
    out = []
    if stages:
        tops = {s.stage: [r.car for r in s.rows] for s in stages}
    else:
        tops = {s.stage: list(s.cars) for s in weekend.stages}
    for number, cars in sorted(tops.items()):
        if not 1 <= number < len(ends) or not cars:
            continue  # the final stage is the race's result
        rows = [FactsStageRow(pos=i, car=car) for i, car in enumerate(cars[:10], 1)]
        out.append(FactsStage(stage=number, end_lap=ends[number - 1], top10=rows))
    return out


def laps_csv(laps: LapTimes) -> str:
    """The laps file (``lap,car,driver,position,lap_time``), rows as the feed gives them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["lap", "car", "driver", "position", "lap_time"])
    for car in laps.cars:
        times = car.times or (None,) * len(car.positions)
        for (lap, pos), time in zip(car.positions, times, strict=True):
            writer.writerow([lap, car.car, car.driver, pos, "" if time is None else f"{time:g}"])
    return out.getvalue()


def events(
    weekend: WeekendRace, notes: Sequence[LapNote], last_lap: int, source: str, notes_source: str
) -> dict[str, Any]:
    """The events file: penalties from the infractions, incidents from the lap notes."""
    cars = {r.car for r in weekend.results}
    by_driver = {r.driver_id: r.car for r in weekend.results}
    out: list[dict[str, Any]] = []
    for i in weekend.infractions:
        if i.car not in cars:
            continue
        consequence = _CONSEQUENCES.get(i.penalty.lower(), "other")
        text = "; ".join(x for x in (i.penalty, i.notes) if x)
        out.append(
            {
                "type": "penalty",
                "lap": min(i.lap, last_lap),
                "car": i.car,
                "infraction": i.infraction,
                "consequence": consequence,
                "text": text,
                "source": source,
            }
        )
    for r in weekend.results:
        if r.disqualified:
            out.append(
                {
                    "type": "penalty",
                    "post_race": True,
                    "car": r.car,
                    "infraction": "post-race inspection",
                    "consequence": "disqualification",
                    "text": f"disqualified; scored P{r.pos}",
                    "source": source,
                }
            )
    for note in notes:
        involved = sorted({by_driver[d] for d in note.driver_ids if d in by_driver})
        match = _INCIDENT.search(note.text)
        if not involved or match is None or note.lap > last_lap:
            continue
        word = match.group(1).lower()
        kind = "spin" if word.startswith("sp") else "contact" if word == "contact" else "incident"
        out.append(
            {
                "type": "incident",
                "lap": note.lap,
                "cars": involved,
                "kind": kind,
                "text": note.text,
                "source": notes_source,
            }
        )
    return {"race_id": weekend.race_id, "events": out}
