"""Provides the race control log: pit stops, penalties, incidents, flags, stages, lead changes
and cut-line crossings, newest at the bottom, filtered by kind and by whom (`LogFilter`), the
other cars' stops folded unless asked for. The keys scroll it when it has the focus.

It draws only the lines that fit, each cut to the width, so a new entry repaints this widget
alone: a scrolling log resizes its virtual canvas on every write, and that costs the whole
screen a layout. The mouse wheel (or the keys in the palette) scrolls back through the rest.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from cutline.tui.views import LogLine
from cutline.tui.views.race_log import LogFilter, shown_lines
from cutline.tui.widgets.lines import LineStrips

KIND_STYLE = {
    "pit": "$secondary",
    "penalty": "bold $error",
    "incident": "$warning",
    "flag": "bold $warning",
    "stage": "$accent",
    "lead": "$success",
    "cut": "bold $primary",
    "result": "bold",
    "gap": "$error",
}


class RaceLog(Widget):
    """The newest entries that fit; ``back`` lines scrolled up from the newest."""

    ALLOW_SELECT: ClassVar[bool] = True
    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_log(1)", "Older", show=False),
        Binding("down", "scroll_log(-1)", "Newer", show=False),
        Binding("pageup", "page(1)", "Page up", show=False),
        Binding("pagedown", "page(-1)", "Page down", show=False),
        Binding("home", "scroll_log(1000000)", "Oldest", show=False),
        Binding("end", "scroll_log(-1000000)", "Newest", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.filter = LogFilter()
        self.back = 0
        self._lines: list[LogLine] = []
        self._shown: list[LogLine] = []
        self._playoff: frozenset[str] = frozenset()
        self._followed: str | None = None
        self._strips = LineStrips()
        self.auto_links = False  # plain text: no link to find in a line on every paint
        self._rows: tuple[tuple[object, ...], list[Content]] | None = None

    @property
    def kind(self) -> str:
        return self.filter.kind

    @property
    def lines_shown(self) -> Sequence[LogLine]:
        """The entries that pass the filter (all of them, not only those on screen)."""
        return self._shown

    def add(self, lines: Sequence[LogLine]) -> None:
        self._lines.extend(lines)
        # Folding rewrites the lines of the run under way, so the whole log is filtered again
        # (a few hundred lines: far less than a paint).
        shown = shown_lines(self._lines, self.filter, self._playoff, self._followed)
        grew = len(shown) - len(self._shown)
        if shown != self._shown:
            self._shown = shown
            if self.back and grew > 0:
                self.back += grew  # keep what the reader scrolled to in place
            self._title()
            self._repaint()

    def reset(self, lines: Sequence[LogLine]) -> None:
        self._lines = list(lines)
        self._refilter()

    def set_kind(self, kind: str) -> None:
        self.set_filter(replace(self.filter, kind=kind))

    def set_filter(self, filt: LogFilter) -> None:
        self.filter = filt
        self._refilter()

    def set_scope(self, playoff: Collection[str], followed: str | None) -> None:
        """The playoff drivers and the followed car, which the filter and the folding read."""
        playoff = frozenset(playoff)
        if playoff != self._playoff or followed != self._followed:
            self._playoff, self._followed = playoff, followed
            self._refilter(keep_place=True)

    def _refilter(self, keep_place: bool = False) -> None:
        self._shown = shown_lines(self._lines, self.filter, self._playoff, self._followed)
        if not keep_place:
            self.back = 0
        self.back = min(self.back, max(len(self._shown) - self.content_size.height, 0))
        self._title()
        self._repaint()

    def _title(self) -> None:
        earlier = f" · ↑{self.back} newer below" if self.back else ""
        title = f"Race control · {self.filter.title()}{earlier}"
        if title != self.border_title:
            self.border_title = title  # a new title repaints the whole panel, border and all

    def _repaint(self) -> None:
        """The entries moved: their lines are painted again, the border is not."""
        self._rows = None
        self.refresh(Region(0, 0, self.size.width, self.size.height))

    def scroll_log(self, lines: int) -> None:
        """Scroll back (positive) or forward (negative) through the entries."""
        most = max(len(self._shown) - self.content_size.height, 0)
        back = min(max(self.back + lines, 0), most)
        if back != self.back:
            self.back = back
            self._title()
            self._repaint()

    def action_scroll_log(self, lines: int) -> None:
        self.scroll_log(lines)

    def action_page(self, pages: int) -> None:
        self.scroll_log(pages * max(self.content_size.height - 1, 1))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_log(3)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_log(-3)

    def render_line(self, y: int) -> Strip:
        return self._strips.line(self, self._visible(), y)

    def render(self) -> Content:
        # What a text selection copies; the entries are drawn line by line (`render_line`).
        return Content("\n").join(self._visible())

    def _visible(self) -> list[Content]:
        """The entries on screen, oldest first, each cut to the width."""
        height, width = self.size.height, self.size.width
        key = (height, width, self.back)
        if self._rows is None or self._rows[0] != key:
            end = len(self._shown) - self.back
            shown = self._shown[max(end - height, 0) : end]
            self._rows = (key, [self._row(line, width) for line in shown])
        return self._rows[1]

    def _row(self, line: LogLine, width: int) -> Content:
        text = Content.assemble(
            (f"L{line.lap:<4}", "$text-muted"),
            (f"{line.kind:<9}", KIND_STYLE.get(line.kind, "")),
            line.text,
        )
        return text.truncate(width, ellipsis=True) if width else text
