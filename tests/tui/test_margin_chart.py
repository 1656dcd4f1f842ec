"""The margin chart draws what Textual's `Sparkline` draws, from strips made once per change,
in the left part of its box: a column a lap, ten at a time, then squeezed into the width."""

from __future__ import annotations

import random

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.strip import Strip
from textual.widgets import Sparkline

from cutline.tui.widgets.margin_chart import STEP, MarginChart


class _Side(App[None]):
    CSS = "Sparkline { width: 1fr; height: 1fr; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Sparkline([], id="theirs")
            yield MarginChart(id="ours")


def _cells(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(ch, seg.style) for seg in strip for ch in seg.text] for strip in strips]


async def test_it_draws_what_the_sparkline_draws() -> None:
    rng = random.Random(7)
    for size in ((24, 6), (82, 14), (50, 2)):  # two charts, one above the other
        app = _Side()
        async with app.run_test(size=size) as pilot:
            theirs, ours = app.query_one("#theirs", Sparkline), app.query_one(MarginChart)
            for n in (0, 1, 2, 5, 17, 40, 131):
                data = [rng.randint(-60, 60) for _ in range(n)]
                drawn = min(ours.size.width, -(-max(n, 1) // STEP) * STEP)
                theirs.styles.width = drawn  # the sparkline as wide as the chart draws
                theirs.data = ours.data = data
                await pilot.pause()
                assert theirs.size.height == ours.size.height
                mine = _cells(ours.render_lines(ours.region.reset_offset))
                want = _cells(theirs.render_lines(theirs.region.reset_offset))
                assert [line[:drawn] for line in mine] == want, n
                assert all(ch == " " for line in mine for ch, _ in line[drawn:]), n


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
