"""Provides the running order: a Line-API table keyed by car, each row a cached strip.

The table is a `ScrollView` drawing its own lines (`render_line`): the header, then one line per
car. A row's strip is kept with the key it was drawn from (its cells, its place, cursor, hover
and the styles of the moment); an update compares the new cells with the ones shown and
refreshes only the lines whose key changed. It looks as Textual's `DataTable` did (component
styles, zebra stripes, cursor, hover, header); columns drop by priority (`order_layout`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cutline.tui.views import Cell, OrderRow, Tag
from cutline.tui.widgets.order_layout import (
    LABELS,
    LOOK,
    PADDING,
    PARTS,
    RIGHT,
    TAGS,
    Palette,
    fit_columns,
    fit_text,
    palette_of,
)


class RunningOrder(ScrollView, can_focus=True):
    """The field in running order. Posts `DriverFollowed` when a row is chosen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor(-1)", "Cursor up", show=False),
        Binding("down", "cursor(1)", "Cursor down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("ctrl+home", "cursor_to(0)", "Top", show=False),
        Binding("ctrl+end", "cursor_to(-1)", "Bottom", show=False),
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"running-order--{part}" for part in PARTS} | {
        f"running-order--{tag}" for tag in TAGS
    }
    DEFAULT_CSS = LOOK

    class DriverFollowed(Message):
        """The viewer chose a car to follow."""

        def __init__(self, car: str) -> None:
            super().__init__()
            self.car = car

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: dict[str, dict[str, Cell]] = {}
        self._order: list[str] = []
        self._index: dict[str, int] = {}
        self._compare = False
        self._followed: str | None = None
        self._layout: tuple[tuple[str, int], ...] = ()
        self._cursor = 0
        self._hover: int | None = None  # the row under the mouse, when the mouse moved last
        self._palette: Palette | None = None
        self._strips: dict[str, tuple[tuple[object, ...], Strip]] = {}
        self._header: tuple[tuple[object, ...], Strip] | None = None
        # (row, column, row style, cursor style, tag) -> (padding style, text style)
        self._cell_styles: dict[tuple[object, ...], tuple[Style, Style]] = {}
        self._styles_of: Palette | None = None  # the paint the combinations were made for
        self.cells_updated = 0  # cells written since mount: the benchmark and tests read it
        self.lines_drawn = 0  # strips drawn (not taken from the cache) since mount

    # -- layout ---------------------------------------------------------------------------

    def columns_for(self, width: int, compare: bool) -> tuple[tuple[str, int], ...]:
        """(key, width) of the columns that fit in ``width`` cells (`order_layout.fit_columns`)."""
        return fit_columns(width, compare)

    @property
    def columns(self) -> tuple[str, ...]:
        """The keys of the columns shown, left to right."""
        return tuple(key for key, _ in self._layout)

    @property
    def row_count(self) -> int:
        return len(self._order)

    @property
    def table_width(self) -> int:
        return sum(w + 2 * PADDING for _, w in self._layout)

    def _relayout(self) -> None:
        # Less the scrollbar whether or not it shows yet: a table planned without it scrolls.
        styles = self.styles
        width = self.size.width - styles.gutter.width - styles.scrollbar_size_vertical
        layout = self.columns_for(max(width, 0), self._compare)
        if layout != self._layout:
            self._layout = layout
            self._resize_canvas()
            self.refresh()

    def _resize_canvas(self) -> bool:
        """Fit the virtual size to the columns and rows; True when it changed."""
        size = Size(self.table_width, 1 + len(self._order))
        if size == self.virtual_size:
            return False
        self.virtual_size = size
        return True

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self.refresh()  # every row's strip is as wide as the widget

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._restyle, init=False)

    # -- content --------------------------------------------------------------------------

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def cursor_car(self) -> str | None:
        return self._order[self._cursor] if self._order else None

    def row_cells(self, index: int) -> tuple[str, ...]:
        """The text of row ``index``'s cells shown, left to right."""
        cells = self._rows[self._order[index]]
        return tuple(cells[key][0] for key in self.columns)

    def show(self, rows: list[OrderRow], followed: str | None, compare: bool) -> None:
        """Display ``rows`` (in running order); ``followed`` gets the cursor when it changes."""
        followed_changed = followed != self._followed
        relabel = compare and followed_changed
        self._followed = followed
        cursor = self.cursor_car
        new = {r.car: r.cells for r in rows}
        order = [r.car for r in rows]
        if compare != self._compare or relabel or not self._layout:
            self._compare = compare
            self._layout = ()
            self._rows, self._order = new, order
            self._index = {car: i for i, car in enumerate(order)}
            self.cells_updated += len(order) * len(self.columns)
            self._relayout()
            grown = self._resize_canvas()
        else:
            grown = self._diff(new, order)
        if followed_changed and followed in new:
            cursor = followed
        row = self._index.get(cursor, self._cursor) if cursor else 0
        row = min(max(row, 0), max(len(order) - 1, 0))
        if row != self._cursor or grown:  # where it was: the view stays where the reader left it
            self._put_cursor(row, grown)

    def _diff(self, new: dict[str, dict[str, Cell]], order: list[str]) -> bool:
        """Take the new rows; refresh the lines that changed. True when the canvas changed."""
        visible = self.columns
        lines: set[int] = set()
        index = {car: i for i, car in enumerate(order)}
        for car, cells in new.items():
            old = self._rows.get(car)
            if old is None:
                self.cells_updated += len(visible)
                lines.add(index[car])
                continue
            touched = sum(old[key] != cells[key] for key in visible)
            if touched:
                self.cells_updated += touched
                lines.add(index[car])
        if order != self._order:
            old_index = self._index
            lines.update(i for car, i in index.items() if old_index.get(car) != i)
            lines.update(range(len(order), len(self._order)))  # rows gone from the end
        for car in self._rows.keys() - new.keys():
            self._strips.pop(car, None)
        self._rows, self._order, self._index = new, order, index
        grown = self._resize_canvas()
        self._refresh_rows(lines)
        return grown

    def _refresh_rows(self, rows: set[int]) -> None:
        """Refresh the lines of ``rows`` that are in view, a run of neighbours at a time."""
        top = int(self.scroll_y)
        shown = range(top, top + self.size.height)
        runs: list[list[int]] = []
        for y in sorted(1 + row for row in rows):
            if y not in shown:
                continue
            if runs and runs[-1][1] == y:
                runs[-1][1] += 1
            else:
                runs.append([y, y + 1])
        for start, end in runs:
            self.refresh_lines(start, end - start)

    def _put_cursor(self, row: int, later: bool = False) -> None:
        row = min(max(row, 0), max(len(self._order) - 1, 0))
        if row != self._cursor:
            self.refresh_line(1 + self._cursor)
            self._cursor = row
            self.refresh_line(1 + row)
        if later:
            # The canvas just changed: scroll once the new size has been laid out.
            self.call_after_refresh(self._scroll_to_cursor)
        else:
            self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        width = max(self.size.width, self.table_width)
        region = Region(int(self.scroll_x), 1 + self._cursor, width, 1)
        self.scroll_to_region(region, animate=False, spacing=Spacing(1, 0, 0, 0), force=True)

    # -- drawing --------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette = None  # focus, a theme, a screen class: the styles are looked up again

    def _restyle(self, _theme: str) -> None:
        self._palette = None
        self.refresh()  # the strips' keys hold the styles: each is drawn again in the new ones

    def _styles(self) -> Palette:
        """The styles the rows are drawn in, looked up once until the CSS changes."""
        if self._palette is None:
            self._palette = palette_of(self)
        return self._palette

    def render_line(self, y: int) -> Strip:
        palette = self._styles()
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            key: tuple[object, ...] = (self._layout, self._followed, palette, width, scroll_x)
            if self._header is None or self._header[0] != key:
                self._header = (key, self._line(-1, None, palette, width, scroll_x))
            return self._header[1]
        index = y - 1 + scroll_y
        if index >= len(self._order):
            return Strip.blank(width, palette.base)
        car = self._order[index]
        cells = self._rows[car]
        hover = self._hover == index
        key = (index, index == self._cursor, hover, palette, width, scroll_x, self._layout,
               tuple(cells[k] for k, _ in self._layout))  # fmt: skip
        cached = self._strips.get(car)
        if cached is None or cached[0] != key:
            cached = self._strips[car] = (key, self._line(index, cells, palette, width, scroll_x))
        return cached[1]

    def _line(
        self,
        index: int,
        cells: dict[str, Cell] | None,
        palette: Palette,
        width: int,
        scroll_x: int,
    ) -> Strip:
        """One line of the table (row -1: the header), cropped to the view."""
        self.lines_drawn += 1
        if cells is None:
            row_style, extra = palette.header, Style()
        else:
            row_style = palette.odd if index % 2 else palette.even
            extra = Style()
            if self._hover == index:
                extra += palette.hover
            if index == self._cursor:
                extra += palette.cursor
        styles = self._cell_styles
        if self._styles_of != palette:  # new styles (theme, focus): new combinations
            styles.clear()
            self._styles_of = palette
        labels, pad = LABELS, " " * PADDING
        segments: list[Segment] = []
        for column, (key, w) in enumerate(self._layout):
            if cells is None:
                text = f"Δ#{self._followed}" if key == "cmp" and self._followed else labels[key]
                tag: Tag = ""
            else:
                text, tag = cells[key]
            combined = styles.get((index, column, row_style, extra, tag))
            if combined is None:
                # As Rich's Styled(Padding(cell)) does it: the row's style and the cursor's
                # under the cell's own, the cursor's colour over it.
                pre = row_style + Style.from_meta({"row": index, "column": column}) + extra
                post = Style.from_color(color=extra.color)
                own = palette.tags[TAGS.index(tag)] if tag else Style()
                combined = styles[(index, column, row_style, extra, tag)] = (
                    pre + post, pre + own + post)  # fmt: skip
            cell = fit_text(text, w, key in RIGHT)
            if combined[0] == combined[1]:  # a cell with no colour of its own: one run
                segments.append(Segment(f"{pad}{cell}{pad}", combined[0]))
            else:
                segments += (Segment(pad, combined[0]), Segment(cell, combined[1]),
                             Segment(pad, combined[0]))  # fmt: skip
        table = self.table_width
        rest = width - table
        if rest > 0:
            meta = Style.from_meta({"row": index, "column": 0, "out_of_bounds": True})
            segments.append(Segment(" " * rest, row_style + extra + meta))
        strip = Strip(segments, max(table, width))
        if scroll_x or rest < 0:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, palette.base)

    # -- the cursor and the mouse ---------------------------------------------------------

    def _no_hover(self) -> None:
        if self._hover is not None:
            self.refresh_line(1 + self._hover)
            self._hover = None

    def action_cursor(self, step: int) -> None:
        self._no_hover()
        self._put_cursor(self._cursor + step)

    def action_page(self, direction: int) -> None:
        self._no_hover()
        page = max(self.scrollable_content_region.height - 2, 1)
        self._put_cursor(self._cursor + direction * page)

    def action_cursor_to(self, row: int) -> None:
        self._no_hover()
        self._put_cursor(row if row >= 0 else len(self._order) - 1)

    def action_select_cursor(self) -> None:
        self._no_hover()
        car = self.cursor_car
        if car is not None:
            self.post_message(self.DriverFollowed(car))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        row = event.style.meta.get("row")
        hover = row if isinstance(row, int) and row >= 0 else None
        if hover != self._hover:
            self._no_hover()
            self._hover = hover
            if hover is not None:
                self.refresh_line(1 + hover)

    def on_leave(self, event: events.Leave) -> None:
        self._no_hover()

    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if not isinstance(row, int) or not 0 <= row < len(self._order):
            return
        event.stop()
        if row == self._cursor:  # a click on the highlighted row chooses it
            self.action_select_cursor()
        else:
            self._put_cursor(row)
