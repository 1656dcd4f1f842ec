"""Every NASCAR request is bounded, against real servers on loopback: a server that drips a byte
every 2 s, a gzip bomb and a redirect to another host each give one line within the deadline,
and the memory of ``cutline nascar check`` stays under 200 MB."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar.canary import run_check
from cutline.feed.sources.nascar.poller import MAX_BODY, Poller


def _bomb(size: int = 200 * 2**20) -> bytes:
    """``size`` bytes of ``[0,0,...`` gzip-compressed, made a MiB at a time."""
    out = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"0," * 2**19
    parts = [out.compress(b"[")]
    parts += [out.compress(chunk) for _ in range(size // len(chunk))]
    parts.append(out.compress(b"0]") + out.flush())
    return b"".join(parts)


@asynccontextmanager
async def http_server(mode: str) -> AsyncIterator[str]:
    """A one-trick HTTP server: "drip", "bomb" or "redirect" (to another loopback address)."""
    bomb = _bomb() if mode == "bomb" else b""
    handlers: set[asyncio.Task[None]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        handlers.add(task)
        try:
            await reader.readuntil(b"\r\n\r\n")
            port = writer.get_extra_info("sockname")[1]
            if mode == "drip":
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
                for _ in range(100):
                    writer.write(b" ")
                    await writer.drain()
                    await asyncio.sleep(2.0)
            elif mode == "bomb":
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                    + f"Content-Length: {len(bomb)}\r\n\r\n".encode()
                    + bomb
                )
            else:
                where = f"http://127.0.0.2:{port}/live/feeds/live-feed.json"
                writer.write(
                    f"HTTP/1.1 302 Found\r\nLocation: {where}\r\nContent-Length: 0\r\n\r\n".encode()
                )
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        server.close()
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
        await server.wait_closed()


@pytest.mark.parametrize(
    ("mode", "says"),
    [
        ("drip", "no answer from 127.0.0.1:{port} within 2 s"),
        ("bomb", f"a body over the {MAX_BODY:,}-byte cap (decompressed)"),
        ("redirect", "redirect to http://127.0.0.2:{port}/live/feeds/live-feed.json refused"),
    ],
)
async def test_each_bad_answer_is_one_line_within_the_deadline(mode: str, says: str) -> None:
    async with http_server(mode) as base:
        poller = Poller(base_url=base, timeout=2.0)
        start = time.monotonic()
        fetch = await poller.fetch(ep.LIVE)
        took = time.monotonic() - start
        await poller.close()
    port = base.rsplit(":", 1)[1]
    assert fetch.outcome == "error" and "\n" not in fetch.error
    assert says.format(port=port) in fetch.error
    assert took < 2.0 + 1.0


async def test_nascar_check_stops_at_a_live_feed_that_never_answers() -> None:
    """One deadline, not one per feed: the other feeds are on the same host."""
    async with http_server("drip") as base:
        poller = Poller(base_url=base, timeout=1.0)
        checks = await run_check(poller, year=2023)
        await poller.close()
    assert [c.name for c in checks] == [ep.LIVE]
    assert "within 1 s" in checks[0].error and checks[0].status is None


# Runs a command and reports its peak RSS. A child forked straight from pytest would count the
# pages it shared with pytest before exec (over 1 GB in a full run): this small launcher forks it.
LAUNCHER = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
out = child.stdout.read().decode()
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "peak": usage.ru_maxrss * 1024,
                  "out": out}))
"""


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="the child's peak memory comes from wait4")
async def test_nascar_check_against_a_gzip_bomb_stays_under_200_mb() -> None:
    async with http_server("bomb") as base:
        launcher = await asyncio.create_subprocess_exec(
            sys.executable, "-c", LAUNCHER,
            sys.executable, "-m", "cutline.tui.cli", "nascar", "check", "--base-url", base,
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        stdout, _ = await asyncio.wait_for(launcher.communicate(), 120)
    report = json.loads(stdout)
    assert "Traceback" not in report["out"] and "byte cap" in report["out"], report["out"]
    assert report["peak"] < 200 * 2**20, f"peak RSS {report['peak'] / 2**20:.0f} MB"
