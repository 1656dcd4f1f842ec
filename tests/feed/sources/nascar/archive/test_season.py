"""The season's points races from the real 2021 race list, and finding a race in them."""

from __future__ import annotations

import pytest

from cutline.feed.model.errors import CutlineError
from cutline.feed.sources.nascar.archive.season import (
    NoSuchRace,
    find_race,
    listing,
    points_races,
    series_id,
)
from cutline.feed.sources.nascar.lenient import decode_json
from cutline.feed.sources.nascar.parse_season import RaceListEntry, parse_race_list
from tests.support.archive_server import SAMPLE


def _cup_2021() -> list[RaceListEntry]:
    doc = decode_json((SAMPLE / "race_list_basic.json").read_bytes())
    parsed = parse_race_list(doc)
    assert parsed.value is not None
    return points_races(parsed.value, 1)


def test_the_points_races_are_the_season_by_date_without_exhibitions() -> None:
    doc = decode_json((SAMPLE / "race_list_basic.json").read_bytes())
    cup = [r for r in doc["series_1"]]
    races = _cup_2021()
    assert len(races) == sum(1 for r in cup if r["race_type_id"] == 1) < len(cup)
    assert [r.date for r in races] == sorted(r.date for r in races)
    assert races[-1].race_id == 5087


def test_the_listing_names_each_round_from_the_rules() -> None:
    lines = listing(_cup_2021(), "cup", 2021)
    last = lines[-1].split()
    assert last[:2] == ["5087", "2021-11-07"] and lines[-1].endswith("Championship 4")
    assert sum("Round of 8" in line for line in lines) == 3
    assert "Regular season" in lines[0]


def test_a_race_is_found_by_id_or_by_part_of_its_track_or_name() -> None:
    races = _cup_2021()
    assert find_race(races, "5087", "2021").race_id == 5087
    assert find_race(races, "cup series CHAMPIONSHIP", "2021").race_id == 5087
    assert find_race(races, "charlotte motor speedway ROAD", "2021").race_id == 5083


def test_an_ambiguous_race_lists_the_candidates() -> None:
    with pytest.raises(NoSuchRace) as err:
        find_race(_cup_2021(), "phoenix", "the 2021 cup season")
    text = str(err.value)
    assert text.startswith("'phoenix' matches 2 races of the 2021 cup season")
    assert "5012  2021-03-14  Phoenix Raceway" in text and "5087  2021-11-07" in text


def test_no_such_race_and_unknown_series_are_errors() -> None:
    with pytest.raises(NoSuchRace, match="no race 'monaco' among the 36 points races"):
        find_race(_cup_2021(), "monaco", "2021")
    with pytest.raises(CutlineError, match="unknown series 'f1'"):
        series_id("f1")
    assert series_id("OReilly") == series_id("xfinity") == 2
