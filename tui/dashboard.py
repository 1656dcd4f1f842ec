"""Provides the ways in to the dashboard: a replay, a live feed, the bundled race.

Textual is imported here, so the command line imports this module only to open the dashboard.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cutline.feed.streams.delay import DelayedFeed
from cutline.feed.streams.source import StateFeed
from cutline.tui.app import CutlineApp

if TYPE_CHECKING:
    from cutline.feed.playback.player import Player


def run_replay(player: Player, *, notice: str = "") -> int:
    """Open the dashboard on a replay and return the exit code when it closes.

    ``notice`` is said once the board is up (what the recording's header says of its data).
    """
    app = CutlineApp(player, notice=notice)
    result = app.run()
    return result if isinstance(result, int) else app.return_code or 0


def run_live(feed: StateFeed, *, record: Path | None = None) -> int:
    """Open the dashboard on a live feed, behind a broadcast delay the viewer can set.

    ``record`` is accepted for the ``watch`` command; the recording itself is the live source's
    job (it sees the messages, the dashboard only sees states).

    Raises:
        CutlineError: the feed failed before its first state (nothing answered at the address,
            a refused token): there is nothing to show, so the command reports it and exits.
    """
    app = CutlineApp(DelayedFeed(feed), fail_fast=True)
    result = app.run()
    if app.failure is not None:
        raise app.failure
    return result if isinstance(result, int) else app.return_code or 0
