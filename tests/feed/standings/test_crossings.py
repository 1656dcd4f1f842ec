"""Crossings of the cut line between two boards."""

from __future__ import annotations

from cutline.feed.standings.crossings import crossings
from tests.support.scenario import ROUND_OF_8 as PLAYOFF
from tests.support.scenario import Scenario


def test_crossings_report_who_changed_sides() -> None:
    s = Scenario(PLAYOFF)
    s.lap(10, ["1", "2", "3", "4", "5", "6", "7", "8"])
    before = s.board()
    s.lap(11, ["5", "1", "2", "3", "4", "6", "7", "8"])
    now = s.board()
    texts = {c.car: c.text for c in crossings(before, now)}
    # Driver 1 led lap 10 (in with a win) and is passed: losing a projected win is news too.
    assert set(texts) == {"5", "4", "1"}
    assert texts["1"] == (
        "Driver 1 loses the lead on lap 11: no longer in with a win, in on points (projected)"
    )
    assert texts["5"] == "Driver 5 leads on lap 11: in with a win (projected)"
    assert texts["4"] == "Driver 4 drops below the cut line on lap 11 (projected)"
