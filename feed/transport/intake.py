"""Provides `Intake`: the client's rules for incoming frames, with no socket.

A frame that does not decode is counted and dropped (the state is unchanged); a ``seq`` at or
below ours is a duplicate; a ``seq`` past the next is a gap: the client asks once for a
snapshot and drops frames until it arrives. The intake's state is the client's fold.
"""

from __future__ import annotations

from typing import Literal

from cutline.feed.model.errors import BadMessage
from cutline.feed.model.messages import FeedMessage, RaceState, Snapshot, decode
from cutline.feed.model.state import apply

Verdict = Literal["applied", "restarted", "duplicate", "bad", "gap", "held"]


class Intake:
    """The client's rules for incoming frames, with no socket: decode, dedupe, hold after a gap.

    Args:
        state: the state to continue from (what a resumed recording left off at).
        feed: the id of the feed ``state`` comes from.
    """

    def __init__(self, state: RaceState | None = None, *, feed: str = "") -> None:
        self.state = state if state is not None else RaceState()
        self.errors = 0
        self.last_error = ""
        self.holding = False  # a gap was seen and a snapshot asked for
        self.feed = feed  # the id of the feed the state comes from ("" until one is named)
        self._fresh = False  # started over for another feed: the next message says so

    def take(self, frame: bytes | str) -> tuple[Verdict, FeedMessage | None]:
        """Judge one frame; the message is returned only when it was applied.

        Returns:
            ``applied`` (the state moved), ``restarted`` (another feed's snapshot: the state
            starts over from it; or the first message after `restart`), ``duplicate``,
            ``bad`` (counted in ``errors``), ``gap`` (ask the server for a snapshot) or
            ``held`` (dropped while waiting for it).
        """
        try:
            msg = decode(frame)
        except BadMessage as err:
            self.bad(str(err))
            return "bad", None
        if isinstance(msg, Snapshot) and msg.feed and msg.feed != self.feed:
            # Another feed's seq says nothing about ours: never judge it a duplicate.
            restarted = bool(self.feed)
            self.feed = msg.feed
            self.holding = self._fresh = False
            self.state = apply(self.state, msg)
            return ("restarted" if restarted else "applied"), msg
        if msg.seq <= self.state.seq:
            return "duplicate", None
        # seq rises by one per message (feed/state.py): a jump means frames were lost between
        # the server and us. Apply nothing past it, or the missing ones would then be ignored as
        # duplicates; a snapshot brings us level.
        if not isinstance(msg, Snapshot) and msg.seq != self.state.seq + 1:
            if self.holding:
                return "held", None
            self.holding = True
            return "gap", None
        if isinstance(msg, Snapshot):
            self.holding = False
        self.state = apply(self.state, msg)
        if self._fresh:
            self._fresh = False
            return "restarted", msg
        return "applied", msg

    def restart(self, feed: str) -> None:
        """The server is another feed, with nothing to send yet (no snapshot will come): start
        over from nothing, so its first messages are not judged by the old feed's seq."""
        self.state = RaceState()
        self.feed = feed
        self.holding = False
        self._fresh = True

    def bad(self, text: str) -> None:
        """Count a frame refused (here or by the websocket layer)."""
        self.errors += 1
        self.last_error = text
