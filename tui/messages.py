"""Provides the app's own messages: a new frame of the race, and a problem with the feed."""

from __future__ import annotations

from textual.message import Message

from cutline.feed.views.frame import Frame


class StateChanged(Message):
    """The feed moved on. Only the newest matters: a queued one is replaced by the next."""

    def __init__(self, frame: Frame) -> None:
        super().__init__()
        self.frame = frame

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StateChanged)


class FeedProblem(Message):
    """The feed failed or ended; ``text`` is for the status line."""

    def __init__(self, text: str, *, ended: bool = False) -> None:
        super().__init__()
        self.text = text
        self.ended = ended
