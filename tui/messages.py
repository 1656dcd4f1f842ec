"""Provides the app's own messages: a new frame of the race, and a problem with the feed."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from cutline.feed.model.messages import RaceState
from cutline.feed.views.history import History
from cutline.feed.views.pit_rejoin import PitBook


@dataclass(frozen=True)
class Frame:
    """Everything one screen of the dashboard is drawn from."""

    state: RaceState
    history: History
    pits: PitBook


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
