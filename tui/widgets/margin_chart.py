"""Provides the margin chart: Textual's `Sparkline`, drawn as cached strips.

It looks as the `Sparkline` does (the same bars, buckets and colours, blended from the
``sparkline--min-color`` to the ``sparkline--max-color`` component), and it is one, so the
stylesheet's rules for it still apply. The sparkline renders its data through Rich on every
repaint, bucketing with fractions and blending a colour per bar; here each line is a strip made
once per change of data, size or style, with one style per colour.

The chart takes the card's whole width and draws in its left part: about a column per lap,
growing ``STEP`` laps at a time, then squeezed into the width. Growing inside a box of fixed
size is a repaint; growing the box itself was a layout pass of the whole screen every ten laps.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Sparkline

BARS = "▁▂▃▄▅▆▇█"
STEP = 10  # laps: the chart grows this many columns at a time


class MarginChart(Sparkline):
    """A sparkline of the followed driver's margin to the cut, by lap."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__([], id=id)
        self._strips: tuple[tuple[object, ...], list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        # The colours are looked up once a paint; the strips are made again only on a change.
        width, height = self.size
        base = self.visual_style.rich_style
        _, background = self.background_colors
        low = (background + self.get_component_styles("sparkline--min-color").color).rich_color
        high = (background + self.get_component_styles("sparkline--max-color").color).rich_color
        key = (tuple(self.data or ()), width, height, base, low, high)
        if self._strips is None or self._strips[0] != key:
            drawn = min(width, -(-max(len(key[0]), 1) // STEP) * STEP)
            lines = chart(key[0], drawn, height, low, high)
            pad = Style.from_color(bgcolor=base.bgcolor)  # as Textual pads
            blank = Strip.blank(width, pad)
            on: dict[Style | None, Style] = {None: base}
            strips = []
            for line in lines:
                if not line:
                    strips.append(blank)
                    continue
                segments = []
                for text, style in _runs(line):
                    if style not in on:
                        on[style] = base + style
                    segments.append(Segment(text, on[style]))
                strips.append(Strip(segments, drawn).extend_cell_length(width, pad))
            self._strips = (key, strips)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        strips = self._strips[1] if self._strips is not None else []
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)


def chart(
    data: Sequence[float], width: int, height: int, low: Color, high: Color
) -> list[list[tuple[str, Style | None]]]:
    """The sparkline's lines, top first, as (text, colour) runs: what `Sparkline` draws."""
    height = max(height, 1)
    if width <= 0:
        return [[] for _ in range(height)]
    if not data:
        return [[] for _ in range(height - 1)] + [[("▁" * width, Style(color=low))]]
    if len(data) == 1:
        return [[("█" * width, Style(color=high))] for _ in range(height)]
    # The data in ``width`` buckets (the empty ones dropped, as the sparkline does), each
    # summarised by its maximum, then spread back over the width.
    n = len(data)
    buckets = [max(data[n * b // width : n * (b + 1) // width], default=None) for b in range(width)]
    tops = [top for top in buckets if top is not None]
    lowest, highest = min(data), max(data)
    extent = highest - lowest or 1
    step = len(tops) / width
    ratios = []
    position = 0.0
    for _ in range(width):
        ratios.append((tops[int(position)] - lowest) / extent)
        position += step
    segments = 8 * height - 1
    styles: dict[float, Style] = {}
    lines: list[list[tuple[str, Style | None]]] = []
    for i in reversed(range(height)):
        floor, ceiling = 8 * i, 8 * (i + 1)
        line: list[tuple[str, Style | None]] = []
        for ratio in ratios:
            index = int(ratio * segments)
            if index < floor:
                line.append((" ", None))
                continue
            bar = "█" if index >= ceiling else BARS[index % 8]
            style = styles.get(ratio)
            if style is None:
                style = styles[ratio] = Style(color=_blend(low, high, ratio))
            line.append((bar, style))
        lines.append(line)
    return lines


def _runs(line: list[tuple[str, Style | None]]) -> list[tuple[str, Style | None]]:
    """Neighbouring cells of one style as one run (what `Strip.simplify` would make of them)."""
    runs: list[tuple[str, Style | None]] = []
    for text, style in line:
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + text, style)
        else:
            runs.append((text, style))
    return runs


def _blend(low: Color, high: Color, ratio: float) -> Color:
    """The colour ``ratio`` of the way from ``low`` to ``high`` in RGB, as the sparkline's."""
    if low.triplet is None or high.triplet is None:
        return high
    (r1, g1, b1), (r2, g2, b2) = low.triplet, high.triplet
    return Color.from_rgb(r1 + (r2 - r1) * ratio, g1 + (g2 - g1) * ratio, b1 + (b2 - b1) * ratio)
