"""The title fight of a round decided by the finish, and the round's drivers missing from a race."""

from __future__ import annotations

from cutline.feed.model.messages import Entry, Race, RaceState
from cutline.feed.standings.championship import not_started, title_order


def test_the_best_placed_is_champion_and_each_other_needs_to_pass_the_one_ahead() -> None:
    champion, rows = title_order(["5", "11", "19", "9"], {"5": 1, "19": 2, "11": 3, "9": 5})
    assert champion == "5"
    assert [(r.car, r.ahead, r.places_to_pass) for r in rows] == [
        ("5", None, None),
        ("19", "5", 1),
        ("11", "19", 1),
        ("9", "11", 2),
    ]


def test_a_title_driver_off_the_road_comes_last_with_no_count() -> None:
    champion, rows = title_order(["5", "11"], {"11": 4})
    assert champion == "11"
    assert [(r.car, r.pos, r.ahead, r.places_to_pass) for r in rows] == [
        ("11", 4, None, None),
        ("5", None, "11", None),
    ]
    assert title_order(["5"], {}) == (None, title_order(["5"], {})[1])


def test_not_started_is_who_the_field_lacks() -> None:
    race = Race(
        seq=1,
        t=0.0,
        series="cup",
        season=2021,
        track="Phoenix Raceway",
        scheduled_laps=312,
        stage_ends=(75, 190, 312),
        field=(Entry(car="5", driver="Kyle Larson"), Entry(car="11", driver="Denny Hamlin")),
    )
    state = RaceState(race=race)
    assert not_started(state, ["5", "11", "19"]) == {"19"}
    assert not_started(RaceState(), ["5"]) == frozenset()
