"""Provides the shapes of NASCAR's feed documents: every key of the real payloads, in their order,
with a default of the type the real payloads carry.

Two users: the canary (`canary`) compares a fetched document with these shapes to say what
is missing and what is unexpected, and the mirror (`mirror`) starts every document it
serves from a copy of one, so its frames have exactly the keys and value types of the real ones.
Taken from the samples in ``../shared/samples/nascar/`` (the newest schema of each feed); the
test ``tests/feed/sources/nascar/test_mirror.py`` checks them against every sample.
"""

from __future__ import annotations

from typing import Final

from cutline.feed.sources.nascar.shape import Doc, Shape

# live/feeds/live-feed.json, top level (22 keys since about 2021; 2019 lacks time_of_day_os).
LIVE_FEED = Shape(
    "live feed",
    {
        "lap_number": 0,
        "elapsed_time": 0,
        "flag_state": 0,
        "race_id": 0,
        "laps_in_race": 0,
        "laps_to_go": 0,
        "vehicles": [],
        "run_id": 0,
        "run_name": "",
        "series_id": 0,
        "time_of_day": 0,
        "time_of_day_os": "",
        "track_id": 0,
        "track_length": 0.0,
        "track_name": "",
        "run_type": 0,
        "number_of_caution_segments": 0,
        "number_of_caution_laps": 0,
        "number_of_lead_changes": 0,
        "number_of_leaders": 0,
        "avg_diff_1to3": 0,
        "stage": {},
    },
)

STAGE = Shape("live feed stage", {"stage_num": 0, "finish_at_lap": 0, "laps_in_stage": 0})

# vehicles[] (30 keys in every frame).
VEHICLE = Shape(
    "vehicle",
    {
        "average_restart_speed": 0.0,
        "average_running_position": 0.0,
        "average_speed": 0.0,
        "best_lap": 0,
        "best_lap_speed": 0.0,
        "best_lap_time": 0.0,
        "vehicle_manufacturer": "",
        "vehicle_number": "",
        "driver": {},
        "vehicle_elapsed_time": 0.0,
        "fastest_laps_run": 0,
        "laps_position_improved": 0,
        "laps_completed": 0,
        "laps_led": [],
        "last_lap_speed": 0.0,
        "last_lap_time": 0.0,
        "passes_made": 0,
        "passing_differential": 0,
        "position_differential_last_10_percent": 0,
        "pit_stops": [],
        "qualifying_status": 0,
        "running_position": 0,
        "status": 0,
        "delta": 0.0,
        "sponsor_name": "",
        "starting_position": 0,
        "times_passed": 0,
        "quality_passes": 0,
        "is_on_track": False,
        "is_on_dvp": False,
    },
)

DRIVER = Shape(
    "vehicle driver",
    {"driver_id": 0, "full_name": "", "first_name": "", "last_name": "", "is_in_chase": False},
)

LAPS_LED = Shape("laps_led range", {"start_lap": 0, "end_lap": 0})

# vehicles[].pit_stops[] (2019 lacks the two ranks; 2021 has pit_stop_type/pit_stop_duration).
VEHICLE_PIT_STOP = Shape(
    "vehicle pit stop",
    {
        "positions_gained_lossed": 0,
        "pit_in_elapsed_time": 0.0,
        "pit_in_lap_count": 0,
        "pit_in_leader_lap": 0,
        "pit_out_elapsed_time": 0.0,
        "pit_in_rank": 0,
        "pit_out_rank": 0,
    },
    older=frozenset({"pit_stop_type", "pit_stop_duration"}),  # the archived 2021 frame
)

# live/feeds/live-flag-data.json: a bare array of these.
FLAG_EVENT = Shape(
    "flag event",
    {
        "lap_number": 0,
        "flag_state": 0,
        "elapsed_time": 0.0,
        "comment": None,
        "beneficiary": None,
        "time_of_day": 0.0,
        "time_of_day_os": "",
    },
    nullable=frozenset({"comment", "beneficiary"}),
)

# cacher/live/series_{s}/{race_id}/live-pit-data.json: a bare array of these.
PIT_ROW = Shape(
    "pit row",
    {
        "vehicle_number": "",
        "driver_name": "",
        "vehicle_manufacturer": "",
        "leader_lap": 0,
        "lap_count": 0,
        "pit_in_flag_status": 0,
        "pit_out_flag_status": 0,
        "pit_in_race_time": 0.0,
        "pit_out_race_time": 0.0,
        "total_duration": 0.0,
        "box_stop_race_time": 0.0,
        "box_leave_race_time": 0.0,
        "pit_stop_duration": 0.0,
        "in_travel_duration": 0.0,
        "out_travel_duration": 0.0,
        "pit_stop_type": "OTHER",
        "left_front_tire_changed": False,
        "left_rear_tire_changed": False,
        "right_front_tire_changed": False,
        "right_rear_tire_changed": False,
        "previous_lap_time": 0,
        "next_lap_time": 0,
        "pit_in_rank": 0,
        "pit_out_rank": 0,
        "positions_gained_lost": 0,
    },
)

# live/feeds/live-stage-points.json: a bare array of these, one per completed stage.
STAGE_POINTS = Shape("stage points", {"race_id": 0, "run_id": 0, "stage_number": 0, "results": []})
STAGE_POINTS_ROW = Shape(
    "stage points row",
    {"position": 0, "vehicle_number": "", "driver_id": 0, "full_name": "", "stage_points": 0},
)

# live/feeds/live-points.json and live/feeds/series_{s}/{race_id}/live_points.json.
LIVE_POINTS_ROW = Shape(
    "live points row",
    {
        "bonus_points": 0,
        "car_number": "",
        "delta_leader": 0,
        "delta_next": 0,
        "first_name": "",
        "driver_id": 0,
        "is_in_chase": False,
        "is_points_eligible": False,
        "is_rookie": False,
        "last_name": "",
        "membership_id": 0,
        "points": 0,
        "points_position": 0,
        "points_earned_this_race": 0,
        "stage_1_points": 0,
        "stage_1_winner": False,
        "stage_2_points": 0,
        "stage_2_winner": False,
        "stage_3_points": 0,
        "stage_3_winner": False,
        "wins": 0,
        "top_5": 0,
        "top_10": 0,
        "poles": 0,
        "series_id": 0,
        "race_id": 0,
        "run_id": 0,
    },
    # "0" strings on some rows of non-eligible drivers (nascar-feeds.md §7.1).
    also={k: frozenset({"string"}) for k in ("wins", "top_5", "top_10", "poles")},
)

# cacher/{year}/{s}/points-feed.json: the season standings, a bare array of these.
STANDINGS_ROW = Shape(
    "season standings row",
    {
        "position": 0,
        "driver_name": "",
        "points": 0,
        "playoff_points": 0,
        "playoff_rank": 0,
        "bonus_points": 0,
        "delta_next": 0,
        "delta_leader": 0,
        "delta_leader_playoff": 0,
        "delta_chase": -1,
        "starts": 0,
        "poles": 0,
        "wins": 0,
        "stage_1_wins": 0,
        "stage_2_wins": 0,
        "playoff_race_wins": 0,
        "playoff_stage_wins": 0,
        "top_5": 0,
        "top_10": 0,
        "laps_led": 0,
        "dnf": 0,
        "winnings": 0.0,
        "driver_id": 0,
        "driver_first_name": "",
        "driver_last_name": "",
        "driver_suffix": "",
        "car_no": "",
        "manufacturer": "",
        "delta_playoff": None,
        "projected_playoff_points": 0,
        "stage_points": 0,
    },
    nullable=frozenset({"delta_playoff", "car_no", "manufacturer"}),
)

# The keys a race list entry and a weekend feed's race share, in their order (the weekend feed
# adds stage_4_laps between the two runs).
_RACE_HEAD: Final[Doc] = {
    "race_id": 0,
    "series_id": 0,
    "race_season": 0,
    "race_name": "",
    "race_type_id": 1,
    "restrictor_plate": False,
    "track_id": 0,
    "track_name": "",
    "date_scheduled": "",
    "race_date": "",
    "qualifying_date": "",
    "tunein_date": "",
    "scheduled_distance": 0,
    "actual_distance": 0,
    "scheduled_laps": 0,
    "actual_laps": 0,
    "stage_1_laps": 0,
    "stage_2_laps": 0,
    "stage_3_laps": 0,
}
_RACE_STATS: Final[Doc] = {
    "number_of_cars_in_field": 0,
    "pole_winner_driver_id": 0,
    "pole_winner_speed": 0.0,
    "number_of_lead_changes": 0,
    "number_of_leaders": 0,
    "number_of_cautions": 0,
    "number_of_caution_laps": 0,
    "average_speed": 0.0,
    "total_race_time": "",
    "margin_of_victory": "",
    "race_purse": 0,
    "race_comments": "",
    "attendance": 0,
}

# cacher/{year}/race_list_basic.json: {"series_1": [...], "series_2": [...], "series_3": [...]}.
RACE_LIST_ENTRY = Shape(
    "race list entry",
    {
        **_RACE_HEAD,
        **_RACE_STATS,
        "infractions": [],
        "schedule": [],
        "radio_broadcaster": "",
        "television_broadcaster": "",
        "satellite_radio_broadcaster": "",
        "master_race_id": 0,
        "inspection_complete": False,
        "playoff_round": 0,
        "is_qualifying_race": False,
        "qualifying_race_no": 0,
        "qualifying_race_id": -1,
        "has_qualifying": False,
        "winner_driver_id": None,
        "pole_winner_laptime": None,
    },
    nullable=frozenset({"winner_driver_id", "pole_winner_laptime"}),
)

# cacher/{year}/{s}/{race_id}/weekend-feed.json: {"weekend_race": [race], "weekend_runs": [...]}.
WEEKEND_FEED = Shape("weekend feed", {"weekend_race": [], "weekend_runs": []})
WEEKEND_RACE = Shape(
    "weekend race",
    {
        **_RACE_HEAD,
        "stage_4_laps": 0,
        **_RACE_STATS,
        "results": [],
        "caution_segments": [],
        "race_leaders": [],
        "infractions": [],
        "schedule": [],
        "stage_results": [],
        "pit_reports": [],
        "radio_broadcaster": "",
        "television_broadcaster": "",
        "master_race_id": 0,
        "inspection_complete": False,
        "playoff_round": 0,
    },
)
WEEKEND_RESULT = Shape(
    "weekend result row",
    {
        "result_id": 0,
        "finishing_position": 0,
        "starting_position": 0,
        "car_number": "",
        "driver_fullname": "",
        "driver_id": 0,
        "driver_hometown": "",
        "hometown_city": "",
        "hometown_state": "",
        "hometown_country": "",
        "team_id": 0,
        "team_name": "",
        "qualifying_order": 0,
        "qualifying_position": 0,
        "qualifying_speed": 0.0,
        "laps_led": 0,
        "times_led": 0,
        "car_make": "",
        "car_model": "",
        "sponsor": "",
        "points_earned": 0,
        "playoff_points_earned": 0,
        "laps_completed": 0,
        "finishing_status": "",
        "winnings": 0,
        "series_id": 0,
        "race_season": 0,
        "race_id": 0,
        "owner_fullname": "",
        "crew_chief_id": 0,
        "crew_chief_fullname": "",
        "points_position": 0,
        "points_delta": 0,
        "owner_id": 0,
        "official_car_number": "",
        "disqualified": False,
        "diff_laps": 0,
        "diff_time": 0,
    },
)

SHAPES: Final[tuple[Shape, ...]] = (
    LIVE_FEED,
    STAGE,
    VEHICLE,
    DRIVER,
    LAPS_LED,
    VEHICLE_PIT_STOP,
    FLAG_EVENT,
    PIT_ROW,
    STAGE_POINTS,
    STAGE_POINTS_ROW,
    LIVE_POINTS_ROW,
    STANDINGS_ROW,
    RACE_LIST_ENTRY,
    WEEKEND_FEED,
    WEEKEND_RACE,
    WEEKEND_RESULT,
)
