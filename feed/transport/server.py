"""Provides the feed server: one cutline feed published over websockets to any number of clients.

Theory of operation (everything the server promises lives in this file):

- One task pumps the source. Each message is folded into the server's state with `apply`,
  encoded once, kept in a bounded ring by ``seq`` (`Backlog`), and written to every subscriber
  with websockets' `broadcast`, which never awaits: no client can hold up the pump or the others.
- A client's backlog is what its connection has not yet taken from the write buffer. Past
  ``max_backlog`` bytes the client is disconnected with 1013 (try again later); it can reconnect
  with ``?since=SEQ`` and resume. Memory per client is bounded by that limit.
- Joining is one synchronous step: the catch-up (a snapshot, or the ring after ``since``) is
  written and the client added to the subscribers with no await in between, so no message can
  fall between the catch-up and the live stream.
- Requests are checked before the handshake completes (``process_request``): the path, the
  ``since`` parameter and, when the server has one, the token (compared in constant time). A
  refused request gets an HTTP error and never a byte of the feed.
- A client may send only `Subscribe` or `Resume` (`messages.Control`), in text frames of at
  most ``MAX_CONTROL`` bytes. Anything else closes that client with a code and a reason (1003
  binary, 1008 not a control message, 1009 too big); the server and the other clients go on.
"""

from __future__ import annotations

import asyncio
import bisect
import errno
import hmac
import ipaddress
import itertools
import logging
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from http import HTTPStatus
from types import TracebackType
from typing import Final, Self
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.http11 import Request, Response

from cutline.feed.model.errors import BadMessage, CutlineError, TransportError
from cutline.feed.model.messages import (
    FeedMessage,
    RaceState,
    Resume,
    Subscribe,
    decode_control,
    encode,
)
from cutline.feed.model.state import apply, snapshot
from cutline.feed.streams.source import Source

LOOPBACK: Final = "127.0.0.1"
DEFAULT_PORT: Final = 8765
MAX_CONTROL: Final = 512  # bytes; a control message is a few dozen
RING: Final = 2048  # messages: more than a whole race (a Cup race is ~600 laps of Lap messages)
MAX_BACKLOG: Final = 4 * 2**20  # bytes unsent to one client before it is dropped
TOKEN_HEADER: Final = "Authorization"  # "Bearer TOKEN"; or ?token=TOKEN in the URL

Warn = Callable[[str], None]
log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_bind(host: str, token: str | None) -> None:
    """Refuse to expose a feed beyond this machine without a token.

    Raises:
        TransportError: ``host`` is not loopback and ``token`` is empty.
    """
    if not token and not is_loopback(host):
        raise TransportError(
            f"binding {host} exposes the feed beyond this machine: give a token "
            "(--token or CUTLINE_TOKEN), or bind 127.0.0.1"
        )


# ---------------------------------------------------------------------------------------------
# The pure core: state, ring, catch-up. No sockets.
# ---------------------------------------------------------------------------------------------


class Backlog:
    """The feed as the server holds it: the state, and the last ``size`` frames by ``seq``."""

    def __init__(self, size: int = RING, history: Iterable[FeedMessage] = ()) -> None:
        self.state = RaceState()
        self._ring: deque[tuple[int, bytes]] = deque(maxlen=max(size, 1))
        self._snapshot: bytes | None = None
        for msg in history:
            self.add(msg)

    def add(self, msg: FeedMessage) -> bytes | None:
        """Fold one message in; its frame, or None when it changes nothing (a duplicate)."""
        new = apply(self.state, msg)
        if new is self.state:
            return None
        self.state = new
        frame = encode(msg)
        self._ring.append((msg.seq, frame))
        self._snapshot = None
        return frame

    def snapshot(self) -> bytes | None:
        """The state as one frame (encoded once per state), or None before the first message."""
        if self.state.seq == 0:
            return None  # a snapshot of nothing would claim seq 1
        if self._snapshot is None:
            self._snapshot = encode(snapshot(self.state))
        return self._snapshot

    def since(self, seq: int | None, max_bytes: int | None = None) -> list[bytes]:
        """What a client holding ``seq`` needs to be current.

        Args:
            seq: the last seq the client applied; None for a client with nothing.
            max_bytes: send a snapshot instead of missed frames adding up to more than this.

        Returns:
            The frames after ``seq`` if the ring still holds them all (within ``max_bytes``),
            else one snapshot; nothing when the client is current. A client ahead of this feed
            (another feed, or this one restarted from scratch) gets a snapshot, which resets it.
        """
        if seq is not None and seq > 0:
            if seq == self.state.seq:
                return []
            if seq > self.state.seq:
                frame = self.snapshot()
                return [] if frame is None else [frame]
            i = bisect.bisect_right(self._ring, seq, key=lambda entry: entry[0])
            if i < len(self._ring) and self._ring[i][0] == seq + 1:
                frames = [frame for _, frame in itertools.islice(self._ring, i, None)]
                if max_bytes is None or sum(map(len, frames)) <= max_bytes:
                    return frames
        frame = self.snapshot()
        return [] if frame is None else [frame]


# ---------------------------------------------------------------------------------------------
# The I/O shell
# ---------------------------------------------------------------------------------------------


class FeedServer:
    """Publishes one feed to websocket clients.

    Use it as an async context manager, or call `start` and `close`::

        async with FeedServer(Player.open(path, speed=4)) as server:
            print(server.url)
            await stop.wait()

    Args:
        source: the feed: any `Source`, or an async iterable of messages.
        host: the address to bind; anything but loopback requires ``token``.
        port: the TCP port; 0 lets the OS pick one (read it back from `port`).
        token: when set, every client must present it (``Authorization: Bearer TOKEN`` or
            ``?token=TOKEN``).
        history: messages already published, folded in before the source (a restarted server
            picks up where it was, ring included).
        ring: how many recent messages a resuming client can be served.
        max_backlog: bytes a client may leave unsent before it is disconnected.
        ping_interval: seconds between keepalive pings; None disables them.
        ping_timeout: seconds to wait for a pong before dropping a client.
        close_timeout: seconds to wait for a closing handshake before dropping the connection.
        warn: called with the text of everything refused or survived.

    Raises:
        TransportError: a non-loopback ``host`` without a token.
    """

    def __init__(
        self,
        source: Source | AsyncIterable[FeedMessage],
        *,
        host: str = LOOPBACK,
        port: int = DEFAULT_PORT,
        token: str | None = None,
        history: Iterable[FeedMessage] = (),
        ring: int = RING,
        max_backlog: int = MAX_BACKLOG,
        ping_interval: float | None = 20.0,
        ping_timeout: float | None = 20.0,
        close_timeout: float = 5.0,
        warn: Warn | None = None,
    ) -> None:
        check_bind(host, token)
        self.source = source
        self.host = host
        self._port = port
        self._token = token.encode() if token else None
        self.backlog = Backlog(ring, history)
        self.max_backlog = max_backlog
        self._ping = (ping_interval, ping_timeout)
        self._close_timeout = close_timeout
        self._warn = warn
        self._subscribers: set[ServerConnection] = set()
        self._server: Server | None = None
        self._pump: asyncio.Task[None] | None = None
        self._closing: set[asyncio.Task[None]] = set()
        self._joined: asyncio.Condition | None = None
        self.errors = 0  # requests refused and frames rejected
        self.dropped = 0  # clients disconnected for falling behind
        self.published = 0  # messages sent on (duplicates excluded)

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind and start publishing.

        Raises:
            TransportError: the address cannot be bound (in use, not this machine's, unknown).
        """
        try:
            self._server = await serve(
                self._handle,
                self.host,
                self._port,
                process_request=self._check,
                compression=None,  # per-client deflate would cost the fan-out a compressor each
                max_size=MAX_CONTROL,
                max_queue=4,
                ping_interval=self._ping[0],
                ping_timeout=self._ping[1],
                close_timeout=self._close_timeout,
                logger=log,
            )
        except OSError as err:
            where = f"{self.host}:{self._port}"
            if err.errno == errno.EADDRINUSE:
                raise TransportError(f"cannot listen on {where}: the port is in use") from err
            raise TransportError(f"cannot listen on {where}: {err.strerror or err}") from err
        self._joined = asyncio.Condition()
        self._pump = asyncio.create_task(self._run_source(), name="cutline-feed-pump")

    @property
    def port(self) -> int:
        """The bound port (the one the OS picked for port 0)."""
        if self._server is None:
            return self._port
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ws://{host}:{self.port}/"

    @property
    def state(self) -> RaceState:
        return self.backlog.state

    @property
    def clients(self) -> int:
        """Clients currently subscribed."""
        return len(self._subscribers)

    async def wait_for_clients(self, n: int) -> None:
        """Wait until at least ``n`` clients are subscribed (for tests and benchmarks)."""
        assert self._joined is not None, "start() first"
        async with self._joined:
            await self._joined.wait_for(lambda: len(self._subscribers) >= n)

    async def finished(self) -> None:
        """Wait until the source has ended (the server goes on serving its final state)."""
        if self._pump is not None:
            await asyncio.shield(self._pump)

    async def close(self, *, abort: bool = False) -> None:
        """Stop publishing and close every connection.

        Args:
            abort: drop connections with no closing handshake, as if the process had died
                (clients see an abnormal closure and reconnect).
        """
        if self._pump is not None:
            self._pump.cancel()
            await asyncio.gather(self._pump, return_exceptions=True)
        if self._server is not None:
            if abort:
                for ws in list(self._server.connections):
                    ws.transport.abort()
            self._server.close()
            await self._server.wait_closed()
        self._subscribers.clear()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- publishing --------------------------------------------------------------------------

    async def _run_source(self) -> None:
        stream: AsyncIterator[FeedMessage]
        if isinstance(self.source, AsyncIterable):
            stream = aiter(self.source)
        else:
            stream = self.source.messages()
        try:
            async for msg in stream:
                self.publish(msg)
        except CutlineError as err:  # a source that fails on bad input: serve what we have
            self._report(f"source stopped: {err}")

    def publish(self, msg: FeedMessage) -> None:
        """Fold ``msg`` in and send it to every subscriber (a duplicate is dropped)."""
        frame = self.backlog.add(msg)
        if frame is None:
            return
        self.published += 1
        subscribers = self._subscribers
        # The frame is JSON, so UTF-8: send it as text without decoding it.
        broadcast(subscribers, frame, text=True)
        slow = [ws for ws in subscribers if ws.transport.get_write_buffer_size() > self.max_backlog]
        for ws in slow:
            self.dropped += 1
            self._report(f"{_peer(ws)}: over {self.max_backlog} bytes behind; disconnected")
            self._drop(ws, CloseCode.TRY_AGAIN_LATER, "too far behind: reconnect with ?since=SEQ")

    def _catch_up(self, seq: int | None) -> list[bytes]:
        # Missed frames past half the backlog limit would get the client dropped at the next
        # message: a snapshot brings it level for less.
        return self.backlog.since(seq, max_bytes=self.max_backlog // 2)

    def _send(self, ws: ServerConnection, frames: list[bytes]) -> None:
        for frame in frames:
            broadcast((ws,), frame, text=True)

    def _drop(self, ws: ServerConnection, code: int, reason: str) -> None:
        """Stop writing to ``ws`` now; close it in the background (bounded by close_timeout)."""
        self._subscribers.discard(ws)
        task = asyncio.create_task(self._close_one(ws, code, reason))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def _close_one(self, ws: ServerConnection, code: int, reason: str) -> None:
        try:
            async with asyncio.timeout(self._close_timeout):
                await ws.close(code, reason)
        except TimeoutError:
            ws.transport.abort()  # a stalled client never reads the close frame

    # -- clients -----------------------------------------------------------------------------

    def _check(self, conn: ServerConnection, request: Request) -> Response | None:
        """Refuse a bad request before the handshake completes: no feed data is ever sent."""
        url = urlsplit(request.path)
        if url.path not in ("", "/"):
            return self._refuse(conn, HTTPStatus.NOT_FOUND, f"no feed at {url.path}; use /")
        query = parse_qs(url.query, keep_blank_values=True)
        if self._token is not None and not self._token_ok(query, request.headers):
            return self._refuse(conn, HTTPStatus.UNAUTHORIZED, "missing or wrong token")
        try:
            _since(request.path)
        except ValueError as err:
            return self._refuse(conn, HTTPStatus.BAD_REQUEST, str(err))
        return None

    def _token_ok(self, query: dict[str, list[str]], headers: Headers) -> bool:
        assert self._token is not None
        given = ""
        auth = headers.get(TOKEN_HEADER, "")
        if auth.startswith("Bearer "):
            given = auth.removeprefix("Bearer ").strip()
        elif query.get("token"):
            given = query["token"][-1]
        # compare_digest: the time taken does not say how much of the token was right.
        return hmac.compare_digest(given.encode(), self._token)

    def _refuse(self, conn: ServerConnection, status: HTTPStatus, text: str) -> Response:
        self.errors += 1
        self._report(f"{_peer(conn)}: refused ({status.value}): {text}")
        return conn.respond(status, text + "\n")

    async def _handle(self, ws: ServerConnection) -> None:
        assert ws.request is not None  # the handshake is done
        since = _since(ws.request.path)
        if since is not None and since > self.state.seq:
            # Another feed's seq (a server restarted from scratch): the snapshot resets it.
            self._report(
                f"{_peer(ws)}: resumes from seq {since}, ahead of this feed's {self.state.seq}: "
                "sent a snapshot"
            )
        self._send(ws, self._catch_up(since))
        self._subscribers.add(ws)
        if self._joined is not None:
            async with self._joined:
                self._joined.notify_all()
        try:
            async for frame in ws:
                if isinstance(frame, bytes):
                    await self._reject(ws, CloseCode.UNSUPPORTED_DATA, "binary frame: send text")
                    return
                try:
                    ctrl = decode_control(frame)
                except BadMessage as err:
                    await self._reject(ws, CloseCode.POLICY_VIOLATION, str(err))
                    return
                match ctrl:
                    case Subscribe():
                        self._send(ws, self.backlog.since(None))
                    case Resume(since=seq):
                        self._send(ws, self._catch_up(seq))
        except ConnectionClosed as err:
            # websockets closed it for us: a frame over MAX_CONTROL (1009), bad UTF-8 (1007),
            # a protocol error (1002), or a missed pong. Only the client's faults are counted.
            if err.sent is not None and err.sent.code in _CLIENT_FAULTS:
                self.errors += 1
                self._report(f"{_peer(ws)}: closed ({err.sent.code}): {err.sent.reason}")
        finally:
            self._subscribers.discard(ws)

    async def _reject(self, ws: ServerConnection, code: int, reason: str) -> None:
        self.errors += 1
        self._report(f"{_peer(ws)}: closed ({code}): {reason}")
        self._subscribers.discard(ws)
        await self._close_one(ws, code, _reason(reason))

    def _report(self, text: str) -> None:
        if self._warn is not None:
            self._warn(text)
        else:
            log.warning("%s", text)


_CLIENT_FAULTS = frozenset(
    {CloseCode.PROTOCOL_ERROR, CloseCode.INVALID_DATA, CloseCode.MESSAGE_TOO_BIG}
)


def _since(path: str) -> int | None:
    """The ``since`` query parameter of a request path.

    Raises:
        ValueError: present but not one whole number >= 0.
    """
    values = parse_qs(urlsplit(path).query, keep_blank_values=True).get("since")
    if not values:
        return None
    if len(values) > 1 or not values[0].isascii() or not values[0].isdigit():
        raise ValueError(f"since must be one whole number >= 0, not {values!r}")
    return int(values[0])


def _reason(text: str) -> str:
    """A close reason fits in 123 bytes of UTF-8 (RFC 6455, 5.5: control frames carry 125)."""
    data = text.encode()
    if len(data) <= 123:
        return text
    return data[:120].decode(errors="ignore") + "..."


def _peer(ws: ServerConnection) -> str:
    try:
        host, port = ws.remote_address[:2]
    except (TypeError, ValueError):
        return "client"
    return f"{host}:{port}"
