"""``cutline serve``, ``watch`` and ``record`` as a user runs them: help, one-line errors and exit
codes (2 for bad input, 1 when nothing answers), and the temporary text ticker of ``watch``."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from pathlib import Path

import pytest
from websockets.asyncio.server import ServerConnection, serve

from cutline.feed.model.messages import encode
from cutline.feed.model.state import fold
from cutline.feed.playback.recording import write_recording
from cutline.feed.transport.client import Client
from cutline.feed.transport.server import FeedServer
from tests.support.live import BUDGET, follow, gated, no_delays
from tests.support.paths import ROOT, cutline
from tests.support.sample_feed import race_messages


@pytest.mark.parametrize("command", ["serve", "watch", "record"])
def test_each_command_has_help(command: str) -> None:
    out = cutline(command, "--help")
    assert out.returncode == 0 and f"usage: cutline {command}" in out.stdout


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["watch", "http://127.0.0.1:8765/"], 2, "is not a feed URL"),
        (["record", "127.0.0.1:8765", "-o", "x.jsonl"], 2, "is not a feed URL"),
        (["record", "ws://127.0.0.1:8765/"], 2, "the following arguments are required: -o"),
        (["serve", "race.jsonl", "--speed", "0"], 2, "speed must be 0.25 to 100, or max"),
        (["serve", "race.jsonl", "--port", "70000"], 2, "a port is 0..65535"),
        (["serve", "race.jsonl", "--host", "0.0.0.0"], 2, "give a token"),
        (["record", "ws://127.0.0.1:{port}/", "-o", "x.jsonl"], 1, "connection refused"),
        (["watch", "ws://127.0.0.1:{port}/"], 1, "connection refused"),
        (["record", "ws://127.0.0.1:{port}/", "-o", "taken.jsonl"], 2, "already exists"),
    ],
)
def test_bad_input_is_one_line(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    (tmp_path / "taken.jsonl").write_text("precious\n")
    port = _closed_port()
    out = cutline(*(a.format(port=port) for a in args), cwd=tmp_path)
    assert out.returncode == code, out.stderr
    assert message in out.stderr and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("cutline")


async def test_a_refused_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated([], asyncio.Event()), port=0, token="s3cret") as server:
            proc = await _cutline(
                "record", server.url, "-o", str(tmp_path / "x.jsonl"), "--token", "nope"
            )
            _, err = await proc.communicate()
    assert proc.returncode == 2
    assert b"refused the token" in err and b"Traceback" not in err


async def test_serve_publishes_a_recording_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    msgs = race_messages()
    path = tmp_path / "race.jsonl.gz"
    write_recording(path, list(msgs))
    async with asyncio.timeout(BUDGET):
        proc = await _cutline("serve", str(path), "--port", "0", "--speed", "max")
        assert proc.stderr is not None
        first = (await proc.stderr.readline()).decode()
        url = re.search(r"ws://\S+/", first)
        assert url is not None, first
        client = Client(url.group(0), delays=no_delays)
        await follow(client, msgs[-1].seq)
        proc.send_signal(signal.SIGTERM)
        _, rest = await proc.communicate()
    assert client.state == fold(msgs)
    assert proc.returncode == 0 and b"stopped" in rest and b"Traceback" not in rest


async def test_serve_refuses_a_port_in_use(tmp_path: Path) -> None:
    path = tmp_path / "race.jsonl"
    write_recording(path, list(race_messages()))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        out = cutline("serve", str(path), "--port", str(taken.getsockname()[1]))
    assert out.returncode == 2 and "the port is in use" in out.stderr
    assert "Traceback" not in out.stderr


async def test_watch_prints_a_line_per_lap_until_interrupted() -> None:
    """Off a terminal (a pipe, as here) ``watch`` prints the ticker, dashboard or not."""
    msgs = race_messages()
    gate = asyncio.Event()
    async with asyncio.timeout(BUDGET):
        async with FeedServer(gated(msgs, gate), port=0) as server:
            proc = await _cutline("watch", server.url)
            assert proc.stdout is not None
            await server.wait_for_clients(1)
            gate.set()
            lines = []
            while not lines or "official result" not in lines[-1]:
                line = await proc.stdout.readline()
                assert line, "watch ended early"
                lines.append(line.decode())
            proc.send_signal(signal.SIGINT)
            assert await proc.wait() == 0
    laps = [line for line in lines if line.startswith("lap ")]
    assert laps[0].startswith("lap   0/134") and laps[-1].startswith("lap 134/134")
    assert len(laps) > 100 and "cut: " in laps[-1]
    assert any(line.startswith("  Stage 1 ends") for line in lines)


@pytest.mark.parametrize("command", ["watch", "record"])
async def test_the_bad_frames_skipped_are_said_when_watch_or_record_stops(
    tmp_path: Path, command: str
) -> None:
    msgs = race_messages()

    async def handler(ws: ServerConnection) -> None:
        await ws.send("[[[ not a message")
        for msg in msgs:
            await ws.send(encode(msg).decode())
        await ws.wait_closed()

    async with asyncio.timeout(BUDGET), serve(handler, "127.0.0.1", 0) as server:
        url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        if command == "watch":
            proc = await _cutline("watch", url)
            stream, last = proc.stdout, "official result"
        else:
            proc = await _cutline("record", url, "-o", str(tmp_path / "r.jsonl"), "-v")
            stream, last = proc.stderr, f"seq {msgs[-1].seq} "
        assert stream is not None and proc.stderr is not None
        while last not in (line := (await stream.readline()).decode()):
            assert line, f"{command} ended early"
        proc.send_signal(signal.SIGINT)
        err = (await proc.stderr.read()).decode()
        assert await proc.wait() == 0
    said = [line for line in err.splitlines() if "bad frame" in line]
    assert len(said) == 1 and said[0].startswith("cutline: 1 bad frame skipped; last: "), err
    assert "Traceback" not in err


async def _cutline(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cutline.tui.cli",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
