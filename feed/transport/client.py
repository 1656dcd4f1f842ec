"""Provides the feed client: a `Source` over a cutline feed server that never gives up.

Theory of operation:

- websockets' ``async for ws in connect(...)`` reconnects. Every attempt's URL carries
  ``since=<last applied seq>``, so the server sends exactly what was missed, or a snapshot.
- Every frame goes through `Intake`, the client's rules with no socket: a frame that does not
  decode is counted and dropped (the state is unchanged); a ``seq`` at or below ours is a
  duplicate; a ``seq`` past the next is a gap, so the client asks once for a snapshot
  (`Subscribe`) and drops frames until it arrives.
- websockets backs off between failed attempts. A connection that opens but then fails before
  anything is applied (a server that closes at once, or sends frames we refuse) also backs off,
  with the same schedule, so a broken server is never hammered. Any session that applied a
  message resets the schedule: a server restart costs one quick reconnection.
- Fatal: a refused request (bad token, wrong path) or a bad URL raise `TransportError`; with
  ``retry_first=False`` so does finding nothing at the address on the very first attempt.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from contextlib import aclosing
from typing import Any, Final, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec
from websockets.asyncio.client import ClientConnection, connect
from websockets.client import process_exception
from websockets.exceptions import (
    ConnectionClosed,
    InvalidHandshake,
    InvalidStatus,
    InvalidURI,
)
from websockets.frames import CloseCode
from websockets.uri import parse_uri

from cutline.feed.model.errors import FeedUnavailable, TransportError
from cutline.feed.model.messages import ENCODER, MAX_MESSAGE, FeedMessage, RaceState, Subscribe
from cutline.feed.streams.source import FeedStatus, Mode
from cutline.feed.transport.access import redacted
from cutline.feed.transport.control import FEED_HEADER
from cutline.feed.transport.intake import Intake

MAX_FRAME: Final = MAX_MESSAGE
HEALTHY_AFTER: Final = 10.0  # seconds: a session this long resets the backoff even if idle
SUBSCRIBE: Final = ENCODER.encode(Subscribe()).decode()

Delays = Callable[[], Iterator[float]]


def backoff(
    *,
    first: float = 0.5,
    factor: float = 2.0,
    cap: float = 30.0,
    jitter: float = 0.5,
    rng: Callable[[], float] = random.random,
) -> Iterator[float]:
    """Exponential backoff with jitter: ``first``, ``first * factor``, ... up to ``cap``, each
    cut by a random share of up to ``jitter``, so clients dropped together do not return
    together (RFC 6455, 7.2.3)."""
    delay = first
    while True:
        yield delay * (1.0 - jitter * rng())
        delay = min(delay * factor, cap)


class Client:
    """A live feed from a cutline feed server: a `cutline.feed.streams.source.Source`.

    Args:
        url: the server, ``ws://HOST:PORT/`` (or ``wss://``).
        token: sent as ``Authorization: Bearer TOKEN``.
        state: the state to resume from (its ``seq`` is sent on the first connection).
        feed: the id of the feed ``state`` comes from, sent with its ``seq`` (a server of
            another feed then sends a snapshot, never its own frames after that seq).
        delays: the backoff schedule: called for a fresh iterator of seconds at each run of
            failures. Tests pass zeros.
        retry_first: keep trying when nothing answers on the very first attempt; when False,
            `messages` raises `FeedUnavailable` instead. After one success, always retry.
        max_size: the largest frame accepted; a bigger one is counted and the connection
            reopened.
        ping_interval: seconds between keepalive pings; None disables them.
        ping_timeout: seconds to wait for a pong before reconnecting.
        open_timeout: seconds allowed for each connection attempt.
        close_timeout: seconds to wait for a closing handshake before dropping the connection
            (a dead server is left this long before the client reconnects).
        clock: monotonic seconds, for ``last_message_at``.
        on_status: called with the new status whenever the mode or its text changes
            (connected, lost, reconnecting in N s, failed), for a ticker or a status bar.

    Raises:
        TransportError: the URL is not a websocket URL.
    """

    def __init__(
        self,
        url: str,
        *,
        token: str | None = None,
        state: RaceState | None = None,
        feed: str = "",
        delays: Delays = backoff,
        retry_first: bool = True,
        max_size: int = MAX_FRAME,
        ping_interval: float | None = 20.0,
        ping_timeout: float | None = 20.0,
        open_timeout: float | None = 10.0,
        close_timeout: float | None = 2.0,
        clock: Callable[[], float] = time.monotonic,
        on_status: Callable[[FeedStatus], None] | None = None,
    ) -> None:
        try:
            parse_uri(url)
        except InvalidURI as err:
            raise TransportError(f"{url!r} is not a feed URL: use ws://HOST:PORT/") from err
        self.url = url
        self.shown = redacted(url)  # for every text: never the token
        self.intake = Intake(state, feed=feed)
        self._delays = delays
        self._retry_first = retry_first
        self._clock = clock
        self._on_status = on_status
        self._why = ""  # why the last attempt failed
        self._options: dict[str, Any] = {
            "additional_headers": {"Authorization": f"Bearer {token}"} if token else None,
            "max_size": max_size,
            "ping_interval": ping_interval,
            "ping_timeout": ping_timeout,
            "open_timeout": open_timeout,
            "close_timeout": close_timeout,
            "compression": None,  # the server sends uncompressed frames
            "proxy": None,  # a feed is reached directly; never through the environment's proxy
        }
        self.connected = False  # a connection has opened at least once
        self.sessions = 0
        self._status = FeedStatus(mode="connecting", text=f"connecting to {self.shown}")

    @property
    def state(self) -> RaceState:
        """The state after every message applied so far."""
        return self.intake.state

    @property
    def status(self) -> FeedStatus:
        return msgspec.structs.replace(
            self._status,
            errors=self.intake.errors,
            last_error=self.intake.last_error,
            feed=self.intake.feed,
        )

    def resume_url(self) -> str:
        """The URL for the next attempt: ``since`` set to the last applied seq, if any."""
        parts = urlsplit(self.url)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "since"]
        query = [(k, v) for k, v in query if k != "feed"]
        if self.state.seq > 0:
            query.append(("since", str(self.state.seq)))
            if self.intake.feed:
                query.append(("feed", self.intake.feed))
        return urlunsplit(parts._replace(query=urlencode(query)))

    async def messages(self) -> AsyncIterator[FeedMessage]:
        """Every message applied, in order, forever (reconnecting as needed).

        Raises:
            TransportError: the server refused us (a bad token, a wrong path) or is not a
                websocket server: retrying would not help.
            FeedUnavailable: nothing answered on the first attempt and ``retry_first`` is False.
        """
        connector = _Connect(self, **self._options)
        failures: Iterator[float] | None = None  # post-handshake failures (see the docstring)
        try:
            # aclosing: leaving early (the consumer stops) closes the open connection now.
            attempts = cast(AsyncGenerator[ClientConnection, None], connector.__aiter__())
            async with aclosing(attempts) as sessions:
                async for ws in sessions:
                    self.connected = True
                    self.sessions += 1
                    self._set("live", f"connected to {self.shown}")
                    self._learn_feed(ws)
                    opened, applied = self._clock(), 0
                    async with aclosing(self._session(ws)) as stream:
                        async for msg in stream:
                            applied += 1
                            yield msg
                    if applied or self._clock() - opened >= HEALTHY_AFTER:
                        failures = None
                        self._set("reconnecting", f"connection lost ({_closed(ws)}); reconnecting")
                        continue
                    failures = failures or self._schedule()
                    self._why = f"connection lost ({_closed(ws)}) before any message"
                    await asyncio.sleep(next(failures))
        except InvalidStatus as err:
            self._set("failed", _refused(self.shown, err))
            raise TransportError(_refused(self.shown, err)) from err
        except InvalidHandshake as err:
            self._set("failed", f"{self.shown}: not a cutline feed: {err}")
            raise TransportError(f"{self.shown}: not a cutline feed: {err}") from err
        except FeedUnavailable as err:
            self._set("failed", str(err))
            raise

    @property
    def feed(self) -> str:
        """The id of the feed the state comes from ("" until the server names it)."""
        return self.intake.feed

    def _learn_feed(self, ws: ClientConnection) -> None:
        """Take the feed's id from the handshake when nothing has named it yet: joined before
        the first message, no snapshot will (a later snapshot of another feed still resets).
        A handshake naming another feed than the state's starts the state over: that server
        sends a snapshot only once it has a message, and its seq counts another race."""
        named = ws.response.headers.get(FEED_HEADER, "") if ws.response is not None else ""
        if named and not self.intake.feed and self.state.seq == 0:
            self.intake.feed = named
        elif named and self.intake.feed and named != self.intake.feed:
            self.intake.restart(named)
            self._set("live", "the feed restarted: waiting for its first message")

    async def _session(self, ws: ClientConnection) -> AsyncGenerator[FeedMessage, None]:
        self.intake.holding = False  # a new connection resumes by ?since=
        try:
            async for frame in ws:
                verdict, msg = self.intake.take(frame)
                if verdict == "restarted":
                    race = self.state.race
                    now = (race.name or race.track) if race is not None else "a new feed"
                    self._set("live", f"the feed restarted: now {now}")
                if msg is not None:
                    self._status = msgspec.structs.replace(
                        self._status, last_message_at=self._clock()
                    )
                    yield msg
                elif verdict == "gap":
                    await ws.send(SUBSCRIBE)
        except ConnectionClosed as err:
            # The websocket layer refused a frame for us: too big, bad UTF-8, bad framing.
            if err.sent is not None and err.sent.code in _REFUSED:
                self.intake.bad(f"frame refused ({err.sent.code}): {err.sent.reason}")

    def _schedule(self) -> Generator[float]:
        """The backoff schedule, reporting each delay in the status before it is slept."""
        for delay in self._delays():
            self._set("reconnecting", f"reconnecting in {_seconds(delay)}: {self._why}")
            yield delay

    def _retryable(self, exc: Exception) -> Exception | None:
        """websockets' rule (network errors and 5xx are retried), plus ``retry_first``."""
        verdict = process_exception(exc)
        if verdict is None and not self.connected and not self._retry_first:
            return FeedUnavailable(f"{self.shown}: {_why(exc)}")
        self._why = _why(exc)
        return verdict

    def _set(self, mode: Mode, text: str) -> None:
        self._status = msgspec.structs.replace(self._status, mode=mode, text=text)
        if self._on_status is not None:
            self._on_status(self.status)


class _Connect(connect):
    """websockets' `connect`, building the URL afresh for each attempt so that every
    reconnection asks for what was missed (``since``); it follows redirects the same way."""

    def __init__(self, client: Client, **options: Any) -> None:
        self._client = client
        super().__init__(
            client.resume_url(),
            process_exception=client._retryable,
            reconnect_delays=client._schedule,
            **options,
        )

    async def connect(self) -> ClientConnection:
        self.uri = self._client.resume_url()
        self.ws_uri = parse_uri(self.uri)
        return await super().connect()


_REFUSED = frozenset({CloseCode.PROTOCOL_ERROR, CloseCode.INVALID_DATA, CloseCode.MESSAGE_TOO_BIG})


def _closed(ws: ClientConnection) -> str:
    if ws.close_code is None:
        return "no close frame"
    return f"{ws.close_code} {ws.close_reason}".strip()


def _refused(url: str, err: InvalidStatus) -> str:
    status = err.response.status_code
    body = err.response.body.decode(errors="replace").strip() if err.response.body else ""
    if status in (401, 403):
        return f"{url}: the server refused the token ({status}{': ' + body if body else ''})"
    return f"{url}: the server refused the connection ({status}{': ' + body if body else ''})"


def _why(exc: Exception) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is `cutline serve` running there?)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def _seconds(delay: float) -> str:
    return f"{delay:.1f} s" if delay < 10 else f"{delay:.0f} s"
