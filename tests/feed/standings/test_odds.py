"""The odds to advance: a coherent board on the real reference race, exact at the flag, seeded,
and scored exactly as the board scores a race."""

from __future__ import annotations

import random

import numpy as np
import pytest

import cutline.replays as replays
from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import fold
from cutline.feed.playback.player import Player
from cutline.feed.rules import load
from cutline.feed.standings import standings
from cutline.feed.standings.odds import inside_matrix, odds
from cutline.feed.standings.odds_model import load_params
from cutline.feed.standings.projection import board_key, classification, field_of, inside_cut
from tests.support.scenario import ROUND_OF_8, Scenario

HEIM, HOCEVAR, ENFINGER, RHODES, SANCHEZ = "11", "42", "23", "99", "2"
LAPS = (1, 30, 61, 97, 120, 133)


@pytest.fixture(scope="module")
def states() -> dict[int, RaceState]:
    player = Player.open(replays.path(), speed=None)
    at = {lap: player.seek_lap(lap) for lap in LAPS}
    at[134] = player.final_state
    return at


@pytest.mark.parametrize("lap", LAPS)
def test_the_board_sums_to_the_places(states: dict[int, RaceState], lap: int) -> None:
    got = odds(states[lap])
    assert got is not None and not got.exact
    assert got.places == 4
    assert sum(got.advance.values()) == pytest.approx(4, abs=0.01)
    assert all(0.0 <= p <= 1.0 for p in got.advance.values())


@pytest.mark.parametrize("lap", LAPS)
def test_a_driver_locked_by_an_earlier_win_is_certain(
    states: dict[int, RaceState], lap: int
) -> None:
    # Heim won Bristol, the round's first race: in whatever happens at Homestead.
    got = odds(states[lap])
    assert got is not None
    assert got.advance[HEIM] == 1.0
    if lap == 1:
        # At the start nobody else is sure of anything.
        assert max(p for car, p in got.advance.items() if car != HEIM) < 1.0


def test_the_official_result_is_exactly_in_or_out(states: dict[int, RaceState]) -> None:
    final = states[134]
    assert final.result is not None and final.result.official
    got = odds(final)
    assert got is not None and got.exact
    assert {car for car, p in got.advance.items() if p == 1.0} == {
        HEIM,
        HOCEVAR,
        ENFINGER,
        RHODES,
    }
    assert all(p in (0.0, 1.0) for p in got.advance.values())


def test_the_same_seed_gives_the_same_odds(states: dict[int, RaceState]) -> None:
    a = odds(states[97], seed=7)
    b = odds(states[97], seed=7)
    c = odds(states[97], seed=8)
    assert a is not None and b is not None and c is not None
    assert a.advance == b.advance
    assert a.advance != c.advance  # the odds do come from the draws


def test_the_bubble_at_lap_97_is_open(states: dict[int, RaceState]) -> None:
    # Sanchez 2 in, Enfinger 2 out with 37 laps to run: neither is decided either way.
    got = odds(states[97])
    assert got is not None
    for car in (SANCHEZ, ENFINGER):
        assert 0.1 < got.advance[car] < 0.9


def test_a_driver_who_cannot_reach_the_line_is_zero() -> None:
    # Car 8 is 400 points short with a lap to run: no finish closes that.
    points = {**ROUND_OF_8, "8": ROUND_OF_8["8"] - 400}
    s = Scenario(points)
    s.lap(99, [str(n) for n in range(1, 21)])
    got = odds(fold(s.msgs))
    assert got is not None
    assert got.advance["8"] == 0.0
    assert sum(got.advance.values()) == pytest.approx(4, abs=0.01)


def test_the_championship_4_is_the_chance_to_be_champion() -> None:
    four = {"1": 4000, "2": 4000, "3": 4000, "4": 4000}
    s = Scenario(four, round="Championship 4")
    s.lap(50, ["1", "2", "3", "4"])
    got = odds(fold(s.msgs))
    assert got is not None and got.places == 1
    assert sum(got.advance.values()) == pytest.approx(1, abs=0.01)
    # The leader of the four is likelier champion than the fourth of them.
    assert got.advance["1"] > got.advance["4"]


@pytest.mark.parametrize("lap", (97, 133))
def test_simulated_races_are_scored_as_the_board_scores_them(
    states: dict[int, RaceState], lap: int
) -> None:
    # Whatever the simulated finish, the vectorised cut agrees with the board's own inside_cut.
    state = states[lap]
    race = state.race
    assert race is not None and race.playoff is not None
    rules = load(race.series, race.season)
    rnd = rules.round(race.playoff.round)
    order, dq, _ = classification(state)
    field = field_of(state, race, race.playoff, rules, order, dq, False)
    cars = list(field.cars)
    rng = random.Random(5)
    sims = []
    for _ in range(400):
        # Playoff drivers packed near the front make ties and win locks common.
        sims.append(rng.sample(range(1, 13), len(cars)))
    finish = np.array(sims, dtype=np.int64)
    extra = np.zeros_like(finish)
    got = inside_matrix(field, rules, rnd, False, 4, cars, finish, extra)
    key = board_key(rnd, rules, field)
    for i, places in enumerate(sims):
        pos = dict(zip(cars, places, strict=True))
        leader = next((c for c, p in pos.items() if p == 1), "not a playoff driver")
        expected = inside_cut(field, pos, leader, key, 4, rules, False, rnd)
        assert {c for j, c in enumerate(cars) if got[i, j]} == expected


def test_the_shipped_parameters_name_their_fit() -> None:
    params = load_params()
    assert params.fitted and params.races
    assert "2023-truck-homestead" in params.races
    assert params.scale > 0 and params.hazard >= 0


def test_no_board_no_odds() -> None:
    assert odds(RaceState()) is None
    board = standings(RaceState())
    assert board is None
