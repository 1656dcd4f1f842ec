"""Provides the server's backlog: the feed's state and a bounded ring of its recent frames.

Each message is folded in with `apply` and encoded once, whatever the number of clients. A
client that reconnects with the last ``seq`` it applied is served the frames it missed from the
ring, or one snapshot when the ring no longer holds them all (or they weigh more than a
snapshot is worth). No sockets here: the server decides who gets the frames.
"""

from __future__ import annotations

import bisect
import itertools
from collections import deque
from collections.abc import Iterable
from typing import Final

from msgspec.structs import replace

from cutline.feed.model.messages import FeedMessage, RaceState, encode
from cutline.feed.model.state import apply, snapshot

RING: Final = 2048  # messages: more than a whole race (a Cup race is ~600 laps of Lap messages)


class Backlog:
    """The feed as the server holds it: the state, and the last ``size`` frames by ``seq``."""

    def __init__(
        self, size: int = RING, history: Iterable[FeedMessage] = (), *, feed: str = ""
    ) -> None:
        self.feed = feed  # the feed's id, carried by every snapshot
        self.state = RaceState()
        self._ring: deque[tuple[int, bytes]] = deque(maxlen=max(size, 1))
        self._snapshot: bytes | None = None
        for msg in history:
            self.add(msg)

    def add(self, msg: FeedMessage) -> bytes | None:
        """Fold one message in; its frame, or None when it changes nothing (a duplicate)."""
        new = apply(self.state, msg)
        if new is self.state:
            return None
        self.state = new
        frame = encode(msg)
        self._ring.append((msg.seq, frame))
        self._snapshot = None
        return frame

    def snapshot(self) -> bytes | None:
        """The state as one frame (encoded once per state), or None before the first message."""
        if self.state.seq == 0:
            return None  # a snapshot of nothing would claim seq 1
        if self._snapshot is None:
            self._snapshot = encode(replace(snapshot(self.state), feed=self.feed))
        return self._snapshot

    def since(self, seq: int | None, max_bytes: int | None = None) -> list[bytes]:
        """What a client holding ``seq`` needs to be current.

        Args:
            seq: the last seq the client applied; None for a client with nothing.
            max_bytes: send a snapshot instead of missed frames adding up to more than this.

        Returns:
            The frames after ``seq`` if the ring still holds them all (within ``max_bytes``),
            else one snapshot; nothing when the client is current. A client ahead of this feed
            (another feed, or this one restarted from scratch) gets a snapshot, which resets it.
        """
        if seq is not None and seq > 0:
            if seq == self.state.seq:
                return []
            if seq > self.state.seq:
                frame = self.snapshot()
                return [] if frame is None else [frame]
            i = bisect.bisect_right(self._ring, seq, key=lambda entry: entry[0])
            if i < len(self._ring) and self._ring[i][0] == seq + 1:
                frames = [frame for _, frame in itertools.islice(self._ring, i, None)]
                if max_bytes is None or sum(map(len, frames)) <= max_bytes:
                    return frames
        frame = self.snapshot()
        return [] if frame is None else [frame]
