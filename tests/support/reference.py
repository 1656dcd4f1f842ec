"""The reference race (the bundled replay): its playoff drivers' cars and its board at a lap."""

from __future__ import annotations

from cutline.feed.playback.player import Player
from cutline.feed.standings.cut_line import Standings, standings

HEIM, HOCEVAR, ENFINGER, RHODES, SANCHEZ, ECKES, MAJESKI, SMITH = (
    "11", "42", "23", "99", "2", "19", "98", "38",
)  # fmt: skip


def board_at(player: Player, lap: int) -> Standings:
    """The cut-line board once ``lap`` is complete (the race must have a playoff context)."""
    board = standings(player.seek_lap(lap))
    assert board is not None
    return board
