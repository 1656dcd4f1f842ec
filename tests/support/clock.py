"""An injected clock and sleep: sleeping moves the clock, so paced code runs at full speed."""

from __future__ import annotations

import asyncio


class FakeTime:
    """A clock that only moves when someone sleeps; callable, or through ``clock``."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)
