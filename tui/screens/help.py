"""Provides the help screen: what each panel shows and every key, read from the app's bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

# One paragraph per panel, no hard breaks: the text wraps to the terminal.
PANELS = "\n".join(
    (
        "[b]Header[/b]  series, track, lap, stage and laps to its end, the flag, the feed status.",
        "[b]Running order[/b]  every car; playoff drivers tagged P (green in, red out) or L "
        "(locked in by a win); ▶ marks the followed driver. Int and Gap in seconds (or laps "
        "down); Δ is the gap to the followed driver (the compare column); Tyr the laps on the "
        "tyres (? when the last change was not reported); Pen a penalty (DQ: disqualified). "
        "Columns drop right to left when the terminal is narrow.",
        "[b]Cut line[/b]  playoff drivers as if the race ended now: points, margin to the line, "
        "places needed (out) or in hand (in). TB: level on points, the tiebreaker decides (the "
        "note says how).",
        "[b]Follow[/b]  one driver: the bubble by default (whoever is nearest the line), or the "
        'one you pin: his points in parts, his stint against the field\'s, "after stops" during '
        'a pit cycle, and "pit now", where he would rejoin, from his own measured green-flag '
        "stop or else the field's median (i: the points of any playoff driver).",
        "[b]Race control[/b]  pits, penalties, incidents, flags, stages, lead changes and "
        "cut-line crossings; tab focuses it for the arrow keys. l picks a kind, w the playoff "
        "drivers or the followed one, p every stop (else the others fold into one line). "
        "Alerts (a notification and the bell) when the followed driver crosses the line, pits "
        "or is penalised, and on every caution.",
        "[b]Command palette[/b]  ctrl+p: follow a driver, jump to a lap, replay speed, log "
        "filter, alerts, theme.",
    )
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "Close help", key_display="esc"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content.from_markup(PANELS), id="help-panels")
            yield Static(self._keys(), id="help-keys")

    def _keys(self) -> Content:
        lines = [Content.from_markup("[b]Keys[/b]")]
        seen: set[str] = set()
        for binding in self.app.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key_display or binding.key.split(",")[0]
            lines.append(Content.assemble((f"  {key:<8}", "bold $accent"), binding.description))
        return Content("\n").join(lines)
