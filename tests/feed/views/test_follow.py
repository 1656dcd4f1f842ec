"""Gaps seen from the followed car, and its neighbours on the timing screen."""

from __future__ import annotations

from cutline.feed.model.messages import CarLap, RaceState
from cutline.feed.views.follow import neighbours, relative_to, time_behind_leader


def _state(*rows: CarLap) -> RaceState:
    return RaceState(seq=1, lap=10, order=rows)


LEADER = CarLap(car="1", pos=1, laps=10)
SECOND = CarLap(car="2", pos=2, laps=10, gap=1.5, interval=1.5)
THIRD = CarLap(car="3", pos=3, laps=10, gap=4.0, interval=2.5)
LAPPED = CarLap(car="4", pos=4, laps=9, laps_down=1, interval=30.0)
LOST = CarLap(car="5", pos=5, laps=8, laps_down=2)


def test_time_behind_leader_chains_intervals_for_lapped_cars() -> None:
    times = time_behind_leader((LEADER, SECOND, THIRD, LAPPED, LOST))
    assert times == {"1": 0.0, "2": 1.5, "3": 4.0, "4": 34.0, "5": None}


def test_relative_to_the_followed_car() -> None:
    rel = relative_to(_state(LEADER, SECOND, THIRD, LAPPED, LOST), "2")
    assert rel["2"].seconds == 0.0 and rel["2"].laps == 0
    assert rel["1"].seconds == -1.5
    assert rel["3"].seconds == 2.5
    assert rel["4"].seconds == 32.5 and rel["4"].laps == 1
    assert rel["5"].seconds is None and rel["5"].laps == 2


def test_relative_to_a_car_without_a_lap_line_is_empty() -> None:
    assert relative_to(_state(LEADER, SECOND), "9") == {}


def test_neighbours() -> None:
    state = _state(LEADER, SECOND, THIRD)
    mid = neighbours(state, "2")
    assert mid is not None
    assert (mid.ahead, mid.gap_ahead, mid.behind, mid.gap_behind) == ("1", 1.5, "3", 2.5)
    first = neighbours(state, "1")
    assert first is not None and first.ahead is None and first.gap_ahead is None
    last = neighbours(state, "3")
    assert last is not None and last.behind is None and last.gap_behind is None
    assert neighbours(state, "9") is None
