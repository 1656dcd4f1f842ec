from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cutline.feed.model.errors import BadRecording
from cutline.feed.model.messages import Flag, encode
from cutline.feed.playback.recording import Writer, read_header, read_messages, write_recording

MSGS = [Flag(seq=i, t=float(i), flag="green" if i % 2 else "yellow", lap=i) for i in range(1, 6)]


@pytest.mark.parametrize("name", ["r.jsonl", "r.jsonl.gz"])
def test_round_trip(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_recording(path, list(MSGS), source="test")
    assert read_messages(path) == MSGS
    assert read_header(path).source == "test"
    if name.endswith(".gz"):
        assert path.read_bytes()[:2] == b"\x1f\x8b"


def test_same_messages_same_bytes(tmp_path: Path) -> None:
    write_recording(tmp_path / "a.jsonl.gz", list(MSGS))
    write_recording(tmp_path / "b.jsonl.gz", list(MSGS))
    assert (tmp_path / "a.jsonl.gz").read_bytes() == (tmp_path / "b.jsonl.gz").read_bytes()


def test_a_truncated_last_line_is_skipped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    write_recording(path, list(MSGS))
    path.write_bytes(path.read_bytes()[:-7])
    warnings: list[str] = []
    assert read_messages(path, warn=warnings.append) == MSGS[:-1]
    assert warnings[0] == f"{path}:6: last line is cut short; skipped"
    assert warnings[1].startswith(f"{path}: recording ends at lap ")
    assert warnings[1].endswith(": truncated") and len(warnings) == 2


def test_a_gzip_stream_cut_short_keeps_what_was_flushed(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl.gz"
    with Writer(path) as out:
        for msg in MSGS:
            out.write(msg)
        flushed = path.stat().st_size
    data = path.read_bytes()[:flushed]  # as a SIGKILL leaves it: no gzip trailer
    path.write_bytes(data)
    assert read_messages(path) == MSGS


def test_a_corrupt_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    write_recording(path, list(MSGS))
    lines = path.read_bytes().split(b"\n")
    lines[3] = b'{"type":"flag","seq":3,"t":1,"flag":"purple","lap":1}'
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(BadRecording, match=r"r\.jsonl:4: .*\$\.flag"):
        read_messages(path)


def test_not_a_recording(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(encode(MSGS[0]) + b"\n")
    with pytest.raises(BadRecording, match=":1: not a cutline recording header"):
        read_messages(path)
    (tmp_path / "empty").write_bytes(b"")
    with pytest.raises(BadRecording, match="empty file"):
        read_messages(tmp_path / "empty")
    with pytest.raises(BadRecording, match="No such file"):
        read_messages(tmp_path / "missing.jsonl")
    (tmp_path / "bad.gz").write_bytes(gzip.compress(b"garbage\n"))
    with pytest.raises(BadRecording, match="bad.gz:1"):
        read_messages(tmp_path / "bad.gz")
