"""The NASCAR adapter: real snapshots to cutline messages, the finish, and the championship
context (or an honest "unknown" where the rules or the points are missing)."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from cutline.feed.model.messages import FeedMessage, Flag, Lap, Pit, Race, Result
from cutline.feed.model.state import fold
from cutline.feed.sources.nascar.adapter import Adapter
from cutline.feed.sources.nascar.context import rules_for
from cutline.feed.standings.cut_line import standings
from cutline.feed.standings.eligibility import eligibility
from cutline.feed.views.report import board_json
from tests.support.paths import load

CHICAGO = "live-feed_2026-xfinity-chicagoland_final.json"
DARLINGTON = "live-feed_2025-cup-darlington_final.json"
PHOENIX = "live-feed_2021-cup-phoenix-championship_final.json"
ATLANTA = "live-feed_2023-cup-atlanta_lap233-green.json"


def step(docs: dict[str, Any], season: int, t: float = 0.0) -> tuple[Adapter, list[FeedMessage]]:
    adapter = Adapter(default_season=season)
    return adapter, adapter.step(docs, t)


def kinds(msgs: list[FeedMessage]) -> Counter[str]:
    return Counter(type(m).__name__ for m in msgs)


def test_chicagoland_final_with_its_flag_and_pit_feeds() -> None:
    docs = {
        "live": load(CHICAGO),
        "flags": load("live-flag-data_2026-xfinity-chicagoland.json"),
        "pits": load("live-pit-data_2026-xfinity-chicagoland.json"),
    }
    adapter, msgs = step(docs, 2026)
    assert [m.seq for m in msgs] == list(range(1, len(msgs) + 1))
    assert kinds(msgs) == {"Race": 1, "Flag": 17, "Lap": 1, "Pit": 348, "Result": 1}
    race = msgs[0]
    assert isinstance(race, Race) and race.series == "xfinity" and race.season == 2026
    # No race list here: the stage ends come from the "Stage N Conclusion" cautions.
    assert race.stage_ends == (45, 90, 201) and race.scheduled_laps == 201
    state = fold(msgs)
    assert state.cautions == 7 and state.flag == "checkered"
    flags = [m for m in msgs if isinstance(m, Flag)]
    assert (flags[1].flag, flags[1].lap, flags[1].reason) == ("yellow", 45, "Stage 1 Conclusion")
    assert flags[-1].reason == "session over"
    pits = [m for m in msgs if isinstance(m, Pit)]
    assert sum(p.phase == "in" for p in pits) == 175  # 248 rows - 38 pre-race - 35 post-race
    assert all(p.lap < 201 for p in pits)
    result = msgs[-1]
    assert isinstance(result, Result) and not result.official
    assert [r.car for r in result.cars[:3]] == ["20", "88", "2"]
    assert result.cars[1].laps_led == 78
    assert any("session is over" in n for n in adapter.take_notices())


def test_same_snapshot_twice_says_nothing_new() -> None:
    adapter = Adapter(default_season=2023)
    first = adapter.step({"live": load(ATLANTA)}, 0.0)
    assert kinds(first) == {"Race": 1, "Flag": 1, "Lap": 1}
    assert adapter.step({"live": load(ATLANTA)}, 5.0) == []
    moved = load(ATLANTA)
    moved["vehicles"][0]["laps_completed"] = 234
    moved["lap_number"] = 234
    again = adapter.step({"live": moved}, 10.0)
    assert kinds(again) == {"Lap": 1} and again[0].seq == 4 and again[0].t == 10.0


def test_lap_lines_carry_gaps_and_laps_down() -> None:
    _, msgs = step({"live": load(ATLANTA)}, 2023)
    lap = next(m for m in msgs if isinstance(m, Lap))
    cars = {c.car: c for c in lap.cars}
    assert lap.lap == 233 and cars["6"].pos == 1 and cars["6"].gap == 0.0
    assert cars["45"].interval == cars["45"].gap
    assert cars["15"].laps_down == 2 and cars["15"].gap is None
    assert cars["17"].status == "out"


def frame(laps: int, flag: int, *, laps_to_go: int = 0) -> dict[str, Any]:
    doc = load(ATLANTA)
    doc["laps_in_race"], doc["lap_number"], doc["flag_state"] = 260, laps, flag
    doc["laps_to_go"] = laps_to_go
    return doc


def test_the_finish_white_with_the_leader_at_the_scheduled_laps() -> None:
    adapter = Adapter(default_season=2023)
    assert not any(isinstance(m, Result) for m in adapter.step({"live": frame(259, 4)}, 0))
    msgs = adapter.step({"live": frame(260, 4)}, 1)
    result = [m for m in msgs if isinstance(m, Result)]
    assert len(result) == 1
    flag = next(m for m in msgs if isinstance(m, Flag) and m.flag == "checkered")
    assert flag.reason == "the leader completed the scheduled laps"
    # The feed then shows 9 (session over): no second checkered, same result.
    assert adapter.step({"live": frame(260, 9)}, 2) == []


def test_a_caution_at_the_scheduled_laps_ends_the_race_only_after_the_white() -> None:
    overtime = Adapter(default_season=2023)
    overtime.step({"live": frame(258, 2)}, 0)
    msgs = overtime.step({"live": frame(260, 2)}, 1)
    assert not any(isinstance(m, Result) for m in msgs)  # overtime: no white flag yet
    last_lap = Adapter(default_season=2023)
    last_lap.step({"live": frame(259, 4)}, 0)
    msgs = last_lap.step({"live": frame(260, 2)}, 1)  # caution on the last lap (Atlanta 2023)
    assert any(isinstance(m, Result) for m in msgs)


def test_a_rain_shortened_race_ends_with_laps_to_go() -> None:
    _, msgs = step({"live": frame(127, 9, laps_to_go=133)}, 2023)
    flag = next(m for m in msgs if isinstance(m, Flag) and m.flag == "checkered")
    assert flag.reason == "race ended 133 laps short of the scheduled distance"
    assert any(isinstance(m, Result) for m in msgs)


def test_unknown_flag_codes_are_logged_never_a_crash() -> None:
    adapter = Adapter(default_season=2023)
    msgs = adapter.step({"live": frame(200, 7)}, 0)
    assert kinds(msgs) == {"Race": 1, "Lap": 1}
    assert any("unknown flag code 7" in n for n in adapter.take_notices())
    flags = load("live-flag-data_2026-xfinity-chicagoland.json")
    flags.insert(3, {**flags[2], "flag_state": 6})
    live = load(CHICAGO)
    adapter = Adapter(default_season=2026)
    msgs = adapter.step({"live": live, "flags": flags}, 0)
    assert sum(isinstance(m, Flag) for m in msgs) == 17
    assert any("unknown flag code 6 at lap 45" in n for n in adapter.take_notices())


def test_practice_has_no_result_and_no_cut_line() -> None:
    adapter, msgs = step({"live": load("live-feed_2023-cup-cota_final-practice.json")}, 2023)
    race = msgs[0]
    assert isinstance(race, Race) and race.scheduled_laps == 0 and race.playoff is None
    assert not any(isinstance(m, Result) for m in msgs)
    assert eligibility(fold(msgs)) is None
    assert "practice session: no points at stake, no cut line" in adapter.take_notices()


def test_darlington_2025_lists_the_16_playoff_drivers_and_says_the_points_are_unknown() -> None:
    # 2025 has rules (the elimination format's last season), but the live frame has no standings.
    adapter, msgs = step({"live": load(DARLINGTON)}, 2025)
    state = fold(msgs)
    assert state.race is not None and state.race.playoff is None  # no points entering the race
    assert standings(state) is None  # so no RulesError either
    elig = eligibility(state)
    assert elig is not None and elig.basis == "playoff badges"
    assert [d.car for d in elig.drivers][:4] == ["19", "45", "23", "11"]
    assert len(elig.drivers) == 16
    assert "Shane Van Gisbergen" in {d.driver for d in elig.drivers}
    assert "points entering the race unknown" in elig.reason
    doc = board_json(state, None)
    assert doc["eligible"]["basis"] == "playoff badges" and len(doc["eligible"]["drivers"]) == 16


def test_a_season_with_no_rules_file_says_the_rules_are_unknown() -> None:
    # Darlington's frame names its season (2025, which has rules); 2019 has none.
    rules, note = rules_for("cup", 2019)
    assert rules is None and note.startswith("rules unknown for cup 2019")
    assert rules_for("cup", 2025)[0] is not None


def test_chicagoland_2026_has_no_chase_badges_so_the_points_eligible_field_is_listed() -> None:
    raw = load(CHICAGO)
    # The sample is a July race of the 2026 regular season: no (C), no is_in_chase.
    assert not any(v["driver"]["is_in_chase"] for v in raw["vehicles"])
    assert "(C)" not in str(raw)
    _, msgs = step({"live": raw}, 2026)
    state = fold(msgs)
    elig = eligibility(state)
    assert elig is not None and elig.basis == "points-eligible field"
    cars = {d.car for d in elig.drivers}
    assert len(cars) == 34 and not cars & {"88", "0", "1", "92"}  # the four (i) entries
    assert "points entering the race unknown" in elig.reason


def chase_frame() -> dict[str, Any]:
    """The Chicagoland frame as a Chase race would show it: (C) on twelve drivers."""
    doc = copy.deepcopy(load(CHICAGO))
    eligible = [v for v in doc["vehicles"] if "(i)" not in v["driver"]["full_name"]]
    for v in eligible[:12]:
        v["driver"]["full_name"] += " (C)"
        v["driver"]["is_in_chase"] = True
    return doc


def test_chase_badges_mark_the_chase_drivers() -> None:
    _, msgs = step({"live": chase_frame()}, 2026)
    state = fold(msgs)
    assert state.race is not None
    marked = [e.car for e in state.race.field if e.playoff]
    assert len(marked) == 12
    elig = eligibility(state)
    assert elig is not None and elig.basis == "playoff badges" and len(elig.drivers) == 12


def standings_from_live_points(name: str) -> list[dict[str, Any]]:
    """Season standings rows (points entering the race) from a real live-points file."""
    rows = load(name)
    return [
        {
            "driver_id": r["driver_id"],
            "points": r["points"] - r["points_earned_this_race"],
            "driver_name": f"{r['first_name']} {r['last_name']}".strip(),
            "car_no": r["car_number"],
        }
        for r in rows
    ]


def test_phoenix_2021_championship_from_its_real_final_frame_and_points() -> None:
    docs = {
        "live": load(PHOENIX),
        "standings": standings_from_live_points("live_points_2021-cup-phoenix-championship.json"),
        "races": {"series_1": [{"race_id": 5087, "series_id": 1, "race_season": 2021,
                                "playoff_round": 4, "scheduled_laps": 312, "stage_1_laps": 75,
                                "stage_2_laps": 115, "stage_3_laps": 122,
                                "race_date": "2021-11-07T15:00:00"}]},
    }  # fmt: skip
    adapter, msgs = step(docs, 2021)
    race = msgs[0]
    assert isinstance(race, Race) and race.playoff is not None
    assert race.stage_ends == (75, 190, 312)
    ctx = race.playoff
    assert (ctx.format, ctx.round) == ("elimination", "Championship 4")
    assert {d.car: d.points for d in ctx.drivers} == {"5": 5000, "19": 5000, "11": 5000, "9": 5000}
    board = standings(fold(msgs))
    assert board is not None and board.decided_by == "finish"
    assert board.drivers[0].driver == "Kyle Larson" and board.drivers[0].status == "in"


def test_without_a_race_list_the_round_is_inferred_from_the_badges() -> None:
    docs = {
        "live": load(PHOENIX),
        "standings": standings_from_live_points("live_points_2021-cup-phoenix-championship.json"),
    }
    adapter, msgs = step(docs, 2021)
    race = msgs[0]
    assert isinstance(race, Race) and race.playoff is not None
    assert race.playoff.round == "Championship 4"
    notes = adapter.take_notices()
    assert "playoff round inferred from 4 badged drivers: Championship 4" in notes
    assert "season 2021 assumed (neither the snapshot nor the race list says)" in notes


def test_a_series_filter_waits_for_its_series() -> None:
    adapter = Adapter(default_season=2026, series="cup")
    assert adapter.step({"live": load(CHICAGO)}, 0.0) == []
    assert adapter.take_notices() == [
        "waiting for a cup session: the feed shows xfinity Cuervo 300"
    ]
    assert (
        kinds(Adapter(default_season=2026, series="xfinity").step({"live": load(CHICAGO)}, 0))[
            "Race"
        ]
        == 1
    )


def test_the_start_is_the_feeds_grid_the_team_is_named_and_intervals_are_rounded() -> None:
    live = load(PHOENIX)
    docs = {"live": live, "weekend:5087": load("weekend-feed_2021-cup-phoenix-championship.json")}
    _, msgs = step(docs, 2021)
    state = fold(msgs)
    grid = {v["vehicle_number"]: v["starting_position"] for v in live["vehicles"]}
    moved = [car for car, start in grid.items() if start != state.stats[car].start or start < 1]
    assert moved == []  # every car's start is the feed's, not the first place seen
    assert grid["19"] == 12 and next(r.pos for r in state.order if r.car == "19") == 2
    race = msgs[0]
    assert isinstance(race, Race)
    teams = {e.car: e.team for e in race.field}
    assert teams["20"] == "Joe Gibbs Racing" and teams["42"] == "Chip Ganassi Racing"
    lap = next(m for m in msgs if isinstance(m, Lap))
    intervals = [c.interval for c in lap.cars if c.interval is not None]
    assert len(intervals) > 10
    assert all(i == round(i, 3) and len(repr(i).split(".")[-1]) <= 3 for i in intervals)


def test_without_a_weekend_feed_the_team_stays_unknown() -> None:
    _, msgs = step({"live": load(PHOENIX)}, 2021)
    race = msgs[0]
    assert isinstance(race, Race) and all(e.team == "" for e in race.field)
