"""The mirror survives what a browser or a scanner may send: a header past the stream's limit,
more header lines than a request needs, a connection that never says anything, and it exits
cleanly on SIGTERM. Real sockets on loopback; a real `cutline nascar mirror` process."""

from __future__ import annotations

import asyncio
import re
import signal
import sys

from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar.mirror import Mirror, StaticSource
from tests.support.paths import BUNDLED, SAMPLES

BODY = (SAMPLES / "live-feed_2023-cup-atlanta_lap233-green.json").read_bytes()
PATH = ep.path(ep.LIVE)


async def _exchange(m: Mirror, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection(m.host, m.port)
    writer.write(request)
    await writer.drain()
    answer = await reader.read()  # the mirror closes every connection after its answer
    writer.close()
    await writer.wait_closed()
    return answer


async def test_a_header_past_the_limit_or_too_many_get_431_and_the_mirror_goes_on() -> None:
    async with asyncio.timeout(30):
        async with Mirror(StaticSource({PATH: BODY})) as m:
            long = b"GET /" + PATH.encode() + b" HTTP/1.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n"
            many = b"GET /" + PATH.encode() + b" HTTP/1.1\r\n" + b"X-A: 1\r\n" * 200 + b"\r\n"
            big = await _exchange(m, long)
            lots = await _exchange(m, many)
            fine = await _exchange(m, b"GET /" + PATH.encode() + b" HTTP/1.1\r\n\r\n")
    assert big.startswith(b"HTTP/1.1 431 ") and lots.startswith(b"HTTP/1.1 431 ")
    assert fine.startswith(b"HTTP/1.1 200 ") and fine.endswith(BODY)


async def test_an_idle_connection_is_closed() -> None:
    async with asyncio.timeout(30):
        async with Mirror(StaticSource({PATH: BODY}), idle=0.3) as m:
            reader, writer = await asyncio.open_connection(m.host, m.port)
            writer.write(b"GET /")  # half a request line, then nothing
            await writer.drain()
            async with asyncio.timeout(5):
                rest = await reader.read()  # EOF: the mirror gave up on us
            writer.close()
    assert rest == b""


async def test_the_mirror_command_exits_0_on_sigterm() -> None:
    async with asyncio.timeout(60):
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "cutline.tui.cli", "nascar", "mirror", str(BUNDLED),
            "--port", "0",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert proc.stdout is not None
        first = (await proc.stdout.readline()).decode()
        assert re.search(r"http://127\.0\.0\.1:\d+", first), first
        proc.send_signal(signal.SIGTERM)
        _, err = await proc.communicate()
    assert proc.returncode == 0 and b"Traceback" not in err
