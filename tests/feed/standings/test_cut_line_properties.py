from __future__ import annotations

from hypothesis import given, settings

from cutline.feed.model.messages import FeedMessage
from cutline.feed.model.state import fold
from cutline.feed.standings.cut_line import standings
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
