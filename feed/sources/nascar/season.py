"""Provides lenient parsers for NASCAR's season and archive documents: the season standings, live
points, the race list, the weekend feed, and the archive feeds the canary knows (lap times, lap
notes, loop data, qualifying, schedule).

Same leniency as `nascar_parse`: one bad row is dropped and reported, never the document.
"""

from __future__ import annotations

from typing import Any

import msgspec

from cutline.feed.sources.nascar.codes import FLAG_CODES, split_name
from cutline.feed.sources.nascar.parse import (
    BadValue,
    Parsed,
    Row,
    as_bool,
    as_float,
    as_int,
    as_str,
)


def _describe(doc: object) -> str:
    if isinstance(doc, dict):
        return "an object"
    if isinstance(doc, list):
        return "an array"
    return repr(doc)[:40]


def _array(doc: object) -> list[Any] | None:
    return doc if isinstance(doc, list) else None


# ---------------------------------------------------------------------------------------------
# cacher/{year}/{s}/points-feed.json: the season standings
# ---------------------------------------------------------------------------------------------


class StandingRow(msgspec.Struct, frozen=True, kw_only=True):
    driver_id: int
    points: int
    driver: str = ""
    car: str = ""
    position: int | None = None
    playoff_rank: int | None = None  # 0 in the feed: not eligible
    playoff_points: int | None = None
    wins: int | None = None
    delta_playoff: int | None = None  # margin to the cut; null for winners (nascar-feeds §7.2)


def parse_standings(doc: object) -> Parsed[tuple[StandingRow, ...]]:
    """Parse the season standings (a bare array, one row per driver)."""
    problems: list[str] = []
    rows_in = _array(doc)
    if rows_in is None:
        return Parsed(None, (f"expected an array of standings rows, got {_describe(doc)}",))
    rows = []
    for i, item in enumerate(rows_in):
        try:
            row = Row(item, f"[{i}]", problems)
            name = row.get("driver_name", as_str, "")
            rows.append(
                StandingRow(
                    driver_id=row.need("driver_id", as_int),
                    points=row.need("points", as_int),
                    driver=split_name(name)[0],
                    car=row.get("car_no", as_str, "").strip(),
                    position=row.get("position", as_int, None),
                    playoff_rank=row.get("playoff_rank", as_int, None),
                    playoff_points=row.get("playoff_points", as_int, None),
                    wins=row.get("wins", as_int, None),
                    delta_playoff=row.get("delta_playoff", as_int, None),
                )
            )
        except BadValue as err:
            problems.append(f"{err}; row dropped")
    return Parsed(tuple(rows), tuple(problems))


# ---------------------------------------------------------------------------------------------
# live/feeds/live-points.json: points including the race in progress
# ---------------------------------------------------------------------------------------------


class LivePointsRow(msgspec.Struct, frozen=True, kw_only=True):
    driver_id: int
    points: int  # season total including the race in progress
    earned: int  # points_earned_this_race
    driver: str = ""
    car: str = ""
    position: int | None = None
    in_chase: bool = False
    points_eligible: bool = True

    @property
    def entering(self) -> int:
        """Points entering this race (nascar-feeds.md §12.4: points - points_earned_this_race)."""
        return self.points - self.earned


def parse_live_points(doc: object) -> Parsed[tuple[LivePointsRow, ...]]:
    """Parse live points. ``wins`` and the like may be strings ("0"); ids are always 0."""
    problems: list[str] = []
    rows_in = _array(doc)
    if rows_in is None:
        return Parsed(None, (f"expected an array of live points rows, got {_describe(doc)}",))
    rows = []
    for i, item in enumerate(rows_in):
        try:
            row = Row(item, f"[{i}]", problems)
            first = row.get("first_name", as_str, "").strip()
            last, badges = split_name(row.get("last_name", as_str, ""))
            rows.append(
                LivePointsRow(
                    driver_id=row.need("driver_id", as_int),
                    points=row.need("points", as_int),
                    earned=row.get("points_earned_this_race", as_int, 0),
                    driver=f"{first} {last}".strip(),
                    car=row.get("car_number", as_str, "").strip(),
                    position=row.get("points_position", as_int, None),
                    in_chase=row.get("is_in_chase", as_bool, False)
                    or badges.playoff
                    or badges.chase,
                    points_eligible=row.get("is_points_eligible", as_bool, True),
                )
            )
            for key in ("wins", "top_5", "top_10", "poles"):
                row.get(key, as_int, 0)  # strings on some rows: readable, so not a problem
        except BadValue as err:
            problems.append(f"{err}; row dropped")
    return Parsed(tuple(rows), tuple(problems))


# ---------------------------------------------------------------------------------------------
# cacher/{year}/race_list_basic.json
# ---------------------------------------------------------------------------------------------


class RaceListEntry(msgspec.Struct, frozen=True, kw_only=True):
    race_id: int
    series_id: int
    season: int | None = None
    name: str = ""
    track: str = ""
    date: str = ""  # race_date, local ISO without offset: sorts as text
    scheduled_laps: int | None = None
    stage_laps: tuple[int, ...] = ()  # lengths of the stages listed (stage_1_laps, ...)
    playoff_round: int | None = None  # 0: regular season; n: the n-th playoff round
    winner_driver_id: int | None = None  # null until run
    race_type: int | None = None  # 1 points race, 2 non-points

    @property
    def stage_ends(self) -> tuple[int, ...]:
        """Stage end laps: the running sums of the stage lengths, the last at the distance."""
        ends: list[int] = []
        for laps in self.stage_laps:
            if laps > 0:
                ends.append((ends[-1] if ends else 0) + laps)
        if self.scheduled_laps and (not ends or ends[-1] < self.scheduled_laps):
            ends.append(self.scheduled_laps)  # a 4-stage race: race_list_basic lists 3
        return tuple(ends)


def parse_race_list(doc: object) -> Parsed[tuple[RaceListEntry, ...]]:
    """Parse ``race_list_basic.json``: ``{series_1: [...], series_2: [...], series_3: [...]}``."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        return Parsed(None, (f"expected an object of series, got {_describe(doc)}",))
    races = []
    for key, items in doc.items():
        if not isinstance(items, list):
            problems.append(f"{key}: expected an array, got {_describe(items)}")
            continue
        for i, item in enumerate(items):
            try:
                row = Row(item, f"{key}[{i}]", problems)
                races.append(
                    RaceListEntry(
                        race_id=row.need("race_id", as_int),
                        series_id=row.need("series_id", as_int),
                        season=row.get("race_season", as_int, None),
                        name=row.get("race_name", as_str, ""),
                        track=row.get("track_name", as_str, ""),
                        date=row.get("race_date", as_str, ""),
                        scheduled_laps=row.get("scheduled_laps", as_int, None),
                        stage_laps=tuple(
                            row.get(f"stage_{n}_laps", as_int, 0)
                            for n in (1, 2, 3, 4)
                            if f"stage_{n}_laps" in row.obj
                        ),
                        playoff_round=row.get("playoff_round", as_int, None),
                        winner_driver_id=row.get("winner_driver_id", as_int, None),
                        race_type=row.get("race_type_id", as_int, None),
                    )
                )
            except BadValue as err:
                problems.append(f"{err}; race dropped")
    return Parsed(tuple(races), tuple(problems))


# ---------------------------------------------------------------------------------------------
# cacher/{year}/{s}/{race_id}/weekend-feed.json
# ---------------------------------------------------------------------------------------------


class WeekendResultRow(msgspec.Struct, frozen=True, kw_only=True):
    pos: int
    driver_id: int
    car: str = ""
    driver: str = ""
    laps: int | None = None
    status: str = ""
    disqualified: bool = False


class WeekendRace(msgspec.Struct, frozen=True, kw_only=True):
    race_id: int
    results: tuple[WeekendResultRow, ...]
    series_id: int | None = None
    season: int | None = None
    playoff_round: int | None = None
    stage_laps: tuple[int, ...] = ()
    scheduled_laps: int | None = None


def parse_weekend(doc: object) -> Parsed[WeekendRace]:
    """Parse a weekend feed's race and its results (the practice runs are not read)."""
    problems: list[str] = []
    try:
        top = Row(doc, "", problems)
        races = top.rows("weekend_race")
        if not races:
            raise BadValue("weekend_race: missing or empty")
        race = Row(races[0], "weekend_race[0]", problems)
        race_id = race.need("race_id", as_int)
    except BadValue as err:
        return Parsed(None, (*problems, str(err)))
    results = []
    for i, item in enumerate(race.rows("results")):
        try:
            row = Row(item, f"weekend_race[0].results[{i}]", problems)
            results.append(
                WeekendResultRow(
                    pos=row.need("finishing_position", as_int),
                    driver_id=row.need("driver_id", as_int),
                    car=row.get("car_number", as_str, "").strip(),
                    driver=split_name(row.get("driver_fullname", as_str, ""))[0],
                    laps=row.get("laps_completed", as_int, None),
                    status=row.get("finishing_status", as_str, ""),
                    disqualified=row.get("disqualified", as_bool, False),
                )
            )
        except BadValue as err:
            problems.append(f"{err}; result dropped")
    weekend = WeekendRace(
        race_id=race_id,
        results=tuple(sorted(results, key=lambda r: r.pos)),
        series_id=race.get("series_id", as_int, None),
        season=race.get("race_season", as_int, None),
        playoff_round=race.get("playoff_round", as_int, None),
        stage_laps=tuple(
            race.get(f"stage_{n}_laps", as_int, 0)
            for n in (1, 2, 3, 4)
            if f"stage_{n}_laps" in race.obj
        ),
        scheduled_laps=race.get("scheduled_laps", as_int, None),
    )
    return Parsed(weekend, tuple(problems))


# ---------------------------------------------------------------------------------------------
# Archive feeds the canary knows: lap times, lap notes, loop data, qualifying, schedule
# ---------------------------------------------------------------------------------------------


class CarLaps(msgspec.Struct, frozen=True, kw_only=True):
    car: str
    driver: str
    driver_id: int | None
    positions: tuple[tuple[int, int], ...]  # (lap, running position); lap 0 is the grid


class LapTimes(msgspec.Struct, frozen=True, kw_only=True):
    cars: tuple[CarLaps, ...]
    flags: tuple[tuple[int, int], ...]  # (laps completed, flag code) for every lap


def parse_lap_times(doc: object) -> Parsed[LapTimes]:
    """Parse ``lap-times.json`` (``LapSpeed`` is a string; lap 0 has null times)."""
    problems: list[str] = []
    try:
        top = Row(doc, "", problems)
        if not isinstance(top.obj.get("laps"), list):
            raise BadValue("laps: missing or not an array")
    except BadValue as err:
        return Parsed(None, (*problems, str(err)))
    cars = []
    for i, item in enumerate(top.rows("laps")):
        try:
            row = Row(item, f"laps[{i}]", problems)
            positions = []
            for j, lap in enumerate(row.rows("Laps")):
                try:
                    one = Row(lap, f"laps[{i}].Laps[{j}]", problems)
                    number = one.need("Lap", as_int)
                    one.get("LapSpeed", as_float, 0.0)
                    one.get("LapTime", as_float, 0.0)
                    positions.append((number, one.need("RunningPos", as_int)))
                except BadValue as err:
                    problems.append(f"{err}; lap dropped")
            cars.append(
                CarLaps(
                    car=row.car("Number"),
                    driver=split_name(row.get("FullName", as_str, ""))[0],
                    driver_id=row.get("NASCARDriverID", as_int, None),
                    positions=tuple(positions),
                )
            )
        except BadValue as err:
            problems.append(f"{err}; car dropped")
    flags = []
    for i, item in enumerate(top.rows("flags")):
        try:
            row = Row(item, f"flags[{i}]", problems)
            code = row.need("FlagState", as_int)
            if code not in FLAG_CODES:
                problems.append(f"flags[{i}]: unknown flag code {code}")
            flags.append((row.need("LapsCompleted", as_int), code))
        except BadValue as err:
            problems.append(f"{err}; flag dropped")
    return Parsed(LapTimes(cars=tuple(cars), flags=tuple(flags)), tuple(problems))


class LapNote(msgspec.Struct, frozen=True, kw_only=True):
    lap: int
    text: str
    flag: int | None  # None for a note whose FlagState is not a flag (1000: broadcast trivia)
    driver_ids: tuple[int, ...] = ()


def parse_lap_notes(doc: object) -> Parsed[tuple[LapNote, ...]]:
    """Parse ``lap-notes.json``. A ``FlagState`` of 1000 is trivia, not a flag: nascar-api #6
    lost whole races' notes to it, so it is kept as a note with no flag."""
    problems: list[str] = []
    laps = doc.get("laps") if isinstance(doc, dict) else None
    if not isinstance(laps, dict):
        return Parsed(None, ("laps: missing or not an object of laps",))
    notes = []
    for key, items in laps.items():
        try:
            lap = as_int(key, f"laps[{key!r}]")
        except BadValue as err:
            problems.append(f"{err}; notes dropped")
            continue
        if not isinstance(items, list):
            problems.append(f"laps[{key!r}]: expected an array")
            continue
        for i, item in enumerate(items):
            try:
                row = Row(item, f"laps[{key!r}][{i}]", problems)
                code = row.get("FlagState", as_int, 0)
                ids = tuple(
                    as_int(x, row.at("DriverIDs"))
                    for x in row.rows("DriverIDs")
                    if x is not None and not isinstance(x, bool)  # a null id is seen
                )
                notes.append(
                    LapNote(
                        lap=lap,
                        text=row.need("Note", as_str),
                        flag=code if code in FLAG_CODES else None,
                        driver_ids=ids,
                    )
                )
            except BadValue as err:
                problems.append(f"{err}; note dropped")
    return Parsed(tuple(sorted(notes, key=lambda n: n.lap)), tuple(problems))


class LoopDriver(msgspec.Struct, frozen=True, kw_only=True):
    driver_id: int
    rating: float | None = None
    laps: int | None = None


def parse_loopstats(doc: object) -> Parsed[tuple[LoopDriver, ...]]:
    """Parse ``loopstats/prod/{year}/{s}/{race_id}.json`` (one race per array item)."""
    problems: list[str] = []
    races = _array(doc)
    if races is None:
        return Parsed(None, (f"expected an array, got {_describe(doc)}",))
    drivers = []
    for i, item in enumerate(races):
        try:
            race = Row(item, f"[{i}]", problems)
        except BadValue as err:
            problems.append(f"{err}; race dropped")
            continue
        for j, d in enumerate(race.rows("drivers")):
            try:
                row = Row(d, f"[{i}].drivers[{j}]", problems)
                drivers.append(
                    LoopDriver(
                        driver_id=row.need("driver_id", as_int),
                        rating=row.get("rating", as_float, None),
                        laps=row.get("laps", as_int, None),
                    )
                )
            except BadValue as err:
                problems.append(f"{err}; driver dropped")
    return Parsed(tuple(drivers), tuple(problems))


class QualifyingRow(msgspec.Struct, frozen=True, kw_only=True):
    pos: int
    car: str
    driver: str = ""
    round: int | None = None
    best_lap_time: float | None = None


def parse_qualifying(doc: object) -> Parsed[tuple[QualifyingRow, ...]]:
    """Parse ``live-qualifying-data.json`` (2019 schema; current availability unknown)."""
    problems: list[str] = []
    items = _array(doc)
    if items is None:
        return Parsed(None, (f"expected an array, got {_describe(doc)}",))
    rows = []
    for i, item in enumerate(items):
        try:
            row = Row(item, f"[{i}]", problems)
            rows.append(
                QualifyingRow(
                    pos=row.need("position", as_int),
                    car=row.car("vehicle_number"),
                    driver=split_name(row.get("full_name", as_str, ""))[0],
                    round=row.get("qualifying_round", as_int, None),
                    best_lap_time=row.get("best_lap_time", as_float, None),
                )
            )
        except BadValue as err:
            problems.append(f"{err}; row dropped")
    return Parsed(tuple(rows), tuple(problems))


class Session(msgspec.Struct, frozen=True, kw_only=True):
    race_id: int
    event: str
    run_type: int | None = None
    start_utc: str = ""
    end_utc: str = ""  # "0001-01-01T00:00:00": open-ended


def parse_schedule(doc: object) -> Parsed[tuple[Session, ...]]:
    """Parse ``schedule-feed.json`` (one row per session)."""
    problems: list[str] = []
    items = _array(doc)
    if items is None:
        return Parsed(None, (f"expected an array, got {_describe(doc)}",))
    rows = []
    for i, item in enumerate(items):
        try:
            row = Row(item, f"[{i}]", problems)
            rows.append(
                Session(
                    race_id=row.need("race_id", as_int),
                    event=row.get("event_name", as_str, ""),
                    run_type=row.get("run_type", as_int, None),
                    start_utc=row.get("start_time_utc", as_str, ""),
                    end_utc=row.get("end_time_utc", as_str, ""),
                )
            )
        except BadValue as err:
            problems.append(f"{err}; session dropped")
    return Parsed(tuple(rows), tuple(problems))
