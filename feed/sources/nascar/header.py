"""Provides the ``race`` header the adapter says for a NASCAR session: the field, the stage
ends (from the race list, else learned from the snapshots and the flag history), the season and
the playoff context (`context`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import msgspec

from cutline.feed.model.messages import Entry, Race
from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar.codes import RACE, RUN_TYPES, SERIES_BY_ID, SERIES_NAMES
from cutline.feed.sources.nascar.context import build_context, rules_for, this_race
from cutline.feed.sources.nascar.parse_live import LiveFrame
from cutline.feed.sources.nascar.parse_season import (
    RaceListEntry,
    StandingRow,
    WeekendRace,
    parse_race_list,
    parse_standings,
    parse_weekend,
)
from cutline.feed.sources.nascar.reader import DocReader, Session, flag_events

_STAGE_END = re.compile(r"\bstage\s+(\d+)\s+(?:conclusion|end)", re.IGNORECASE)


def season_of(frame: LiveFrame, default: int) -> int:
    """The season of a snapshot: the year of ``time_of_day_os``, else ``default``.

    The 2019 schema has no ``time_of_day_os`` and archived copies carry year 1
    (``0001-01-01T00:00:00+00:00``), so a year before 2000 is not believed.
    """
    year = frame.time_of_day_os[:4]
    if year.isdigit() and int(year) >= 2000:
        return int(year)
    return default


def race_header(
    reader: DocReader, session: Session, frame: LiveFrame, docs: Mapping[str, Any], t: float
) -> Race:
    """The ``race`` message for this snapshot: the field, the stage ends, the context."""
    series = SERIES_BY_ID.get(frame.series_id, f"series-{frame.series_id}")
    races: tuple[RaceListEntry, ...] | None = reader.parsed(ep.RACES, docs, parse_race_list)
    entry = this_race(frame, races)
    season = entry.season if entry and entry.season else season_of(frame, 0)
    if not season:
        season = reader.default_season
        reader.note(f"season {season} assumed (neither the snapshot nor the race list says)")
    is_race = frame.run_type == RACE
    weekends: dict[int, WeekendRace] = {}
    for name in docs:
        if name.startswith(ep.WEEKEND + ":"):
            weekend = reader.parsed(name, docs, parse_weekend)
            if weekend is not None:
                weekends[weekend.race_id] = weekend
    # The live feed names no team; the weekend feed's entry list for this race does.
    this = weekends.get(frame.race_id)
    teams = {r.car: r.team for r in this.results if r.team} if this else {}
    field = tuple(
        Entry(
            car=v.car,
            driver=v.driver,
            team=teams.get(v.car, ""),
            make=v.make,
            playoff=v.playoff,
            rookie=v.badges.rookie,
            points_eligible=not v.badges.ineligible,
            # starting_position is the grid; a 0 is not a place, so it says nothing.
            start=v.start if v.start else msgspec.UNSET,
        )
        for v in sorted(frame.vehicles, key=lambda v: v.car)
    )
    playoff = None
    if is_race:
        standings: tuple[StandingRow, ...] | None = reader.parsed(
            ep.STANDINGS, docs, parse_standings
        )
        playoff, notes = build_context(
            frame=frame,
            series=series,
            season=season,
            races=races,
            standings=standings,
            weekends=weekends,
        )
        for text in notes:
            reader.note(text)
    else:
        kind = RUN_TYPES.get(frame.run_type, f"run type {frame.run_type}")
        reader.note(f"{kind} session: no points at stake, no cut line")
        _, note = rules_for(series, season)
        if note:
            reader.note(note)
    return Race(
        seq=1,
        t=t,
        series=series,
        season=season,
        track=frame.track_name,
        scheduled_laps=frame.laps_in_race if is_race else 0,
        stage_ends=stage_ends(reader, session, frame, docs, entry) if is_race else (),
        field=field,
        name=frame.run_name,
        race_id=frame.race_id,
        series_name=SERIES_NAMES.get(frame.series_id, ""),
        playoff=playoff,
    )


def stage_ends(
    reader: DocReader,
    session: Session,
    frame: LiveFrame,
    docs: Mapping[str, Any],
    entry: RaceListEntry | None,
) -> tuple[int, ...]:
    """Each stage's end lap: the race list's, else learned from the snapshots and flags."""
    if entry is not None and entry.stage_ends and entry.stage_ends[-1] == frame.laps_in_race:
        return entry.stage_ends
    ends = session.stage_ends
    stage = frame.stage
    if stage is not None and stage.num >= 1:
        ends[stage.num] = stage.finish_at_lap
        if stage.num > 1 and stage.laps_in_stage > 0:
            ends.setdefault(stage.num - 1, stage.finish_at_lap - stage.laps_in_stage)
    for event in flag_events(reader, docs):
        # A stage-end caution is logged with the comment "Stage 1 Conclusion" at the
        # stage's last lap (nascar-feeds.md §6).
        match = _STAGE_END.search(event.comment)
        if match:
            ends.setdefault(int(match.group(1)), event.lap)
    last = max(ends, default=0)
    if frame.laps_in_race > 0 and (not ends or ends[last] < frame.laps_in_race):
        last += 1
        ends[last] = frame.laps_in_race
    out: list[int] = []
    for n in range(1, last + 1):
        if n not in ends:
            reader.note(f"stage {n} end lap unknown (no race list): shown as the stage before")
        out.append(ends.get(n, out[-1] if out else 0))
    return tuple(out)


def header_body(race: Race) -> tuple[Any, ...]:
    """The header without its seq and time: what tells a changed header."""
    return msgspec.structs.astuple(msgspec.structs.replace(race, seq=1, t=0.0))
