"""Provides the command palette's cutline commands, each prefixed by its area.

Only what fits the feed is offered: transport and lap jumps for a replay, delay for a live feed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cutline.feed.model.state import driver_name
from cutline.feed.playback.player import speed_text
from cutline.tui.remember import remember, set_alert
from cutline.tui.settings import ALERT_KINDS, forget_favourite
from cutline.tui.views import LOG_KINDS

if TYPE_CHECKING:
    from cutline.tui.app import CutlineApp

SPEEDS: tuple[float | None, ...] = (0.5, 1.0, 2.0, 4.0, 10.0, 30.0, 100.0, None)

Command = tuple[str, Callable[[], object], str]


class CutlineCommands(Provider):
    """Follow a driver, jump to a lap, set the replay speed, filter the log, switch alerts."""

    @property
    def dash(self) -> CutlineApp:
        return cast("CutlineApp", self.app)

    def _commands(self, query: str = "") -> Iterator[Command]:
        app = self.dash
        state = app.state
        yield ("follow: the bubble driver", app.action_follow_bubble,
               "follow whoever is nearest the cut line")  # fmt: skip
        if state.race is not None:
            for entry in state.race.field:
                name = driver_name(state, entry.car)
                tag = " (playoff)" if entry.playoff else ""
                help = f"pin #{entry.car} to the follow card, and follow him on start"
                yield (f"follow: {name} #{entry.car}{tag}",
                       partial(app.follow, entry.car), help)  # fmt: skip
        for car in app.prefs.settings.favourites:
            yield (f"favourite: forget {driver_name(state, car)} #{car}",
                   partial(remember, app, forget_favourite(car)),
                   "no longer followed on start")  # fmt: skip
        if app.player is not None:
            number = re.search(r"\d+", query)
            if number:
                lap = int(number.group())
                yield (f"jump: to lap {lap}", partial(app.seek_to, lap), "seek the replay")
            yield ("jump: to the start", partial(app.seek_to, 0), "seek the replay to lap 0")
            yield ("jump: to the last lap", partial(app.seek_to, app.player.last_lap),
                   "seek the replay to the final lap")  # fmt: skip
            for speed in SPEEDS:
                yield (f"speed: {speed_text(speed)}", partial(app.set_speed, speed), "replay speed")
        if app.delayed is not None:
            for step in (-30, -5, -1, 1, 5, 30):
                yield (f"delay: {step:+d} s", partial(app.nudge_delay, float(step)),
                       "broadcast delay")  # fmt: skip
            yield ("delay: calibrate now", app.action_calibrate,
                   "press as the TV shows the leader crossing the line")  # fmt: skip
        for kind in LOG_KINDS:
            yield (f"log: show {kind}", partial(app.set_log_kind, kind), "filter the log")
        yield ("alerts: notifications on/off", app.action_toggle_notify, "alert notifications")
        yield ("alerts: bell on/off", app.action_toggle_bell, "terminal bell on alerts")
        for kind in ALERT_KINDS:
            on = app.prefs.settings.alerts.rings(kind)
            yield (f"alerts: {kind} {'off' if on else 'on'}", partial(set_alert, app, kind, not on),
                   f"alerts for each {kind} (now {'on' if on else 'off'})")  # fmt: skip
        yield ("view: compare column on/off", app.action_toggle_compare,
               "every car's gap to the followed driver")  # fmt: skip
        yield ("view: race control log on/off", app.action_toggle_log, "show or hide the log")

    async def discover(self) -> Hits:
        for name, callback, help in self._commands():
            if name.startswith("follow: ") and "(playoff)" not in name and "bubble" not in name:
                continue
            yield DiscoveryHit(name, callback, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help in self._commands(query):
            score = matcher.match(name)
            if score > 0 or name.startswith("jump: to lap "):
                yield Hit(max(score, 0.5), matcher.highlight(name), callback, help=help)
