"""A spy on the player's fold: how many messages each seek folds (keyframes keep it near a lap)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import cutline.feed.playback.player
from cutline.feed.model.messages import FeedMessage, RaceState


def count_folds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Patch the player's `fold`; the list gets the length of every run of messages it folds."""
    folded: list[int] = []
    real = cutline.feed.playback.player.fold

    def counting(msgs: Sequence[FeedMessage], state: RaceState | None = None) -> RaceState:
        folded.append(len(msgs))
        return real(msgs, state)

    monkeypatch.setattr(cutline.feed.playback.player, "fold", counting)
    return folded
