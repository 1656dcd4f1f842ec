"""Provides the race control log: pit stops, penalties, incidents, flags, stages, lead changes
and cut-line crossings, newest at the bottom, filtered by kind.

It draws only the lines that fit, each cut to the width, so a new entry repaints this widget
alone: a scrolling log resizes its virtual canvas on every write, and that costs the whole
screen a layout. The mouse wheel (or the keys in the palette) scrolls back through the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget

from cutline.tui.views import LogLine, log_matches

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
        self.kind = "all"
        self.back = 0
        self._lines: list[LogLine] = []
        self._shown: list[LogLine] = []

    @property
    def lines_shown(self) -> Sequence[LogLine]:
        """The entries that pass the filter (all of them, not only those on screen)."""
        return self._shown

    def add(self, lines: Sequence[LogLine]) -> None:
        self._lines.extend(lines)
        new = [line for line in lines if log_matches(line, self.kind)]
        if new:
            self._shown.extend(new)
            if self.back:
                self.back += len(new)  # keep what the reader scrolled to in place
            self.refresh()

    def reset(self, lines: Sequence[LogLine]) -> None:
        self._lines = list(lines)
        self._refilter()

    def set_kind(self, kind: str) -> None:
        self.kind = kind
        self._refilter()

    def _refilter(self) -> None:
        self._shown = [line for line in self._lines if log_matches(line, self.kind)]
        self.back = 0
        self._title()
        self.refresh()

    def _title(self) -> None:
        earlier = f" · ↑{self.back} newer below" if self.back else ""
        self.border_title = f"Race control · {self.kind}{earlier}"

    def scroll_log(self, lines: int) -> None:
        """Scroll back (positive) or forward (negative) through the entries."""
        most = max(len(self._shown) - self.content_size.height, 0)
        back = min(max(self.back + lines, 0), most)
        if back != self.back:
            self.back = back
            self._title()
            self.refresh()

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

    def render(self) -> Content:
        height, width = self.content_size.height, self.content_size.width
        end = len(self._shown) - self.back
        rows = [self._row(line, width) for line in self._shown[max(end - height, 0) : end]]
        return Content("\n").join(rows)

    def _row(self, line: LogLine, width: int) -> Content:
        text = Content.assemble(
            (f"L{line.lap:<4}", "$text-muted"),
            (f"{line.kind:<9}", KIND_STYLE.get(line.kind, "")),
            line.text,
        )
        return text.truncate(width, ellipsis=True) if width else text
