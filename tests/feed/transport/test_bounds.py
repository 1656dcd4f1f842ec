"""Every reply counts against a client's bound: a client that floods ``resume`` or ``subscribe``
and never reads is dropped with 1013, and the server (a real ``cutline serve`` process) holds no
more than its bound for it, while the race runs and once it has ended."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from websockets.frames import CloseCode

from cutline.feed.model.messages import FeedMessage
from cutline.feed.transport.server import FeedServer
from cutline.feed.transport.wirelog import WireLog
from tests.support.live import BUDGET
from tests.support.paths import BUNDLED
from tests.support.raw_ws import RawClient
from tests.support.sample_feed import race_messages

MiB = 2**20


class Served:
    """``cutline serve`` in a subprocess, its stderr collected line by line."""

    def __init__(self, speed: str) -> None:
        self.speed = speed
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cutline.tui.cli", "serve", str(BUNDLED), "--port", "0",
             "--speed", speed],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        found = self.wait_for(r"on (ws://\S+)", 30)
        self.url = found.group(1)

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, seconds: float) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if found := re.search(pattern, line):
                    return found
            time.sleep(0.02)
        raise AssertionError(f"no {pattern!r} within {seconds} s in {self.lines}")

    def rss(self) -> int:
        text = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", text).group(1)) * 1024  # type: ignore[union-attr]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=15)
        self._reader.join(timeout=5)
        assert self.proc.stderr is not None
        self.proc.stderr.close()


@pytest.fixture(params=["100", "max"], ids=["racing", "ended"])
def served(request: pytest.FixtureRequest) -> Iterator[Served]:
    server = Served(request.param)
    if request.param == "max":
        server.wait_for("replay ended", 30)
    else:
        time.sleep(3.0)  # at 100x the race lasts 66 s: it goes on through the test
    try:
        yield server
    finally:
        server.stop()


def _dropped(
    served: Served, client: RawClient, why: str, sends: Iterator[str], within: float = 5.0
) -> None:
    """Send ``sends`` (never reading) until the server reports ``client`` dropped for ``why``;
    then read: the close is 1013. All within ``within`` s, the server's RSS within 16 MiB of
    what it was."""
    before = peak = served.rss()
    start = time.monotonic()
    pattern = rf"127\.0\.0\.1:{client.port}: over .*{why}"
    while not any(re.search(pattern, line) for line in served.lines):
        assert time.monotonic() - start < within, f"not dropped in {within} s: {served.lines}"
        frame = next(sends, None)
        if frame is not None:
            client.send_text(frame)
        peak = max(peak, served.rss())
    assert any("replay ended" in line for line in served.lines) == (served.speed == "max")
    close = client.read_until_closed(start + within)
    assert close is not None and close.code == CloseCode.TRY_AGAIN_LATER, close
    peak = max(peak, served.rss())
    assert peak - before < 16 * MiB, f"RSS grew by {(peak - before) / MiB:.1f} MiB"


def _flood(frame: str, n: int) -> Iterator[str]:
    yield from [frame] * n


def _paced(frame: str, per_second: float) -> Iterator[str]:
    yield from [frame] * 18  # within the burst
    while True:
        yield frame
        time.sleep(1 / per_second)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RSS is read from /proc")
@pytest.mark.parametrize("op", ['{"op":"resume","since":1}', '{"op":"subscribe"}'])
def test_a_client_that_floods_and_never_reads_is_dropped(served: Served, op: str) -> None:
    client = RawClient(served.url)
    try:
        _dropped(served, client, "(bytes behind|control messages a second)", _flood(op, 400))
    finally:
        client.close()
    RawClient(served.url).close()  # the server goes on


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RSS is read from /proc")
def test_replies_count_against_the_bound_without_a_publish(served: Served) -> None:
    """Under the rate, but never reading: the replies alone take the client past 4 MiB."""
    if served.speed != "max":
        pytest.skip("the whole race in each reply: once it has ended")
    client = RawClient(served.url)
    try:
        # The kernel's socket buffers take several MiB first (not the server's memory).
        resume = '{"op":"resume","since":1}'
        _dropped(served, client, "bytes behind", _paced(resume, 9), within=10.0)
    finally:
        client.close()


# ---------------------------------------------------------------------------------------------
# What the server says about its clients
# ---------------------------------------------------------------------------------------------


def _reset(url: str, n: int) -> list[int]:
    """``n`` clients that complete the handshake and reset at once; their ports."""
    ports = []
    for _ in range(n):
        client = RawClient(url)
        ports.append(client.port)
        client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
    return ports


async def test_clients_that_reset_are_reported_once_each_by_address(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    notes: list[str] = []
    msgs = race_messages()
    async with asyncio.timeout(BUDGET):
        async with FeedServer(_trickle(msgs), port=0, warn=notes.append) as server:
            ports = await asyncio.to_thread(_reset, server.url, 200)
            await asyncio.sleep(0.5)
    assert len(notes) <= len(ports), notes[:20]
    assert all(re.match(r"127\.0\.0\.1:\d+: ", note) for note in notes), notes[:20]
    assert len(notes) == len(set(notes))
    # Nothing went around the report (websockets' own lines, tracebacks).
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_client_that_never_answers_the_keepalive_is_reported() -> None:
    notes: list[str] = []
    async with asyncio.timeout(BUDGET):
        server = FeedServer(
            _trickle(race_messages()[:5]), port=0, warn=notes.append,
            ping_interval=0.2, ping_timeout=0.2, close_timeout=0.2,
        )  # fmt: skip
        async with server:
            client = await asyncio.to_thread(RawClient, server.url)  # never reads: no pong
            port = client.port
            while not any(f":{port}: no pong" in note for note in notes):
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)
            client.close()
    assert [n for n in notes if f":{port}:" in n] == [
        f"127.0.0.1:{port}: no pong to the keepalive ping; dropped"
    ]


async def _trickle(msgs: list[FeedMessage]) -> AsyncIterator[FeedMessage]:
    for msg in msgs:
        yield msg
        await asyncio.sleep(0.001)


def test_websockets_own_lines_are_one_line_per_client_and_kind() -> None:
    """What websockets logs about a connection (a traceback, a line per skipped broadcast)
    reaches the report as one line naming the client, once per client and kind."""
    notes: list[str] = []
    wire = WireLog(notes.append, logging.getLogger(__name__))
    peers = [SimpleNamespace(id=n, remote_address=("127.0.0.1", 40000 + n)) for n in range(3)]
    for peer in peers:
        conn = logging.LoggerAdapter(wire, {"websocket": peer})  # as websockets wraps it
        for _ in range(100):
            conn.warning("skipped broadcast: failed to write message: %s", "BrokenPipeError")
            try:
                raise ConnectionResetError(104, "Connection reset by peer")
            except ConnectionResetError:
                conn.error("opening handshake failed", exc_info=True)
    assert notes == [
        line
        for n in range(3)
        for line in (
            f"127.0.0.1:{40000 + n}: skipped broadcast: failed to write message: BrokenPipeError",
            f"127.0.0.1:{40000 + n}: opening handshake failed: "
            "ConnectionResetError: [Errno 104] Connection reset by peer",
        )
    ]
