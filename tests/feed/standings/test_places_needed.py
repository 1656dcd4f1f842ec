"""Hand-built scenarios for the places-needed search: places to gain to get in, or to spare."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cutline.feed.standings.cut_line import DriverStanding
from tests.support.scenario import ROUND_OF_8 as PLAYOFF
from tests.support.scenario import Scenario, drivers


def test_positions_needed_when_passing_a_rival_directly() -> None:
    """Out by one point, right behind the last driver in: one pass swings it by two."""
    playoff = {**PLAYOFF, "4": 3080, "5": 3080}
    s = Scenario(playoff, finishes={"4": (1, 9), "5": (2, 30)})
    s.lap(80, [str(n) for n in range(9, 21)] + ["1", "2", "3", "4", "5", "6", "7", "8"])
    d = drivers(s)
    assert d["4"].status == "in" and d["5"].status == "out" and d["5"].margin == -1
    assert d["5"].positions_needed == 1
    assert d["4"].positions_to_spare == 0


@pytest.mark.parametrize(("finishes", "needed"), [({"5": (1,)}, 2), ({"4": (1,)}, 3)])
def test_positions_needed_counts_the_rival_moving_back(
    finishes: dict[str, tuple[int, ...]], needed: int
) -> None:
    # 5 runs right behind 4 (the last in), 3 points back. Passing 4 is worth 2 (5 +1, 4 -1),
    # the next place 1 more: level, and the tiebreaker decides; else one place more.
    playoff = {**PLAYOFF, "4": 3080, "5": 3078}
    s = Scenario(playoff, finishes=finishes)
    s.lap(80, ["1", "2", "3"] + [str(n) for n in range(9, 19)] + ["4", "5", "6", "7", "8"])
    d = drivers(s)
    assert d["5"].margin == -3 and d["5"].positions_needed == needed


def test_when_only_a_win_will_do_the_positions_needed_reach_p1() -> None:
    playoff = {**PLAYOFF, "5": 3073}
    s = Scenario(playoff)
    s.lap(80, ["1", "2", "3", "4", "9", "10", "11", "12", "5"] + [str(n) for n in range(13, 21)])
    d = drivers(s)
    assert d["4"].points - d["5"].points == (3085 + 33) - (3073 + 28)
    # From P9, every place short of the lead leaves 5 behind 4 on points: 8 places, to win.
    assert d["5"].positions_needed == 8


def test_a_lapped_driver_cannot_pass_cars_laps_ahead() -> None:
    s = Scenario(PLAYOFF)
    order = ["9", "10", "1", "2", "3", "4", "5", "6", "7", "8"]
    s.lap(80, order, laps_down={"5": 1, "6": 1, "7": 1, "8": 1})
    d = drivers(s)
    assert d["5"].status == "out" and d["5"].positions_needed is None
    assert d["4"].positions_to_spare is None  # nobody on its lap behind it can pass it


def _moved(order: list[str], car: str, places: int) -> list[str]:
    rest = [c for c in order if c != car]
    at = order.index(car) - places
    return [*rest[:at], car, *rest[at:]]


@settings(max_examples=150, deadline=None)
@given(
    st.permutations([str(n) for n in range(1, 21)]),
    st.lists(st.integers(3040, 3100), min_size=8, max_size=8),
    st.lists(st.lists(st.integers(1, 30), min_size=2, max_size=2), min_size=8, max_size=8),
)
def test_positions_needed_is_exact(
    order: list[str], points: list[int], finishes: list[list[int]]
) -> None:
    """Moving the driver the given number of places puts him across; one fewer does not."""
    playoff = {str(n): points[n - 1] for n in range(1, 9)}
    rounds = {str(n): tuple(finishes[n - 1]) for n in range(1, 9)}

    def board(o: list[str]) -> dict[str, DriverStanding]:
        s = Scenario(playoff, finishes=rounds)
        s.lap(50, o)
        return {d.car: d for d in s.board().drivers}

    _check_exact(board, order)


@settings(max_examples=120, deadline=None)
@given(
    st.permutations([str(n) for n in range(1, 25)]),
    st.integers(2, 16),
    st.lists(st.integers(3040, 3070), min_size=16, max_size=16),
    st.sets(st.sampled_from([str(n) for n in range(1, 17)]), max_size=3),
    st.sampled_from(["Round of 8", "Round of 10", "Championship 4"]),
)
def test_positions_needed_is_exact_with_earlier_winners_and_any_board(
    order: list[str], size: int, points: list[int], locked: set[str], round: str
) -> None:
    """As above, on boards of 2 to 16 drivers, some locked in by a win earlier in the round,
    close on points (ties, a leader who only wins it), in each kind of round."""
    playoff = {str(n): points[n - 1] for n in range(1, size + 1)}
    locked_in = sorted(c for c in locked if c in playoff)

    def board(o: list[str]) -> dict[str, DriverStanding]:
        s = Scenario(playoff, size=24, round=round, locked=locked_in)
        s.lap(50, o)
        return {d.car: d for d in s.board().drivers}

    _check_exact(board, order)


@settings(max_examples=120, deadline=None)
@given(
    st.permutations([str(n) for n in range(1, 31)]),
    st.integers(2, 24),
    st.lists(st.integers(600, 640), min_size=24, max_size=24),
    st.lists(st.integers(0, 3), min_size=29, max_size=29),
    st.sampled_from(
        [("truck", 2023, "Round of 10", "elimination"), ("cup", 2026, "Regular season", "chase")]
    ),
    st.booleans(),
)
def test_positions_needed_is_exact_with_laps_down_and_without_win_and_in(
    order: list[str],
    size: int,
    points: list[int],
    gaps: list[int],
    rules: tuple[str, int, str, str],
    started: bool,
) -> None:
    """As above, with cars laps down (each can gain or lose places only on his own lap), in a
    cut with a win-and-in and in the Chase's regular-season cut (16 places, no win-and-in),
    before the green flag (nobody can win yet) and after: every answer, "None" included."""
    series, season, round, fmt = rules
    playoff = {str(n): points[n - 1] for n in range(1, size + 1)}
    # Laps down rise along the order, so every lap's cars run together.
    down = {c: sum(gaps[:i]) // 3 for i, c in enumerate(order)} if started else {}

    def board(o: list[str]) -> dict[str, DriverStanding]:
        s = Scenario(playoff, size=30, series=series, season=season, round=round, fmt=fmt)
        s.lap(50 if started else 0, o, laps_down=down)
        return {d.car: d for d in s.board().drivers}

    _check_exact(board, order, down)


def _check_exact(
    board: Callable[[list[str]], dict[str, DriverStanding]],
    order: list[str],
    down: dict[str, int] | None = None,
) -> None:
    """Each driver moved the places he needs crosses, one fewer does not; the places he can
    spare keep him in, one more does not. "None": he stays out even at the first place on his
    lap (``down``: each car's laps down), or in even at the last."""
    laps = down or {}
    now = board(order)
    for car, d in now.items():
        on_lap = [i for i, c in enumerate(order) if laps.get(c, 0) == laps.get(car, 0)]
        ahead, behind = order.index(car) - on_lap[0], on_lap[-1] - order.index(car)
        if d.status == "out" and d.positions_needed is not None:
            assert d.positions_needed <= ahead
            assert board(_moved(order, car, d.positions_needed))[car].status != "out"
            if d.positions_needed > 1:
                assert board(_moved(order, car, d.positions_needed - 1))[car].status == "out"
        elif d.status == "out":
            assert board(_moved(order, car, ahead))[car].status == "out"
        elif d.positions_to_spare is not None:
            spare = d.positions_to_spare
            assert spare < behind
            assert board(_moved(order, car, -spare))[car].status != "out"
            assert board(_moved(order, car, -spare - 1))[car].status == "out"
        else:
            assert board(_moved(order, car, -behind))[car].status != "out"
