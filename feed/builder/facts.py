"""Provides the reader for race facts (the schema of ``shared/facts/races/``) and the messages
they give directly: the race header, the stage classifications and the results.

Only inputs are read. The computed post-race totals in a facts file (``post_race_playoff`` and
the post-race parts of ``playoff_computed``) exist to check the engine against, never to feed it.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from cutline.feed.builder.pit_inference import FactsPitStop
from cutline.feed.model.bounded import TooBig, check
from cutline.feed.model.errors import BadFacts
from cutline.feed.model.messages import (
    Entry,
    PlayoffContext,
    PlayoffDriver,
    Race,
    Result,
    ResultRow,
    Stage,
    StageRow,
)
from cutline.feed.rules import SERIES_BY_ID, load


class FactsRace(msgspec.Struct, kw_only=True):
    series: str
    series_id: int
    season: int
    race_id: int
    name: str
    track: str
    scheduled_laps: int
    stage_end_laps: list[int]
    playoff_round: str | None = None
    race_in_round: int | None = None
    races_in_round: int | None = None
    date: str = ""


class FactsEntry(msgspec.Struct, kw_only=True):
    car: str
    driver: str
    team: str = ""
    make: str = ""
    playoff_eligible: bool = False
    rookie: bool = False
    points_ineligible: bool = False


class FactsStageRow(msgspec.Struct, kw_only=True):
    pos: int
    car: str
    driver: str = ""


class FactsStage(msgspec.Struct, kw_only=True):
    stage: int
    end_lap: int
    top10: list[FactsStageRow]


class FactsResultRow(msgspec.Struct, kw_only=True):
    pos: int
    car: str
    driver: str
    on_track_pos: int | None = None  # None for an entry that did not start
    start: int
    laps: int
    status: str
    laps_led: int
    disqualified: bool = False


class FactsCaution(msgspec.Struct, kw_only=True):
    start_lap: int
    end_lap: int
    reason: str = ""
    comment: str = ""
    flag_state: int = 2  # NASCAR flag_state: 2 yellow, 3 red


class FactsLeader(msgspec.Struct, kw_only=True):
    start_lap: int
    end_lap: int
    car: str


class FactsEarlierRace(msgspec.Struct, kw_only=True):
    race_id: int
    finish: int


class FactsRoundDriver(msgspec.Struct, kw_only=True):
    driver: str
    car: str
    earlier_round_races: list[FactsEarlierRace] = []
    won_in_round_before_this_race: list[int] = []
    playoff_start_total_seed: int | None = None


class FactsPlayoffComputed(msgspec.Struct, kw_only=True):
    drivers: list[FactsRoundDriver] = []


class FactsPreRaceDriver(msgspec.Struct, kw_only=True):
    driver: str
    car: str
    pre_race_total: int
    locked_in: bool = False


class FactsPreRace(msgspec.Struct, kw_only=True):
    drivers: list[FactsPreRaceDriver]


class Facts(msgspec.Struct, kw_only=True):
    """One race's facts: the parts cutline reads."""

    race: FactsRace
    field: list[FactsEntry]
    stages: list[FactsStage] = []
    result: list[FactsResultRow] = []
    cautions: list[FactsCaution] = []
    leaders: list[FactsLeader] = []
    pit_stops: list[FactsPitStop] = []
    pre_race_playoff: FactsPreRace | None = None
    playoff_computed: FactsPlayoffComputed | None = None


def read_facts(path: str | Path) -> Facts:
    """Read a race facts JSON file.

    Raises:
        BadFacts: the file cannot be read or is not in the schema (file and field path named).
    """
    try:
        data = Path(path).read_bytes()
        check(data)
        return msgspec.json.decode(data, type=Facts)
    except OSError as err:
        raise BadFacts(f"{path}: {err.strerror or err}") from err
    except (msgspec.DecodeError, TooBig) as err:
        raise BadFacts(f"{path}: {err}") from err


def series_key(facts: Facts) -> str:
    try:
        return SERIES_BY_ID[facts.race.series_id]
    except KeyError:
        raise BadFacts(
            f"race.series_id: {facts.race.series_id} is not 1 (Cup), 2 (Xfinity) or 3 (Trucks)"
        ) from None


def header(facts: Facts, seq: int = 1, t: float = 0.0) -> Race:
    """The race header: the field and the playoff context entering the race."""
    race = facts.race
    series = series_key(facts)
    return Race(
        seq=seq,
        t=t,
        series=series,
        series_name=race.series,
        season=race.season,
        race_id=race.race_id,
        name=race.name,
        track=race.track,
        scheduled_laps=race.scheduled_laps,
        stage_ends=tuple(race.stage_end_laps),
        field=tuple(
            Entry(
                car=e.car,
                driver=e.driver,
                team=e.team,
                make=e.make,
                playoff=e.playoff_eligible,
                rookie=e.rookie,
                points_eligible=not e.points_ineligible,
            )
            for e in facts.field
        ),
        playoff=_playoff(facts, series),
    )


def _playoff(facts: Facts, series: str) -> PlayoffContext | None:
    pre = facts.pre_race_playoff
    if pre is None or facts.race.playoff_round is None:
        return None
    rounds = {d.car: d for d in facts.playoff_computed.drivers} if facts.playoff_computed else {}
    drivers = []
    for d in pre.drivers:
        earlier = rounds.get(d.car)
        drivers.append(
            PlayoffDriver(
                car=d.car,
                driver=d.driver,
                points=d.pre_race_total,
                round_finishes=tuple(r.finish for r in earlier.earlier_round_races)
                if earlier
                else (),
                locked=d.locked_in,
                seed=earlier.playoff_start_total_seed if earlier else None,
            )
        )
    return PlayoffContext(
        format=load(series, facts.race.season).format,
        round=facts.race.playoff_round,
        race_in_round=facts.race.race_in_round or 1,
        races_in_round=facts.race.races_in_round or 1,
        drivers=tuple(drivers),
    )


def stage_messages(facts: Facts, seq: int, t: float = 0.0) -> list[Stage]:
    """The stage classifications, numbered from ``seq``."""
    return [
        Stage(
            seq=seq + i,
            t=t,
            stage=s.stage,
            lap=s.end_lap,
            top=tuple(StageRow(pos=r.pos, car=r.car) for r in s.top10),
        )
        for i, s in enumerate(facts.stages)
    ]


def result_as_run(facts: Facts, seq: int, t: float = 0.0) -> Result:
    """The classification as the cars crossed the line, before any post-race penalty."""
    rows = sorted(facts.result, key=lambda r: r.pos if r.on_track_pos is None else r.on_track_pos)
    return Result(
        seq=seq,
        t=t,
        official=False,
        text="as run, before post-race inspection",
        cars=tuple(
            ResultRow(
                pos=r.pos if r.on_track_pos is None else r.on_track_pos,
                car=r.car,
                laps=r.laps,
                status=r.status.lower(),
                laps_led=r.laps_led,
            )
            for r in rows
        ),
    )


def result_official(facts: Facts, seq: int, t: float = 0.0) -> Result:
    """The official classification, disqualifications marked."""
    dq = [r for r in facts.result if r.disqualified]
    text = "official, after post-race inspection" if dq else "official"
    return Result(
        seq=seq,
        t=t,
        official=True,
        text=text,
        cars=tuple(
            ResultRow(
                pos=r.pos,
                car=r.car,
                laps=r.laps,
                status="disqualified" if r.disqualified else r.status.lower(),
                laps_led=r.laps_led,
                disqualified=r.disqualified,
            )
            for r in facts.result
        ),
    )
