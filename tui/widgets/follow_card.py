"""Provides the follow card: one driver's race at a glance, and his margin to the cut by lap."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label

from cutline.tui.views import FollowView
from cutline.tui.widgets.lines import TextLines
from cutline.tui.widgets.margin_chart import MarginChart

TAG_STYLE = {
    "in": "$success",
    "locked": "bold $success",
    "out": "$error",
    "up": "$success",
    "down": "$error",
    "dim": "$text-muted",
    "warn": "$warning",
}


class FollowCard(Vertical):
    """Renders a `FollowView`: a few labelled lines, then the margin sparkline."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: FollowView | None = None
        self.border_title = "Follow"

    def compose(self) -> ComposeResult:
        yield TextLines(id="card")
        yield Label("", id="spark-label")
        yield MarginChart(id="margins")

    def show(self, view: FollowView) -> None:
        if view == self._view:
            return
        old, self._view = self._view, view
        if old is None or old.title != view.title:
            self.border_title = view.title  # a new title repaints the whole card
        if old is None or old.lines != view.lines:
            lines = [
                Content.assemble((f"{label:<7} ", "dim"), (value, TAG_STYLE.get(tag, "")))
                for label, value, tag in view.lines
            ]
            # Lines never wrap (app.tcss): the height changes only with the number of lines,
            # and for the same driver only as it grows (a line coming and going is no layout).
            same = old is not None and old.car == view.car
            card = self.query_one("#card", TextLines)
            card.show(lines or [Content.styled("no car", "dim")], shrink=not same)
        if old is None or old.spark_label != view.spark_label:
            self.query_one("#spark-label", Label).update(view.spark_label, layout=False)
        if old is None or old.margins != view.margins:
            # One point is no chart (the sparkline would draw it as a full block).
            data = list(view.margins) if len(view.margins) > 1 else []
            self.query_one("#margins", MarginChart).data = data
