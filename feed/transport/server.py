"""Provides the feed server: one cutline feed published over websockets to any number of clients.

Theory of operation (the server's I/O lives here; what it decides without I/O lives in
`backlog` (the state and the ring), `access` (binding and requests) and `control` (the frames
a client sends)):

- One task pumps the source. Each message is folded into the server's `Backlog`, encoded once,
  kept in a bounded ring by ``seq``, and written to every subscriber with websockets'
  `broadcast`, which never awaits: no client can hold up the pump or the others.
- A client's backlog is what its connection has not yet taken from the write buffer. Past
  ``max_backlog`` bytes the client is disconnected with 1013 (try again later); it can reconnect
  with ``?since=SEQ`` and resume. Every reply counts: a catch-up, a resume or a subscribe that
  would take a client past the bound is not written, and the client is dropped, whether or not
  anything is being published. Memory per client is bounded by that limit plus one message.
- Control messages are taken at up to ``control.CONTROL_RATE`` a second per client, with a
  burst (`control.Pace`); a client past it is closed with 1013 too.
- websockets' own log lines about a connection are reported once per client and kind, naming
  the client, with no traceback (`wirelog.WireLog`); a client dropped by the keepalive is reported.
- Joining is one synchronous step: the catch-up (a snapshot, or the ring after ``since``) is
  written and the client added to the subscribers with no await in between, so no message can
  fall between the catch-up and the live stream.
- Every start makes a new feed id (a random token), carried by each snapshot and named in the
  handshake's response (``X-Cutline-Feed``) for a client that joins before the first message.
  A client resuming with another feed's id (``?feed=``) gets a snapshot, never this feed's
  frames after its seq.
- Requests are checked before the handshake completes (``process_request``, `access.refusal`).
  A refused request gets an HTTP error and never a byte of the feed.
- A frame a client must not send closes that client with a code and a reason
  (`control.read_control`; websockets itself closes 1009 for a frame over ``MAX_CONTROL``); the
  server and the other clients go on.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import secrets
import time
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from types import TracebackType
from typing import Final, Self

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.http11 import Request, Response

from cutline.feed.model.errors import CutlineError, TransportError
from cutline.feed.model.messages import FeedMessage, RaceState, Resume, Subscribe
from cutline.feed.streams.source import Source
from cutline.feed.transport.access import LOOPBACK, check_bind, refusal
from cutline.feed.transport.backlog import RING, Backlog
from cutline.feed.transport.control import (
    CLIENT_FAULTS,
    FEED_HEADER,
    MAX_CONTROL,
    Pace,
    Rejection,
    close_reason,
    feed_of,
    read_control,
    since,
)
from cutline.feed.transport.wirelog import WireLog, peer

DEFAULT_PORT: Final = 8765
MAX_BACKLOG: Final = 4 * 2**20  # bytes unsent to one client before it is dropped

Warn = Callable[[str], None]
log = logging.getLogger(__name__)


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
        feed_id: the feed's id; None makes a new random one (a new feed). A server restarted
            with ``history`` continues its feed: give it the same id.
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
        feed_id: str | None = None,
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
        self.feed_id = feed_id or secrets.token_urlsafe(9)
        self.backlog = Backlog(ring, history, feed=self.feed_id)
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
        self.dropped = 0  # clients disconnected for falling behind or flooding (1013)
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
                process_response=self._name_feed,
                compression=None,  # per-client deflate would cost the fan-out a compressor each
                max_size=MAX_CONTROL,
                max_queue=4,
                ping_interval=self._ping[0],
                ping_timeout=self._ping[1],
                close_timeout=self._close_timeout,
                logger=WireLog(self._report, log),
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
            self._too_far_behind(ws)

    def _too_far_behind(self, ws: ServerConnection) -> None:
        self.dropped += 1
        self._report(f"{peer(ws)}: over {self.max_backlog} bytes behind; disconnected")
        self._drop(ws, CloseCode.TRY_AGAIN_LATER, "too far behind: reconnect with ?since=SEQ")

    def _catch_up(self, seq: int | None) -> list[bytes]:
        # Missed frames past half the backlog limit would get the client dropped at the next
        # message: a snapshot brings it level for less.
        return self.backlog.since(seq, max_bytes=self.max_backlog // 2)

    def _send(self, ws: ServerConnection, frames: list[bytes]) -> bool:
        """Write a reply, or drop ``ws`` instead if it would put the client past its bound."""
        size = sum(map(len, frames))
        if ws.transport.get_write_buffer_size() + size > self.max_backlog:
            self._too_far_behind(ws)
            return False
        for frame in frames:
            broadcast((ws,), frame, text=True)
        return True

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
        refused = refusal(request.path, request.headers, self._token)
        if refused is None:
            return None
        status, text = refused
        self.errors += 1
        self._report(f"{peer(conn)}: refused ({status.value}): {text}")
        return conn.respond(status, text + "\n")

    def _name_feed(self, conn: ServerConnection, request: Request, response: Response) -> None:
        if response.status_code == 101:  # only a client let in learns the feed's id
            response.headers[FEED_HEADER] = self.feed_id

    async def _handle(self, ws: ServerConnection) -> None:
        assert ws.request is not None  # the handshake is done
        held = since(ws.request.path)
        other = feed_of(ws.request.path) not in ("", self.feed_id)
        if other:
            # Its seq counts another feed's messages: only a snapshot is right (none before the
            # first message: the handshake named this feed, and the client starts over).
            catch_up = "sent a snapshot" if self.state.seq else "nothing to send yet"
            self._report(f"{peer(ws)}: resumes another feed: {catch_up}")
            held = None
        elif held is not None and held > self.state.seq:
            # Another feed's seq (a server restarted from scratch): the snapshot resets it.
            self._report(
                f"{peer(ws)}: resumes from seq {held}, ahead of this feed's {self.state.seq}: "
                "sent a snapshot"
            )
        if not self._send(ws, self._catch_up(held)):
            await ws.wait_closed()
            return
        self._subscribers.add(ws)
        if self._joined is not None:
            async with self._joined:
                self._joined.notify_all()
        pace = Pace()
        try:
            async for frame in ws:
                if not pace.take(time.monotonic()):
                    self.dropped += 1
                    self._report(f"{peer(ws)}: over {pace.rate:g} control messages a second")
                    self._drop(ws, CloseCode.TRY_AGAIN_LATER, "too many requests: slow down")
                    await ws.wait_closed()
                    return
                sent = True
                match read_control(frame):
                    case Rejection(code=code, reason=reason):
                        await self._reject(ws, code, reason)
                        return
                    case Subscribe():
                        sent = self._send(ws, self.backlog.since(None))
                    case Resume(since=seq):
                        sent = self._send(ws, self._catch_up(seq))
                if not sent:
                    await ws.wait_closed()
                    return
        except ConnectionClosed as err:
            # websockets closed it for us: a frame over MAX_CONTROL (1009), bad UTF-8 (1007),
            # a protocol error (1002), or a missed pong. Only the client's faults are counted.
            if err.sent is not None and err.sent.code in CLIENT_FAULTS:
                self.errors += 1
                self._report(f"{peer(ws)}: closed ({err.sent.code}): {err.sent.reason}")
            elif err.sent is not None and "keepalive" in err.sent.reason:
                self._report(f"{peer(ws)}: no pong to the keepalive ping; dropped")
        finally:
            self._subscribers.discard(ws)

    async def _reject(self, ws: ServerConnection, code: int, reason: str) -> None:
        self.errors += 1
        self._report(f"{peer(ws)}: closed ({code}): {reason}")
        self._subscribers.discard(ws)
        await self._close_one(ws, code, close_reason(reason))

    def _report(self, text: str) -> None:
        if self._warn is not None:
            self._warn(text)
        else:
            log.warning("%s", text)
