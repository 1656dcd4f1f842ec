"""The header's view says when the recording being played is incomplete."""

from __future__ import annotations

from pathlib import Path

from cutline.feed.playback.player import Player
from cutline.tui.views.header import header_view
from tests.support.paths import BUNDLED


def test_the_header_says_incomplete_for_a_cut_recording(tmp_path: Path) -> None:
    cut = tmp_path / "cut.jsonl.gz"
    data = BUNDLED.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    player = Player.open(cut, warn=lambda _: None)
    view = header_view(player.final_state, player.status)
    assert view.status.endswith(" · incomplete") and view.status_tag == "warn"
    whole = Player.open(BUNDLED)
    assert "incomplete" not in header_view(whole.final_state, whole.status).status
