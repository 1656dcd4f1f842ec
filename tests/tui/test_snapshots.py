"""Snapshots of key screens of the bundled race, at 200x60, 120x40 and 80x24.

Deterministic by construction: the player is paused and seeked (no clock decides what is on
screen), alerts and the cut-line flash are off (no toasts or timers in the picture).
Update with ``--snapshot-update`` only after reading the report.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from cutline.tui.app import CutlineApp
from tests.support.app import bundled_player, settled, until

SIZES = [(200, 60), (120, 40), (80, 24)]
END = 999  # past the last lap: the end of the recording, official result included


def _app() -> CutlineApp:
    return CutlineApp(bundled_player(paused=True), notifications=False, bell=False,
                      flash_seconds=0)  # fmt: skip


def _at(app: CutlineApp, lap: int) -> Callable[[Pilot[object]], Awaitable[None]]:
    async def run_before(pilot: Pilot[object]) -> None:
        app.seek_to(lap)
        if lap == END:
            await until(pilot, lambda: app.state.result is not None
                        and app.state.result.official and settled(app), "the end")  # fmt: skip
        else:
            await until(pilot, lambda: app.state.lap == lap and settled(app), f"lap {lap}")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    """Lap 1: the field strung out behind Sanchez, Enfinger the bubble driver."""
    app = _app()
    assert snap_compare(app, terminal_size=size, run_before=_at(app, 1))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_pit_cycle(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    """Lap 100, the green-flag pit cycle: cars on pit road and laps down until they all have
    stopped, the cut line after the cycle in the note and "after stops" on the follow card."""
    app = _app()
    assert snap_compare(app, terminal_size=size, run_before=_at(app, 100))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_final(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    """The official result: Rhodes and Sanchez level on 3123, Rhodes in on the tiebreaker (TB)."""
    app = _app()
    assert snap_compare(app, terminal_size=size, run_before=_at(app, END))
