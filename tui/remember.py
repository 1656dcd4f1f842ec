"""Provides the dashboard's side of the fan's settings: they are applied on start (the theme;
the app pins the favourite driver once the field is known) and each change the fan makes in the
app is saved at once (`cutline.tui.settings` writes the file atomically).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.theme import Theme

from cutline.tui import settings
from cutline.tui.settings import Edit

if TYPE_CHECKING:
    from cutline.tui.app import CutlineApp


def apply_settings(app: CutlineApp) -> None:
    """Set the saved theme, then save the theme whenever the fan changes it."""
    name = app.prefs.settings.theme
    if name is not None and name != app.theme:
        if name in app.available_themes:
            app.theme = name
        else:  # a typo or a theme this Textual lacks: keep the default and say so
            app.prefs.problem = f"settings: no theme {name!r}; using {app.theme!r}"

    def changed(theme: Theme) -> None:
        if theme.name != app.prefs.settings.theme:
            remember(app, settings.theme(theme.name))

    app.theme_changed_signal.subscribe(app, changed)


def remember(app: CutlineApp, edit: Edit) -> None:
    """Apply ``edit`` to the settings and save them; a failure goes to a notification."""
    problem = app.prefs.change(edit)
    if problem:
        app.notify(problem, title="Settings", severity="error", timeout=10)
    app.refresh_status()


def remember_delay(app: CutlineApp) -> None:
    """Save the broadcast delay for this feed: it was set for this TV and this feed."""
    if app.delayed is not None and app.prefs.feed:
        remember(app, settings.delay(app.prefs.feed, app.delayed.delay))


def set_alert(app: CutlineApp, name: str, on: bool) -> None:
    """Switch one kind of alert (`settings.ALERT_KINDS`) on or off, and save it."""
    remember(app, settings.alert(name, on))
    app.notify(f"{name} alerts {'on' if on else 'off'}", timeout=2)
