"""Provides the parsers of NASCAR's archive feeds that nothing live reads: lap times
(``lap-times.json``), lap notes (``lap-notes.json``), loop data (``loopstats``), qualifying
(``live-qualifying-data.json``) and the schedule (``schedule-feed.json``).

The archive importer (`cutline.feed.sources.nascar.archive`) builds past races from the lap times
and lap notes. Same leniency as `lenient` sets out.
"""

from __future__ import annotations

import msgspec

from cutline.feed.sources.nascar.codes import FLAG_CODES, Badges, split_name
from cutline.feed.sources.nascar.lenient import (
    BadValue,
    Parsed,
    Row,
    as_float,
    as_int,
    as_str,
    describe_top,
    read_rows,
)

# ---------------------------------------------------------------------------------------------
# cacher/{year}/{s}/{race_id}/lap-times.json
# ---------------------------------------------------------------------------------------------


class CarLaps(msgspec.Struct, frozen=True, kw_only=True):
    car: str
    driver: str
    driver_id: int | None
    positions: tuple[tuple[int, int], ...]  # (lap, running position); lap 0 is the grid
    times: tuple[float | None, ...] = ()  # LapTime of each row of positions (None: not timed)
    badges: Badges = Badges()
    final_pos: int | None = None  # the car's RunningPos at the end: where it crossed the line


class LapTimes(msgspec.Struct, frozen=True, kw_only=True):
    cars: tuple[CarLaps, ...]
    flags: tuple[tuple[int, int], ...]  # (laps completed, flag code) for every lap


def _lap_position(one: Row) -> tuple[int, int, float | None]:
    number = one.need("Lap", as_int)
    one.get("LapSpeed", as_float, 0.0)
    return (number, one.need("RunningPos", as_int), one.get("LapTime", as_float, None))


def _car_laps(row: Row) -> CarLaps:
    laps = read_rows(row.rows("Laps"), f"{row.where}.Laps", row.problems, _lap_position, "lap")
    driver, badges = split_name(row.get("FullName", as_str, ""))
    return CarLaps(
        car=row.car("Number"),
        driver=driver,
        driver_id=row.get("NASCARDriverID", as_int, None),
        positions=tuple((lap, pos) for lap, pos, _ in laps),
        times=tuple(time for _, _, time in laps),
        badges=badges,
        final_pos=row.get("RunningPos", as_int, None),
    )


def parse_lap_times(doc: object) -> Parsed[LapTimes]:
    """Parse ``lap-times.json`` (``LapSpeed`` is a string; lap 0 has null times)."""
    problems: list[str] = []
    try:
        top = Row(doc, "", problems)
        if not isinstance(top.obj.get("laps"), list):
            raise BadValue("laps: missing or not an array")
    except BadValue as err:
        return Parsed(None, (*problems, str(err)))
    cars = read_rows(top.rows("laps"), "laps", problems, _car_laps, "car")
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


# ---------------------------------------------------------------------------------------------
# cacher/{year}/{s}/{race_id}/lap-notes.json
# ---------------------------------------------------------------------------------------------


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

        def note(row: Row, lap: int = lap) -> LapNote:
            code = row.get("FlagState", as_int, 0)
            ids = tuple(
                as_int(x, row.at("DriverIDs"))
                for x in row.rows("DriverIDs")
                if x is not None and not isinstance(x, bool)  # a null id is seen
            )
            return LapNote(
                lap=lap,
                text=row.need("Note", as_str),
                flag=code if code in FLAG_CODES else None,
                driver_ids=ids,
            )

        notes += read_rows(items, f"laps[{key!r}]", problems, note, "note")
    return Parsed(tuple(sorted(notes, key=lambda n: n.lap)), tuple(problems))


# ---------------------------------------------------------------------------------------------
# loopstats/prod/{year}/{s}/{race_id}.json, live-qualifying-data.json, schedule-feed.json
# ---------------------------------------------------------------------------------------------


class LoopDriver(msgspec.Struct, frozen=True, kw_only=True):
    driver_id: int
    rating: float | None = None
    laps: int | None = None


def _loop_driver(row: Row) -> LoopDriver:
    return LoopDriver(
        driver_id=row.need("driver_id", as_int),
        rating=row.get("rating", as_float, None),
        laps=row.get("laps", as_int, None),
    )


def parse_loopstats(doc: object) -> Parsed[tuple[LoopDriver, ...]]:
    """Parse ``loopstats/prod/{year}/{s}/{race_id}.json`` (one race per array item)."""
    problems: list[str] = []
    if not isinstance(doc, list):
        return Parsed(None, (f"expected an array, got {describe_top(doc)}",))

    def race(row: Row) -> list[LoopDriver]:
        return read_rows(
            row.rows("drivers"), f"{row.where}.drivers", problems, _loop_driver, "driver"
        )

    races = read_rows(doc, "", problems, race, "race")
    return Parsed(tuple(d for drivers in races for d in drivers), tuple(problems))


class QualifyingRow(msgspec.Struct, frozen=True, kw_only=True):
    pos: int
    car: str
    driver: str = ""
    round: int | None = None
    best_lap_time: float | None = None


def _qualifying_row(row: Row) -> QualifyingRow:
    return QualifyingRow(
        pos=row.need("position", as_int),
        car=row.car("vehicle_number"),
        driver=split_name(row.get("full_name", as_str, ""))[0],
        round=row.get("qualifying_round", as_int, None),
        best_lap_time=row.get("best_lap_time", as_float, None),
    )


def parse_qualifying(doc: object) -> Parsed[tuple[QualifyingRow, ...]]:
    """Parse ``live-qualifying-data.json`` (2019 schema; current availability unknown)."""
    problems: list[str] = []
    if not isinstance(doc, list):
        return Parsed(None, (f"expected an array, got {describe_top(doc)}",))
    return Parsed(tuple(read_rows(doc, "", problems, _qualifying_row, "row")), tuple(problems))


class Session(msgspec.Struct, frozen=True, kw_only=True):
    race_id: int
    event: str
    run_type: int | None = None
    start_utc: str = ""
    end_utc: str = ""  # "0001-01-01T00:00:00": open-ended


def _session(row: Row) -> Session:
    return Session(
        race_id=row.need("race_id", as_int),
        event=row.get("event_name", as_str, ""),
        run_type=row.get("run_type", as_int, None),
        start_utc=row.get("start_time_utc", as_str, ""),
        end_utc=row.get("end_time_utc", as_str, ""),
    )


def parse_schedule(doc: object) -> Parsed[tuple[Session, ...]]:
    """Parse ``schedule-feed.json`` (one row per session)."""
    problems: list[str] = []
    if not isinstance(doc, list):
        return Parsed(None, (f"expected an array, got {describe_top(doc)}",))
    return Parsed(tuple(read_rows(doc, "", problems, _session, "session")), tuple(problems))
