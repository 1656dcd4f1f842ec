"""The rules data equals the facts it was taken from, and unknowns stay unknown."""

from __future__ import annotations

import json

import msgspec
import pytest

from cutline.feed.model.errors import RulesError
from cutline.feed.rules import all_rules, load
from tests.support.paths import DATA, SHARED

FACTS = DATA / "facts" / "rules"
POINTS = json.loads((FACTS / "points-2023.json").read_text())
PLAYOFFS = json.loads((FACTS / "playoffs-2023.json").read_text())
CHASE = json.loads((FACTS / "chase-2026.json").read_text())
TABLES = {"cup": "cup_40_cars", "xfinity": "xfinity_38_cars", "truck": "trucks_36_trucks"}
PLAYOFF_KEYS = {"cup": "cup", "xfinity": "xfinity", "truck": "trucks"}


@pytest.mark.parametrize("season", [2021, 2022, 2023, 2024])
@pytest.mark.parametrize("series", ["cup", "xfinity", "truck"])
def test_elimination_rules_match_the_facts(series: str, season: int) -> None:
    rules = load(series, season)
    table = POINTS["finishing_points"][TABLES[series]]
    assert rules.format == "elimination"
    assert {str(p): rules.finishing_points(p) for p in range(1, len(table) + 1)} == table
    assert rules.finishing_points(40) == 1  # every place below the table's last scores 1
    stage = POINTS["stage_points"]["value"]
    assert {str(p): rules.stage_points(p) for p in range(1, 11)} == stage
    assert rules.stage_points(11) == 0
    facts = PLAYOFFS[PLAYOFF_KEYS[series]]
    assert rules.playoffs.field == facts["playoff_field"]
    got = [(r.name, r.races) for r in rules.playoffs.rounds]
    assert got == [(r["name"], r["races"]) for r in facts["rounds"]]
    for r, f in zip(rules.playoffs.rounds, facts["rounds"], strict=True):
        if isinstance(f["advance"], int):
            assert r.advance == f["advance"] and r.decided_by == "points"
        else:
            assert r.decided_by == "finish"
    assert rules.playoffs.win_and_in and rules.playoffs.tiebreakers == ("best-finish-in-round",)
    assert rules.points.playoff is not None and rules.points.playoff.race_win == 5


def test_a_reset_the_facts_mark_unknown_stays_unknown() -> None:
    assert load("xfinity", 2023).round("Championship 4").reset is None
    assert load("truck", 2023).round("Championship 4").reset == 4000


@pytest.mark.parametrize(("series", "key"), [("cup", "cup"),
                                             ("xfinity", "oreilly_auto_parts_series"),
                                             ("truck", "trucks")])  # fmt: skip
def test_chase_2026_rules_match_the_facts(series: str, key: str) -> None:
    rules = load(series, 2026)
    facts = CHASE[key]
    assert rules.format == "chase" and rules.playoffs.field == facts["field"]
    assert rules.finishing_points(1) == CHASE["points"]["race_win"] == 55
    assert rules.finishing_points(2) == 35
    assert not rules.playoffs.win_and_in
    assert rules.points.playoff is None  # abolished
    assert rules.playoffs.tiebreakers is None  # unknown
    assert "tiebreakers" in rules.about.unknown
    chase = rules.round("Chase")
    if isinstance(facts["reset"], dict):
        table = facts["reset"]["table"]
        assert chase.reset_table == tuple(table[str(i)] for i in range(1, len(table) + 1))
    else:
        assert chase.reset_table is None
    assert chase.races == facts["chase_races"]


def test_truck_chase_field_conflict_is_kept() -> None:
    assert "12 drivers" in load("truck", 2026).playoffs.field_conflict


def test_unknown_season_and_round_say_so() -> None:
    with pytest.raises(RulesError, match="no rules for truck 2019"):
        load("truck", 2019)
    with pytest.raises(RulesError, match="no round 'Round of 3'"):
        load("truck", 2023).round("Round of 3")


def test_every_rules_file_names_its_sources_and_seasons() -> None:
    for name, rules in all_rules():
        assert rules.seasons, name
        assert rules.points.sources or rules.playoffs.sources, name
        assert name.startswith(rules.series)


def test_a_malformed_rules_file_is_a_rules_error(tmp_path: object) -> None:
    from cutline.feed.rules import Rules

    with pytest.raises(msgspec.ValidationError):
        msgspec.toml.decode(b'series = "cup"', type=Rules)


SEASONS = range(2020, 2026)


@pytest.mark.parametrize("series", ["cup", "xfinity", "truck"])
@pytest.mark.parametrize("season", SEASONS)
def test_every_elimination_season_has_the_derived_finishing_points(
    series: str, season: int
) -> None:
    # The shipped tables against the one derived from every points race of the season.
    if SHARED is None:
        pytest.skip("../shared/facts (points-by-season.json) is absent")
    doc = json.loads((SHARED / "facts" / "rules" / "points-by-season.json").read_text())
    derived = doc["finishing_points"][str(season)][series]
    rules = load(series, season)
    assert rules.format == "elimination"
    for place, row in derived.items():
        assert rules.finishing_points(int(place)) == row["points"], (series, season, place)
    assert rules.playoffs.field == doc["formats"][series]["field"]


def test_the_2020_truck_series_scores_every_place_from_32nd_as_5() -> None:
    rules = load("truck", 2020)
    assert [rules.finishing_points(p) for p in (31, 32, 33, 40)] == [6, 5, 5, 5]
    assert load("truck", 2021).finishing_points(33) == 4
    assert rules.playoffs.field == 10 and rules.round("Championship 4").decided_by == "finish"
    assert load("cup", 2026).format == "chase" and load("cup", 2025).format == "elimination"
