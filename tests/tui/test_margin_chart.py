"""The margin chart draws what Textual's `Sparkline` draws, from strips made once per change."""

from __future__ import annotations

import random

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.strip import Strip
from textual.widgets import Sparkline

from cutline.tui.widgets.margin_chart import MarginChart


class _Side(App[None]):
    CSS = "Sparkline { width: 1fr; height: 1fr; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Sparkline([], id="theirs")
            yield MarginChart(id="ours")


def _cells(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(ch, seg.style) for seg in strip for ch in seg.text] for strip in strips]


async def test_it_draws_what_the_sparkline_draws() -> None:
    rng = random.Random(7)
    for size in ((24, 3), (82, 7), (50, 1)):
        app = _Side()
        async with app.run_test(size=size) as pilot:
            theirs, ours = app.query_one("#theirs", Sparkline), app.query_one(MarginChart)
            for n in (0, 1, 2, 5, 17, 40, 131):
                data = [rng.randint(-60, 60) for _ in range(n)]
                theirs.data = ours.data = data
                await pilot.pause()
                assert theirs.size == ours.size
                crop = ours.region.reset_offset
                assert _cells(ours.render_lines(crop)) == _cells(theirs.render_lines(crop)), n


async def test_a_repaint_with_the_same_data_reuses_the_strips() -> None:
    app = _Side()
    async with app.run_test(size=(40, 4)) as pilot:
        ours = app.query_one(MarginChart)
        ours.data = [1, 5, 3, 9]
        await pilot.pause()
        crop = ours.region.reset_offset
        ours.render_lines(crop)
        first = ours.render_line(0)
        ours.refresh()
        ours.render_lines(crop)
        assert ours.render_line(0) is first
        ours.data = [1, 5, 3, 9, 2]
        ours.render_lines(crop)
        assert ours.render_line(0) is not first
