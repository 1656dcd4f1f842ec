"""Provides the recording player: plays any recording as a stream of states paced by ``t``, with
speed, pause, seek (to a lap, a time or an event) and rewind.

Theory of operation:

- The player holds the whole recording and a *position*: how many messages are applied.
  ``state`` is always ``fold(messages[:position])``.
- One fold at start-up keeps a *keyframe* (the state) before every ``lap`` message
  (`cutline.feed.playback.keyframes`). A seek anywhere starts from the nearest keyframe at or
  before the target, so it folds at most about one lap of messages, forward or back.
- Pacing runs on a replay clock: ``t = anchor_t + (clock() - anchor_wall) * speed``. A message
  is applied when the replay clock reaches its ``t``. Pause freezes the replay clock; resume,
  a speed change and a seek re-anchor it, so nothing jumps.
- ``clock`` and ``sleep`` are injected: tests drive time by hand and run at full speed.

Seek positions (`seek_lap` and friends) are defined in one place, `Player.lap_position`.
"""

from __future__ import annotations

import asyncio
import bisect
import math
import time
from collections.abc import AsyncIterator, Collection, Sequence
from pathlib import Path
from typing import Final

from cutline.feed.model.messages import FeedMessage, RaceState
from cutline.feed.model.state import apply, fold, snapshot
from cutline.feed.playback.integrity import Integrity
from cutline.feed.playback.keyframes import Keyframes
from cutline.feed.playback.recording import Warn, read_messages
from cutline.feed.playback.timeline import Event, timeline
from cutline.feed.streams.source import Clock, FeedStatus, Mode, Sleep

MIN_SPEED: Final = 0.25
MAX_SPEED: Final = 100.0
# The steps of faster()/slower(); None is "as fast as possible".
SPEEDS: Final[tuple[float | None, ...]] = (0.25, 0.5, 1.0, 2.0, 4.0, 10.0, 25.0, 50.0, 100.0, None)


def clamp_speed(speed: float | None) -> float | None:
    """``speed`` within 0.25..100 (None stays None: as fast as possible).

    Raises:
        ValueError: ``speed`` is not a number (NaN).
    """
    if speed is None:
        return None
    if math.isnan(speed):
        raise ValueError("replay speed must be a number")
    return min(MAX_SPEED, max(MIN_SPEED, float(speed)))


def speed_text(speed: float | None) -> str:
    """``4x``, ``0.25x``, or ``max`` for as fast as possible."""
    return "max" if speed is None else f"{speed:g}x"


class Player:
    """A recording played as a `feed.streams.source.StateFeed` (and a `feed.streams.source.Source`).

    One consumer at a time: `states` and `messages` share the position. They end after the last
    message; after a seek back, call one again to play on from there.
    """

    def __init__(
        self,
        messages: Sequence[FeedMessage],
        *,
        speed: float | None = 1.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._msgs: tuple[FeedMessage, ...] = tuple(messages)
        self._clock = clock
        self._sleep = sleep
        self.speed: float | None = clamp_speed(speed)
        self.paused = False
        self.state = RaceState()
        self._pos = 0
        self._index = Keyframes(self._msgs)
        self._times = self._index.times
        self.first_lap = self._index.first_lap
        self.last_lap = self._index.last_lap
        self._anchor_t = self._times[0] if self._times else 0.0
        self._anchor_wall = clock()
        self._jumped = False  # a seek happened: the consumer gets the new state at once
        self._changed: asyncio.Event | None = None  # set by every control call
        self._events: list[Event] | None = None
        self._last_applied_at: float | None = None
        self.incomplete = ""  # a damaged recording's summary (`Integrity.summary`)

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        warn: Warn | None = None,
        speed: float | None = 1.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> Player:
        """A player over a recording file.

        Raises:
            BadRecording: the file cannot be read (file and line named).
        """
        integrity = Integrity(Path(path))
        messages = read_messages(path, warn=warn, integrity=integrity)
        player = cls(messages, speed=speed, clock=clock, sleep=sleep)
        player.incomplete = integrity.summary() or ""
        return player

    # -----------------------------------------------------------------------------------------
    # Where we are
    # -----------------------------------------------------------------------------------------

    @property
    def position(self) -> int:
        """How many messages are applied."""
        return self._pos

    def __len__(self) -> int:
        return len(self._msgs)

    @property
    def lap(self) -> int:
        """The leader's laps completed at the current position."""
        return self.state.lap

    @property
    def ended(self) -> bool:
        return self._pos >= len(self._msgs)

    @property
    def progress(self) -> float:
        """0..1 through the recording, by race time (by messages when it has no time)."""
        if not self._msgs or self.ended:
            return 1.0
        first, last = self._times[0], self._times[-1]
        if last > first:
            now = self._times[self._pos - 1] if self._pos else first
            return min(1.0, max(0.0, (now - first) / (last - first)))
        return self._pos / len(self._msgs)

    @property
    def t(self) -> float:
        """The replay clock: the race time being shown."""
        if self.ended:
            return self._times[-1] if self._times else 0.0
        if self.paused or self.speed is None:
            return self._anchor_t
        return self._anchor_t + (self._clock() - self._anchor_wall) * self.speed

    @property
    def final_state(self) -> RaceState:
        """The state at the end of the recording."""
        return self._index.final

    @property
    def status(self) -> FeedStatus:
        mode: Mode
        if self.ended:
            mode, text = "ended", "replay ended"
        elif self.paused:
            mode = "paused"
            laps = f"lap {self.lap} of {self.last_lap}" if self.last_lap else "the start"
            text = f"replay paused at {laps}"
        else:
            mode = "replay"
            text = "replay at max speed" if self.speed is None else f"replay at {self.speed:g}x"
        return FeedStatus(
            mode=mode,
            text=text,
            speed=self.speed,
            last_message_at=self._last_applied_at,
            incomplete=self.incomplete,
        )

    # -----------------------------------------------------------------------------------------
    # Speed and pause
    # -----------------------------------------------------------------------------------------

    def set_speed(self, speed: float | None) -> None:
        """Play at ``speed`` times real time (clamped to 0.25..100); None: as fast as possible."""
        new = clamp_speed(speed)
        self._reanchor()
        self.speed = new
        self._poke()

    def faster(self) -> None:
        """The next step up: 0.25, 0.5, 1, 2, 4, 10, 25, 50, 100, then as fast as possible."""
        if self.speed is not None:
            self.set_speed(next((s for s in SPEEDS if s is None or s > self.speed), None))

    def slower(self) -> None:
        """The next step down (as fast as possible steps down to 100; 0.25 is the floor)."""
        if self.speed is None:
            self.set_speed(MAX_SPEED)
            return
        current = self.speed
        lower = [s for s in SPEEDS if s is not None and s < current]
        self.set_speed(lower[-1] if lower else MIN_SPEED)

    def pause(self) -> None:
        """Freeze the replay clock; `states` waits (and does not end) until `resume`."""
        if not self.paused:
            self._reanchor()
            self.paused = True
            self._poke()

    def resume(self) -> None:
        if self.paused:
            self.paused = False
            self._anchor_wall = self._clock()
            self._poke()

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    # -----------------------------------------------------------------------------------------
    # Seeking
    # -----------------------------------------------------------------------------------------

    def lap_position(self, lap: int) -> int:
        """The position at the end of ``lap``.

        That is just after the ``lap`` message for ``lap`` and the messages stamped the same
        instant after it (a stage classification, a flag at the line), before anything that
        happened during the next lap. A lap below the first in the recording gives the first
        lap's end; a lap above the last gives the end of the recording (so the results too).
        """
        return self._index.lap_end(lap)

    def seek_position(self, position: int) -> RaceState:
        """Go to ``position`` (messages applied, clamped to the recording); return the state."""
        position = min(max(position, 0), len(self._msgs))
        start, state = self._index.nearest(position)
        if start <= self._pos <= position:
            start, state = self._pos, self.state  # going forward within reach: keep folding
        self.state = fold(self._msgs[start:position], state)
        self._pos = position
        self._anchor_t = self._times[position - 1] if position else self._anchor_start()
        self._anchor_wall = self._clock()
        self._jumped = True
        self._poke()
        return self.state

    def seek_lap(self, lap: int) -> RaceState:
        """Go to the end of ``lap`` (see `lap_position`), back or forward; return the state."""
        return self.seek_position(self.lap_position(lap))

    def seek_time(self, t: float) -> RaceState:
        """Go to race time ``t``: every message stamped at or before ``t`` applied."""
        return self.seek_position(bisect.bisect_right(self._times, t))

    def step_laps(self, n: int) -> RaceState:
        """Go ``n`` laps forward (negative: back) from the current leader lap."""
        return self.seek_lap(self.lap + n)

    def rewind(self) -> RaceState:
        """Back to the start of the race: the header and the starting grid."""
        return self.seek_lap(self.first_lap)

    def events(self) -> Sequence[Event]:
        """The timeline (`cutline.feed.playback.timeline`), worked out on first use."""
        if self._events is None:
            self._events = timeline(self._msgs)
        return self._events

    def next_event(self, kinds: Collection[str] | None = None) -> Event | None:
        """Go just past the next event (of ``kinds``, if given) not yet applied.

        Returns:
            The event, or None (and the position stays) when there is none.
        """
        for event in self.events():
            if event.index >= self._pos and (kinds is None or event.kind in kinds):
                self.seek_position(event.index + 1)
                return event
        return None

    def prev_event(self, kinds: Collection[str] | None = None) -> Event | None:
        """Go just past the last event (of ``kinds``) before the current position.

        Called again, it steps further back. Returns None (and stays) when there is none.
        """
        for event in reversed(self.events()):
            if event.index + 1 < self._pos and (kinds is None or event.kind in kinds):
                self.seek_position(event.index + 1)
                return event
        return None

    # -----------------------------------------------------------------------------------------
    # Playing
    # -----------------------------------------------------------------------------------------

    async def states(self) -> AsyncIterator[RaceState]:
        """The state after each message as it comes due, and at once after a seek.

        While paused it waits (it does not end); it ends after the last message.
        """
        async for _msg, state in self._play():
            yield state

    async def messages(self) -> AsyncIterator[FeedMessage]:
        """Each message as it comes due, for a server. A seek yields a ``snapshot`` of the
        state it lands on: after a rewind its ``seq`` is lower than what went before, and
        `cutline.feed.model.state.apply` takes any snapshot as a reset."""
        async for msg, state in self._play():
            yield msg if msg is not None else snapshot(state)

    async def _play(self) -> AsyncIterator[tuple[FeedMessage | None, RaceState]]:
        self._changed = asyncio.Event()
        while True:
            if self._jumped:
                self._jumped = False
                yield None, self.state
                continue
            if self.paused:
                await self._wait(None)
                continue
            if self.ended:
                return
            if self.speed is None:
                await self._sleep(0)  # as fast as possible, but let others run
                if self._jumped or self.paused:
                    continue
            else:
                delay = (self._times[self._pos] - self.t) / self.speed
                if delay > 0 and not await self._wait(delay):
                    continue  # a control call came first: look again
            msg = self._msgs[self._pos]
            self.state = apply(self.state, msg)
            self._pos += 1
            if self.speed is None:
                self._anchor_t = self._times[self._pos - 1]
            self._last_applied_at = self._clock()
            yield msg, self.state

    async def _wait(self, delay: float | None) -> bool:
        """Sleep ``delay`` (None: until a control call). False if a control call came first."""
        changed = self._changed
        assert changed is not None
        changed.clear()
        if delay is None:
            await changed.wait()
            return False
        sleeper = asyncio.ensure_future(self._sleep(delay))
        waker = asyncio.ensure_future(changed.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                if not task.done():
                    task.cancel()
        return not changed.is_set()

    def _poke(self) -> None:
        if self._changed is not None:
            self._changed.set()

    def _reanchor(self) -> None:
        self._anchor_t = self.t
        self._anchor_wall = self._clock()

    def _anchor_start(self) -> float:
        return self._times[0] if self._times else 0.0
