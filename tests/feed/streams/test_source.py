"""A live feed folds each message once: by the client that judged its seq, or by itself."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import cutline.feed.streams.source as source_module
from cutline.feed.model.messages import FeedMessage, RaceState
from cutline.feed.model.state import apply
from cutline.feed.streams.source import FeedStatus, LiveFeed
from tests.support.synthetic import race_messages


class SelfFolding:
    """A source that folds what it yields, as the websockets client does."""

    def __init__(self, msgs: list[FeedMessage]) -> None:
        self.msgs = msgs
        self.state = RaceState()
        self.status = FeedStatus(mode="live")

    async def messages(self) -> AsyncIterator[FeedMessage]:
        for msg in self.msgs:
            self.state = apply(self.state, msg)
            yield msg


async def test_a_folded_source_is_not_applied_again(monkeypatch: pytest.MonkeyPatch) -> None:
    msgs = race_messages()
    client = SelfFolding(msgs)

    def refuse(state: RaceState, msg: FeedMessage) -> RaceState:
        raise AssertionError("applied a second time")

    monkeypatch.setattr(source_module, "apply", refuse)
    seen = [state async for state in LiveFeed(client, folded_by=client).states()]
    assert seen and seen[-1] is client.state
    assert seen[-1].seq == msgs[-1].seq


async def test_an_unfolded_source_is_folded_by_the_feed() -> None:
    msgs = race_messages()
    client = SelfFolding(msgs)
    seen = [state async for state in LiveFeed(client).states()]
    assert seen[-1] == client.state and seen[-1] is not client.state
