"""Provides the parser of NASCAR's live feed (``live/feeds/live-feed.json``): one snapshot of the
session as a `LiveFrame`, each car a `Vehicle` with its laps led and pit stops.

A bad vehicle drops that vehicle, not the frame (see `lenient` for the rules of leniency).
"""

from __future__ import annotations

import msgspec

from cutline.feed.sources.nascar.codes import FLAG_CODES, MAKES, VEHICLE_STATUS, Badges, split_name
from cutline.feed.sources.nascar.lenient import (
    BadValue,
    Parsed,
    Row,
    as_bool,
    as_float,
    as_int,
    as_str,
)


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
