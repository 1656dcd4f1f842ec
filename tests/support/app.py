"""Shared pieces for the dashboard tests: the bundled race in a player, waiting on a condition."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

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
    """The screen as plain text, as a terminal would show it.

    Read back from Textual's public screenshot (an SVG): each run of text is placed at its
    column on its line (Rich leaves runs of spaces out, so the columns come from ``x``).
    """
    lines: dict[int, list[str]] = {}
    for x, length, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        text = html.unescape(text).replace("\xa0", " ")
        column = round(float(x) / (float(length) / len(text)))
        row = lines.setdefault(int(line), [])
        row.extend(" " * (column + len(text) - len(row)))
        row[column : column + len(text)] = text
    height = app.size.height
    return "\n".join("".join(lines.get(y, [])).rstrip() for y in range(height)) + "\n"


_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
    r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>'
)


def panel_text(app: App[object], selector: str) -> list[str]:
    """The lines of one panel as the screen shows them (its region cut out of `screen_text`)."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width] for line in lines]
