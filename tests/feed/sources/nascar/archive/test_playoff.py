"""The playoff context computed from race 5087's real feeds, by each method, and the refusals
when the feeds cannot give it."""

from __future__ import annotations

from typing import Any

import msgspec

from cutline.feed.rules import load
from cutline.feed.sources.nascar.archive.advance import advanced
from cutline.feed.sources.nascar.archive.playoff import Context, compute
from cutline.feed.sources.nascar.lenient import decode_json
from cutline.feed.sources.nascar.parse_archive import LapTimes, parse_lap_times
from cutline.feed.sources.nascar.parse_season import (
    LivePointsRow,
    RaceListEntry,
    WeekendRace,
    WeekendResultRow,
    parse_live_points,
    parse_race_list,
    parse_weekend,
)
from tests.support.archive_server import SAMPLE

FOUR = {"5", "19", "11", "9"}


def _doc(name: str) -> Any:
    return decode_json((SAMPLE / name).read_bytes())


def _inputs() -> tuple[list[RaceListEntry], WeekendRace, LapTimes, tuple[LivePointsRow, ...]]:
    races = parse_race_list(_doc("race_list_basic.json")).value
    weekend = parse_weekend(_doc("weekend-feed.json")).value
    laps = parse_lap_times(_doc("lap-times.json")).value
    live = parse_live_points(_doc("live_points.json")).value
    assert races and weekend and laps and live
    return [r for r in races if r.series_id == 1], weekend, laps, live


def _compute(
    *, live: tuple[LivePointsRow, ...] | None, playoff_round: int = 4, laps: LapTimes | None = None
) -> Context:
    races, weekend, real_laps, _ = _inputs()
    entry = next(r for r in races if r.race_id == 5087)
    entry = msgspec.structs.replace(entry, playoff_round=playoff_round)
    return compute(series="cup", season=2021, entry=entry, races=races, weekend=weekend,
                   laps=laps or real_laps, live=live, weekends=lambda r: None)  # fmt: skip


def test_live_points_give_the_field_and_the_points_entering() -> None:
    ctx = _compute(live=_inputs()[3])
    assert ctx.round == "Championship 4" and ctx.playoff_cars == FOUR
    assert ctx.pre_race is not None
    assert {d.car: d.pre_race_total for d in ctx.pre_race.drivers} == dict.fromkeys(FOUR, 5000)
    assert ctx.notes == [
        "playoff field: is_in_chase in the race's live points (4)",
        "points entering: live points (points - points_earned_this_race)",
    ]


def test_without_live_points_the_markers_and_the_flat_reset_are_used_and_said() -> None:
    ctx = _compute(live=None)
    assert ctx.playoff_cars == FOUR and ctx.pre_race is not None
    assert {d.car: d.pre_race_total for d in ctx.pre_race.drivers} == dict.fromkeys(FOUR, 5000)
    assert ctx.notes[0] == (
        "playoff field not computed from the previous round: live points of race 5060 (end of "
        "round 3) missing"
    )
    assert ctx.notes[1].startswith("playoff field: the (P)/(C) markers of the lap times (4)")
    assert "folded from the round's flat reset (5000)" in ctx.notes[2]


def test_an_is_in_chase_count_that_is_not_the_rounds_falls_back_to_the_markers() -> None:
    live = tuple(msgspec.structs.replace(p, chase_flag=True) for p in _inputs()[3][:6])
    ctx = _compute(live=live)
    assert ctx.notes[0] == "is_in_chase names 6 drivers of the race, not 4"
    assert ctx.playoff_cars == FOUR


def test_markers_of_the_wrong_count_give_no_context() -> None:
    laps = _inputs()[2]
    marked = tuple(
        msgspec.structs.replace(c, badges=msgspec.structs.replace(c.badges, playoff=True))
        for c in laps.cars[:5]
    )
    ctx = _compute(live=None, laps=msgspec.structs.replace(laps, cars=marked + laps.cars[5:]))
    assert ctx.pre_race is None
    assert ctx.notes[-1].startswith("playoff field unknown: 5 drivers carry a playoff marker")


def test_a_seeded_round_without_live_points_has_no_points_entering() -> None:
    laps = _inputs()[2]
    eight = {c.car for c in laps.cars[:8]}
    marked = tuple(
        msgspec.structs.replace(c, badges=msgspec.structs.replace(c.badges, playoff=c.car in eight))
        for c in laps.cars
    )
    ctx = _compute(live=None, playoff_round=3, laps=msgspec.structs.replace(laps, cars=marked))
    assert ctx.round == "Round of 8" and ctx.pre_race is None
    assert "points entering unknown" in ctx.notes[-1]
    assert "finishes earlier in the round unknown for race(s) 5044, 5084, 5060" in ctx.notes[2]


def _row(driver: int, points: int, chase: bool = True) -> LivePointsRow:
    return LivePointsRow(driver_id=driver, points=points, earned=0, chase_flag=chase)


def _race(race_id: int, date: str) -> RaceListEntry:
    return RaceListEntry(race_id=race_id, series_id=1, date=date, playoff_round=3, race_type=1)


def _results(race_id: int, order: list[int]) -> WeekendRace:
    rows = tuple(WeekendResultRow(pos=i, driver_id=d) for i, d in enumerate(order, 1))
    return WeekendRace(race_id=race_id, results=rows)


def test_the_field_through_from_the_previous_round_is_wins_then_points_then_finishes() -> None:
    rules = load("cup", 2021)
    races = [_race(1, "2021-10-17"), _race(2, "2021-10-24"), _race(3, "2021-10-31")]
    # Round of 8: driver 80 (last on points) wins race 2; 30 and 40 tie for the last place on
    # points, and 40 has the better finish in the round (2nd against 3rd).
    weekends = {1: _results(1, [10, 20, 30]), 2: _results(2, [80, 40, 30]),
                3: _results(3, [10, 20, 50])}  # fmt: skip
    live = [_row(10, 4100), _row(20, 4090), _row(30, 4050), _row(40, 4050), _row(50, 4040),
            _row(60, 4030), _row(70, 4020), _row(80, 4010), _row(99, 900, chase=False)]  # fmt: skip
    ids, how = advanced(rules, 4, 1, races, lambda r: live if r.race_id == 3 else None,
                        lambda r: weekends[r.race_id])  # fmt: skip
    assert ids == {80, 10, 20, 40}
    assert how.startswith("playoff field: through from round 3 (wins, then points after race 3")
    ids, how = advanced(rules, 4, 1, races, lambda r: live, lambda r: None)
    assert ids is None and how == "weekend feed(s) 1, 2, 3 of round 3 missing"
    ids, how = advanced(rules, 4, 1, races, lambda r: live[:7], lambda r: weekends[r.race_id])
    assert ids is None and how == "race 3: is_in_chase names 7, not 8"
