"""Provides the keyframes of a recording: the one fold that lets a player seek anywhere cheaply.

One pass over the messages keeps:

- the replay time of each message (a recording whose ``t`` steps back is read as "no time
  passed", so the times never fall);
- a *keyframe*, the state, before every ``lap`` message: a seek starts from the nearest one at
  or before its target, so it folds at most about one lap of messages, forward or back;
- where each lap ends: its lap message and every message stamped the same instant after it (a
  stage classification, a flag at the line), up to the next lap message.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from cutline.feed.model.messages import FeedMessage, Lap, RaceState
from cutline.feed.model.state import apply


class Keyframes:
    """The index of one recording: replay times, keyframes, and the end of each lap."""

    def __init__(self, messages: Sequence[FeedMessage]) -> None:
        self.times: list[float] = []  # replay time of each message, never falling
        self._count = len(messages)
        self.positions: list[int] = [0]  # positions with a keyframe, rising
        self._states: list[RaceState] = [RaceState()]
        state = RaceState()
        latest = 0.0
        lap_msgs: list[tuple[int, int, float]] = []  # (lap, index, t)
        for i, msg in enumerate(messages):
            latest = max(latest, msg.t) if i else msg.t
            self.times.append(latest)
            if isinstance(msg, Lap):
                if i:
                    self.positions.append(i)
                    self._states.append(state)
                lap_msgs.append((msg.lap, i, latest))
            state = apply(state, msg)
        self.final = state  # the state at the end of the recording
        best: dict[int, int] = {}
        for lap, i, t in lap_msgs:
            end = i + 1
            while end < self._count and not isinstance(messages[end], Lap) and self.times[end] <= t:
                end += 1
            best[lap] = max(best.get(lap, 0), end)
        self._laps = sorted(best.items())  # (lap, position at the end of that lap), rising
        self.last_lap = max(best) if best else 0
        self.first_lap = min(best) if best else 0

    def nearest(self, position: int) -> tuple[int, RaceState]:
        """The keyframe at or before ``position``: (its position, the state there)."""
        k = bisect.bisect_right(self.positions, position) - 1
        return self.positions[k], self._states[k]

    def lap_end(self, lap: int) -> int:
        """The position at the end of ``lap``.

        A lap below the first in the recording gives the first lap's end; a lap above the last
        gives the end of the recording (so the results too).
        """
        if not self._laps:
            return self._count if lap > 0 else 0
        if lap > self.last_lap:
            return self._count
        i = bisect.bisect_right(self._laps, (lap, self._count + 1)) - 1
        return self._laps[max(i, 0)][1]
