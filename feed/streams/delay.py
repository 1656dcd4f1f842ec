"""Provides the broadcast delay: a `StateFeed` that holds each state back to match the TV picture.

The timing feed runs seconds ahead of a television broadcast (the picture goes through the
production truck, the satellite and the provider), so a fan watching both sees the order change
before the pass. `DelayedFeed` stamps each state as it arrives and releases it ``delay`` seconds
later; the delay can change at any time, and `calibrate` sets it from one key press made when the
TV shows the leader crossing the line: the delay becomes the time since the feed's lap crossing
that best matches (the latest one, unless an earlier one is nearer the delay already set, for a
broadcast more than a lap behind).

The clock and the sleep are injected, so tests run on a fake clock without waiting.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Sequence

import msgspec

from cutline.feed.model.messages import RaceState
from cutline.feed.streams.source import Clock, FeedStatus, Sleep, StateFeed

MAX_DELAY = 600.0  # seconds; no broadcast is ten minutes behind
POLL = 0.25  # longest wait before the delay is looked at again, in seconds
KEEP_CROSSINGS = 40


def calibrate(crossings: Sequence[float], pressed: float, current: float = 0.0) -> float | None:
    """The delay that lines the feed up with a TV picture showing a lap crossing at ``pressed``.

    Args:
        crossings: clock times at which the feed showed the leader completing a lap.
        pressed: clock time of the key press.
        current: the delay set now; the candidate nearest it wins (the latest one when 0).

    Returns:
        The delay in seconds, or None when no crossing came before the press.
    """
    candidates: list[float] = [pressed - t for t in crossings if 0.0 <= pressed - t <= MAX_DELAY]
    if not candidates:
        return None
    if current <= 0.0:
        best = min(candidates)
    else:
        best = min(candidates, key=lambda d: abs(d - current))
    return round(best, 1)


class DelayedFeed:
    """A `StateFeed` over another, each state released ``delay`` seconds after it arrived."""

    def __init__(
        self,
        feed: StateFeed,
        delay: float = 0.0,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.feed = feed
        self._delay = _clamp(delay)
        self._clock = clock
        self._sleep = sleep
        self.crossings: deque[float] = deque(maxlen=KEEP_CROSSINGS)
        self.held = 0  # states received and not yet released
        self._shown_feed = ""  # the live feed the last state released came from

    @property
    def delay(self) -> float:
        return self._delay

    def set_delay(self, seconds: float) -> float:
        """Set the delay (clamped to 0..MAX_DELAY) and return it."""
        self._delay = _clamp(seconds)
        return self._delay

    def nudge(self, seconds: float) -> float:
        """Add ``seconds`` (negative to shorten) to the delay and return it."""
        return self.set_delay(self._delay + seconds)

    def calibrate(self, pressed: float | None = None) -> float | None:
        """Set the delay from a key press made as the TV shows the leader crossing the line.

        Returns:
            The new delay, or None (delay unchanged) when the feed has shown no crossing yet.
        """
        now = self._clock() if pressed is None else pressed
        found = calibrate(self.crossings, now, self._delay)
        if found is not None:
            self.set_delay(found)
        return found

    async def states(self) -> AsyncIterator[RaceState]:
        queue: deque[tuple[float, RaceState, str]] = deque()
        arrived = asyncio.Event()
        done: list[BaseException | None] = []

        async def read() -> None:
            lap = -1
            try:
                async for state in self.feed.states():
                    now = self._clock()
                    if state.lap > lap >= 0:
                        self.crossings.append(now)
                    lap = state.lap
                    queue.append((now, state, self.feed.status.feed))
                    self.held = len(queue)
                    arrived.set()
            except Exception as err:  # handed to the consumer, which raises it in its turn
                done.append(err)
            else:
                done.append(None)
            arrived.set()

        reader = asyncio.create_task(read())
        try:
            while True:
                if not queue:
                    if done:
                        if done[0] is not None:
                            raise done[0]
                        return
                    arrived.clear()
                    await arrived.wait()
                    continue
                stamp, state, feed = queue[0]
                wait = stamp + self._delay - self._clock()
                if wait > 0:
                    await self._sleep(min(wait, POLL))
                    continue
                queue.popleft()
                self.held = len(queue)
                self._shown_feed = feed
                yield state
        finally:
            reader.cancel()

    @property
    def status(self) -> FeedStatus:
        inner = self.feed.status
        if self.held and inner.feed != self._shown_feed:
            # The picture is behind: a feed restarted on another race is news only once the
            # old race's held states are shown.
            inner = msgspec.structs.replace(inner, feed=self._shown_feed)
        if self._delay <= 0:
            return inner
        text = f"{inner.text or inner.mode}, delay {self._delay:g} s"
        return msgspec.structs.replace(inner, text=text)


def _clamp(seconds: float) -> float:
    return round(min(max(seconds, 0.0), MAX_DELAY), 1)
