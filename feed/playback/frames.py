"""Provides `Frames`: a feed's states with the views' fold done once (`views.frame.derive`), and
`ReplayFrames`, the same for a replay, whose seeks fold the laps they skip.

The dashboard's worker reads ``frames()``; its actions call the seeks. It derives nothing itself.
A live feed that turns to another race (its server restarted on another recording) starts the
fold afresh: nothing of the old race's history, stops or odds belongs to the new one. When the
new feed has sent nothing yet, `Frames.restarted` is the empty frame the dashboard shows instead
of the old race's last one (its status says the feed restarted and waits for its first message).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol, runtime_checkable

from cutline.feed.model.messages import Race, RaceState
from cutline.feed.streams.source import FeedStatus, StateFeed
from cutline.feed.views.frame import EMPTY, Frame, derive


@runtime_checkable
class Controls(Protocol):
    """The replay controls the dashboard uses (`playback.player.Player` has them)."""

    speed: float | None
    paused: bool
    state: RaceState

    @property
    def lap(self) -> int: ...
    @property
    def last_lap(self) -> int: ...
    @property
    def progress(self) -> float: ...
    def set_speed(self, speed: float | None) -> None: ...
    def faster(self) -> None: ...
    def slower(self) -> None: ...
    def toggle_pause(self) -> None: ...
    def seek_lap(self, lap: int) -> RaceState: ...
    def seek_time(self, t: float) -> RaceState: ...
    def step_laps(self, n: int) -> RaceState: ...
    def next_event(self, kinds: Any = None) -> Any: ...
    def prev_event(self, kinds: Any = None) -> Any: ...


class Frames:
    """Every state of ``feed`` as a `Frame`, the history and pit book folded up to it."""

    def __init__(self, feed: StateFeed) -> None:
        self.feed = feed
        self.frame = EMPTY
        self._feed = ""  # the live feed the frame's state came from ("" when not named)

    @property
    def status(self) -> FeedStatus:
        return self.feed.status

    def add(self, state: RaceState, *, odds: bool = True) -> Frame:
        """Fold one more state; the new frame (``odds=False``: the odds are left as they were)."""
        if _another_race(self.frame.state.race, state.race):
            self.frame = EMPTY
        self.frame = derive(self.frame, state, odds=odds)
        self._feed = self.feed.status.feed
        return self.frame

    def restarted(self) -> Frame | None:
        """The empty frame, once, when the live feed is another one than the frame's and has
        sent nothing yet (its server restarted on another race): the old race is not shown as
        if it were live. None otherwise."""
        feed = self.feed.status.feed
        if not feed or not self._feed or feed == self._feed:
            return None
        self._feed = feed
        self.frame = EMPTY
        return EMPTY

    async def frames(self) -> AsyncIterator[Frame]:
        async for state in self.feed.states():
            yield self.add(state)


class ReplayFrames(Frames):
    """`Frames` over a replay: a seek forward folds the end of every lap it skips, so the margin
    chart and the measured stops have no hole (a replay folds at most a lap of messages a step).
    """

    def __init__(self, player: Controls, feed: StateFeed) -> None:
        super().__init__(feed)
        self.player = player

    def open_part_way(self) -> Frame:
        """A replay opened part way (``--from-lap``): fold from the grid to where it stands."""
        player = self.player
        lap, t = player.lap, player.state.t
        self.add(player.seek_lap(0))
        self._walk(lap)
        return self.add(player.seek_time(t))

    def seek_lap(self, lap: int) -> Frame:
        self._walk(lap)
        return self.add(self.player.seek_lap(lap))

    def jump_event(self, direction: int) -> tuple[Frame, Any]:
        """To the next (``direction`` > 0) or previous event; the event is None at either end."""
        player = self.player
        here = player.lap
        event = player.next_event() if direction > 0 else player.prev_event()
        if event is not None and direction > 0 and event.lap > here + 1:
            # Back, fold the laps on the way, then on to the same event.
            target = event
            player.seek_lap(here)
            self._walk(target.lap)
            while (event := player.next_event()) is not None and event.index < target.index:
                pass
        if event is None:
            return self.frame, None
        return self.add(player.state), event

    def _walk(self, lap: int) -> None:
        player = self.player
        first = player.lap + 1 if player.state.order else 0  # from the grid when not started
        for step in range(first, min(lap, player.last_lap)):
            # The odds only where the seek lands: a lap of simulation per skipped lap would
            # make a long seek take seconds.
            self.add(player.seek_lap(step), odds=False)


def _another_race(before: Race | None, now: Race | None) -> bool:
    """Whether ``now`` is another race than ``before`` (a header updated mid-race is not)."""
    if before is None or now is None or now is before:
        return False
    return (before.series, before.season, before.race_id, before.track, before.name) != (
        now.series, now.season, now.race_id, now.track, now.name
    )  # fmt: skip
