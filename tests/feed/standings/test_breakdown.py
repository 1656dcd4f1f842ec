"""A playoff driver's points in parts on the bundled race, and one place either side."""

from __future__ import annotations

import msgspec
import pytest

import cutline.replays as replays
from cutline.feed.playback.player import Player
from cutline.feed.standings.breakdown import breakdown
from cutline.feed.standings.cut_line import standings

RHODES, SANCHEZ, HEIM = "99", "2", "11"


@pytest.fixture(scope="module")
def player() -> Player:
    return Player.open(replays.path(), speed=None)


def test_the_parts_add_up_for_every_playoff_driver_at_every_tenth_lap(player: Player) -> None:
    for lap in range(0, 135, 10):
        state = player.seek_lap(lap)
        board = standings(state)
        assert board is not None
        for d in board.drivers:
            b = breakdown(state, board, d.car)
            assert b is not None
            assert b.entering + b.stage + b.finish == b.projected == d.points, (lap, d.driver)


def test_one_place_more_and_sanchez_was_in(player: Player) -> None:
    state = player.seek_lap(999)
    board = standings(state)
    assert board is not None and board.final
    b = breakdown(state, board, SANCHEZ)
    assert b is not None and b.up is not None and b.down is not None
    by = {d.car: d for d in board.drivers}
    assert by[SANCHEZ].status == "out" and by[SANCHEZ].points == by[RHODES].points
    # One place up is one more point: level no longer, and ahead of Rhodes.
    assert b.pos is not None
    assert (b.up.pos, b.up.change, b.up.status) == (b.pos - 1, 1, "in")
    assert b.down.change == -1 and b.down.status == "out"


def test_the_leader_one_place_down_no_longer_wins(player: Player) -> None:
    state = player.seek_lap(102)
    board = standings(state)
    assert board is not None
    b = breakdown(state, board, RHODES)
    assert b is not None and b.pos == 1 and b.up is None and b.down is not None
    assert b.down.pos == 2 and b.down.locked_by != "leading this race"
    assert b.down.change < 0


def test_a_what_if_board_without_places_reads_the_same_points_margins_and_sides(
    player: Player,
) -> None:
    # The breakdown's boards one place up and down skip the places-needed walks: everything
    # else on them must be what the whole board says.
    for lap in (0, 1, 37, 80, 133, 999):
        state = player.seek_lap(lap)
        whole, quick = standings(state), standings(state, places=False)
        assert whole is not None and quick is not None
        assert quick.bubble is None
        assert all(d.positions_needed is None is d.positions_to_spare for d in quick.drivers)
        blank = {"positions_needed": None, "positions_to_spare": None}
        assert quick.drivers == tuple(msgspec.structs.replace(d, **blank) for d in whole.drivers)
        assert msgspec.structs.replace(whole, drivers=quick.drivers, bubble=None) == quick
