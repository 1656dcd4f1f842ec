"""The log as a tool on the bundled race: filtered to the playoff drivers or the followed one,
and the other cars' stops folded into one line per caution or green run unless asked for."""

from __future__ import annotations

import pytest

from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import fold
from cutline.feed.views.history import History, advance
from cutline.tui.views.race_log import LogFilter, LogLine, log_lines, shown_lines
from tests.support.nascar_race import bundled

RHODES = "99"


@pytest.fixture(scope="module")
def race() -> tuple[RaceState, list[LogLine]]:
    state = fold(bundled())
    lines = log_lines(state, advance(History(), state))
    return state, lines


def _playoff(state: RaceState) -> set[str]:
    assert state.race is not None
    return {e.car for e in state.race.field if e.playoff}


def test_every_stop_on_request_and_the_others_folded_by_default(
    race: tuple[RaceState, list[LogLine]],
) -> None:
    state, lines = race
    playoff = _playoff(state)
    every = shown_lines(lines, LogFilter(every_pit=True), playoff, None)
    assert every == lines
    folded = shown_lines(lines, LogFilter(), playoff, None)
    pit_cars = {c for x in lines if x.kind == "pit" for c in x.cars}
    others = pit_cars - playoff
    assert others
    summaries = [x for x in folded if x.kind == "pit" and "other car" in x.text]
    # No single stop of a non-playoff car is left; each is named in a folded line instead.
    assert not [
        x for x in folded if x.kind == "pit" and x not in summaries and not playoff & set(x.cars)
    ]
    assert {c for x in summaries for c in x.cars} == others
    assert all(not playoff & set(x.cars) for x in summaries)
    assert len(folded) < len(lines) - 100
    # The playoff drivers' own stops are all still there, one by one.
    assert [x for x in folded if x.kind == "pit" and playoff & set(x.cars)] == [
        x for x in lines if x.kind == "pit" and playoff & set(x.cars)
    ]
    under_80 = [x for x in summaries if x.lap in range(78, 86) and "under caution" in x.text]
    assert len(under_80) == 1, [x.text for x in summaries]


def test_playoff_drivers_only_and_the_followed_driver_only(
    race: tuple[RaceState, list[LogLine]],
) -> None:
    state, lines = race
    playoff = _playoff(state)
    mine = shown_lines(lines, LogFilter(who="playoff", every_pit=True), playoff, None)
    assert mine and all(playoff & set(x.cars) for x in mine if x.cars)
    assert {x.kind for x in mine if not x.cars} >= {"flag"}  # the flags still frame them
    his = shown_lines(lines, LogFilter(who="followed"), playoff, RHODES)
    assert his and all(RHODES in x.cars for x in his if x.cars)
    assert any(x.kind == "pit" for x in his)
    kinds = shown_lines(lines, LogFilter(kind="penalty", who="followed"), playoff, RHODES)
    assert all(x.kind == "penalty" for x in kinds)


def test_each_paying_stage_says_what_every_playoff_driver_banked(
    race: tuple[RaceState, list[LogLine]],
) -> None:
    state, lines = race
    banked = [x for x in lines if x.kind == "stage" and "points, playoff drivers" in x.text]
    assert [x.lap for x in banked] == [30, 60]  # the final stage is the race itself
    assert state.race is not None and state.race.playoff is not None
    for line, stage in zip(banked, state.stages, strict=False):
        for p in state.race.playoff.drivers:
            assert p.driver in line.text  # banked points, or "none for" him
        winner = stage.top[0].car
        assert "+10 (P1)" in line.text and winner in line.cars
