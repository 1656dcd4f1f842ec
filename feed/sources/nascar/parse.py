"""Provides lenient parsers for NASCAR's live documents: the live feed, the flag history, the pit
data and the stage points (the season documents are in `nascar_season`).

Leniency, as ``../shared/docs/nascar-feeds.md`` §12 asks:

- numbers may come as int, float or string ("0" in ``wins``, "155.142" in ``LapSpeed``);
- car numbers are strings and keep their leading zeros ("02" and "2" are different cars);
- one bad row (a vehicle, a pit row, a flag event) is dropped and reported, never the frame;
- an unknown code (flag, status) is kept, reported and shown as unknown, never a crash.

Every parser takes the decoded JSON (``msgspec.json.decode`` without a type) and returns a
`Parsed`: the value (None when the document as a whole is unusable) and the problems seen, each a
line that says where (``vehicles[3].running_position: ...``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import msgspec

from cutline.feed.sources.nascar.codes import (
    FLAG_CODES,
    MAKES,
    VEHICLE_STATUS,
    Badges,
    split_name,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A parsed document: the value (None: unusable as a whole) and what was wrong in it."""

    value: T | None
    problems: tuple[str, ...] = ()


class BadValue(Exception):
    """A value that cannot be read; the row holding it is dropped (internal to the parsers)."""


def decode_json(body: bytes) -> Any:
    """Decode a response body to plain Python values.

    Raises:
        BadValue: the body is not JSON (an S3 error page, a truncated transfer).
    """
    try:
        return msgspec.json.decode(body)
    except msgspec.DecodeError as err:
        start = body[:60].decode("utf-8", "replace").strip()
        raise BadValue(f"not JSON ({err}); starts {start!r}") from err


# ---------------------------------------------------------------------------------------------
# Reading one object leniently
# ---------------------------------------------------------------------------------------------


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def as_int(value: object, where: str) -> int:
    """An int from an int, an integral float (``-1.0``) or a numeric string."""
    if isinstance(value, bool):
        raise BadValue(f"{where}: expected a number, got {_describe(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            try:
                number = float(value.strip())
            except ValueError:
                pass
            else:
                if number.is_integer():
                    return int(number)
    raise BadValue(f"{where}: expected a whole number, got {_describe(value)}")


def as_float(value: object, where: str) -> float:
    """A float from an int, a float or a numeric string."""
    if isinstance(value, bool):
        raise BadValue(f"{where}: expected a number, got {_describe(value)}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise BadValue(f"{where}: expected a number, got {_describe(value)}")


def as_str(value: object, where: str) -> str:
    """A string; a number is accepted as its decimal text."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise BadValue(f"{where}: expected a string, got {_describe(value)}")


def as_bool(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise BadValue(f"{where}: expected true or false, got {_describe(value)}")


def as_car(value: object, where: str, problems: list[str]) -> str:
    """A car number as a string. A number is accepted but reported: its leading zeros are lost."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        problems.append(f"{where}: car number {value} is a number, not a string")
        return str(value)
    raise BadValue(f"{where}: expected a car number, got {_describe(value)}")


class Row:
    """One JSON object read leniently: required fields raise `BadValue`, optional ones fall back
    to a default and note a problem."""

    def __init__(self, obj: object, where: str, problems: list[str]) -> None:
        if not isinstance(obj, dict):
            raise BadValue(f"{where}: expected an object, got {_describe(obj)}")
        self.obj: dict[str, Any] = obj
        self.where = where
        self.problems = problems

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def need(self, key: str, conv: Callable[[object, str], T]) -> T:
        if key not in self.obj or self.obj[key] is None:
            raise BadValue(f"{self.at(key)}: missing")
        return conv(self.obj[key], self.at(key))

    def get(self, key: str, conv: Callable[[object, str], T], default: T) -> T:
        value = self.obj.get(key)
        if value is None:
            return default
        try:
            return conv(value, self.at(key))
        except BadValue as err:
            self.problems.append(f"{err} (used {default!r})")
            return default

    def car(self, key: str) -> str:
        if key not in self.obj:
            raise BadValue(f"{self.at(key)}: missing")
        return as_car(self.obj[key], self.at(key), self.problems)

    def rows(self, key: str) -> list[Any]:
        value = self.obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append(f"{self.at(key)}: expected an array, got {_describe(value)}")
            return []
        return value


def unknown(value: float, unknown_at: float = -1) -> float | None:
    """None for the feed's "unknown" marker (-1 in the pit data, nascar-feeds.md §8)."""
    return None if value == unknown_at else value


# ---------------------------------------------------------------------------------------------
# live/feeds/live-feed.json
# ---------------------------------------------------------------------------------------------


class StageInfo(msgspec.Struct, frozen=True, kw_only=True):
    """The current stage (the feed moves to the next one as soon as a stage ends)."""

    num: int
    finish_at_lap: int
    laps_in_stage: int


class VehicleStop(msgspec.Struct, frozen=True, kw_only=True):
    """One real entry of a vehicle's ``pit_stops`` (padding rows are dropped)."""

    lap: int  # pit_in_lap_count: the car's lap
    leader_lap: int
    pit_in: float
    pit_out: float | None


class Vehicle(msgspec.Struct, frozen=True, kw_only=True):
    """One car's line in the live feed, normalised."""

    car: str
    pos: int
    driver: str  # markers stripped
    raw_name: str
    driver_id: int | None = None
    badges: Badges = Badges()
    in_chase: bool = False  # driver.is_in_chase
    make: str = ""
    sponsor: str = ""
    laps: int = 0
    delta: float = 0.0  # seconds to the leader, or minus the laps down
    last_lap: float | None = None
    best_lap_time: float | None = None
    status: int = 1
    on_track: bool = True
    on_dvp: bool = False
    start: int | None = None
    laps_led: tuple[tuple[int, int], ...] = ()  # (first, last) laps led, lap 0 dropped
    stops: tuple[VehicleStop, ...] = ()

    @property
    def laps_down(self) -> int:
        # nascar-feeds.md §1.5: a negative delta is a whole number of laps down. Lap counts are
        # not used: a car still crossing the line has one lap fewer while on the lead lap.
        return int(round(-self.delta)) if self.delta < 0 else 0

    @property
    def gap(self) -> float | None:
        return self.delta if self.delta >= 0 else None

    @property
    def led(self) -> int:
        return sum(last - first + 1 for first, last in self.laps_led)

    @property
    def status_text(self) -> str:
        return VEHICLE_STATUS.get(self.status, f"status {self.status}")

    @property
    def playoff(self) -> bool:
        """A playoff (2021-2025) or Chase (2026) driver: by name marker or ``is_in_chase``."""
        return self.badges.playoff or self.badges.chase or self.in_chase


class LiveFrame(msgspec.Struct, frozen=True, kw_only=True):
    """One snapshot of the live feed."""

    lap: int
    flag: int
    race_id: int
    series_id: int
    vehicles: tuple[Vehicle, ...]
    elapsed: float = 0.0
    laps_in_race: int = 0
    laps_to_go: int = 0
    run_id: int = 0
    run_name: str = ""
    run_type: int = 0
    time_of_day_os: str = ""
    track_id: int = 0
    track_name: str = ""
    track_length: float = 0.0
    cautions: int = 0
    caution_laps: int = 0
    lead_changes: int = 0
    stage: StageInfo | None = None

    @property
    def flag_text(self) -> str:
        code = FLAG_CODES.get(self.flag)
        return code.text if code else f"unknown flag code {self.flag}"


def _laps_led(row: Row) -> tuple[tuple[int, int], ...]:
    ranges = []
    for i, item in enumerate(row.rows("laps_led")):
        try:
            rng = Row(item, row.at(f"laps_led[{i}]"), row.problems)
            first = rng.need("start_lap", as_int)
            last = rng.need("end_lap", as_int)
        except BadValue as err:
            row.problems.append(f"{err}; range dropped")
            continue
        # nascar-feeds.md §3.2: the pole-sitter gets a range starting at lap 0 (the grid), so
        # the ranges add up to laps + 1 over the field. Lap 0 is not a lap led.
        first = max(first, 1)
        if last >= first:
            ranges.append((first, last))
    return tuple(ranges)


def _vehicle_stops(row: Row) -> tuple[VehicleStop, ...]:
    stops = []
    for i, item in enumerate(row.rows("pit_stops")):
        try:
            stop = Row(item, row.at(f"pit_stops[{i}]"), row.problems)
            lap = stop.need("pit_in_lap_count", as_int)
            if lap <= 0:
                # nascar-feeds.md §3.4: each car's list starts with 1-6 all-zero rows;
                # only rows with a pit-in lap are real stops.
                continue
            out = stop.get("pit_out_elapsed_time", as_float, 0.0)
            stops.append(
                VehicleStop(
                    lap=lap,
                    leader_lap=stop.get("pit_in_leader_lap", as_int, lap),
                    pit_in=stop.get("pit_in_elapsed_time", as_float, 0.0),
                    pit_out=out if out > 0 else None,
                )
            )
        except BadValue as err:
            row.problems.append(f"{err}; stop dropped")
    return tuple(stops)


def parse_vehicle(obj: object, where: str, problems: list[str]) -> Vehicle:
    """One vehicle row.

    Raises:
        BadValue: a field the board cannot do without (car, position, laps, delta, driver).
    """
    row = Row(obj, where, problems)
    car = row.car("vehicle_number")
    pos = row.need("running_position", as_int)
    if pos < 1:
        raise BadValue(f"{row.at('running_position')}: {pos} is not a position")
    laps = row.need("laps_completed", as_int)
    if laps < 0:
        raise BadValue(f"{row.at('laps_completed')}: {laps} is negative")
    driver = Row(row.obj.get("driver"), row.at("driver"), problems)
    raw_name = driver.need("full_name", as_str)
    name, badges = split_name(raw_name)
    last_lap = row.get("last_lap_time", as_float, 0.0)
    best = row.get("best_lap_time", as_float, 0.0)
    make = row.get("vehicle_manufacturer", as_str, "")
    return Vehicle(
        car=car,
        pos=pos,
        driver=name,
        raw_name=raw_name,
        driver_id=driver.get("driver_id", as_int, None),
        badges=badges,
        in_chase=driver.get("is_in_chase", as_bool, False),
        make=MAKES.get(make, make),
        sponsor=row.get("sponsor_name", as_str, ""),
        laps=laps,
        delta=row.need("delta", as_float),
        last_lap=last_lap if last_lap > 0 else None,
        best_lap_time=best if best > 0 else None,
        status=row.get("status", as_int, 1),
        on_track=row.get("is_on_track", as_bool, True),
        on_dvp=row.get("is_on_dvp", as_bool, False),
        start=row.get("starting_position", as_int, None),
        laps_led=_laps_led(row),
        stops=_vehicle_stops(row),
    )


def parse_live_feed(doc: object) -> Parsed[LiveFrame]:
    """Parse one live-feed snapshot. A bad vehicle drops that vehicle, not the frame.

    Args:
        doc: the decoded JSON.

    Returns:
        The frame, or None with the reason when the top level is unusable.
    """
    problems: list[str] = []
    try:
        top = Row(doc, "", problems)
        lap = top.need("lap_number", as_int)
        flag = top.need("flag_state", as_int)
        race_id = top.need("race_id", as_int)
        series_id = top.need("series_id", as_int)
        if not isinstance(top.obj.get("vehicles"), list):
            raise BadValue("vehicles: missing or not an array")
    except BadValue as err:
        return Parsed(None, (*problems, str(err)))
    if flag not in FLAG_CODES:
        problems.append(f"flag_state: unknown flag code {flag} (shown as unknown)")
    vehicles = []
    for i, item in enumerate(top.obj["vehicles"]):
        try:
            vehicles.append(parse_vehicle(item, f"vehicles[{i}]", problems))
        except BadValue as err:
            problems.append(f"{err}; vehicle dropped")
    for v in vehicles:
        if v.status not in VEHICLE_STATUS:
            problems.append(f"car {v.car}: unknown status code {v.status}")
    stage = None
    if isinstance(top.obj.get("stage"), dict):
        try:
            st = Row(top.obj["stage"], "stage", problems)
            stage = StageInfo(
                num=st.need("stage_num", as_int),
                finish_at_lap=st.need("finish_at_lap", as_int),
                laps_in_stage=st.get("laps_in_stage", as_int, 0),
            )
        except BadValue as err:
            problems.append(f"{err}; stage ignored")
    frame = LiveFrame(
        lap=lap,
        flag=flag,
        race_id=race_id,
        series_id=series_id,
        vehicles=tuple(sorted(vehicles, key=lambda v: v.pos)),
        elapsed=top.get("elapsed_time", as_float, 0.0),
        laps_in_race=top.get("laps_in_race", as_int, 0),
        laps_to_go=top.get("laps_to_go", as_int, 0),
        run_id=top.get("run_id", as_int, 0),
        run_name=top.get("run_name", as_str, ""),
        run_type=top.get("run_type", as_int, 0),
        time_of_day_os=top.get("time_of_day_os", as_str, ""),
        track_id=top.get("track_id", as_int, 0),
        track_name=top.get("track_name", as_str, ""),
        track_length=top.get("track_length", as_float, 0.0),
        cautions=top.get("number_of_caution_segments", as_int, 0),
        caution_laps=top.get("number_of_caution_laps", as_int, 0),
        lead_changes=top.get("number_of_lead_changes", as_int, 0),
        stage=stage,
    )
    return Parsed(frame, tuple(problems))


# ---------------------------------------------------------------------------------------------
# live/feeds/live-flag-data.json
# ---------------------------------------------------------------------------------------------


class FlagEvent(msgspec.Struct, frozen=True, kw_only=True):
    lap: int
    code: int
    elapsed: float = 0.0
    comment: str = ""
    beneficiary: str = ""  # the free-pass car, unpadded


def _bare_array(doc: object, wrapper: str, problems: list[str]) -> list[Any] | None:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and isinstance(doc.get(wrapper), list):
        # rNascar23's example wraps the history as {"FlagStates": [...]}; the feed is bare.
        problems.append(f"wrapped in {{{wrapper!r}: [...]}}; the live feed is a bare array")
        return list(doc[wrapper])
    return None


def parse_flags(doc: object) -> Parsed[tuple[FlagEvent, ...]]:
    """Parse the flag history (a bare array, one object per flag change)."""
    problems: list[str] = []
    rows = _bare_array(doc, "FlagStates", problems)
    if rows is None:
        return Parsed(None, (f"expected an array of flag events, got {_describe(doc)}",))
    events = []
    for i, item in enumerate(rows):
        try:
            row = Row(item, f"[{i}]", problems)
            event = FlagEvent(
                lap=row.need("lap_number", as_int),
                code=row.need("flag_state", as_int),
                elapsed=row.get("elapsed_time", as_float, 0.0),
                comment=row.get("comment", as_str, "").strip(),
                beneficiary=row.get("beneficiary", as_str, "").strip(),
            )
        except BadValue as err:
            problems.append(f"{err}; event dropped")
            continue
        if event.code not in FLAG_CODES:
            problems.append(f"[{i}]: unknown flag code {event.code} at lap {event.lap}")
        events.append(event)
    return Parsed(tuple(events), tuple(problems))


# ---------------------------------------------------------------------------------------------
# cacher/live/series_{s}/{race_id}/live-pit-data.json
# ---------------------------------------------------------------------------------------------


class PitRow(msgspec.Struct, frozen=True, kw_only=True):
    """One pit-road visit. None where the feed says -1 (unknown)."""

    car: str
    leader_lap: int
    lap: int  # lap_count: the car's lap
    in_flag: int
    pit_in: float
    pit_out: float | None = None  # None: not out yet, or unknown
    duration: float | None = None  # stationary time in the box
    total: float | None = None
    stop_type: str = ""
    tyres: int | None = None  # 0, 2 or 4; None when the tyre flags are odd
    driver: str = ""

    @property
    def pre_race(self) -> bool:
        # nascar-feeds.md §8: rows with flag 8 at lap 0 are pre-race pit-road visits.
        return self.lap == 0 and self.leader_lap == 0


def _tyres(row: Row) -> int | None:
    keys = (
        "left_front_tire_changed",
        "left_rear_tire_changed",
        "right_front_tire_changed",
        "right_rear_tire_changed",
    )
    if not all(k in row.obj for k in keys):
        return None
    changed = sum(1 for k in keys if row.get(k, as_bool, False))
    return changed if changed in (0, 2, 4) else None


def parse_pits(doc: object) -> Parsed[tuple[PitRow, ...]]:
    """Parse the pit data (a bare array of pit-road visits, in time order)."""
    problems: list[str] = []
    if not isinstance(doc, list):
        return Parsed(None, (f"expected an array of pit rows, got {_describe(doc)}",))
    rows = []
    for i, item in enumerate(doc):
        try:
            row = Row(item, f"[{i}]", problems)
            out = unknown(row.get("pit_out_race_time", as_float, -1.0))
            duration = unknown(row.get("pit_stop_duration", as_float, -1.0))
            total = unknown(row.get("total_duration", as_float, -1.0))
            rows.append(
                PitRow(
                    car=row.car("vehicle_number"),
                    leader_lap=row.need("leader_lap", as_int),
                    lap=row.need("lap_count", as_int),
                    in_flag=row.get("pit_in_flag_status", as_int, 0),
                    pit_in=row.need("pit_in_race_time", as_float),
                    # A stop in progress is expected to show 0 for pit-out (nascar-feeds §3.4).
                    pit_out=out if out else None,
                    duration=duration if duration is None or duration > 0 else None,
                    total=total if total else None,
                    stop_type=row.get("pit_stop_type", as_str, ""),
                    tyres=_tyres(row),
                    driver=split_name(row.get("driver_name", as_str, ""))[0],
                )
            )
        except BadValue as err:
            problems.append(f"{err}; pit row dropped")
    return Parsed(tuple(rows), tuple(problems))


def real_stops(rows: tuple[PitRow, ...], final_lap: int | None) -> tuple[PitRow, ...]:
    """The rows that are pit stops: pre-race visits and post-race pit-road entries dropped.

    Args:
        rows: the pit data.
        final_lap: the leader lap the race ends on, when known.
    """
    kept = []
    for row in rows:
        if row.pre_race:
            continue
        # nascar-feeds.md §3.4/§8: after the finish, cars drive down pit road and the feed logs
        # a "stop" at the leader's final lap (35 rows at 201 in Chicagoland 2026).
        if final_lap is not None and final_lap > 0 and row.leader_lap >= final_lap:
            continue
        kept.append(row)
    return tuple(kept)


# ---------------------------------------------------------------------------------------------
# live/feeds/live-stage-points.json
# ---------------------------------------------------------------------------------------------


class StageResultRow(msgspec.Struct, frozen=True, kw_only=True):
    pos: int
    car: str
    driver_id: int | None = None
    driver: str = ""
    points: int | None = None


class StageResult(msgspec.Struct, frozen=True, kw_only=True):
    stage: int
    rows: tuple[StageResultRow, ...]
    race_id: int | None = None


def parse_stage_points(doc: object) -> Parsed[tuple[StageResult, ...]]:
    """Parse the stage points (one object per completed stage, the whole field listed)."""
    problems: list[str] = []
    if not isinstance(doc, list):
        return Parsed(None, (f"expected an array of stages, got {_describe(doc)}",))
    stages = []
    for i, item in enumerate(doc):
        try:
            row = Row(item, f"[{i}]", problems)
            number = row.need("stage_number", as_int)
        except BadValue as err:
            problems.append(f"{err}; stage dropped")
            continue
        results = []
        for j, res in enumerate(row.rows("results")):
            try:
                r = Row(res, f"[{i}].results[{j}]", problems)
                results.append(
                    StageResultRow(
                        pos=r.need("position", as_int),
                        car=r.car("vehicle_number"),
                        driver_id=r.get("driver_id", as_int, None),
                        driver=split_name(r.get("full_name", as_str, ""))[0],
                        points=r.get("stage_points", as_int, None),
                    )
                )
            except BadValue as err:
                problems.append(f"{err}; row dropped")
        stages.append(
            StageResult(
                stage=number,
                rows=tuple(sorted(results, key=lambda r: r.pos)),
                race_id=row.get("race_id", as_int, None),
            )
        )
    return Parsed(tuple(sorted(stages, key=lambda s: s.stage)), tuple(problems))
