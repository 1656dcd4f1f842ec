"""The strategy lines of the bundled race: who pitted and who stayed out under each caution."""

from __future__ import annotations

import cutline.replays as replays
from cutline.feed.playback.player import Player
from cutline.feed.views.frame import EMPTY, derive


def test_the_lap_80_caution_names_who_pitted_and_who_stayed_out() -> None:
    player = Player.open(replays.path(), speed=None)
    frame = EMPTY
    for lap in range(70, 90):
        frame = derive(frame, player.seek_lap(lap))
    lines = [line for line in frame.strategy.lines if "caution from lap 80" in line.text]
    assert len(lines) == 1 and lines[0].kind == "strategy"
    text = lines[0].text
    pitted, stayed = text.split("pitted: ")[1].split("; stayed out: ")
    # Rhodes took tyres under the last caution; the other seven playoff drivers stayed out.
    assert "Rhodes (tyres)" in pitted
    for name in ("Heim", "Hocevar", "Enfinger", "Sanchez", "Eckes", "Majeski", "Smith"):
        assert name in stayed and name not in pitted, name
    assert lines[0].lap == 84  # told at the restart
