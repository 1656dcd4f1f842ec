"""The running order's cells on the bundled race: the leader says so, and once a car is
disqualified the gaps are to the cars classified ahead, not to the car that was removed."""

from __future__ import annotations

from cutline.feed.model.state import fold
from cutline.feed.standings.cut_line import standings
from cutline.feed.views.follow import time_behind_leader
from cutline.tui.views.running_order import order_rows
from tests.support.nascar_race import bundled


def test_the_leader_reads_leader_and_after_the_dq_p2_is_timed_to_the_winner() -> None:
    msgs = bundled()
    mid = fold(msgs[: len(msgs) // 2])
    rows = order_rows(mid, standings(mid), None, False)
    assert rows[0].cells["gap"][0] == "leader" and rows[0].cells["int"][0] == ""
    final = fold(msgs)
    assert final.result is not None and any(r.disqualified for r in final.result.cars)
    rows = order_rows(final, standings(final), None, False)
    assert rows[0].cells["gap"][0] == "winner"
    times = time_behind_leader(final.order)
    winner, second = rows[0].car, rows[1].car
    t1, t2 = times[winner], times[second]
    assert t1 is not None and t2 is not None
    # Rhodes ran behind the disqualified Smith; classified P2, his interval is to Hocevar.
    expected = f"{t2 - t1:.3f}"
    assert rows[1].cells["int"][0] == expected and rows[1].cells["gap"][0] == expected
    dq = next(r for r in rows if r.cells["pen"][0] == "DQ")
    assert dq.cells["int"][0] == "" and dq.cells["gap"][0] == ""
