"""Provides the raw capture of NASCAR's feeds: every changed snapshot, as received, beside the
recording of adapted messages, so a capture can be re-adapted later by a better adapter.

The raw snapshots live in a sidecar file, never in the recording itself: a recording stays a
plain cutline recording that `recording.iter_messages` and ``cutline replay`` read like any
other. For ``race.jsonl.gz`` the sidecar is ``race.raw.jsonl.gz`` (`raw_path`), and the
recording's header names it in ``source``.

Sidecar format (JSON Lines, gzip): a header line
``{"format": "cutline-nascar-raw", "version": 1, "base_url": ...}``, then one line per changed
document: ``{"cycle", "t", "received", "name", "path", "status", "body"}``. ``cycle`` numbers the
poll cycles (the documents of one cycle go to the adapter together), ``t`` is seconds since the
first snapshot, ``received`` the wall-clock time (Unix seconds), ``body`` the response text.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Final, Literal, cast

import msgspec

from cutline.feed.model.bounded import TooBig, check
from cutline.feed.model.errors import BadRecording
from cutline.feed.model.messages import FeedMessage
from cutline.feed.sources.nascar.adapter import Adapter
from cutline.feed.sources.nascar.lenient import BadValue, decode_json

FORMAT: Final = "cutline-nascar-raw"
VERSION = 1


class RawHeader(msgspec.Struct, frozen=True, kw_only=True):
    format: Literal["cutline-nascar-raw"]
    version: int
    base_url: str = ""
    series: str | None = None


class RawLine(msgspec.Struct, frozen=True, kw_only=True):
    cycle: int
    t: float
    name: str
    body: str
    path: str = ""
    status: int = 200
    received: float | None = None


_HEADER = msgspec.json.Decoder(RawHeader)
_LINE = msgspec.json.Decoder(RawLine)
_ENC = msgspec.json.Encoder()


def raw_path(recording: str | Path) -> Path:
    """The sidecar of a recording: ``x.jsonl.gz`` and ``x.jsonl`` give ``x.raw.jsonl.gz``."""
    path = Path(recording)
    name = path.name
    for suffix in (".jsonl.gz", ".jsonl", ".gz"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name(name + ".raw.jsonl.gz")


class RawWriter:
    """Appends raw snapshots to a sidecar, flushed per line (a killed recorder loses one)."""

    def __init__(self, path: str | Path, *, base_url: str, series: str | None = None) -> None:
        self.path = Path(path)
        try:
            self._raw = self.path.open("wb")
        except OSError as err:
            raise BadRecording(f"{self.path}: {err.strerror or err}") from err
        self._fh = cast(BinaryIO, gzip.GzipFile(filename="", fileobj=self._raw, mode="wb", mtime=0))
        header = RawHeader(format=FORMAT, version=VERSION, base_url=base_url, series=series)
        self._line(_ENC.encode(header))
        self.lines = 0

    def write(
        self,
        *,
        cycle: int,
        t: float,
        name: str,
        body: bytes,
        path: str = "",
        status: int = 200,
        received: float | None = None,
    ) -> None:
        line = RawLine(
            cycle=cycle,
            t=round(t, 3),
            name=name,
            # The feeds are UTF-8 JSON; anything else is kept readable, not byte-exact.
            body=body.decode("utf-8", "replace"),
            path=path,
            status=status,
            received=received,
        )
        self._line(_ENC.encode(line))
        self.lines += 1

    def _line(self, data: bytes) -> None:
        self._fh.write(data + b"\n")
        cast(gzip.GzipFile, self._fh).flush(zlib.Z_SYNC_FLUSH)
        self._raw.flush()

    def close(self) -> None:
        self._fh.close()
        self._raw.close()


def read_raw(path: str | Path) -> tuple[RawHeader, Iterator[RawLine]]:
    """The header and lines of a sidecar (a line cut short at the end is ignored).

    Raises:
        BadRecording: not a raw capture, or a corrupt line (file and line named).
    """
    path = Path(path)
    try:
        fh = gzip.open(path, "rb")
        first = fh.readline()
    except (OSError, EOFError, zlib.error) as err:
        raise BadRecording(f"{path}: {err}") from err
    try:
        check(first)
        header = _HEADER.decode(first)
    except (msgspec.DecodeError, TooBig) as err:
        fh.close()
        raise BadRecording(f"{path}:1: not a cutline NASCAR raw capture: {err}") from err

    def lines() -> Iterator[RawLine]:
        with fh:
            lineno = 1
            while True:
                try:
                    line = fh.readline()
                except (EOFError, zlib.error, gzip.BadGzipFile):
                    return
                if not line:
                    return
                lineno += 1
                try:
                    check(line)
                    yield _LINE.decode(line)
                except (msgspec.DecodeError, TooBig) as err:
                    if not line.endswith(b"\n"):
                        return  # the last line, cut short by a killed recorder
                    raise BadRecording(f"{path}:{lineno}: {err}") from err

    return header, lines()


def cycles(path: str | Path) -> Iterator[tuple[int, float, dict[str, Any]]]:
    """The documents of a capture cycle by cycle: (cycle, t, latest document of every feed).

    A body that is not JSON (it was captured, so it changed) is skipped.
    """
    _, lines = read_raw(path)
    docs: dict[str, Any] = {}
    current: int | None = None
    t = 0.0
    for line in lines:
        if current is not None and line.cycle != current:
            yield current, t, dict(docs)
        if line.cycle != current:
            current, t = line.cycle, line.t
        try:
            docs[line.name] = decode_json(line.body.encode())
        except BadValue:
            continue
    if current is not None:
        yield current, t, dict(docs)


def readapt(
    path: str | Path, *, default_season: int, series: str | None = None
) -> list[FeedMessage]:
    """Run a raw capture through the adapter again: the messages a recorder would have written.

    Args:
        path: the sidecar (``*.raw.jsonl.gz``).
        default_season: the season to assume when the documents do not say.
        series: the series filter the recorder used, if any.
    """
    adapter = Adapter(default_season=default_season, series=series)
    out: list[FeedMessage] = []
    live_seen: object = None
    for _, t, docs in cycles(path):
        if docs.get("live") is live_seen:
            continue
        live_seen = docs.get("live")
        out += adapter.step(docs, t)
    return out
