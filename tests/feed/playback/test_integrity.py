"""A damaged recording is never silently a shorter or different race: a gzip stream cut at any
byte or corrupted, a last line with no newline, a seq that jumps or goes back. Each is reported
with its line and the lap the race reaches, and ``standings`` exits 3."""

from __future__ import annotations

import gzip
import random
import re
from pathlib import Path

import pytest

from cutline.feed.model.errors import BadRecording
from cutline.feed.model.state import fold
from cutline.feed.playback.integrity import LISTED, Integrity
from cutline.feed.playback.player import Player
from cutline.feed.playback.recording import read_messages
from tests.support.paths import BUNDLED, cutline


def _read(path: Path) -> tuple[Integrity, list[str], int]:
    """What reading ``path`` found, the warnings, and the lap its messages fold to."""
    integrity = Integrity(path)
    warnings: list[str] = []
    msgs = read_messages(path, warn=warnings.append, integrity=integrity)
    return integrity, warnings, fold(msgs).lap


def test_the_bundled_recording_is_whole() -> None:
    integrity, warnings, lap = _read(BUNDLED)
    assert integrity.complete and warnings == [] and lap == integrity.lap


def test_the_bundled_recording_cut_at_50_random_bytes_is_never_silent(tmp_path: Path) -> None:
    data = BUNDLED.read_bytes()
    scheduled = fold(read_messages(BUNDLED)).race.scheduled_laps  # type: ignore[union-attr]
    offsets = random.Random(14).sample(range(1, len(data)), 50)
    for offset in offsets:
        cut = tmp_path / f"cut-{offset}.jsonl.gz"
        cut.write_bytes(data[:offset])
        try:
            integrity, warnings, lap = _read(cut)
        except BadRecording as err:  # cut inside the header: not a recording at all
            assert "not a cutline recording" in str(err), offset
            continue
        assert not integrity.complete, offset
        assert warnings[-1] == (f"{cut}: recording ends at lap {lap} of {scheduled}: truncated"), (
            offset
        )


def test_standings_exits_3_on_a_cut_recording_and_says_where(tmp_path: Path) -> None:
    data = BUNDLED.read_bytes()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 3])
    done = cutline("standings", str(cut))
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(r"cut\.jsonl\.gz:\d+: the gzip stream is cut short", done.stderr)
    assert re.search(r"recording ends at lap \d+ of 134: truncated", done.stderr)
    assert done.stdout  # the board as far as the file goes


def _plain(tmp_path: Path, lines: list[bytes], *, newline: bool = True) -> Path:
    path = tmp_path / "race.jsonl"
    path.write_bytes(b"\n".join(lines) + (b"\n" if newline else b""))
    return path


def _bundled_lines() -> list[bytes]:
    return gzip.decompress(BUNDLED.read_bytes()).splitlines()


def test_a_missing_final_newline_is_reported(tmp_path: Path) -> None:
    path = _plain(tmp_path, _bundled_lines(), newline=False)
    integrity, warnings, _ = _read(path)
    assert not integrity.complete
    assert any("the last line has no newline" in w for w in warnings)


def test_a_seq_jump_is_reported_with_its_line(tmp_path: Path) -> None:
    lines = _bundled_lines()
    del lines[100:103]  # messages 100..102 (line 1 is the header)
    integrity, warnings, _ = _read(_plain(tmp_path, lines))
    assert f"{tmp_path / 'race.jsonl'}:101: seq jumps from 99 to 103: 3 messages missing" in (
        warnings
    )
    assert warnings[-1].endswith(": seq jumps")


def test_shuffled_lines_are_reported_out_of_order(tmp_path: Path) -> None:
    lines = _bundled_lines()
    body = lines[1:]
    random.Random(3).shuffle(body)
    integrity, warnings, _ = _read(_plain(tmp_path, [lines[0], *body]))
    assert not integrity.complete
    assert any("out of order" in w for w in warnings)
    # One problem per line, but only the first LISTED are lines of their own: bounded.
    assert len(warnings) == LISTED + 1
    counted = re.search(
        r": seq jumps, out of order \((\d+) more problems not listed\)$", warnings[-1]
    )
    assert counted is not None, warnings[-1]
    # Most of the lines are a problem; the first in the file never is.
    assert len(body) // 2 < LISTED + int(counted[1]) < len(body)


def test_a_bit_flip_in_the_gzip_stream_is_reported(tmp_path: Path) -> None:
    data = bytearray(BUNDLED.read_bytes())
    data[len(data) // 2] ^= 0x10
    path = tmp_path / "flipped.jsonl.gz"
    path.write_bytes(bytes(data))
    try:
        integrity, warnings, _ = _read(path)
    except BadRecording:
        return  # the flip made a line that does not decode: an error naming it
    assert not integrity.complete and "truncated" in warnings[-1]


def test_the_player_and_its_status_say_incomplete(tmp_path: Path) -> None:
    cut = tmp_path / "cut.jsonl.gz"
    data = BUNDLED.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    player = Player.open(cut, warn=lambda _: None)
    assert player.status.incomplete.startswith(f"{cut}: recording ends at lap ")
    assert Player.open(BUNDLED).status.incomplete == ""


@pytest.mark.parametrize("at_lap", ["10"])
def test_standings_exits_0_on_a_whole_recording(at_lap: str) -> None:
    done = cutline("standings", str(BUNDLED), "--at-lap", at_lap)
    assert done.returncode == 0 and done.stderr == ""
