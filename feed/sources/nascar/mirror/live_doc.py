"""Provides the mirror's live feed (``live/feeds/live-feed.json``) of one frame: the session's
header, the current stage and one ``vehicles[]`` row per car, with the real feed's quirks (car
numbers as strings, a negative whole ``delta`` for laps down, ``laps_led`` as ranges from lap 0,
each car's ``pit_stops`` opened by two all-zero rows).
"""

from __future__ import annotations

from typing import Any

from cutline.feed.model.messages import (
    CarLap,
    Race,
    RaceState,
)
from cutline.feed.sources.nascar import shapes as shapes
from cutline.feed.sources.nascar.codes import SERIES_IDS
from cutline.feed.sources.nascar.mirror.frame import (
    FLAG_CODE,
    STATUS_CODE,
    Frame,
    driver_id,
    entry_name,
    first_last,
    make_of,
    marked_name,
)


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


def _vehicle(frame: Frame, row: CarLap) -> dict[str, Any]:
    state = frame.state
    stats = state.stats.get(row.car)
    name = marked_name(state, row.car)
    first, last = first_last(name)
    _, playoff, _, _ = entry_name(state, row.car)
    start = stats.start if stats and stats.start else row.pos
    status = STATUS_CODE.get(row.status, 3)
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
        vehicle_manufacturer=make_of(state, row.car),
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


def live_doc(frame: Frame) -> dict[str, Any]:
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
        flag_state=FLAG_CODE.get(state.flag, 8),
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
