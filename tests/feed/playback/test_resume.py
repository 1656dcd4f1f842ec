"""Resuming a recording cut short (``record --append``): every whole line is kept, a last line
cut short is dropped and said, a gzip stream cut short is rewritten whole before a new member
follows it, and a file that is not a recording, is damaged elsewhere, names no feed or meets
another feed is refused and left as it was."""

from __future__ import annotations

import gzip
from pathlib import Path

import msgspec
import pytest

from cutline.feed.model.errors import BadRecording
from cutline.feed.model.messages import FeedMessage, Race, encode
from cutline.feed.model.state import fold, snapshot
from cutline.feed.playback.integrity import Integrity
from cutline.feed.playback.recording import Writer, read_header, read_messages
from cutline.feed.playback.resume import check_feed, examine, reopen
from tests.support.sample_feed import race_messages

MSGS = list(race_messages())
FEED = "feed-one"


def _record(path: Path, msgs: list[FeedMessage], *, feed: str = FEED) -> list[int]:
    """Write a recording as `cutline record` does; the file's size after each line."""
    race = next(m for m in msgs if isinstance(m, Race))
    sizes = []
    with Writer(path, race=race, feed=feed, source="ws://127.0.0.1:1/") as out:
        for msg in msgs:
            out.write(msg)
            sizes.append(path.stat().st_size)
    return sizes


def _resume(path: Path, rest: list[FeedMessage]) -> str | None:
    """What `record --append` does once the server answered: reopen, append ``rest``."""
    resumable = examine(path)
    writer, dropped = reopen(resumable)
    with writer:
        for msg in rest:
            writer.write(msg)
    return dropped


def _whole(path: Path) -> list[FeedMessage]:
    integrity = Integrity(path)
    msgs = read_messages(path, integrity=integrity)
    assert integrity.complete, integrity.problems
    return msgs


@pytest.mark.parametrize("name", ["race.jsonl", "race.jsonl.gz"])
def test_a_file_cut_mid_line_goes_on_after_its_last_whole_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    sizes = _record(path, MSGS[:120])
    data = path.read_bytes()
    # Killed in the middle of line 100's write (the header is line 1).
    path.write_bytes(data[: (sizes[98] + sizes[99]) // 2])
    resumable = examine(path)
    assert resumable.messages == 99 and resumable.state == fold(MSGS[:99])
    dropped = _resume(path, MSGS[99:])
    assert dropped is not None and "cut short" in dropped and str(path) in dropped
    assert _whole(path) == MSGS
    assert read_header(path).feed == FEED


@pytest.mark.parametrize("name", ["race.jsonl", "race.jsonl.gz"])
def test_a_file_stopped_cleanly_is_appended_to_as_it_is(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    _record(path, MSGS[:50])
    before = path.read_bytes()
    assert _resume(path, MSGS[50:]) is None
    assert path.read_bytes().startswith(before)  # nothing rewritten: a new gzip member follows
    assert _whole(path) == MSGS


def test_a_last_line_missing_only_its_newline_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "race.jsonl"
    _record(path, MSGS[:30])
    path.write_bytes(path.read_bytes()[:-1])
    assert examine(path).state.seq == MSGS[29].seq
    _resume(path, MSGS[30:])
    assert _whole(path) == MSGS


def test_a_gzip_file_killed_mid_stream_is_rewritten_whole_then_appended(tmp_path: Path) -> None:
    path = tmp_path / "race.jsonl.gz"
    sizes = _record(path, MSGS[:80])
    path.write_bytes(path.read_bytes()[: sizes[-1]])  # every line flushed, no gzip trailer
    assert not _complete_gzip(path)
    assert examine(path).messages == 80
    dropped = _resume(path, MSGS[80:])
    assert dropped is not None and "gzip stream is cut short" in dropped
    assert _complete_gzip(path) and _whole(path) == MSGS
    assert not list(tmp_path.glob(".*"))  # the temporary file was renamed over the recording


def test_a_snapshot_of_the_same_feed_is_taken_another_refused(tmp_path: Path) -> None:
    path = tmp_path / "race.jsonl"
    _record(path, MSGS[:40])
    resumable = examine(path)
    same = msgspec.structs.replace(snapshot(fold(MSGS[:60])), feed=FEED)
    check_feed(resumable, same)
    other = msgspec.structs.replace(same, feed="feed-two")
    before = path.read_bytes()
    with pytest.raises(BadRecording, match="records feed feed-one .* now serves feed feed-two"):
        check_feed(resumable, other)
    assert path.read_bytes() == before


def test_what_cannot_be_resumed_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    not_one = tmp_path / "notes.jsonl"
    not_one.write_bytes(b'{"shopping": ["milk"]}\n')
    corrupt = tmp_path / "corrupt.jsonl"
    _record(corrupt, MSGS[:40])
    lines = corrupt.read_bytes().split(b"\n")
    lines[10] = lines[10][: len(lines[10]) // 2]  # a line cut in the middle of the file
    corrupt.write_bytes(b"\n".join(lines))
    jumps = tmp_path / "jumps.jsonl"
    _record(jumps, MSGS[:20] + MSGS[25:40])
    built = tmp_path / "built.jsonl"
    _record(built, MSGS[:40], feed="")
    cases = {
        not_one: "not a cutline recording header",
        corrupt: r"corrupt\.jsonl:11: .*; cannot append to a damaged recording",
        jumps: r"jumps\.jsonl:22: seq jumps .*; cannot append to a damaged recording",
        built: "names no live feed",
    }
    for path, why in cases.items():
        before = path.read_bytes()
        with pytest.raises(BadRecording, match=why):
            examine(path)
        assert path.read_bytes() == before, path
    with pytest.raises(BadRecording, match="No such file"):
        examine(tmp_path / "missing.jsonl")


def test_the_reader_reads_every_gzip_member(tmp_path: Path) -> None:
    path = tmp_path / "race.jsonl.gz"
    _record(path, MSGS[:10])
    with path.open("ab") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as member:
        for msg in MSGS[10:]:
            member.write(encode(msg) + b"\n")
    assert _whole(path) == MSGS


def _complete_gzip(path: Path) -> bool:
    try:
        gzip.decompress(path.read_bytes())
    except EOFError:
        return False
    return True
