"""Provides what the text commands share while a feed runs: the lap ticker, and running until
the work ends or SIGINT/SIGTERM arrives (both a clean stop, exit 0)."""

from __future__ import annotations

import asyncio
import signal
import sys
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from cutline.feed.model.errors import FeedUnavailable
from cutline.feed.model.messages import RaceState
from cutline.feed.streams.source import StateFeed


async def print_ticker(feed: StateFeed, *, seen: int = 0) -> RaceState | None:
    """Print the race-control lines and one line per lap (leader, flag, cut line) as the
    states come; a new result prints a line too. Returns the last state seen.

    Args:
        feed: the states to follow.
        seen: the seq already printed (log lines at or below it are not printed again).
    """
    from cutline.feed.standings.cut_line import standings
    from cutline.feed.views.odds_trail import OddsTrail, track
    from cutline.feed.views.report import TICKER_KINDS, ticker_line

    printed: tuple[int, int] | None = None  # (lap, result seq) last printed
    last: RaceState | None = None
    trail = OddsTrail()
    async for state in feed.states():
        last = state
        for entry in state.log:
            if entry.seq > seen and entry.kind in TICKER_KINDS:
                print(f"  {entry.text}", flush=True)
        seen = state.seq
        now = (state.lap, state.result.seq if state.result else 0)
        if now != printed and state.order:
            printed = now
            board = standings(state)
            swings = len(trail.swings)
            trail = track(trail, state, board)
            print(ticker_line(state, board, trail.odds), flush=True)
            for swing in trail.swings[swings:]:
                print(f"  odds: {swing.text}", flush=True)
    return last


async def until_stopped(run: Callable[[], Coroutine[Any, Any, object]]) -> int:
    """Run ``run()`` until it ends or SIGINT/SIGTERM comes (exit 0 either way); 1 with one
    line on stderr when nothing answered at the feed's address."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)
    if threading.current_thread() is not threading.main_thread():
        signals = ()  # only the main thread gets signals (tests run commands in threads)
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    work = asyncio.create_task(run())
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({work, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (work, stopping):
            task.cancel()
        await asyncio.gather(work, stopping, return_exceptions=True)
        for sig in signals:
            loop.remove_signal_handler(sig)
    if work.cancelled():
        return 0
    err = work.exception()
    if isinstance(err, FeedUnavailable):
        print(f"cutline: error: {err}", file=sys.stderr)
        return 1
    if err is not None:
        raise err
    return 0
