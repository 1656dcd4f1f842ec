from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cutline.feed.model.messages import FeedMessage
from cutline.feed.model.state import fold
from cutline.feed.standings.cut_line import DriverStanding, standings
from tests.support.scenario import Scenario
from tests.support.strategies import feeds


@settings(max_examples=80, deadline=None)
@given(feeds(max_size=15))
def test_board_invariants(msgs: list[FeedMessage]) -> None:
    state = fold(msgs)
    board = standings(state)
    race = state.race
    if race is None or race.playoff is None:
        assert board is None
        return
    assert board is not None
    eligible = [d.car for d in race.playoff.drivers]
    assert sorted(d.car for d in board.drivers) == sorted(eligible)
    ins = [d for d in board.drivers if d.status != "out"]
    assert len(ins) == board.cut_size == min(4, len(eligible))
    locked_before = {d.car for d in race.playoff.drivers if d.locked}
    winners_in_round = locked_before
    for d in board.drivers:
        if d.status == "locked":
            assert d.locked_by
        if d.car in winners_in_round and len(locked_before) <= board.cut_size:
            assert d.status == "locked"  # a driver locked by an earlier win is never out
        if d.status == "out":
            assert d.positions_to_spare is None
            assert d.positions_needed is None or d.positions_needed >= 1
        else:
            assert d.positions_needed == 0
    assert [d.rank for d in board.drivers] == list(range(1, len(eligible) + 1))
    assert board.bubble is None or board.bubble in eligible


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

    now = board(order)
    for car, d in now.items():
        if d.status == "out" and d.positions_needed is not None:
            assert board(_moved(order, car, d.positions_needed))[car].status != "out"
            if d.positions_needed > 1:
                assert board(_moved(order, car, d.positions_needed - 1))[car].status == "out"
        elif d.status == "out":
            assert board(_moved(order, car, order.index(car)))[car].status == "out"
        elif d.positions_to_spare is not None:
            spare = d.positions_to_spare
            assert board(_moved(order, car, -spare))[car].status != "out"
            assert board(_moved(order, car, -spare - 1))[car].status == "out"
