"""The dashboard watching a live feed (``cutline watch``) while its server restarts on another
race, on the same port: within one reconnect it shows the new race, and its status says "the
feed restarted: now RACE". A new server with nothing to send yet empties the board meanwhile
(the old race is not shown as if it were live). Real servers on a loopback port (``cutline
serve`` processes, or one in the test's loop to hold its messages), the real app."""

from __future__ import annotations

import asyncio
import re
import signal
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from cutline.feed.model.messages import Race
from cutline.feed.model.state import fold
from cutline.feed.playback.recording import read_messages, write_recording
from cutline.feed.streams.delay import DelayedFeed
from cutline.feed.streams.source import LiveFeed
from cutline.feed.transport.client import Client
from cutline.feed.transport.server import FeedServer
from cutline.feed.views.frame import EMPTY, derive
from cutline.tui.app import CutlineApp
from tests.support.app import screen_text
from tests.support.live import gated
from tests.support.paths import BUNDLED, spawn
from tests.support.sample_feed import another_race

PATIENCE = 20.0  # seconds for each wait: the machine is shared and loaded

HOMESTEAD = read_messages(BUNDLED)
ATLANTA = list(another_race())


async def _serve(recording: Path, port: int) -> tuple[asyncio.subprocess.Process, str]:
    """``cutline serve`` on ``port`` (0: any), at full speed; the process and its URL."""
    proc = await spawn("serve", str(recording), "--port", str(port), "--speed", "max")
    assert proc.stderr is not None
    async with asyncio.timeout(PATIENCE):
        first = (await proc.stderr.readline()).decode()
    url = re.search(r"ws://\S+/", first)
    assert url is not None, first
    return proc, url.group(0)


async def _stop(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    async with asyncio.timeout(PATIENCE):
        await proc.wait()


@pytest.mark.parametrize("held", [False, True], ids=["at-once", "held"])
async def test_the_dashboard_shows_the_new_race_when_the_server_restarts_on_another(
    tmp_path: Path, held: bool
) -> None:
    atlanta_file = tmp_path / "atlanta.jsonl"
    write_recording(atlanta_file, ATLANTA)
    homestead, atlanta = HOMESTEAD[0], ATLANTA[0]
    assert isinstance(homestead, Race) and isinstance(atlanta, Race)
    assert ATLANTA[-1].seq < HOMESTEAD[-1].seq

    first, url = await _serve(BUNDLED, 0)
    second: asyncio.subprocess.Process | None = None
    gate = asyncio.Event()  # held: the new server's race starts when the test says so
    client = Client(url)  # the real backoff, as `watch` reconnects
    app = CutlineApp(
        DelayedFeed(LiveFeed(client, folded_by=client)),
        fail_fast=True,
        notifications=False,
        bell=False,
    )
    try:
        async with AsyncExitStack() as stack, app.run_test(size=(200, 60)) as pilot:

            async def until(condition: object, what: str) -> None:
                try:
                    async with asyncio.timeout(PATIENCE):
                        while not condition():  # type: ignore[operator]
                            await pilot.pause(0.05)
                except TimeoutError:
                    status = app.feed.status.text
                    raise AssertionError(f"timed out waiting for {what} ({status})") from None

            await until(lambda: app.state.seq == HOMESTEAD[-1].seq, "Homestead's last message")
            await until(lambda: homestead.track in screen_text(app), "Homestead in the header")
            await _stop(first)
            port = int(url.rsplit(":", 1)[1].strip("/"))
            if held:
                await stack.enter_async_context(FeedServer(gated(ATLANTA, gate), port=port))
                waiting = "the feed restarted: waiting for its first message"
                await until(lambda: waiting in screen_text(app), "the wait in the status line")
                empty = "waiting for the race header"
                await until(lambda: empty in screen_text(app), "the board emptied")
                text = screen_text(app)
                assert homestead.track not in text and app.frames.frame == EMPTY, text
                assert "no championship context" not in text  # unknown yet, not absent
                gate.set()
            else:
                second, _ = await _serve(atlanta_file, port)

            said = f"the feed restarted: now {atlanta.name}"
            await until(lambda: app.state.race == atlanta, "Atlanta's race")
            await until(lambda: said in screen_text(app), "the restart in the status line")
            await until(lambda: app.state.seq == ATLANTA[-1].seq, "Atlanta's last message")
            await until(lambda: not app.frame_pending, "the last frame drawn")
            text = screen_text(app)
            assert atlanta.track in text and homestead.track not in text
            assert app.state == fold(ATLANTA)  # the new race only, nothing of the old one
            # ... and what the panels derive (the cut line's moves, the stops) is the new
            # race's alone, as if the dashboard had opened on it.
            fresh = derive(EMPTY, app.state)
            frame = app.frames.frame
            assert (frame.history, frame.pits, frame.cycle, frame.strategy) == (
                fresh.history, fresh.pits, fresh.cycle, fresh.strategy
            )  # fmt: skip
            assert client.sessions == 2  # within one reconnect
            assert app.is_running
    finally:
        for proc in (first, second):
            if proc is not None:
                await _stop(proc)
