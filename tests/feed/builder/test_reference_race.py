"""The engine reproduces the official outcome of the 2023 Truck Round-of-8 finale at Homestead
from messages built out of the race facts (header, stages, results, then the post-race DQ)."""

from __future__ import annotations

import json

import pytest

from cutline.feed.builder.facts import (
    header,
    read_facts,
    result_as_run,
    result_official,
    stage_messages,
)
from cutline.feed.model.messages import FeedMessage
from cutline.feed.model.state import fold
from cutline.feed.standings.cut_line import Standings, standings
from tests.support.paths import FACTS_RACE

HEIM, HOCEVAR, ENFINGER, RHODES, SANCHEZ, ECKES, MAJESKI, SMITH = (
    "11", "42", "23", "99", "2", "19", "98", "38",
)  # fmt: skip


def _messages() -> list[FeedMessage]:
    facts = read_facts(FACTS_RACE)
    msgs: list[FeedMessage] = [header(facts)]
    msgs += stage_messages(facts, seq=2)
    msgs.append(result_as_run(facts, seq=len(msgs) + 1))
    msgs.append(result_official(facts, seq=len(msgs) + 1))
    return msgs


def _board(msgs: list[FeedMessage]) -> Standings:
    board = standings(fold(msgs))
    assert board is not None
    return board


def test_header_carries_the_real_points_entering_the_race() -> None:
    race = _messages()[0]
    ctx = race.playoff  # type: ignore[union-attr]
    assert ctx is not None and ctx.round == "Round of 8" and ctx.race_in_round == 3
    points = {d.car: d.points for d in ctx.drivers}
    assert points == {
        HOCEVAR: 3111, SMITH: 3055, RHODES: 3086, HEIM: 3121,
        ENFINGER: 3088, MAJESKI: 3072, SANCHEZ: 3091, ECKES: 3097,
    }  # fmt: skip
    assert [d.car for d in ctx.drivers if d.locked] == [HEIM]
    assert {d.car: d.round_finishes for d in ctx.drivers}[RHODES] == (7, 2)


def test_official_outcome_after_the_disqualification() -> None:
    board = _board(_messages())
    by_car = {d.car: d for d in board.drivers}
    assert board.final and board.cut_size == 4
    advancing = {d.car for d in board.drivers if d.status != "out"}
    assert advancing == {HEIM, HOCEVAR, ENFINGER, RHODES}
    assert by_car[HEIM].status == "locked" and by_car[HEIM].locked_by == "won earlier in the round"
    assert by_car[HOCEVAR].status == "locked" and by_car[HOCEVAR].locked_by == "won this race"
    # Level on 3,123 and Rhodes through on the tiebreaker: best finish in the round, 2 vs 7.
    assert by_car[RHODES].points == by_car[SANCHEZ].points == 3123
    assert by_car[RHODES].status == "in" and by_car[SANCHEZ].status == "out"
    assert by_car[RHODES].tiebreak and by_car[SANCHEZ].tiebreak
    assert not any(d.tiebreak for d in board.drivers if d.car not in (RHODES, SANCHEZ))
    assert by_car[RHODES].margin == 0 and by_car[SANCHEZ].margin == 0
    assert board.last_in == RHODES and board.first_out == SANCHEZ
    assert any("tiebreaker" in note and "2, 2, 7 against 7, 9, 17" in note for note in board.notes)


def test_totals_match_the_computed_facts() -> None:
    """The facts' post-race totals are a check, never an input."""
    facts = json.loads(FACTS_RACE.read_text())
    expected = {d["car"]: d["post_race_total"] for d in facts["post_race_playoff"]["drivers"]}
    as_run = {
        d["car"]: d["post_race_total_as_run_before_dq"]
        for d in facts["post_race_playoff"]["drivers"]
    }
    msgs = _messages()
    assert {d.car: d.points for d in _board(msgs).drivers} == expected
    assert {d.car: d.points for d in _board(msgs[:-1]).drivers} == as_run


def test_disqualification_scores_last_place_and_keeps_who_advances() -> None:
    msgs = _messages()
    before, after = _board(msgs[:-1]), _board(msgs)
    smith = {d.car: d for d in after.drivers}[SMITH]
    assert smith.disqualified and smith.pos == 34 and smith.finish_points == 3
    assert {d.car: d.pos for d in before.drivers}[SMITH] == 2
    advancing = {d.car for d in before.drivers if d.status != "out"}
    assert advancing == {d.car for d in after.drivers if d.status != "out"}
    # As run the tie is 3,122 each, decided the same way.
    by_car = {d.car: d for d in before.drivers}
    assert by_car[RHODES].points == by_car[SANCHEZ].points == 3122
    assert by_car[RHODES].tiebreak and by_car[RHODES].status == "in"


@pytest.mark.parametrize("cut", [1, 2])
def test_stage_points_are_banked(cut: int) -> None:
    """Heim won both stages: 10 + 10 banked, whatever the order later."""
    msgs = _messages()[: 1 + cut]
    board = _board(msgs)
    heim = {d.car: d for d in board.drivers}[HEIM]
    assert heim.stage_points == 10 * cut
