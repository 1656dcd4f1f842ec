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
    assert set(texts) == {"5", "4"}
    assert texts["5"] == "Driver 5 locks in on lap 11"
    assert "drops below" in texts["4"]
