"""Provides the mirror: a real HTTP server that serves NASCAR's feed paths from local data.

It serves a cutline recording one frame per lap at a chosen speed (documents built by
`frames`), a raw capture as it was captured, or fixed documents (a captured live-feed
frame). It answers like NASCAR's CDN: 200 with an ETag, 304 to a matching ``If-None-Match``, and
403 with S3's AccessDenied XML for anything it does not have. Faults can be injected (a status,
garbage, a hang) to test the poller's backoff.

Standard library only (asyncio streams): no new dependency. It binds 127.0.0.1 by default.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import msgspec

from cutline.feed.model.errors import BadRecording, CutlineError
from cutline.feed.playback.recording import read_header, read_messages
from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar.capture import read_raw
from cutline.feed.sources.nascar.lenient import BadValue, decode_json
from cutline.feed.sources.nascar.mirror.frames import RecordingFrames
from cutline.feed.sources.nascar.parse_live import LiveFrame, parse_live_feed

_DENIED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
    b"<Message>Access Denied</Message></Error>"
)
_REASONS = {
    200: "OK",
    304: "Not Modified",
    403: "Forbidden",
    408: "Request Timeout",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
}
MAX_HEADERS = 100  # header lines in one request; each line is capped by the stream (64 KiB)
IDLE = 10.0  # seconds a connection may take to send its request before it is closed


class FrameSource(Protocol):
    """What the mirror serves: the bodies by path at a time into the session."""

    def bodies(self, race_time: float) -> Mapping[str, bytes]: ...

    def describe(self) -> str: ...


class StaticSource:
    """Fixed documents by path (a captured frame and, optionally, its companions)."""

    def __init__(self, bodies: Mapping[str, bytes], what: str = "fixed documents") -> None:
        self._bodies = dict(bodies)
        self._what = what

    def bodies(self, race_time: float) -> Mapping[str, bytes]:
        return self._bodies

    def describe(self) -> str:
        return self._what


class RecordingSource:
    """A cutline recording, one frame per lap; ``race_time`` maps to the recording's lap times."""

    def __init__(self, frames: RecordingFrames, what: str = "a recording") -> None:
        if not len(frames):
            raise BadRecording(f"{what}: no laps to serve")
        self.frames = frames
        self._what = what

    def bodies(self, race_time: float) -> Mapping[str, bytes]:
        return self.frames.paths(self.frames.index_at(race_time))

    def describe(self) -> str:
        return f"{self._what}: {len(self.frames)} laps"


class CaptureSource:
    """A raw capture (``*.raw.jsonl.gz``), served as it was received."""

    def __init__(self, path: Path) -> None:
        _, lines = read_raw(path)
        self.steps: list[tuple[float, dict[str, bytes]]] = []
        current: dict[str, bytes] = {}
        for line in lines:
            current = {**current, line.path: line.body.encode()}
            if self.steps and self.steps[-1][0] == line.t:
                self.steps[-1] = (line.t, current)
            else:
                self.steps.append((line.t, current))
        if not self.steps:
            raise BadRecording(f"{path}: no snapshots to serve")
        self._what = f"{path}: {len(self.steps)} captured changes"

    def bodies(self, race_time: float) -> Mapping[str, bytes]:
        chosen = self.steps[0][1]
        for t, bodies in self.steps:
            if t > race_time:
                break
            chosen = bodies
        return chosen

    def describe(self) -> str:
        return self._what


@dataclass(frozen=True)
class Fault:
    """A deliberate failure: an HTTP status, a body that is not JSON, or no answer at all."""

    status: int = 200
    body: bytes | None = None
    hang: bool = False


Faults = Callable[[str, int], Fault | None]  # (path, request number from 1) -> fault or None


class Mirror:
    """The HTTP server. ``async with Mirror(source) as m: ... m.base_url ...``.

    Args:
        source: what to serve.
        speed: race seconds per real second (one frame per lap of a recording).
        host, port: where to listen; port 0 lets the OS choose (read it back from ``port``).
        clock: the time source (tests share a fake one with the poller).
        faults: returns a `Fault` for a request to make fail.
        idle: seconds a connection may take to send its whole request; then it is closed.
    """

    def __init__(
        self,
        source: FrameSource,
        *,
        speed: float = 1.0,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Callable[[], float] = time.monotonic,
        faults: Faults | None = None,
        idle: float = IDLE,
    ) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be more than 0, not {speed}")
        self.source = source
        self.speed = speed
        self.host = host
        self.port = port
        self.clock = clock
        self.faults = faults
        self.idle = idle
        self.log: list[tuple[str, int]] = []  # (path, status) of each request answered
        self._server: asyncio.Server | None = None
        self._started = 0.0
        self._closing = asyncio.Event()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def race_time(self) -> float:
        return (self.clock() - self._started) * self.speed

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        self._started = self.clock()

    async def close(self) -> None:
        self._closing.set()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def __aenter__(self) -> Mirror:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def serve_forever(self) -> None:
        assert self._server is not None
        await self._server.serve_forever()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            try:
                async with asyncio.timeout(self.idle):
                    request, headers = await _read_request(reader)
            except TimeoutError:
                return  # a connection that says nothing is not kept open forever
            except (ValueError, _TooManyHeaders):
                # A line past the stream's limit (ValueError) or too many of them: say so, once.
                await _refuse(writer, 431)
                return
            parts = request.decode("latin-1").split()
            if len(parts) < 2:
                return
            method, target = parts[0], parts[1]
            path = urlsplit(target).path.lstrip("/")
            fault = self.faults(path, len(self.log) + 1) if self.faults else None
            if fault is not None and fault.hang:
                self.log.append((path, 0))
                await self._closing.wait()  # never answer: the client times out
                return
            status, body, etag = self._answer(path, headers, fault)
            self.log.append((path, status))
            head = [
                f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}",
                "Connection: close",
                f"Content-Length: {len(body) if method != 'HEAD' else 0}",
                "Content-Type: "
                + ("application/json" if status in (200, 304) else "application/xml"),
            ]
            if etag:
                head.append(f'ETag: "{etag}"')
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
            if method != "HEAD":
                writer.write(body)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            try:
                await writer.wait_closed()
            except (ConnectionError, OSError):
                pass

    def _answer(
        self, path: str, headers: Mapping[str, str], fault: Fault | None
    ) -> tuple[int, bytes, str]:
        if fault is not None:
            if fault.body is not None:
                return fault.status, fault.body, ""
            if fault.status != 200:
                return fault.status, _DENIED if fault.status == 403 else b"error", ""
        body = self.source.bodies(self.race_time()).get(path)
        if body is None:
            return 403, _DENIED, ""  # S3 behind CloudFront: 403, not 404, for a missing object
        etag = hashlib.blake2b(body, digest_size=8).hexdigest()
        if headers.get("if-none-match", "").strip('"') == etag:
            return 304, b"", etag
        return 200, body, etag


# ---------------------------------------------------------------------------------------------
# Opening what to serve
# ---------------------------------------------------------------------------------------------


def _live_ids(body: bytes) -> dict[str, int]:
    try:
        frame: LiveFrame | None = parse_live_feed(decode_json(body)).value
    except BadValue:
        frame = None
    if frame is None:
        return {}
    return {"series": frame.series_id, "race_id": frame.race_id}


def open_source(path: str | Path, also: Mapping[str, str | Path] | None = None) -> FrameSource:
    """What to serve from a file: a cutline recording, a raw capture, or a JSON live frame.

    Args:
        path: the file.
        also: more documents to serve beside a JSON live frame, by feed name
            (``{"flags": "live-flag-data.json", "pits": "live-pit-data.json"}``).

    Raises:
        CutlineError: the file is none of those (or cannot be read).
    """
    path = Path(path)
    if path.suffix == ".json":
        try:
            live = path.read_bytes()
        except OSError as err:
            raise BadRecording(f"{path}: {err.strerror or err}") from err
        bodies = {ep.path(ep.LIVE): live}
        ids = _live_ids(live)
        for name, extra in (also or {}).items():
            if name not in (ep.FLAGS, ep.PITS, ep.STAGES, ep.LIVE_POINTS):
                raise CutlineError(f"cannot serve {name!r} beside a frame (flags, pits, stages)")
            try:
                bodies[ep.path(name, **ids)] = Path(extra).read_bytes()
            except OSError as err:
                raise BadRecording(f"{extra}: {err.strerror or err}") from err
        return StaticSource(bodies, f"{path.name} (one captured frame)")
    if path.name.endswith(".raw.jsonl.gz"):
        return CaptureSource(path)
    read_header(path)  # a cutline recording, or BadRecording says what it is not
    return RecordingSource(RecordingFrames(read_messages(path)), str(path))


def encode(doc: object) -> bytes:
    return msgspec.json.encode(doc)


class _TooManyHeaders(Exception):
    """A request with more header lines than `MAX_HEADERS`."""


async def _read_request(reader: asyncio.StreamReader) -> tuple[bytes, dict[str, str]]:
    """The request line and the headers (names lower-cased)."""
    request = await reader.readline()
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADERS):
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            return request, headers
        key, _, value = line.decode("latin-1").partition(":")
        headers[key.strip().lower()] = value.strip()
    raise _TooManyHeaders


async def _refuse(writer: asyncio.StreamWriter, status: int) -> None:
    head = f"HTTP/1.1 {status} {_REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    writer.write(head.encode("latin-1"))
    await writer.drain()
