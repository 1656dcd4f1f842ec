"""Hand-built scenarios for the cut line."""

from __future__ import annotations

import pytest

from tests.support.scenario import ROUND_OF_8 as PLAYOFF
from tests.support.scenario import Scenario, drivers


def inside(s: Scenario) -> set[str]:
    return {d.car for d in s.board().drivers if d.status != "out"}


def test_points_projection_and_margins() -> None:
    s = Scenario(PLAYOFF)
    s.lap(10, [str(n) for n in range(9, 21)] + [str(n) for n in range(1, 9)])
    # Non-playoff cars hold P1-P12; the playoff cars run P13..P20 in car order.
    d = drivers(s)
    assert d["1"].pos == 13 and d["1"].points == 3100 + 24
    assert inside(s) == {"1", "2", "3", "4"}
    assert d["4"].margin == (3085 + 21) - (3080 + 20)
    assert d["5"].margin == -d["4"].margin
    assert s.board().last_in == "4" and s.board().first_out == "5"


def test_a_win_locks_a_driver_in_and_pushes_the_last_one_out() -> None:
    s = Scenario(PLAYOFF)
    s.lap(99, ["8", "1", "2", "3", "4", "5", "6", "7"])
    d = drivers(s)
    assert d["8"].status == "locked" and d["8"].locked_by == "leading this race"
    assert d["4"].status == "out"
    s.result(["8", "1", "2", "3", "4", "5", "6", "7"])
    assert drivers(s)["8"].locked_by == "won this race"
    assert drivers(s)["8"].margin is not None


def test_a_locked_driver_from_an_earlier_race_stays_in_at_the_back() -> None:
    s = Scenario(PLAYOFF, locked=["8"])
    s.lap(50, ["1", "2", "3", "4", "5", "6", "7"] + [str(n) for n in range(9, 21)] + ["8"])
    d = drivers(s)
    assert d["8"].status == "locked" and d["8"].pos == 20
    assert d["8"].positions_needed == 0 and d["8"].positions_to_spare is None
    assert inside(s) == {"8", "1", "2", "3"}


def test_a_points_tie_is_broken_by_the_best_finish_in_the_round() -> None:
    # 4 and 5 level on points; 5 has the better best finish in the round (2 against 3).
    playoff = {**PLAYOFF, "4": 3081, "5": 3080}
    s = Scenario(playoff, finishes={"4": (3, 9), "5": (2, 30)})
    s.lap(100, ["1", "2", "3", "9", "10", "4", "5", "6", "7", "8"])
    # 4 in P6 scores 31, 5 in P7 scores 30: 4 is two ahead, no tie yet.
    assert drivers(s)["4"].points == drivers(s)["5"].points + 2
    assert not drivers(s)["4"].tiebreak
    s.result(["1", "2", "3", "9", "10", "5", "4", "6", "7", "8"])
    d = drivers(s)
    assert d["4"].points == d["5"].points
    # Best finish in the round: 5 has 2 (and 6 here), 4 has 3 (and 7): 5 goes through.
    assert d["5"].status == "in" and d["4"].status == "out"
    assert d["5"].tiebreak and d["4"].tiebreak and d["5"].margin == 0
    assert any("tiebreaker" in n for n in s.board().notes)


def test_a_post_race_disqualification_changes_the_cut() -> None:
    s = Scenario(PLAYOFF)
    order = ["8", "1", "2", "3", "4", "5", "6", "7"]
    s.result(order, official=False)
    assert "8" in inside(s) and "4" not in inside(s)
    s.result(order, dq=["8"])
    d = drivers(s)
    assert d["8"].disqualified and d["8"].status == "out" and d["8"].pos == 20
    assert d["8"].finish_points == 17  # last place in a 20-truck field: 37 - 20
    assert inside(s) == {"1", "2", "3", "4"}


def test_disqualification_forfeits_stage_points() -> None:
    s = Scenario(PLAYOFF)
    s.stage(1, ["8"] + [str(n) for n in range(9, 18)])
    s.result(["1", "2", "3", "4", "5", "6", "7", "8"])
    assert drivers(s)["8"].stage_points == 10
    s.result(["1", "2", "3", "4", "5", "6", "7", "8"], dq=["8"])
    assert drivers(s)["8"].stage_points == 0


def test_stage_points_stay_banked() -> None:
    s = Scenario(PLAYOFF)
    s.lap(25, ["5"] + [str(n) for n in range(9, 21)])
    s.stage(1, ["5"] + [str(n) for n in range(9, 18)])
    s.lap(60, [str(n) for n in range(9, 21)] + ["1", "2", "3", "4", "6", "7", "8", "5"])
    d = drivers(s)
    assert d["5"].stage_points == 10 and d["5"].points == 3080 + 10 + 17


def test_points_ineligible_cars_score_nothing_and_are_not_repaid() -> None:
    s = Scenario(PLAYOFF, ineligible=["9"])
    s.lap(30, ["9", "1"])
    s.stage(1, ["9", "1"])
    d = drivers(s)
    assert d["1"].finish_points == 35 and d["1"].stage_points == 9


def test_bubble_is_the_driver_nearest_the_line() -> None:
    s = Scenario(PLAYOFF)
    s.lap(80, [str(n) for n in range(9, 21)] + ["1", "2", "3", "4", "5", "6", "7", "8"])
    board = s.board()
    assert board.bubble in (board.last_in, board.first_out)


@pytest.mark.parametrize(("series", "field"), [("cup", 16), ("xfinity", 12), ("truck", 10)])
def test_chase_2026_regular_season_cut_at_the_field_size(series: str, field: int) -> None:
    playoff = {str(n): 700 - 10 * n for n in range(1, 21)}
    s = Scenario(playoff, size=30, series=series, season=2026, round="Regular season",
                 fmt="chase")  # fmt: skip
    s.lap(40, ["20"] + [str(n) for n in range(1, 20)])
    board = s.board()
    assert board.cut_size == field and board.board == "cut"
    ins = [d.car for d in board.drivers if d.status == "in"]
    assert len(ins) == field and "20" not in ins  # no win-and-in in 2026
    assert not any(d.status == "locked" for d in board.drivers)


def test_chase_2026_title_board_has_margins_to_p1_and_an_unknown_tiebreaker() -> None:
    playoff = {str(n): 2100 - 5 * n for n in range(1, 17)}
    s = Scenario(playoff, size=36, series="cup", season=2026, round="Chase", fmt="chase")
    s.lap(40, ["16"] + [str(n) for n in range(1, 16)])
    board = s.board()
    assert board.board == "title" and board.cut_size == 1 and board.tiebreakers is None
    leader = board.drivers[0]
    # Car 1 (2095) runs P2 for 35: 2130; car 16 (2020) wins for 55: 2075.
    assert leader.car == "1" and leader.points == 2095 + 35
    assert {d.car: d.points for d in board.drivers}["16"] == 2020 + 55
    assert not any(d.status == "locked" for d in board.drivers)
    assert all(d.margin is not None and d.margin <= 0 for d in board.drivers[1:])
    assert board.drivers[1].margin == board.drivers[1].points - leader.points
    assert "tiebreaker: unknown for this format" in board.notes


def test_the_pole_sitter_is_not_locked_before_a_lap_is_run() -> None:
    s = Scenario(PLAYOFF)
    s.lap(0, ["8", "1", "2", "3", "4", "5", "6", "7"])
    assert drivers(s)["8"].status == "out"
    s.lap(1, ["8", "1", "2", "3", "4", "5", "6", "7"])
    assert drivers(s)["8"].locked_by == "leading this race"
