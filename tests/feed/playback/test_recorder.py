"""The recorder: every applied message goes to the file as it passes, so a recorder killed with
SIGKILL mid-race leaves a recording that replays up to its last complete line."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cutline.feed.model.errors import BadRecording
from cutline.feed.model.messages import FeedMessage, Lap
from cutline.feed.model.state import fold, snapshot
from cutline.feed.playback.recorder import Recorder
from cutline.feed.playback.recording import iter_messages, read_header
from cutline.feed.standings.cut_line import standings
from cutline.feed.standings.odds import odds
from cutline.feed.streams.source import FeedStatus
from cutline.feed.transport.server import FeedServer
from cutline.feed.views.report import ticker_line
from tests.support.live import BUDGET, laps
from tests.support.paths import ROOT
from tests.support.sample_feed import race_messages

MSGS = race_messages()


class ListSource:
    def __init__(self, msgs: list[FeedMessage]) -> None:
        self.msgs = msgs

    async def messages(self) -> AsyncIterator[FeedMessage]:
        for msg in self.msgs:
            yield msg

    @property
    def status(self) -> FeedStatus:
        return FeedStatus(mode="replay")


async def test_the_recording_holds_what_passed_and_replays_to_the_same_state(
    tmp_path: Path,
) -> None:
    path = tmp_path / "race.jsonl.gz"
    recorder = Recorder(ListSource(list(MSGS)), path, label="ws://127.0.0.1:8765/")
    passed = [msg async for msg in recorder.messages()]
    assert passed == list(MSGS) and recorder.written == len(MSGS)
    assert list(iter_messages(path)) == list(MSGS)
    header = read_header(path)
    assert header.race == MSGS[0] and header.source == "ws://127.0.0.1:8765/"


async def test_a_recording_joined_mid_race_starts_with_the_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "late.jsonl"
    feed = [snapshot(fold(MSGS[:50])), *MSGS[50:]]
    _ = [msg async for msg in Recorder(ListSource(feed), path).messages()]
    assert read_header(path).race == MSGS[0]
    assert fold(iter_messages(path)) == fold(MSGS)


def test_an_existing_file_is_not_replaced_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "taken.jsonl"
    path.write_text("precious\n")
    with pytest.raises(BadRecording, match="already exists"):
        Recorder(ListSource([]), path)
    Recorder(ListSource([]), path, overwrite=True)
    with pytest.raises(BadRecording, match="no such folder"):
        Recorder(ListSource([]), tmp_path / "nowhere" / "x.jsonl")


@pytest.mark.parametrize("name", ["race.jsonl", "race.jsonl.gz"])
async def test_a_recorder_killed_mid_race_replays_up_to_its_last_complete_line(
    tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    template = next(m for m in MSGS if isinstance(m, Lap) and len(m.cars) > 30)
    endless = [*MSGS, *laps(template, len(MSGS) + 1, 100_000)]

    async def publish() -> AsyncIterator[FeedMessage]:
        await server.wait_for_clients(1)
        for msg in endless:  # on and on, so the recorder is mid-write when it dies
            yield msg
            await asyncio.sleep(0)

    async with asyncio.timeout(BUDGET):
        async with FeedServer(publish(), port=0) as server:
            proc = await _cutline("record", server.url, "-o", str(out), "-v")
            assert proc.stderr is not None
            while True:  # -v prints each message once it is written
                line = await proc.stderr.readline()
                assert line, "the recorder ended early"
                if line.startswith(b"seq 100 "):
                    break
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
    warnings: list[str] = []
    recorded = list(iter_messages(out, warn=warnings.append))
    assert len(recorded) >= 100
    assert recorded == endless[: len(recorded)]
    assert fold(recorded) == fold(endless[: len(recorded)])
    # A killed recorder leaves a file cut short: it plays, and says so.
    assert all("cut short" in w or "recording ends at lap" in w for w in warnings)


async def test_a_recorder_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    out = tmp_path / "race.jsonl"
    async with asyncio.timeout(BUDGET):
        async with FeedServer(_after_join(lambda: server), port=0) as server:
            proc = await _cutline("record", server.url, "-o", str(out), "-v")
            assert proc.stderr is not None
            while not (await proc.stderr.readline()).startswith(f"seq {len(MSGS)} ".encode()):
                pass
            proc.send_signal(signal.SIGTERM)
            rest = await proc.stderr.read()
            assert await proc.wait() == 0
    assert f"recorded {len(MSGS)} messages".encode() in rest
    assert list(iter_messages(out)) == list(MSGS)
    # ... and `cutline replay` plays it to the same final state as the feed itself.
    replay = await _cutline("replay", str(out), "--speed", "max", stdout=True)
    printed, _ = await replay.communicate()
    final = fold(MSGS)
    assert replay.returncode == 0
    board = standings(final)
    assert printed.decode().splitlines()[-1] == ticker_line(final, board, odds(final, board=board))


async def _after_join(server: object) -> AsyncIterator[FeedMessage]:
    await server().wait_for_clients(1)  # type: ignore[operator]
    for msg in MSGS:
        yield msg


async def _cutline(*args: str, stdout: bool = False) -> asyncio.subprocess.Process:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cutline.tui.cli",
        *args,
        stdout=asyncio.subprocess.PIPE if stdout else asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
