"""Provides the running order: a DataTable keyed by car, diffed in place, never cleared per update.

Each update compares the new cells with the ones shown and touches only those that changed;
rows are re-sorted only when the order changed; the cursor stays on the car it was on. Columns
drop by priority when the table is narrow (`tui.views.COLUMNS`); only a change of width or of the
compare column rebuilds them.

Repaint in proportion to what changed: `DataTable.update_cell` and `DataTable.sort` bump
`DataTable._update_count`, which is in every one of its render cache keys, so one changed cell
re-renders every visible row. Cells and order are instead written here without bumping it; only
the cache entries of the cells that changed and of the rows that moved are dropped, and only those
lines refreshed (`_invalidate`). This leans on DataTable's private caches and their key layout as
of Textual 8.2 (row key first in the cell and row caches, row index second in the renderables
cache, content y first in the line cache); `tests/tui/test_running_order.py` pins it.
A one-line Text cell is also drawn without Rich's render pipeline (`_render_cell`), to the same
segments, under the same cache key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual._two_way_dict import TwoWayDict
from textual.cache import LRUCache
from textual.geometry import Region
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, ColumnKey, RowDoesNotExist, RowKey

from cutline.tui.views import COLUMNS, Cell, OrderRow, Tag

RIGHT = frozenset({"pos", "int", "gap", "cmp", "last", "pit", "tyre", "led", "gain"})
KEEP = 2  # columns of this priority or better are kept before the driver column is full width
NARROW_DRIVER = 14  # the driver column's least width; it takes what is left, up to WIDE_DRIVER
WIDE_DRIVER = 19
TAGS: tuple[Tag, ...] = ("in", "out", "locked", "followed", "favourite", "dim", "pen", "up",
                         "down", "warn")  # fmt: skip


class RunningOrder(DataTable[Text]):
    """The field in running order. Posts `DriverFollowed` when a row is chosen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = DataTable.COMPONENT_CLASSES | {
        f"running-order--{tag}" for tag in TAGS
    }

    class DriverFollowed(Message):
        """The viewer chose a car to follow."""

        def __init__(self, car: str) -> None:
            super().__init__()
            self.car = car

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._rows: dict[str, dict[str, Cell]] = {}
        self._order: list[str] = []
        self._visible: tuple[str, ...] = ()
        self._compare = False
        self._followed: str | None = None
        self._styles: dict[Tag, Style] = {}
        self._layout: tuple[tuple[str, int], ...] = ()
        self.cells_updated = 0  # cells written since mount: the benchmark and tests read it

    # -- layout ---------------------------------------------------------------------------

    def columns_for(self, width: int, compare: bool) -> tuple[tuple[str, int], ...]:
        """(key, width) of the columns that fit in ``width`` cells, least important dropped first.

        A narrow table gives the driver column only what is left over, down to a minimum.
        """
        padding = 2 * self.cell_padding
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

    def _relayout(self) -> None:
        # Room inside the border, less the vertical scrollbar whether or not it shows yet (it
        # comes with the rows; a table planned without it would scroll sideways).
        styles = self.styles
        width = self.size.width - styles.gutter.width - styles.scrollbar_size_vertical
        layout = self.columns_for(max(width, 0), self._compare)
        if layout == self._layout:
            return
        self._layout = layout
        self._visible = tuple(key for key, _ in layout)
        cursor = self.cursor_car
        self.clear(columns=True)  # columns changed: the only time the table is rebuilt
        labels = {key: label for key, label, _, _ in COLUMNS}
        for key, w in layout:
            label = labels[key]
            if key == "cmp" and self._followed:
                label = f"Δ#{self._followed}"
            self.add_column(Text(label, justify="right" if key in RIGHT else "left"), key=key,
                            width=w)  # fmt: skip
        for car in self._order:
            self.add_row(*(self._cell_text(k, self._rows[car][k]) for k in self._visible), key=car)
        self._restore_cursor(cursor)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def _on_theme_changed(self) -> None:
        self._styles.clear()
        self._layout = ()
        self._relayout()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda _: self._on_theme_changed(), init=False)

    # -- content --------------------------------------------------------------------------

    @property
    def cursor_car(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return key.value

    def _style(self, tag: Tag) -> Style:
        if not tag:
            return Style.null()
        style = self._styles.get(tag)
        if style is None:
            style = self._styles[tag] = self.get_component_rich_style(f"running-order--{tag}")
        return style

    def _cell_text(self, key: str, cell: Cell) -> Text:
        text, tag = cell
        return Text(text, style=self._style(tag), justify="right" if key in RIGHT else "left",
                    no_wrap=True, overflow="ellipsis")  # fmt: skip

    def show(self, rows: list[OrderRow], followed: str | None, compare: bool) -> None:
        """Display ``rows`` (in running order); ``followed`` gets the cursor when it changes."""
        followed_changed = followed != self._followed
        relabel = compare and followed_changed
        self._followed = followed
        if compare != self._compare or relabel:
            self._compare = compare
            self._layout = ()
        cursor = self.cursor_car
        order = [r.car for r in rows]
        new = {r.car: r.cells for r in rows}
        if not self._layout:
            self._rows, self._order = new, order
            self._relayout()
        else:
            self._diff(new, order)
        if followed_changed and followed in new:
            cursor = followed
        self._restore_cursor(cursor)

    def _diff(self, new: dict[str, dict[str, Cell]], order: list[str]) -> None:
        visible = self._visible
        changed: set[tuple[RowKey, ColumnKey]] = set()
        for car, cells in new.items():
            old = self._rows.get(car)
            if old is None:
                self.add_row(*(self._cell_text(k, cells[k]) for k in visible), key=car)
                self.cells_updated += len(visible)
                continue
            row_key = RowKey(car)
            data = self._data.get(row_key)
            if data is None:
                continue
            for key in visible:
                if old[key] != cells[key]:
                    # `update_cell` without its `_update_count` bump (see the module doc).
                    column_key = ColumnKey(key)
                    data[column_key] = self._cell_text(key, cells[key])
                    changed.add((row_key, column_key))
                    self.cells_updated += 1
        for car in self._rows.keys() - new.keys():
            try:
                self.remove_row(car)
            except RowDoesNotExist:
                pass
        self._rows = new
        moved: set[RowKey] = set()
        if order != self._order:
            self._order = order
            moved = self._reorder(order)
        self._invalidate(moved, changed)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """`DataTable._render_cell` for a one-line Text cell without Rich's render pipeline.

        The same cache and key as DataTable's (so `_invalidate` still applies) and the same
        segments: pre style (row, meta, cursor), the cell's own, then the post style, with the
        cell padding around it; a test checks it against DataTable's own on every cell.
        """
        if row_index < self.fixed_rows or column_index < self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)  # fmt: skip
        lines = self._cell_render_cache.get(cache_key)
        if lines is not None:
            return lines
        cell = self._data.get(row_key, {}).get(column_key)
        row = self.rows.get(row_key)
        if not isinstance(cell, Text) or cell.spans or row is None or row.height != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )  # fmt: skip
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        pre_style += component_style
        pad = self.cell_padding
        inner = max(width - 2 * pad, 0)
        line = cell.copy()
        if cell.justify == "right":  # as rich.text.Lines.justify does it
            line.rstrip()
            line.truncate(inner, overflow=cell.overflow or "ellipsis")
            line.pad_left(inner - line.cell_len)
        else:
            line.truncate(inner, overflow=cell.overflow or "ellipsis", pad=True)
        spaces = Segment(" " * pad)
        text = Segment(line.plain, self.app.console.get_style(line.style, default=Style.null()))
        segments = [spaces, text, spaces]
        lines = [list(Segment.apply_style(segments, pre_style, post_style))]
        self._cell_render_cache[cache_key] = lines
        return lines

    def _reorder(self, order: list[str]) -> set[RowKey]:
        """Put the rows in ``order`` (`sort` without its `_update_count` bump); the rows moved."""
        keys = {key.value: key for key in self.rows}
        rank = {car: i for i, car in enumerate(order)}
        ranked = sorted(keys, key=lambda car: rank.get(car, len(rank)))  # type: ignore[arg-type]
        locations = self._row_locations
        moved = {keys[car] for i, car in enumerate(ranked) if locations.get(keys[car]) != i}
        if moved:
            self._row_locations = TwoWayDict({keys[car]: i for i, car in enumerate(ranked)})
            self._offset_cache.clear()  # both keyed by `_update_count` only: order-dependent
            self._ordered_row_cache.clear()
        return moved

    def _invalidate(self, moved: set[RowKey], changed: set[tuple[RowKey, ColumnKey]]) -> None:
        """Drop DataTable's cached renders of the ``changed`` cells and of the ``moved`` rows
        (every cell: a cell's render holds its row index), and refresh their lines only."""
        rows = moved | {row for row, _ in changed}
        if not rows:
            return
        _purge(self._cell_render_cache, lambda key: key[0] in moved or key[:2] in changed)
        _purge(self._row_render_cache, lambda key: key[0] in rows)
        locations = self._row_locations
        indices = {locations.get(row) for row in rows}
        _purge(self._row_renderable_cache, lambda key: key[1] in indices)
        top = self.header_height if self.show_header else 0
        lines = {top + y for y, (row, _) in enumerate(self._y_offsets) if row in rows}
        _purge(self._line_cache, lambda key: key[0] in lines)
        scroll_y, (width, height) = self.scroll_offset.y, self.size
        for y in lines:
            if top <= y - scroll_y < height:  # on screen, below the header (no fixed rows)
                self.refresh(Region(0, y - scroll_y, width, 1))

    def _restore_cursor(self, car: str | None) -> None:
        if car is None or car not in self._rows:
            return
        try:
            index = self.get_row_index(car)
        except RowDoesNotExist:
            return
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.DriverFollowed(event.row_key.value))


def _purge(cache: LRUCache[Any, Any], drop: Callable[[Any], bool]) -> None:
    for key in [key for key in cache.keys() if drop(key)]:
        cache.discard(key)
