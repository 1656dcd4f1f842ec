"""The broadcast delay: states held back on a fake clock, nudged, calibrated from one press."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from cutline.feed.model.messages import RaceState
from cutline.feed.streams.delay import MAX_DELAY, DelayedFeed, calibrate
from cutline.feed.streams.source import FeedStatus


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


class Scripted:
    """A feed that yields a state for each (clock time, lap), moving the clock first."""

    def __init__(self, clock: FakeClock, laps: list[tuple[float, int]]) -> None:
        self.clock = clock
        self.laps = laps

    async def states(self) -> AsyncIterator[RaceState]:
        for i, (at, lap) in enumerate(self.laps, 1):
            self.clock.now = max(self.clock.now, at)
            yield RaceState(seq=i, lap=lap)

    @property
    def status(self) -> FeedStatus:
        return FeedStatus(mode="live", text="live")


async def _collect(feed: DelayedFeed, clock: FakeClock) -> list[tuple[float, int]]:
    out = []
    async with asyncio.timeout(5):
        async for state in feed.states():
            out.append((clock.now, state.lap))
    return out


def test_calibrate_picks_the_crossing_nearest_the_delay_set() -> None:
    crossings = [10.0, 40.0, 70.0]
    assert calibrate(crossings, 78.0) == 8.0
    assert calibrate(crossings, 78.0, current=35.0) == 38.0
    assert calibrate([], 78.0) is None
    assert calibrate([10.0], 10.0 + MAX_DELAY + 1) is None


async def test_no_delay_passes_states_straight_through() -> None:
    clock = FakeClock()
    feed = DelayedFeed(Scripted(clock, [(100.0, 1), (130.0, 2)]), clock=clock, sleep=clock.sleep)
    got = await _collect(feed, clock)
    assert [lap for _, lap in got] == [1, 2] and clock.now == 130.0  # never waited


async def test_states_are_held_back_by_the_delay() -> None:
    clock = FakeClock()
    feed = DelayedFeed(
        Scripted(clock, [(100.0, 1), (101.0, 2)]), delay=12.0, clock=clock, sleep=clock.sleep
    )
    got = await _collect(feed, clock)
    assert [lap for _, lap in got] == [1, 2]
    assert got[0][0] >= 112.0 and got[1][0] >= 113.0


async def test_calibrate_from_the_feeds_lap_crossings() -> None:
    clock = FakeClock()
    feed = DelayedFeed(Scripted(clock, [(100.0, 1), (130.0, 2), (160.0, 3)]), clock=clock)
    await _collect(feed, clock)
    assert list(feed.crossings) == [130.0, 160.0]
    assert feed.calibrate(pressed=167.5) == 7.5 and feed.delay == 7.5
    assert feed.nudge(-10) == 0.0
    assert feed.nudge(+5) == 5.0
    assert feed.status.text == "live, delay 5 s"


async def test_an_error_in_the_feed_reaches_the_consumer() -> None:
    class Broken(Scripted):
        async def states(self) -> AsyncIterator[RaceState]:
            yield RaceState(seq=1)
            raise OSError("gone")

    clock = FakeClock()
    feed = DelayedFeed(Broken(clock, []), clock=clock, sleep=clock.sleep)
    got = []
    try:
        async with asyncio.timeout(5):
            async for state in feed.states():
                got.append(state.seq)
    except OSError as err:
        assert str(err) == "gone"
    else:
        raise AssertionError("the error was swallowed")
    assert got == [1]


async def test_a_restart_is_news_only_once_the_old_races_held_states_are_shown() -> None:
    """The server restarted on another feed that has sent nothing yet, while the picture is
    still behind: the status names the old feed until its held states are all shown."""
    clock = FakeClock()
    go_on = asyncio.Event()

    class Restarting:
        feed = "old"

        async def states(self) -> AsyncIterator[RaceState]:
            yield RaceState(seq=1, lap=1)
            yield RaceState(seq=2, lap=2)
            self.feed = "new"  # the handshake named another feed; no state from it yet
            await go_on.wait()

        @property
        def status(self) -> FeedStatus:
            return FeedStatus(mode="live", feed=self.feed)

    feed = DelayedFeed(Restarting(), delay=30.0, clock=clock, sleep=clock.sleep)
    named = []
    async with asyncio.timeout(5):
        async for state in feed.states():
            named.append((state.seq, feed.held, feed.status.feed))
            if state.seq == 2:
                go_on.set()
    assert named == [(1, 1, "old"), (2, 0, "new")]
