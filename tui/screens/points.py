"""Provides the points screen: one playoff driver's points in parts and what each place up or
down would change; left and right step through the playoff drivers."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from cutline.feed.model.messages import RaceState
from cutline.feed.standings.cut_line import Standings
from cutline.tui.views.points import points_view


class PointsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i", "app.pop_screen", "Close", key_display="esc"),
        Binding("left", "step(-1)", "Previous driver"),
        Binding("right", "step(1)", "Next driver"),
    ]

    def __init__(self, state: RaceState, board: Standings | None, car: str) -> None:
        super().__init__()
        self.state, self.board, self.car = state, board, car

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="points"):
            yield Static(id="points-body")

    def on_mount(self) -> None:
        self._draw()

    def action_step(self, direction: int) -> None:
        cars = [d.car for d in self.board.drivers] if self.board else []
        if self.car in cars:
            self.car = cars[(cars.index(self.car) + direction) % len(cars)]
            self._draw()

    def _draw(self) -> None:
        view = points_view(self.state, self.board, self.car)
        self.query_one("#points").border_title = view.title
        styles = {"in": "$success", "out": "$error", "dim": "$text-muted"}
        body = [Content.styled(text, styles.get(tag, "")) for text, tag in view.lines]
        body.append(Content.styled("← → another playoff driver · esc close", "$text-muted"))
        self.query_one("#points-body", Static).update(Content("\n").join(body))
