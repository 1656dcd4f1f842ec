"""Provides the mirror's race-event documents: the flag history (``live-flag-data.json``), the pit
data (``live-pit-data.json``, its rows built while a recording is walked, with the pre-race and
post-race rows the real feed has) and the stage points (``live-stage-points.json``).
"""

from __future__ import annotations

from typing import Any

from cutline.feed.model.messages import (
    Pit,
    RaceState,
)
from cutline.feed.sources.nascar import shapes as shapes
from cutline.feed.sources.nascar.mirror.frame import (
    FLAG_CODE,
    Frame,
    driver_id,
    make_of,
    marked_name,
    rules_of,
)


def pit_row(msg: Pit, state: RaceState, elapsed: float) -> dict[str, Any]:
    pos = next((r.pos for r in state.order if r.car == msg.car), 0)
    return shapes.PIT_ROW.new(
        vehicle_number=msg.car,
        driver_name=marked_name(state, msg.car),
        vehicle_manufacturer=make_of(state, msg.car),
        leader_lap=state.lap,
        lap_count=msg.lap,
        pit_in_flag_status=FLAG_CODE.get(state.flag, 1) if msg.under != "caution" else 2,
        pit_out_flag_status=FLAG_CODE.get(state.flag, 1) if msg.under != "caution" else 2,
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


def pit_out(row: dict[str, Any], msg: Pit, elapsed: float) -> None:
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


def flags_doc(frame: Frame) -> list[dict[str, Any]]:
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


def pits_doc(frame: Frame) -> list[dict[str, Any]]:
    state = frame.state
    race = state.race
    assert race is not None
    field = [e.car for e in race.field]
    # The pit data opens with a pre-race visit per car (flag 8, lap 0, -1 for unknown times).
    pre = [
        shapes.PIT_ROW.new(
            vehicle_number=car,
            driver_name=marked_name(state, car),
            vehicle_manufacturer=make_of(state, car),
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
                        driver_name=marked_name(state, row.car),
                        vehicle_manufacturer=make_of(state, row.car),
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


def stage_points_doc(frame: Frame) -> list[dict[str, Any]]:
    state = frame.state
    race = state.race
    assert race is not None
    rules = rules_of(race)
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
                    full_name=marked_name(state, row.car),
                    stage_points=points,
                )
            )
        out.append(
            shapes.STAGE_POINTS.new(
                race_id=race.race_id or 0, run_id=1, stage_number=stage.stage, results=rows
            )
        )
    return out
