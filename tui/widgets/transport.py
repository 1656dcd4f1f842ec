"""Provides the transport strip: where the replay is in the race, its speed, paused or not;
in live mode the broadcast delay."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class Transport(Horizontal):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[float, str] | None = None
        self._state = ""

    def compose(self) -> ComposeResult:
        yield Label("", id="transport-state")
        yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="race-progress")
        yield Label("", id="transport-text")

    def show(self, progress: float | None, state: str, text: str) -> None:
        """``progress`` 0..1 over the race (None: live, no bar), ``state`` a short word."""
        key = (-1.0 if progress is None else round(progress, 3), state + "|" + text)
        if key == self._shown:
            return
        self._shown = key
        bar = self.query_one(ProgressBar)
        bar.display = progress is not None
        self.set_class(progress is None, "-live")  # no bar: the text takes the room
        if progress is not None:
            bar.update(progress=round(progress * 100, 1))
        if state != self._state:
            # The state word changes on a key press, not per lap: only then may its width change.
            self._state = state
            self.query_one("#transport-state", Label).update(state)
        self.query_one("#transport-text", Label).update(text, layout=False)  # fixed width
