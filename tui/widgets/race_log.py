"""Provides the race control log: pit stops, penalties, incidents, flags, stages, lead changes
and cut-line crossings, newest at the bottom, filtered by kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.widgets import RichLog

from tui.view import LogLine, log_matches

KINDS = ("pit", "penalty", "incident", "flag", "stage", "lead", "cut", "result", "gap")


class RaceLog(RichLog):
    """Append-only between updates; rewritten only when the filter changes or the race goes back."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"race-log--{kind}" for kind in KINDS} | {
        "race-log--lap"
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, highlight=False, auto_scroll=True)
        self.kind = "all"
        self._lines: list[LogLine] = []

    @property
    def lines_shown(self) -> Sequence[LogLine]:
        return [line for line in self._lines if log_matches(line, self.kind)]

    def add(self, lines: Sequence[LogLine]) -> None:
        self._lines.extend(lines)
        for line in lines:
            if log_matches(line, self.kind):
                self.write(self._text(line))

    def reset(self, lines: Sequence[LogLine]) -> None:
        self._lines = list(lines)
        self._rewrite()

    def set_kind(self, kind: str) -> None:
        self.kind = kind
        self.border_title = f"Race control · {kind}"
        self._rewrite()

    def _text(self, line: LogLine) -> Text:
        text = Text(no_wrap=False)
        text.append(f"L{line.lap:<4}", self.get_component_rich_style("race-log--lap"))
        kind = line.kind if line.kind in KINDS else "result"
        style = self.get_component_rich_style(f"race-log--{kind}", partial=True)
        text.append(f"{line.kind:<9}", style)
        text.append(line.text)
        return text

    def _rewrite(self) -> None:
        self.clear()
        for line in self._lines:
            if log_matches(line, self.kind):
                self.write(self._text(line))
