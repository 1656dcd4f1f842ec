"""A feed has an identity: a server restarted on another race, on the same port, under a
connected watcher and a ``cutline record``. The watcher shows the new race within one
reconnect; the recording holds one race only and the recorder says why it stopped (or, with
``--follow``, goes on in a second file); the token is never printed or stored."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cutline.feed.model.messages import FeedMessage, Snapshot
from cutline.feed.model.state import fold
from cutline.feed.playback.recording import read_header, read_messages
from cutline.feed.transport.client import Client
from cutline.feed.transport.server import FeedServer
from tests.support.live import BUDGET, Follower, no_delays
from tests.support.paths import BUNDLED, spawn
from tests.support.sample_feed import another_race

HOMESTEAD = read_messages(BUNDLED)
ATLANTA = list(another_race())


async def _feed(msgs: list[FeedMessage]) -> AsyncIterator[FeedMessage]:
    for msg in msgs:
        yield msg


async def _record(*args: str) -> asyncio.subprocess.Process:
    return await spawn("record", *args)


async def _lines_until(proc: asyncio.subprocess.Process, text: str) -> list[str]:
    assert proc.stderr is not None
    lines: list[str] = []
    while True:
        line = (await proc.stderr.readline()).decode()
        assert line, f"the recorder ended before {text!r}: {lines}"
        lines.append(line.rstrip("\n"))
        if text in line:
            return lines


@pytest.mark.parametrize("follow", [False, True], ids=["stop", "follow"])
async def test_a_server_restarted_on_another_race(tmp_path: Path, follow: bool) -> None:
    assert ATLANTA[-1].seq < HOMESTEAD[-1].seq  # the case a seq alone cannot tell
    out = tmp_path / "race.jsonl"
    async with asyncio.timeout(BUDGET):
        first = FeedServer(_feed(HOMESTEAD), port=0, token="s3cret")
        await first.start()
        await first.finished()
        port, url = first.port, first.url + "?token=s3cret"
        watcher = Follower(Client(url, delays=no_delays))
        await watcher.reached(HOMESTEAD[-1].seq)
        args = [url, "-o", str(out), "-v"] + (["--follow"] if follow else [])
        recorder = await _record(*args)
        said = await _lines_until(recorder, f"seq {HOMESTEAD[-1].seq} snapshot")
        await first.close(abort=True)  # killed

        second = FeedServer(_feed(ATLANTA), port=port, token="s3cret")
        await second.start()
        await second.finished()
        await watcher.reached(0)
        while watcher.client.state.race != ATLANTA[0]:
            await asyncio.sleep(0.02)
        if follow:
            said += await _lines_until(recorder, "now recording to")
            await asyncio.sleep(0.5)
            recorder.terminate()
        assert recorder.stderr is not None
        said += (await recorder.stderr.read()).decode().splitlines()
        code = await recorder.wait()
        await watcher.stop()
        await second.close()

    # The watcher: the new race, within one reconnect, and it says so.
    client = watcher.client
    assert client.state == fold(ATLANTA) and client.sessions == 2
    assert client.status.text == f"the feed restarted: now {ATLANTA[0].name}"
    # The recording: Homestead only, its header naming the first feed.
    assert fold(read_messages(out)) == fold(HOMESTEAD)
    assert read_header(out).feed == first.feed_id != second.feed_id
    ended = f"the feed restarted (now {ATLANTA[0].name}): {out} ends at seq {HOMESTEAD[-1].seq}"
    if follow:
        assert code == 0
        second_file = tmp_path / "race.2.jsonl"
        assert any(f"{ended}; now recording to {second_file}" in line for line in said), said
        assert fold(read_messages(second_file)) == fold(ATLANTA)
        assert read_header(second_file).feed == second.feed_id
        assert isinstance(read_messages(second_file)[0], Snapshot)
    else:
        assert code == 1
        assert any(line.startswith(f"cutline: error: {ended}") for line in said), said
    # The token: never on stderr, never in a header.
    assert not any("s3cret" in line for line in said), said
    assert "s3cret" not in out.read_text().splitlines()[0]


async def test_a_client_joined_before_the_first_message_learns_the_feed_in_the_handshake() -> None:
    gate = asyncio.Event()

    async def held() -> AsyncIterator[FeedMessage]:
        await gate.wait()
        for msg in HOMESTEAD[:20]:
            yield msg

    async with asyncio.timeout(BUDGET), FeedServer(held(), port=0) as server:
        follower = Follower(Client(server.url, delays=no_delays))
        while not follower.client.connected:
            await asyncio.sleep(0.01)
        assert follower.client.feed == server.feed_id  # no snapshot has come, nor will
        gate.set()
        await follower.reached(20)
        await follower.stop()
    assert not any(isinstance(msg, Snapshot) for msg in follower.applied)
    assert follower.client.resume_url().endswith(f"since=20&feed={server.feed_id}")


@pytest.mark.parametrize("follow", [False, True], ids=["stop", "follow"])
async def test_a_restarted_server_with_nothing_to_send_yet_never_mixes_two_races(
    tmp_path: Path, follow: bool
) -> None:
    # The new feed has no message when the client comes back: no snapshot can reset it, and
    # Atlanta's seq 1.. are below Homestead's. The handshake names the new feed: the client
    # starts over from nothing and the recorder ends its file (or goes on in a second one).
    from cutline.feed.model.errors import FeedChanged
    from cutline.feed.playback.recorder import Recorder

    gate = asyncio.Event()

    async def held() -> AsyncIterator[FeedMessage]:
        await gate.wait()
        for msg in ATLANTA:
            yield msg

    out = tmp_path / "race.jsonl"
    async with asyncio.timeout(BUDGET):
        first = FeedServer(_feed(HOMESTEAD), port=0)
        await first.start()
        await first.finished()
        client = Client(first.url, delays=no_delays)
        recorder = Recorder(client, out, follow=follow, feed_id=lambda: client.feed)
        recorded: list[FeedMessage] = []

        async def record() -> None:
            async for msg in recorder.messages():
                recorded.append(msg)

        task = asyncio.create_task(record())
        while client.state.seq < HOMESTEAD[-1].seq:
            await asyncio.sleep(0.02)
        port = first.port
        await first.close(abort=True)

        second = FeedServer(held(), port=port)
        await second.start()
        while client.sessions < 2 or client.feed != second.feed_id:
            await asyncio.sleep(0.02)
        assert client.state.seq == 0 and client.state.race is None  # started over, not mixed
        assert client.status.text == "the feed restarted: waiting for its first message"
        gate.set()
        await second.finished()
        while client.state.seq < ATLANTA[-1].seq and not task.done():
            await asyncio.sleep(0.02)
        if follow:
            task.cancel()
        outcome = await asyncio.gather(task, return_exceptions=True)
        await second.close()

    assert fold(read_messages(out)) == fold(HOMESTEAD)
    assert read_header(out).feed == first.feed_id
    if follow:
        assert client.state == fold(ATLANTA)
        assert client.status.text.startswith("the feed restarted: now")
        second_file = tmp_path / "race.2.jsonl"
        assert fold(read_messages(second_file)) == fold(ATLANTA)
        assert read_header(second_file).feed == second.feed_id
    else:
        assert isinstance(outcome[0], FeedChanged), outcome
        assert not (tmp_path / "race.2.jsonl").exists()
