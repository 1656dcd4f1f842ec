"""Provides resuming a recording that was cut short (``cutline record --append``): `examine`
reads it as ``standings`` does and says where it can go on from, `check_feed` refuses another
feed's snapshot, and `reopen` makes the file end at its last whole line and appends to it.

A recording can be resumed when its only damage is an end cut short, as a recorder killed
mid-write leaves it (`Integrity.cuts`): every whole line is kept and the cut one dropped. A
file that is not a recording, is damaged anywhere else, or names no live feed in its header (so
nothing can tell the server's feed is the same one) is refused, and left as it is.

A gzip stream that was cut short cannot be continued (the compressor's state died with the
recorder), nor can a gzip member be appended after it (a reader would take the new member's
bytes as more of the cut one). Such a file is rewritten: its whole lines, byte for byte, into
one complete gzip member in a temporary file beside it, synced and renamed over it, so a crash
during the rewrite leaves the old file. A gzip recording that was closed cleanly is not
rewritten: what is appended goes into a new gzip member.
"""

from __future__ import annotations

import gzip
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from cutline.feed.model.errors import BadMessage, BadRecording
from cutline.feed.model.messages import MAX_MESSAGE, Race, RaceState, Snapshot, decode
from cutline.feed.model.state import apply
from cutline.feed.playback.integrity import Integrity
from cutline.feed.playback.recording import Header, Writer, iter_messages, read_header


@dataclass(frozen=True)
class Resumable:
    """A recording that can go on: its header, the state its whole lines fold to, and what
    `reopen` has to do to its end."""

    path: Path
    header: Header
    state: RaceState  # the fold of every message kept; its seq is where the feed resumes
    messages: int
    cut: str | None  # the problem line of the end cut short, None for a whole file
    gzip: bool
    # Plain file: the bytes to keep (through the last whole line), and whether the last line
    # is a whole message missing only its newline. Gzip: the decompressed bytes to keep, or
    # None when the file ends cleanly and a new member can simply follow it.
    keep: int
    newline: bool
    rewrite: bytes | None


def examine(path: str | Path) -> Resumable:
    """Read a recording to resume, without changing it.

    Raises:
        BadRecording: one line saying why it cannot be resumed.
    """
    path = Path(path)
    header = read_header(path)
    if not header.feed:
        raise BadRecording(
            f"{path}: its header names no live feed (not made by `cutline record`): "
            "nothing to resume; record to a new file"
        )
    integrity = Integrity(path)
    state, count = RaceState(), 0
    try:
        for msg in iter_messages(path, integrity=integrity):
            state = apply(state, msg)
            count += 1
    except BadRecording as err:
        raise BadRecording(f"{err}; cannot append to a damaged recording") from err
    damage = [line for line in integrity.problems if line not in integrity.cuts]
    if damage:
        raise BadRecording(f"{damage[0]}; cannot append to a damaged recording")
    cut = integrity.cuts[0] if integrity.cuts else None
    with path.open("rb") as probe:
        is_gzip = probe.read(2) == b"\x1f\x8b"
    if is_gzip:
        data, ended = _gunzip(path)
        keep = data.rfind(b"\n") + 1
        # A cut stream hides its last line from the reader even when it is whole: drop it too.
        rewrite = None if ended and keep == len(data) else data[:keep]
        if rewrite is not None and ended and _whole(data[keep:]):
            rewrite = data + b"\n"  # a clean stream whose last line lacks only its newline
        return Resumable(path, header, state, count, cut, True, 0, False, rewrite)
    keep, tail = _tail(path)
    newline = _whole(tail)
    keep += len(tail) if newline else 0
    return Resumable(path, header, state, count, cut, False, keep, newline, None)


def check_feed(resumable: Resumable, first: Snapshot) -> None:
    """Refuse to append another feed to ``resumable``: ``first`` opened the server's stream.

    Raises:
        BadRecording: the snapshot is of another feed (left untouched, the file is refused).
    """
    if first.feed == resumable.header.feed:
        return
    theirs = _race(first.state.race)
    raise BadRecording(
        f"{resumable.path}: records feed {resumable.header.feed} "
        f"({_race(resumable.header.race)}), but the server now serves feed {first.feed} "
        f"({theirs}): nothing appended; record it to a new file"
    )


def reopen(resumable: Resumable) -> tuple[Writer, str | None]:
    """End the file at its last whole line and open it to append; what was dropped, if any.

    Raises:
        BadRecording: the file cannot be written.
    """
    path = resumable.path
    said = None
    if resumable.cut is not None:
        said = f"{resumable.cut}; the recording goes on after its last whole line"
    try:
        if resumable.gzip and resumable.rewrite is not None:
            _replace_gzip(path, resumable.rewrite)
        elif not resumable.gzip:
            with path.open("r+b") as fh:
                fh.truncate(resumable.keep)
                if resumable.newline:
                    fh.seek(0, os.SEEK_END)
                    fh.write(b"\n")
    except OSError as err:
        raise BadRecording(f"{path}: {err.strerror or err}") from err
    return Writer(path, append=True), said


def _tail(path: Path) -> tuple[int, bytes]:
    """Where the last newline ends, and the bytes after it (a line is at most MAX_MESSAGE)."""
    with path.open("rb") as fh:
        size = fh.seek(0, os.SEEK_END)
        start = max(0, size - MAX_MESSAGE - 1)
        fh.seek(start)
        last = fh.read()
    keep = start + last.rfind(b"\n") + 1
    return keep, last[keep - start :]


def _gunzip(path: Path) -> tuple[bytes, bool]:
    """Every byte the gzip members of ``path`` hold, and whether the last one ends properly
    (a stream cut short gives what it holds up to the cut)."""
    raw = path.read_bytes()
    out: list[bytes] = []
    while raw:
        member = zlib.decompressobj(wbits=31)
        try:
            out.append(member.decompress(raw))
        except zlib.error as err:
            raise BadRecording(f"{path}: corrupt gzip stream: {err}") from err
        if not member.eof:
            return b"".join(out), False
        raw = member.unused_data
    return b"".join(out), True


def _whole(tail: bytes) -> bool:
    """Whether a last line with no newline is a whole message (a kill cut only its newline)."""
    if not tail.strip():
        return False
    try:
        decode(tail)
    except BadMessage:
        return False
    return True


def _replace_gzip(path: Path, data: bytes) -> None:
    part = path.with_name(f".{path.name}.append")
    with part.open("wb") as raw:
        with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out:
            out.write(data)
        raw.flush()
        os.fsync(raw.fileno())
    os.replace(part, path)


def _race(race: Race | None) -> str:
    return (race.name or race.track) if race is not None else "no race named"
