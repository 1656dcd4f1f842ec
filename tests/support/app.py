"""Shared pieces for the dashboard tests: the bundled race in a player, waiting on a condition."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

if TYPE_CHECKING:
    from cutline.feed.playback.player import Player
    from cutline.tui.app import CutlineApp

RHODES, SANCHEZ, HEIM, HOCEVAR = "99", "2", "11", "42"
PATIENCE = 30.0  # seconds: a hang fails the test instead of stalling the run


def bundled_player(*, speed: float | None = None, paused: bool = False) -> Player:
    import cutline.replays as replays
    from cutline.feed.playback.player import Player

    player = Player.open(replays.path(), speed=speed)
    if paused:
        player.pause()
    return player


async def until(pilot: Pilot[object], condition: Callable[[], bool], what: str = "") -> None:
    """Let the app run until ``condition()`` holds (bounded: a hang is a failure)."""
    try:
        async with asyncio.timeout(PATIENCE):
            while not condition():
                await pilot.pause()
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what or condition}") from None


def settled(app: CutlineApp) -> bool:
    """No frame queued or waiting for its turn."""
    return not app.frame_pending


def screen_text(app: App[object]) -> str:
    """The screen as plain text, as a terminal would show it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)  # fmt: skip
    console.print(
        app.screen._compositor.render_update(
            full=True, screen_stack=app._background_screens, simplify=True
        )
    )
    return console.export_text()


def panel_text(app: App[object], selector: str) -> list[str]:
    """The lines of one panel as the screen shows them (its region cut out of `screen_text`)."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width] for line in lines]
