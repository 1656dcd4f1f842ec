"""Provides what the websocket tests share: zero backoff, gated sources, following a client."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import aclosing

import msgspec

from cutline.feed.model.messages import FeedMessage, Lap
from cutline.feed.transport.client import Client

# Every test's own budget: a hang fails the test instead of stalling the run.
BUDGET = 30.0


def no_delays() -> Iterator[float]:
    """A backoff schedule of zeros: reconnect at once, as often as needed."""
    return itertools.repeat(0.0)


async def gated(msgs: Iterable[FeedMessage], gate: asyncio.Event) -> AsyncIterator[FeedMessage]:
    """The messages, once ``gate`` is set."""
    await gate.wait()
    for msg in msgs:
        yield msg


async def follow(client: Client, until_seq: int) -> list[FeedMessage]:
    """The messages ``client`` applies until its state reaches ``until_seq``."""
    got: list[FeedMessage] = []
    async with aclosing(client.messages()) as stream:  # type: ignore[type-var]
        async for msg in stream:
            got.append(msg)
            if client.state.seq >= until_seq:
                break
    return got


def laps(template: Lap, first_seq: int, count: int) -> list[FeedMessage]:
    """``count`` copies of ``template`` as consecutive laps from ``first_seq``."""
    return [
        msgspec.structs.replace(template, seq=seq, t=float(seq), lap=seq)
        for seq in range(first_seq, first_seq + count)
    ]


class Follower:
    """Runs a client's `messages` in a task, keeping what it applies; `reached` waits on it."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.applied: list[FeedMessage] = []
        self._moved = asyncio.Condition()
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        try:
            async for msg in self.client.messages():
                self.applied.append(msg)
                async with self._moved:
                    self._moved.notify_all()
        finally:
            async with self._moved:
                self._moved.notify_all()

    async def reached(self, seq: int) -> None:
        """Wait until the client's state is at ``seq`` (raising what the client raised)."""
        async with self._moved:
            await self._moved.wait_for(lambda: self.client.state.seq >= seq or self.task.done())
        if self.client.state.seq < seq:
            self.task.result()  # raises the client's error
            raise AssertionError(f"the feed ended at seq {self.client.state.seq}, before {seq}")

    async def stop(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
