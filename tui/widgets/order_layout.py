"""Provides the running order's layout, with no widget: which columns fit a width (the least
important give way first, `tui.views.COLUMNS` says how important each is), and a cell's text cut
or padded to its column; the styles one paint draws in, from the widget's CSS."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from textual.widget import Widget

from cutline.tui.views import COLUMNS, Tag

RIGHT = frozenset({"pos", "int", "gap", "cmp", "last", "pit", "tyre", "led", "gain"})
KEEP = 2  # columns of this priority or better are kept before the driver column is full width
NARROW_DRIVER = 14  # the driver column's least width; it takes what is left, up to WIDE_DRIVER
WIDE_DRIVER = 19
PADDING = 1  # cells of padding either side of a column
LABELS = {key: label for key, label, _, _ in COLUMNS}
TAGS: tuple[Tag, ...] = ("in", "out", "locked", "followed", "favourite", "dim", "pen", "up",
                         "down", "warn")  # fmt: skip
PARTS = ("header", "even-row", "odd-row", "cursor", "hover")


class Palette(NamedTuple):
    """The styles of one paint: a row drawn with other styles (theme, focus) is drawn again."""

    base: Style
    header: Style
    even: Style
    odd: Style
    cursor: Style
    hover: Style
    tags: tuple[Style, ...]


def fit_columns(width: int, compare: bool) -> tuple[tuple[str, int], ...]:
    """(key, width) of the columns that fit in ``width`` cells, least important dropped first.

    A narrow table gives the driver column only what is left over, down to a minimum.
    """
    padding = 2 * PADDING
    wanted = [(key, w, priority) for key, _, w, priority in COLUMNS if compare or key != "cmp"]

    def total() -> int:
        return sum(w + padding for _, w, _ in wanted)

    driver = WIDE_DRIVER
    while total() > width:
        worst = max(wanted, key=lambda c: (c[2], wanted.index(c)))
        if worst[2] <= KEEP and driver > NARROW_DRIVER:
            # Full names before the last lap and the rest; the gaps before full names.
            driver = NARROW_DRIVER
            wanted = [(k, driver if k == "driver" else w, p) for k, w, p in wanted]
            continue
        if worst[2] == 0:
            break
        wanted.remove(worst)
    driver = min(driver + max(width - total(), 0), WIDE_DRIVER)
    return tuple((key, driver if key == "driver" else w) for key, w, _ in wanted)


def fit_text(text: str, width: int, right: bool) -> str:
    """``text`` cut (with an ellipsis) or padded to ``width`` cells, flush right or left."""
    if right:
        text = text.rstrip()
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…" if width > 0 else ""
    gap = " " * (width - cell_len(text))
    return gap + text if right else text + gap


def palette_of(widget: Widget) -> Palette:
    """The running order's styles as its CSS sets them now (its component classes)."""
    component = widget.get_component_rich_style
    header, even, odd = (widget.get_component_styles(f"running-order--{p}").rich_style
                         for p in PARTS[:3])  # fmt: skip
    return Palette(
        widget.rich_style,
        header,
        even,
        odd,
        component("running-order--cursor"),
        component("running-order--hover"),
        tuple(component(f"running-order--{tag}") for tag in TAGS),
    )


# DataTable's look, so the dashboard looks as it did when the table was one: the component
# classes `palette_of` reads.
LOOK = """

RunningOrder {
    background: $surface;
    color: $foreground;
    height: auto;
    max-height: 100%;
    &:focus {
        background-tint: $foreground 5%;
        & > .running-order--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .running-order--header {
            background-tint: $foreground 5%;
        }
    }
    &:dark > .running-order--even-row {
        background: $surface-darken-1 40%;
    }
    & > .running-order--header {
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    &:ansi > .running-order--header {
        background: ansi_bright_blue;
        color: ansi_default;
    }
    & > .running-order--even-row {
        background: $surface-lighten-1 50%;
    }
    & > .running-order--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    & > .running-order--hover {
        background: $block-hover-background;
    }
}
"""
