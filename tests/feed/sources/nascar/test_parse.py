"""The NASCAR parsers on every real sample, and their leniency (one bad row, not the frame)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from cutline.feed.sources.nascar.codes import split_name
from cutline.feed.sources.nascar.lenient import BadValue, Parsed, decode_json
from cutline.feed.sources.nascar.parse_archive import (
    parse_lap_notes,
    parse_lap_times,
    parse_loopstats,
    parse_qualifying,
    parse_schedule,
)
from cutline.feed.sources.nascar.parse_events import (
    parse_flags,
    parse_pits,
    parse_stage_points,
    real_stops,
)
from cutline.feed.sources.nascar.parse_live import parse_live_feed
from cutline.feed.sources.nascar.parse_season import (
    parse_live_points,
    parse_race_list,
    parse_standings,
    parse_weekend,
)
from tests.support.paths import SAMPLES, load

PARSERS: dict[str, Any] = {
    "live-feed": parse_live_feed,
    "live-flag-data": parse_flags,
    "live-pit-data": parse_pits,
    "live-stage-points": parse_stage_points,
    "live_points": parse_live_points,
    "live-points": parse_live_points,
    "points-feed": parse_standings,
    "race_list_basic": parse_race_list,
    "weekend-feed": parse_weekend,
    "lap-times": parse_lap_times,
    "lap-notes": parse_lap_notes,
    "loopstats": parse_loopstats,
    "live-qualifying-data": parse_qualifying,
    "schedule-feed": parse_schedule,
}
# The one sample that is not as the feed serves it: rNascar23's author wrapped the bare array.
KNOWN_PROBLEMS = {"live-flag-data_2023-xfinity-atlanta.json": "wrapped in {'FlagStates'"}


def kind_of(path: Path) -> str:
    for prefix in sorted(PARSERS, key=len, reverse=True):
        if path.name.startswith(prefix + "_"):
            return prefix
    raise AssertionError(f"no parser for {path.name}")


def sample_paths() -> list[Path]:
    paths = sorted(SAMPLES.glob("*.json"))
    assert len(paths) == 25  # every sample copied from ../shared/samples/nascar/
    return paths


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
def test_every_sample_parses(path: Path) -> None:
    parsed: Parsed[Any] = PARSERS[kind_of(path)](decode_json(path.read_bytes()))
    assert parsed.value is not None
    assert len(parsed.value.vehicles if kind_of(path) == "live-feed" else [1]) > 0
    expected = KNOWN_PROBLEMS.get(path.name)
    if expected is None:
        assert parsed.problems == ()
    else:
        assert len(parsed.problems) == 1 and expected in parsed.problems[0]


def live(name: str) -> Any:
    frame = parse_live_feed(load(name)).value
    assert frame is not None
    return frame


def test_laps_down_come_from_negative_deltas_not_lap_counts() -> None:
    atlanta = {v.car: v for v in live("live-feed_2023-cup-atlanta_lap233-green.json").vehicles}
    assert atlanta["15"].delta == -2.0 and atlanta["15"].laps_down == 2
    assert atlanta["15"].gap is None
    assert atlanta["45"].laps_down == 0 and atlanta["45"].gap == pytest.approx(0.095)
    # 2019 Talladega #19: one lap fewer than the leader, still crossing the line: not lapped.
    talladega = {
        v.car: v for v in live("live-feed_2019-cup-talladega_lap185-green_raw.json").vehicles
    }
    assert talladega["19"].laps == 184 and talladega["19"].delta > 25
    assert talladega["19"].laps_down == 0
    assert talladega["36"].laps_down == 173  # retired early: laps behind at retirement


def test_badges_come_from_stacked_markers_and_is_in_chase() -> None:
    cars = {v.car: v for v in live("live-feed_2025-cup-darlington_final.json").vehicles}
    svg = cars["88"]
    assert svg.raw_name == "Shane Van Gisbergen # (P)" and svg.driver == "Shane Van Gisbergen"
    assert svg.badges.rookie and svg.badges.playoff and svg.playoff
    reddick = cars["45"]
    assert reddick.driver == "Tyler Reddick" and reddick.badges.open_entry and reddick.playoff
    herbst = cars["35"]
    assert herbst.badges.open_entry and herbst.badges.rookie and not herbst.playoff
    assert cars["66"].badges.ineligible and cars["66"].driver == "Timmy Hill"
    marked = {v.car for v in cars.values() if v.badges.playoff}
    assert marked == {v.car for v in cars.values() if v.in_chase}
    assert len(marked) == 16
    assert split_name("Kyle Larson (C)")[1].chase  # the 2026 Chase marker
    assert split_name("Truex Jr. (P)     ")[0] == "Truex Jr."  # live points pad with spaces


def test_car_numbers_are_strings_with_their_leading_zeros() -> None:
    cars = [v.car for v in live("live-feed_2026-xfinity-chicagoland_final.json").vehicles]
    assert {"00", "02", "07", "0"} <= set(cars)


def test_laps_led_are_ranges_and_the_grid_lap_is_not_led() -> None:
    atlanta = {v.car: v for v in live("live-feed_2023-cup-atlanta_lap233-green.json").vehicles}
    raw = next(
        v for v in load("live-feed_2023-cup-atlanta_lap233-green.json")["vehicles"]
        if v["vehicle_number"] == "22"
    )  # fmt: skip
    assert raw["laps_led"][0]["start_lap"] == 0
    assert atlanta["22"].laps_led[0][0] == 1
    total = sum(v.led for v in atlanta.values())
    assert total == 233  # the ranges add up to the laps run once lap 0 is dropped


def test_vehicle_pit_stop_padding_is_dropped() -> None:
    doc = load("live-feed_2026-xfinity-chicagoland_final.json")
    frame = live("live-feed_2026-xfinity-chicagoland_final.json")
    for raw, v in zip(doc["vehicles"], frame.vehicles, strict=True):
        padding = [s for s in raw["pit_stops"] if s["pit_in_lap_count"] == 0]
        assert 2 <= len(padding) <= 6
        assert all(s == raw["pit_stops"][i] for i, s in enumerate(padding))  # at the start
        assert len(v.stops) == len(raw["pit_stops"]) - len(padding)
        assert all(s.lap > 0 for s in v.stops)


def test_pit_data_drops_pre_race_and_post_race_rows_and_reads_minus_one_as_unknown() -> None:
    rows = parse_pits(load("live-pit-data_2026-xfinity-chicagoland.json")).value
    assert rows is not None and len(rows) == 248
    assert sum(r.pre_race for r in rows) == 38
    stops = real_stops(rows, final_lap=201)
    assert len(stops) == 248 - 38 - 35
    post = [r for r in rows if r.leader_lap >= 201]
    assert len(post) == 35 and all(r.pit_out is None and r.duration is None for r in post)
    assert all(r.leader_lap < 201 and not r.pre_race for r in stops)
    four = [r for r in stops if r.stop_type == "FOUR_WHEEL_CHANGE"]
    assert four and all(r.tyres == 4 for r in four)
    atlanta = parse_pits(load("live-pit-data_2023-xfinity-atlanta.json")).value
    assert atlanta is not None
    odd = [r for r in atlanta if r.tyres is None]  # one stop changed a single tyre
    assert len(odd) == 1


def test_unknown_flag_codes_are_reported_and_kept() -> None:
    doc = load("live-flag-data_2026-xfinity-chicagoland.json")
    doc.insert(3, {**doc[2], "flag_state": 6})
    parsed = parse_flags(doc)
    assert parsed.value is not None and len(parsed.value) == 19
    assert parsed.problems == ("[3]: unknown flag code 6 at lap 45",)
    frame = load("live-feed_2023-cup-atlanta_lap233-green.json")
    frame["flag_state"] = 7
    parsed_frame = parse_live_feed(frame)
    assert parsed_frame.value is not None and parsed_frame.value.flag == 7
    assert "unknown flag code 7" in parsed_frame.value.flag_text
    assert any("unknown flag code 7" in p for p in parsed_frame.problems)


def test_one_bad_vehicle_drops_that_row_not_the_frame() -> None:
    doc = load("live-feed_2023-cup-atlanta_lap233-green.json")
    doc["vehicles"][3]["running_position"] = "fourth"
    del doc["vehicles"][5]["driver"]
    doc["vehicles"][7]["delta"] = "-1"  # numbers as strings are fine
    doc["vehicles"][8]["laps_completed"] = 233.0  # and whole floats
    doc["vehicles"][9]["vehicle_number"] = 7  # a number: kept, reported (zeros would be lost)
    parsed = parse_live_feed(doc)
    assert parsed.value is not None and len(parsed.value.vehicles) == 34
    assert any("vehicles[3].running_position" in p and "dropped" in p for p in parsed.problems)
    assert any("vehicles[5].driver" in p for p in parsed.problems)
    assert any("vehicles[9].vehicle_number" in p for p in parsed.problems)
    cars = {v.car: v for v in parsed.value.vehicles}
    assert cars[doc["vehicles"][7]["vehicle_number"]].laps_down == 1
    assert "7" in cars


def test_a_frame_without_vehicles_is_unusable_and_says_why() -> None:
    parsed = parse_live_feed({"lap_number": 3, "flag_state": 1, "race_id": 1, "series_id": 1})
    assert parsed.value is None and parsed.problems[-1] == "vehicles: missing or not an array"
    assert parse_live_feed([1, 2]).value is None
    with pytest.raises(BadValue, match="not JSON"):
        decode_json(b"<?xml version='1.0'?><Error><Code>AccessDenied</Code></Error>")


def test_live_points_read_string_counts_and_give_points_entering_the_race() -> None:
    rows = parse_live_points(load("live_points_2021-cup-phoenix-championship.json")).value
    assert rows is not None
    larson = next(r for r in rows if r.driver == "Kyle Larson")
    assert (larson.points, larson.earned, larson.entering, larson.in_chase) == (
        5040,
        40,
        5000,
        True,
    )
    strings = parse_live_points(load("live_points_2023-cup-after-atlanta.json"))
    assert strings.problems == () and strings.value is not None


def test_season_feeds_parse_with_their_quirks() -> None:
    standings = parse_standings(load("points-feed_2019-xfinity.json")).value
    assert standings is not None
    bell = next(r for r in standings if r.driver == "Christopher Bell")
    assert bell.delta_playoff is None and bell.wins == 1  # a winner: no margin to the cut
    races = parse_race_list(load("race_list_basic_2023.json")).value
    assert races is not None
    homestead = next(r for r in races if r.race_id == 5372)
    assert homestead.playoff_round == 2 and homestead.stage_ends == (30, 60, 134)
    weekend = parse_weekend(load("weekend-feed_2021-cup-phoenix-championship.json")).value
    assert weekend is not None and weekend.results[0].pos == 1 and weekend.playoff_round == 4
    notes = parse_lap_notes(load("lap-notes_2023-xfinity-atlanta.json")).value
    assert notes is not None and notes[0].lap == 0


def test_a_trivia_note_is_not_a_flag() -> None:
    doc = copy.deepcopy(load("lap-notes_2023-xfinity-atlanta.json"))
    doc["laps"]["1"][0]["FlagState"] = 1000
    notes = parse_lap_notes(doc).value
    assert notes is not None
    assert next(n for n in notes if n.lap == 1).flag is None
