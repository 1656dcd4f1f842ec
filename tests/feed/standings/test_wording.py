"""The words for a standing on the bundled race: a lead is a projected win, never "clinched";
after the official result the board says who advances and who is eliminated."""

from __future__ import annotations

import pytest

import cutline.replays as replays
from cutline.feed.playback.player import Player
from cutline.feed.playback.recording import read_messages
from cutline.feed.playback.timeline import timeline
from cutline.feed.standings.wording import (
    clinched,
    next_round_note,
    status_detail,
    status_word,
)
from tests.support.reference import (
    ECKES,
    ENFINGER,
    HEIM,
    HOCEVAR,
    MAJESKI,
    RHODES,
    SANCHEZ,
    SMITH,
    board_at,
)


@pytest.fixture(scope="module")
def player() -> Player:
    return Player.open(replays.path(), speed=None)


def test_leading_at_lap_102_is_in_with_a_win_not_clinched(player: Player) -> None:
    board = board_at(player, 102)
    by = {d.car: d for d in board.drivers}
    assert status_detail(by[RHODES], board) == "in with a win (leading)"
    assert status_word(by[RHODES], board) == "IN" and not clinched(by[RHODES])
    assert status_word(by[HEIM], board) == "LOCK" and clinched(by[HEIM])
    assert next_round_note(board) is None  # nothing is decided mid-race


def test_the_final_board_says_who_advances_and_names_the_next_round(player: Player) -> None:
    board = board_at(player, 135)
    words = {d.car: status_word(d, board) for d in board.drivers}
    assert {c for c, w in words.items() if w == "ADVANCES"} == {HEIM, HOCEVAR, ENFINGER, RHODES}
    assert {c for c, w in words.items() if w == "ELIMINATED"} == {SANCHEZ, ECKES, MAJESKI, SMITH}
    assert next_round_note(board) == (
        "Championship 4: Corey Heim, Carson Hocevar, Grant Enfinger, Ben Rhodes"
    )
    by = {d.car: d for d in board.drivers}
    assert status_detail(by[RHODES], board) == "advances on the tiebreaker"
    assert status_detail(by[SANCHEZ], board) == "eliminated on the tiebreaker"


def test_no_cut_line_change_clinches_a_driver_who_only_leads() -> None:
    """The log's cut lines: a lead is "in with a win (projected)"; only an earlier win or the
    official win is "clinched", and losing the lead is logged."""
    cuts = [e for e in timeline(read_messages(replays.path())) if e.kind == "cut"]
    texts = [e.text for e in cuts]
    assert not any("locks in" in t for t in texts)
    clinches = [e for e in cuts if "clinche" in e.text]
    assert [(e.cars, e.lap) for e in clinches] == [((HOCEVAR,), 134)]
    assert any(e.cars == (RHODES,) and e.lap == 102 and "in with a win" in e.text for e in cuts)
    assert any("loses the lead" in t for t in texts)
    assert all("(projected)" in t for t in texts if "clinche" not in t)


def test_nobody_is_laps_down_on_the_grid(player: Player) -> None:
    board = board_at(player, 0)
    by = {d.car: d for d in board.drivers}
    # On the grid no place alone gets Majeski in (a leader cannot yet win): that is not laps.
    assert by[MAJESKI].positions_needed is None and not by[MAJESKI].off_lead_lap
    details = [status_detail(d, board) for d in board.drivers]
    assert not any("laps" in t for t in details), details
    assert status_detail(by[MAJESKI], board) == "out, no place alone is enough"
