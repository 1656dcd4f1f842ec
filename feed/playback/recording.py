"""Provides recordings: JSON Lines files (gzip when the name ends in ``.gz``) of feed messages.

The first line is a header naming the format and its version (and the race, when known); each
further line is one message as it goes on the wire. A last line cut short (a recorder killed
mid-write) is skipped with a warning; any other bad line is an error naming the file and line.
A damaged file (a gzip stream cut short or corrupt, no final newline, a ``seq`` that jumps or
goes back) plays up to the damage and is reported, line by line and then as one summary with
the lap its race reaches (`integrity.Integrity`): readable, but never silently complete.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Final, Literal, Self, cast

import msgspec

from cutline.feed.model.bounded import TooBig, check
from cutline.feed.model.errors import BadMessage, BadRecording
from cutline.feed.model.messages import ENCODER, MAX_MESSAGE, FeedMessage, Race, decode
from cutline.feed.playback.integrity import Integrity

FORMAT: Final = "cutline-recording"
VERSION = 1


class Header(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    format: Literal["cutline-recording"]
    version: int
    race: Race | None = None
    source: str = ""  # what the recording was made from
    # What the builder mended in real data, one line per kind (`feed.builder.repairs`); left
    # out of the file when there is nothing, so a clean race keeps its bytes.
    repairs: tuple[str, ...] = ()
    repaired: str = ""  # the same in one line: "lap data repaired: 36 cars, 583 laps missing"
    feed: str = ""  # the id of the live feed recorded (`Snapshot.feed`), when it had one


_HEADER = msgspec.json.Decoder(Header)
Warn = Callable[[str], None]


def _open_read(path: Path) -> BinaryIO:
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


def _lines(path: Path, integrity: Integrity | None = None) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, line, whether it ended with a newline); a gzip stream cut short or corrupt
    ends the lines (what was read before it stands) and is noted in ``integrity``."""
    try:
        with _open_read(path) as fh:
            lineno = 0
            while True:
                try:
                    line = fh.readline(MAX_MESSAGE + 1)
                except EOFError:
                    if integrity is not None:
                        integrity.cut(lineno + 1, "the gzip stream is cut short")
                    return
                except (zlib.error, gzip.BadGzipFile) as err:
                    if integrity is not None:
                        integrity.problem(lineno + 1, "truncated", f"corrupt gzip stream: {err}")
                    return
                if not line:
                    return
                lineno += 1
                if len(line) > MAX_MESSAGE:
                    raise BadRecording(
                        f"{path}:{lineno}: a line over the {MAX_MESSAGE:,}-byte limit"
                    )
                yield lineno, line, line.endswith(b"\n")
    except OSError as err:
        raise BadRecording(f"{path}: {err.strerror or err}") from err


def read_header(path: str | Path) -> Header:
    """The header of a recording.

    Raises:
        BadRecording: the file is missing, empty, or does not start with a cutline header.
    """
    path = Path(path)
    for lineno, line, _ in _lines(path):
        return _header(path, lineno, line)
    raise BadRecording(f"{path}: empty file, not a cutline recording")


def _header(path: Path, lineno: int, line: bytes) -> Header:
    try:
        check(line, max_bytes=MAX_MESSAGE)
        header = _HEADER.decode(line)
    except (msgspec.DecodeError, TooBig) as err:
        raise BadRecording(f"{path}:{lineno}: not a cutline recording header: {err}") from err
    if header.version > VERSION:
        raise BadRecording(
            f"{path}:{lineno}: recording version {header.version} is newer than this cutline "
            f"reads ({VERSION})"
        )
    return header


def iter_messages(
    path: str | Path,
    *,
    warn: Warn | None = None,
    skip_bad: bool = False,
    integrity: Integrity | None = None,
) -> Iterator[FeedMessage]:
    """The messages of a recording, in file order.

    Args:
        path: the recording.
        warn: called with the text of each warning: a skipped line, each sign of damage and,
            at the end of a damaged file, its `Integrity.summary`.
        skip_bad: report a corrupt line through ``warn`` and go on, instead of raising.
        integrity: filled in with what was found (pass one to learn whether the file is whole).

    Raises:
        BadRecording: a bad header, or a corrupt line (``file:line: what``) unless ``skip_bad``.
    """
    path = Path(path)
    seen = integrity if integrity is not None else Integrity(path)
    lines = _lines(path, seen)
    first = next(lines, None)
    if first is None:
        raise BadRecording(f"{path}: empty file, not a cutline recording")
    _header(path, first[0], first[1])
    pending: tuple[int, bytes, bool] | None = None
    told = 0  # problems passed to warn so far

    def checked(item: tuple[int, bytes, bool], last: bool) -> FeedMessage | None:
        nonlocal told
        msg = _message(path, item, last=last, warn=warn, skip_bad=skip_bad, integrity=seen)
        if msg is not None:
            seen.observe(item[0], msg)
        if warn is not None:
            for text in seen.problems[told:]:
                warn(text)
        told = len(seen.problems)
        return msg

    for item in lines:
        if pending is not None and (msg := checked(pending, last=False)) is not None:
            yield msg
        pending = item
    if pending is not None and (msg := checked(pending, last=True)) is not None:
        yield msg
    if warn is not None:
        for text in seen.problems[told:]:
            warn(text)
        if (summary := seen.summary()) is not None:
            warn(summary)


def _message(
    path: Path,
    item: tuple[int, bytes, bool],
    *,
    last: bool,
    warn: Warn | None,
    skip_bad: bool,
    integrity: Integrity,
) -> FeedMessage | None:
    lineno, line, complete = item
    if not line.strip():
        return None
    try:
        msg = decode(line)
    except BadMessage as err:
        if last and not complete:
            integrity.cut(lineno, "last line is cut short; skipped")
            return None
        text = f"{path}:{lineno}: {err}"
        if skip_bad:
            if warn:
                warn(text)
            return None
        raise BadRecording(text) from err
    if last and not complete:
        integrity.cut(lineno, "the last line has no newline: cut short?")
    return msg


def read_messages(
    path: str | Path, *, warn: Warn | None = None, integrity: Integrity | None = None
) -> list[FeedMessage]:
    """All the messages of a recording (see `iter_messages`)."""
    return list(iter_messages(path, warn=warn, integrity=integrity))


class Writer:
    """Appends messages to a recording, one line each, flushed per message.

    A process killed with SIGKILL loses at most the line being written. With ``append``, the
    file must already be a recording that ends with a whole line (`resume.reopen` makes it so):
    no header is written, and a gzip file gets a new gzip member (its readers read them all).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        race: Race | None = None,
        source: str = "",
        repairs: tuple[str, ...] = (),
        repaired: str = "",
        feed: str = "",
        append: bool = False,
    ) -> None:
        self.path = Path(path)
        try:
            raw = self.path.open("ab" if append else "wb")
        except OSError as err:
            raise BadRecording(f"{self.path}: {err.strerror or err}") from err
        self._raw = raw
        self._fh: BinaryIO = raw
        if self.path.suffix == ".gz":
            # No name and no time in the gzip header: the same messages give the same bytes.
            self._fh = cast(BinaryIO, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0))
        if append:
            return
        header = Header(
            format=FORMAT,
            version=VERSION,
            race=race,
            source=source,
            repairs=repairs,
            repaired=repaired,
            feed=feed,
        )
        self._line(ENCODER.encode(header))

    def write(self, msg: FeedMessage) -> None:
        self._line(ENCODER.encode(msg))

    def _line(self, data: bytes) -> None:
        self._fh.write(data + b"\n")
        if isinstance(self._fh, gzip.GzipFile):
            self._fh.flush(zlib.Z_SYNC_FLUSH)
        self._raw.flush()

    def close(self) -> None:
        if self._fh is not self._raw:
            self._fh.close()
        self._raw.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def write_recording(
    path: str | Path,
    messages: list[FeedMessage],
    *,
    source: str = "",
    repairs: tuple[str, ...] = (),
    repaired: str = "",
) -> None:
    """Write a whole recording (the header takes the first `race` message, if any)."""
    race = next((m for m in messages if isinstance(m, Race)), None)
    with Writer(path, race=race, source=source, repairs=repairs, repaired=repaired) as out:
        for msg in messages:
            out.write(msg)


@contextmanager
def written_beside(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to (the same suffix: gzip stays gzip), renamed
    over ``path`` when the block ends without an error and removed otherwise: ``path`` is never
    seen half-written, nor replaced by a file that failed."""
    part = path.with_name(f".{os.getpid()}.part.{path.name}")
    try:
        yield part
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
