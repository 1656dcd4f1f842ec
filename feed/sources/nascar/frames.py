"""Provides NASCAR-shaped documents built from a cutline recording: one frame per lap, each with
the live feed, the flag history, the pit data, the stage points, the season standings, the race
list and the weekend feeds of the round's earlier races, as NASCAR would publish them.

Every document starts from a shape of `nascar_shapes` (the keys and value types of the real
payloads), and carries the real feeds' quirks, so the poller and the adapter meet them in tests:
car numbers as strings, a negative whole ``delta`` for laps down, ``laps_led`` as ranges with the
pole-sitter's starting at lap 0, each car's ``pit_stops`` opened by two all-zero rows, pre-race
and post-race rows in the pit data, name markers in the names.

What a recording does not know is filled honestly, never guessed into the data the adapter
reads: counters the messages do not carry are 0, driver ids are numbered from the car order,
and the round's earlier races get made-up ids (this race's id minus one, two...) and carry only
what the header says about them (the playoff drivers' finishes, the winner when one of them won).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from cutline.feed.model.errors import RulesError
from cutline.feed.model.messages import (
    CarLap,
    FeedMessage,
    Flag,
    FlagKind,
    Lap,
    Pit,
    Race,
    RaceState,
)
from cutline.feed.model.state import apply
from cutline.feed.rules import REGULAR_SEASON, Rules, load
from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar import shapes as shapes
from cutline.feed.sources.nascar.codes import MAKES, SERIES_IDS, VEHICLE_STATUS

Docs = dict[str, Any]  # feed name -> document

DEFAULT_LAP_SECONDS = 30.0  # for a recording whose laps carry no time
_FLAG_CODE: dict[FlagKind | None, int] = {
    None: 8,
    "green": 1,
    "yellow": 2,
    "red": 3,
    "white": 4,
    "checkered": 9,  # what the live feed shows after a finish (nascar-feeds.md §5)
}
_STATUS_CODE = {text: code for code, text in VEHICLE_STATUS.items()}
_MAKE_CODE = {name: short for short, name in MAKES.items()}


class _Frame(msgspec.Struct, kw_only=True):
    """The state at the end of one lap, and what the documents need beyond it."""

    t: float  # seconds since the first lap
    state: RaceState
    flags: tuple[tuple[int, int, float, str], ...]  # (lap, code, elapsed, comment)
    pits: tuple[dict[str, Any], ...]
    led: dict[str, tuple[tuple[int, int], ...]]


def _rules(race: Race) -> Rules | None:
    try:
        return load(race.series, race.season)
    except RulesError:
        return None


class RecordingFrames:
    """The documents of each lap of a recording.

    Args:
        messages: the recording's messages, header first.
    """

    def __init__(self, messages: Sequence[FeedMessage]) -> None:
        self.frames: list[_Frame] = []
        self._cache: dict[int, dict[str, bytes]] = {}
        state = RaceState()
        flags: list[tuple[int, int, float, str]] = [(0, 8, 0.0, "")]
        pits: list[dict[str, Any]] = []
        open_pit: dict[str, dict[str, Any]] = {}
        led: dict[str, list[list[int]]] = {}
        t0: float | None = None
        flag: FlagKind | None = None
        pending: RaceState | None = None
        pending_t = 0.0

        def close_frame() -> None:
            if pending is not None:
                self.frames.append(
                    _Frame(
                        t=pending_t,
                        state=state,
                        flags=tuple(flags),
                        pits=tuple(dict(p) for p in pits),
                        led={c: tuple((a, b) for a, b in r) for c, r in led.items()},
                    )
                )

        for msg in messages:
            if isinstance(msg, Lap):
                close_frame()
                if t0 is None:
                    t0 = msg.t
                pending, pending_t = state, msg.t - t0
                if msg.cars and msg.lap > state.lap:
                    leader = min(msg.cars, key=lambda c: c.pos).car
                    ranges = led.setdefault(leader, [])
                    first = 0 if not led or sum(len(r) for r in led.values()) == 0 else msg.lap
                    if ranges and ranges[-1][1] == state.lap:
                        ranges[-1][1] = msg.lap
                    else:
                        ranges.append([first, msg.lap])
            new = apply(state, msg)
            if new.flag != flag and new.flag is not None:
                flag = new.flag
                reason = msg.reason if isinstance(msg, Flag) else ""
                lap = msg.lap if isinstance(msg, Flag) else new.lap
                elapsed = (msg.t - t0) if t0 is not None else 0.0
                flags.append((lap, _FLAG_CODE[flag], round(elapsed, 3), reason))
            if isinstance(msg, Pit):
                elapsed = round((msg.t - t0) if t0 is not None else 0.0, 3)
                row = open_pit.pop(msg.car, None)
                if row is None:
                    row = _pit_row(msg, new, elapsed)
                    pits.append(row)
                if msg.phase == "in":
                    open_pit[msg.car] = row
                else:
                    _pit_out(row, msg, elapsed)
            state = new
        close_frame()
        if not self.frames:
            return
        times = [f.t for f in self.frames]
        if any(b <= a for a, b in zip(times, times[1:], strict=False)):
            for i, frame in enumerate(self.frames):  # laps without time: a fixed pace
                frame.t = i * DEFAULT_LAP_SECONDS

    def __len__(self) -> int:
        return len(self.frames)

    def index_at(self, race_time: float) -> int:
        """The frame showing at ``race_time`` seconds after the first lap."""
        lo, hi = 0, len(self.frames) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.frames[mid].t <= race_time:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def docs(self, index: int) -> Docs:
        """Every document of frame ``index``, by feed name."""
        return build_docs(self.frames[index])

    def paths(self, index: int) -> dict[str, bytes]:
        """The bodies of frame ``index`` by URL path (built once per frame)."""
        cached = self._cache.get(index)
        if cached is not None:
            return cached
        frame = self.frames[index]
        race = frame.state.race
        ids = {"series": 0, "race_id": 0, "year": 0}
        if race is not None:
            ids = {
                "series": SERIES_IDS.get(race.series, 0),
                "race_id": race.race_id or 0,
                "year": race.season,
            }
        out = {
            ep.path(name, **ids): msgspec.json.encode(doc) for name, doc in self.docs(index).items()
        }
        self._cache[index] = out
        return out


# ---------------------------------------------------------------------------------------------
# Pit rows
# ---------------------------------------------------------------------------------------------


def _pit_row(msg: Pit, state: RaceState, elapsed: float) -> dict[str, Any]:
    pos = next((r.pos for r in state.order if r.car == msg.car), 0)
    return shapes.PIT_ROW.new(
        vehicle_number=msg.car,
        driver_name=_marked_name(state, msg.car),
        vehicle_manufacturer=_make(state, msg.car),
        leader_lap=state.lap,
        lap_count=msg.lap,
        pit_in_flag_status=_FLAG_CODE.get(state.flag, 1) if msg.under != "caution" else 2,
        pit_out_flag_status=_FLAG_CODE.get(state.flag, 1) if msg.under != "caution" else 2,
        pit_in_race_time=elapsed,
        pit_out_race_time=0.0,  # a stop in progress
        total_duration=0.0,
        box_stop_race_time=-1.0,
        box_leave_race_time=-1.0,
        pit_stop_duration=-1.0,
        in_travel_duration=-1.0,
        out_travel_duration=-1.0,
        pit_in_rank=pos,
        pit_out_rank=pos,
    )


def _pit_out(row: dict[str, Any], msg: Pit, elapsed: float) -> None:
    tyres = msg.tyres
    row["pit_out_race_time"] = elapsed
    row["total_duration"] = round(max(0.0, elapsed - row["pit_in_race_time"]), 3)
    row["pit_stop_duration"] = msg.duration if msg.duration is not None else -1.0
    left = tyres == 4
    right = tyres in (2, 4)  # a two-tyre stop of unknown side is shown on the right
    row["left_front_tire_changed"] = row["left_rear_tire_changed"] = left
    row["right_front_tire_changed"] = row["right_rear_tire_changed"] = right
    row["pit_stop_type"] = {4: "FOUR_WHEEL_CHANGE", 2: "TWO_WHEEL_CHANGE_RIGHT"}.get(
        tyres or 0, "OTHER"
    )


# ---------------------------------------------------------------------------------------------
# Names, ids, makes
# ---------------------------------------------------------------------------------------------


def driver_id(race: Race | None, car: str) -> int:
    """A stable made-up driver id: 1000 + the car's place in the header's field."""
    if race is not None:
        for i, entry in enumerate(race.field):
            if entry.car == car:
                return 1000 + i
    return 9000 + sum(ord(c) for c in car)


def _entry_name(state: RaceState, car: str) -> tuple[str, bool, bool, bool]:
    race = state.race
    if race is not None:
        for e in race.field:
            if e.car == car:
                return e.driver, e.playoff, e.rookie, e.points_eligible
    return f"Driver {car}", False, False, True


def _marked_name(state: RaceState, car: str) -> str:
    """The name with NASCAR's markers: ``#`` rookie, ``(i)`` ineligible, ``(P)``/``(C)``."""
    name, playoff, rookie, eligible = _entry_name(state, car)
    race = state.race
    if rookie:
        name += " #"
    if not eligible:
        name += "(i)"
    if playoff and race is not None:
        rules = _rules(race)
        name += " (C)" if rules is not None and rules.format == "chase" else " (P)"
    return name


def _make(state: RaceState, car: str) -> str:
    race = state.race
    if race is not None:
        for e in race.field:
            if e.car == car:
                return _MAKE_CODE.get(e.make, e.make)
    return ""


def _split(name: str) -> tuple[str, str]:
    first, _, last = name.partition(" ")
    return first, last or first


# ---------------------------------------------------------------------------------------------
# The documents of one frame
# ---------------------------------------------------------------------------------------------


def _stage(race: Race, lap: int) -> dict[str, Any]:
    ends = race.stage_ends or (race.scheduled_laps,)
    num = next((i for i, end in enumerate(ends, 1) if end > lap), len(ends))
    start = ends[num - 2] if num >= 2 else 0
    return shapes.STAGE.new(stage_num=num, finish_at_lap=ends[num - 1],
                            laps_in_stage=ends[num - 1] - start)  # fmt: skip


def _rows(state: RaceState) -> list[CarLap]:
    if state.result is None:
        return list(state.order)
    lines = {r.car: r for r in state.order}
    out = []
    for row in sorted(state.result.cars, key=lambda r: r.pos):
        line = lines.get(row.car)
        out.append(
            CarLap(
                car=row.car,
                pos=row.pos,
                laps=row.laps,
                gap=line.gap if line and not line.laps_down else None,
                laps_down=max(0, state.lap - row.laps),
                last_lap=line.last_lap if line else None,
                status="running" if row.status == "running" else "out",
            )
        )
    return out


def _vehicle(frame: _Frame, row: CarLap) -> dict[str, Any]:
    state = frame.state
    stats = state.stats.get(row.car)
    name = _marked_name(state, row.car)
    first, last = _split(name)
    _, playoff, _, _ = _entry_name(state, row.car)
    start = stats.start if stats and stats.start else row.pos
    status = _STATUS_CODE.get(row.status, 3)
    if row.laps_down:
        delta = -float(row.laps_down)  # a negative whole number: laps down
    else:
        delta = float(row.gap or 0.0)
    # Every car's list opens with all-zero rows, ranks copied from the start (2 in most races).
    stops = [shapes.VEHICLE_PIT_STOP.new(pit_in_rank=start, pit_out_rank=start) for _ in range(2)]
    for pit in frame.pits:
        if pit["vehicle_number"] == row.car and pit["leader_lap"] > 0:
            stops.append(
                shapes.VEHICLE_PIT_STOP.new(
                    pit_in_elapsed_time=float(pit["pit_in_race_time"]),
                    pit_in_lap_count=pit["lap_count"],
                    pit_in_leader_lap=pit["leader_lap"],
                    pit_out_elapsed_time=float(max(0.0, pit["pit_out_race_time"])),
                    pit_in_rank=pit["pit_in_rank"],
                    pit_out_rank=pit["pit_out_rank"],
                )
            )
    return shapes.VEHICLE.new(
        vehicle_number=row.car,
        vehicle_manufacturer=_make(state, row.car),
        driver=shapes.DRIVER.new(
            driver_id=driver_id(state.race, row.car),
            full_name=name,
            first_name=first,
            last_name=last,
            is_in_chase=playoff,
        ),
        laps_completed=row.laps,
        laps_led=[
            shapes.LAPS_LED.new(start_lap=a, end_lap=b) for a, b in frame.led.get(row.car, ())
        ],
        last_lap_time=float(row.last_lap or 0.0),
        best_lap_time=float(row.best_lap or 0.0),
        pit_stops=stops,
        running_position=row.pos,
        status=status,
        delta=delta,
        starting_position=start,
        is_on_track=status == 1,
    )


def _live(frame: _Frame) -> dict[str, Any]:
    state = frame.state
    race = state.race
    assert race is not None
    elapsed = int(frame.t)
    seconds = 13 * 3600 + elapsed  # a 1 pm start: the recording has no date or time of day
    clock = f"{seconds // 3600 % 24:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    leaders = sum(1 for ranges in frame.led.values() if ranges)
    return shapes.LIVE_FEED.new(
        lap_number=state.lap,
        elapsed_time=elapsed,
        flag_state=_FLAG_CODE.get(state.flag, 8),
        race_id=race.race_id or 0,
        laps_in_race=race.scheduled_laps,
        laps_to_go=max(0, race.scheduled_laps - state.lap),
        vehicles=[_vehicle(frame, row) for row in _rows(state)],
        run_id=1,
        run_name=race.name,
        series_id=SERIES_IDS.get(race.series, 0),
        time_of_day=seconds,
        time_of_day_os=f"{race.season}-01-01T{clock}.0000000-05:00",
        track_name=race.track,
        run_type=3,
        number_of_caution_segments=state.cautions,
        number_of_lead_changes=state.lead_changes,
        number_of_leaders=leaders,
        stage=_stage(race, state.lap),
    )


def _flags(frame: _Frame) -> list[dict[str, Any]]:
    return [
        shapes.FLAG_EVENT.new(
            lap_number=lap,
            flag_state=code,
            elapsed_time=elapsed,
            comment=comment or None,
            time_of_day=float(13 * 3600 + elapsed),
        )
        for lap, code, elapsed, comment in frame.flags
    ]


def _pits(frame: _Frame) -> list[dict[str, Any]]:
    state = frame.state
    race = state.race
    assert race is not None
    field = [e.car for e in race.field]
    # The pit data opens with a pre-race visit per car (flag 8, lap 0, -1 for unknown times).
    pre = [
        shapes.PIT_ROW.new(
            vehicle_number=car,
            driver_name=_marked_name(state, car),
            vehicle_manufacturer=_make(state, car),
            pit_in_flag_status=8,
            pit_out_flag_status=8,
            box_stop_race_time=-1.0,
            box_leave_race_time=-1.0,
            pit_stop_duration=-1.0,
            in_travel_duration=-1.0,
            out_travel_duration=-1.0,
        )
        for car in field
    ]
    post = []
    if state.result is not None:
        # After the finish the cars drive down pit road and the feed logs each as a stop at
        # the leader's final lap, pit-out unknown.
        for row in state.result.cars:
            if row.status == "running":
                post.append(
                    shapes.PIT_ROW.new(
                        vehicle_number=row.car,
                        driver_name=_marked_name(state, row.car),
                        vehicle_manufacturer=_make(state, row.car),
                        leader_lap=state.lap,
                        lap_count=row.laps,
                        pit_in_flag_status=4,
                        pit_out_flag_status=4,
                        pit_in_race_time=round(frame.t + row.pos, 3),
                        pit_out_race_time=-1.0,
                        total_duration=-1.0,
                        box_stop_race_time=round(frame.t + row.pos - 1, 3),
                        box_leave_race_time=-1.0,
                        pit_stop_duration=-1.0,
                        in_travel_duration=-1.0,
                        out_travel_duration=-1.0,
                        pit_in_rank=row.pos,
                        pit_out_rank=row.pos,
                    )
                )
    return [*pre, *frame.pits, *post]


def _stage_points(frame: _Frame) -> list[dict[str, Any]]:
    state = frame.state
    race = state.race
    assert race is not None
    rules = _rules(race)
    eligible = {e.car for e in race.field if e.points_eligible}
    out = []
    for stage in state.stages:
        rows = []
        for row in stage.top:
            points = rules.stage_points(row.pos) if rules and row.car in eligible else 0
            rows.append(
                shapes.STAGE_POINTS_ROW.new(
                    position=row.pos,
                    vehicle_number=row.car,
                    driver_id=driver_id(race, row.car),
                    full_name=_marked_name(state, row.car),
                    stage_points=points,
                )
            )
        out.append(
            shapes.STAGE_POINTS.new(
                race_id=race.race_id or 0, run_id=1, stage_number=stage.stage, results=rows
            )
        )
    return out


def _standings(state: RaceState) -> list[dict[str, Any]] | None:
    race = state.race
    if race is None or race.playoff is None:
        return None
    drivers = sorted(race.playoff.drivers, key=lambda d: -d.points)
    rows = []
    for i, d in enumerate(drivers, 1):
        first, last = _split(d.driver)
        rows.append(
            shapes.STANDINGS_ROW.new(
                position=i,
                driver_name=d.driver,
                points=d.points,
                playoff_rank=i,
                delta_next=d.points - drivers[i - 2].points if i > 1 else 0,
                delta_leader=d.points - drivers[0].points,
                driver_id=driver_id(race, d.car),
                driver_first_name=first,
                driver_last_name=last,
                car_no=d.car,
                manufacturer=_make(state, d.car),
            )
        )
    return rows


def _live_points(state: RaceState) -> list[dict[str, Any]] | None:
    race = state.race
    if race is None or race.playoff is None:
        return None
    drivers = sorted(race.playoff.drivers, key=lambda d: -d.points)
    return [
        shapes.LIVE_POINTS_ROW.new(
            car_number=d.car,
            delta_leader=d.points - drivers[0].points,
            delta_next=d.points - drivers[i - 2].points if i > 1 else 0,
            first_name=_split(d.driver)[0],
            driver_id=driver_id(race, d.car),
            is_in_chase=True,
            is_points_eligible=True,
            last_name=_split(_marked_name(state, d.car))[1],
            points=d.points,  # as at the start: nothing earned this race yet
            points_position=i,
        )
        for i, d in enumerate(drivers, 1)
    ]


def _round_index(race: Race) -> int:
    ctx, rules = race.playoff, _rules(race)
    if ctx is None or rules is None or ctx.round.casefold() == REGULAR_SEASON.casefold():
        return 0
    names = [r.name.casefold() for r in rules.playoffs.rounds if r.name != REGULAR_SEASON]
    return names.index(ctx.round.casefold()) + 1 if ctx.round.casefold() in names else 0


def earlier_races(race: Race) -> list[int]:
    """Made-up ids of the round's races before this one, oldest first."""
    ctx = race.playoff
    before = (ctx.race_in_round - 1) if ctx is not None else 0
    rid = race.race_id or 0
    return [rid - before + i for i in range(before)]


def later_races(race: Race) -> list[int]:
    """Made-up ids of the round's races after this one."""
    ctx = race.playoff
    after = max(0, ctx.races_in_round - ctx.race_in_round) if ctx is not None else 0
    rid = race.race_id or 0
    return [rid + 1 + i for i in range(after)]


def _winner(race: Race, k: int) -> int | None:
    """The driver id of the winner of the k-th earlier race, if a playoff driver won it."""
    ctx = race.playoff
    if ctx is None:
        return None
    for d in ctx.drivers:
        if len(d.round_finishes) > k and d.round_finishes[k] == 1:
            return driver_id(race, d.car)
    locked = [d for d in ctx.drivers if d.locked and 1 not in d.round_finishes]
    # A driver locked in by a win whose finishes are not given: the win is put in the
    # round's first races, one each.
    if k < len(locked):
        return driver_id(race, locked[k].car)
    return None


def _race_list(race: Race) -> dict[str, Any]:
    ends = race.stage_ends or (race.scheduled_laps,)
    lengths = [b - a for a, b in zip((0, *ends), ends, strict=False)][:3]
    lengths += [0] * (3 - len(lengths))
    series_id = SERIES_IDS.get(race.series, 0)
    index = _round_index(race)
    ids = earlier_races(race)
    entries = []
    for k, rid in enumerate([*ids, race.race_id or 0, *later_races(race)]):
        current = k == len(ids)
        run = k < len(ids)
        day = 7 * (k + 1)
        entries.append(
            shapes.RACE_LIST_ENTRY.new(
                race_id=rid,
                series_id=series_id,
                race_season=race.season,
                race_name=race.name if current else f"race {k + 1} of the round",
                track_name=race.track if current else "",
                race_date=f"{race.season}-01-{day:02d}T12:00:00",
                date_scheduled=f"{race.season}-01-{day:02d}T12:00:00",
                scheduled_laps=race.scheduled_laps if current else 0,
                stage_1_laps=lengths[0] if current else 0,
                stage_2_laps=lengths[1] if current else 0,
                stage_3_laps=lengths[2] if current else 0,
                playoff_round=index,
                winner_driver_id=_winner(race, k) if run else None,
            )
        )
    out: dict[str, Any] = {"series_1": [], "series_2": [], "series_3": []}
    out[f"series_{series_id}"] = entries
    return out


def _weekend(race: Race, k: int, rid: int) -> dict[str, Any]:
    ctx = race.playoff
    results = []
    if ctx is not None:
        for d in ctx.drivers:
            if len(d.round_finishes) > k:
                results.append(
                    shapes.WEEKEND_RESULT.new(
                        finishing_position=d.round_finishes[k],
                        car_number=d.car,
                        driver_fullname=d.driver,
                        driver_id=driver_id(race, d.car),
                        series_id=SERIES_IDS.get(race.series, 0),
                        race_season=race.season,
                        race_id=rid,
                        official_car_number=d.car,
                    )
                )
    results.sort(key=lambda r: r["finishing_position"])
    return shapes.WEEKEND_FEED.new(
        weekend_race=[
            shapes.WEEKEND_RACE.new(
                race_id=rid,
                series_id=SERIES_IDS.get(race.series, 0),
                race_season=race.season,
                race_name=f"earlier race {k + 1} of the round",
                results=results,
                playoff_round=_round_index(race),
                inspection_complete=True,
            )
        ]
    )


def build_docs(frame: _Frame) -> Docs:
    """Every document of one frame, by feed name (``weekend:<id>`` for the weekend feeds)."""
    state = frame.state
    race = state.race
    if race is None:
        return {ep.LIVE: shapes.LIVE_FEED.new(flag_state=8)}
    docs: Docs = {
        ep.LIVE: _live(frame),
        ep.FLAGS: _flags(frame),
        ep.PITS: _pits(frame),
        ep.STAGES: _stage_points(frame),
        ep.RACES: _race_list(race),
    }
    standings = _standings(state)
    if standings is not None:
        docs[ep.STANDINGS] = standings
        docs[ep.LIVE_POINTS] = _live_points(state)
    for k, rid in enumerate(earlier_races(race)):
        docs[ep.weekend(rid)] = _weekend(race, k, rid)
    return docs
