"""Provides what every feed source offers the views: a stream of messages and a status line.

A recording player, the websockets client and the NASCAR poller all satisfy `Source`; the
dashboard and the server consume any of them the same way; each message is folded once, with
`model.state.apply`, by whichever holds the state.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Literal, Protocol

import msgspec

from cutline.feed.model.messages import FeedMessage, RaceState
from cutline.feed.model.state import apply

# Injected time, so tests run paced code at full speed: monotonic seconds, and a sleep.
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

Mode = Literal["replay", "live", "connecting", "reconnecting", "paused", "ended", "failed"]


class FeedStatus(msgspec.Struct, frozen=True, kw_only=True):
    """How the feed is doing, for the header of the dashboard."""

    mode: Mode
    text: str = ""  # e.g. "replay at 4x", "reconnecting in 3 s"
    errors: int = 0  # bad frames, lines or payloads seen and survived
    last_error: str = ""
    last_message_at: float | None = None  # monotonic time of the last message applied
    speed: float | None = None  # replay speed; None: as fast as possible or live
    incomplete: str = ""  # a damaged recording: what its race reaches and why ("" when whole)
    feed: str = ""  # a live feed's id, once its server has named it ("" for a file or NASCAR)


class Source(Protocol):
    """A feed of cutline messages."""

    def messages(self) -> AsyncIterator[FeedMessage]:
        """Every message in order; ends when the feed ends. Never raises on bad input."""
        ...

    @property
    def status(self) -> FeedStatus: ...


class StateFeed(Protocol):
    """What the dashboard consumes: race states in order, and the feed's status."""

    def states(self) -> AsyncIterator[RaceState]:
        """The state after each change; a replay's seek yields the state it lands on."""
        ...

    @property
    def status(self) -> FeedStatus: ...


class Folded(Protocol):
    """A source that folds its own messages as it takes them (the websockets client does, to
    judge each frame's seq): its state is the fold, and nobody applies them again."""

    @property
    def state(self) -> RaceState: ...


class LiveFeed:
    """A `StateFeed` over a live `Source`: the state after each of its messages.

    Args:
        source: the messages (possibly a tee that records them on the way).
        folded_by: the source that already folds these messages (the client under a recorder):
            its state is read instead of applying each message a second time.
        state: the state to continue from, when this feed folds.
    """

    def __init__(
        self, source: Source, *, folded_by: Folded | None = None, state: RaceState | None = None
    ) -> None:
        self.source = source
        self.folded_by = folded_by
        self.state = state if state is not None else RaceState()

    async def states(self) -> AsyncIterator[RaceState]:
        async for msg in self.source.messages():
            new = self.folded_by.state if self.folded_by is not None else apply(self.state, msg)
            if new is not self.state:
                self.state = new
                yield new

    @property
    def status(self) -> FeedStatus:
        return self.source.status
