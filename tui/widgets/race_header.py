"""Provides the header strip: the race, the lap, the stage, the flag banner and the feed status."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from cutline.tui.views import HeaderView

FLAGS = ("green", "yellow", "red", "white", "checkered")
FLAG_WIDTH = 8  # " YELLOW ": the box's least width in app.tcss


class RaceHeader(Horizontal):
    """One line: what is shown where is in ``app.tcss``; the flag's colour comes from its class."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: HeaderView | None = None

    def compose(self) -> ComposeResult:
        yield Label("cutline", id="title")
        yield Label("", id="lap")
        yield Label("", id="stage")
        yield Label("", id="flag")
        yield Label("", id="status")

    def show(self, view: HeaderView) -> None:
        """Display ``view``; labels that did not change are not touched."""
        old = self._view
        self._view = view
        if old is not None and old == view:
            return
        for name in ("title", "lap", "stage", "status"):
            value = getattr(view, name)
            if old is None or getattr(old, name) != value:
                # The lap and the stage change every lap in boxes of fixed width (app.tcss).
                fixed = name in ("lap", "stage")
                self.query_one(f"#{name}", Label).update(value, layout=not fixed)
        status = self.query_one("#status", Label)
        status.set_class(view.status_tag == "warn", "-warn")
        status.set_class(view.status_tag == "out", "-error")
        if old is None or old.flag != view.flag:
            flag = self.query_one("#flag", Label)
            text = _banner(view.flag)
            # The box fits every flag but the checkered one (app.tcss): a caution is a repaint.
            wider = max(len(text), len(_banner(old.flag if old else ""))) > FLAG_WIDTH
            flag.update(text, layout=wider)
            for kind in FLAGS:
                flag.set_class(view.flag == kind, f"-{kind}")


def _banner(flag: str) -> str:
    return f" {flag.upper()} " if flag else ""
