"""Provides what the dashboard's broadcast-delay keys do (a live feed only): nudge the delay by
the step, cycle the step, and calibrate the delay from one press made when the TV shows the
leader crossing the line. The delay itself is `feed.streams.delay.DelayedFeed`; it is saved per
feed (`tui.remember.remember_delay`), because it belongs to this TV and this feed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cutline.tui.remember import remember_delay

if TYPE_CHECKING:
    from cutline.tui.app import CutlineApp

DELAY_STEPS = (1.0, 5.0, 30.0)  # seconds a nudge moves the delay, cycled with the step key


def no_delay(app: CutlineApp) -> bool:
    """True (and a notification saying why) when there is no broadcast delay to set."""
    if app.delayed is not None:
        return False
    app.notify("no broadcast delay in a replay: it is for a live feed", timeout=3)
    return True


def nudge(app: CutlineApp, seconds: float) -> None:
    if app.delayed is not None:
        app.delayed.nudge(seconds)
        remember_delay(app)


def nudge_by_step(app: CutlineApp, direction: int) -> None:
    if not no_delay(app):
        nudge(app, direction * DELAY_STEPS[app.delay_step])


def next_step(app: CutlineApp) -> None:
    if not no_delay(app):
        app.delay_step = (app.delay_step + 1) % len(DELAY_STEPS)
        app.refresh_status()


def calibrate(app: CutlineApp) -> None:
    if no_delay(app) or app.delayed is None:
        return
    found = app.delayed.calibrate()
    if found is None:
        app.notify("no lap crossing seen yet to calibrate against", severity="warning")
    else:
        app.notify(f"broadcast delay set to {found:g} s", title="Delay")
        remember_delay(app)
    app.refresh_status()
