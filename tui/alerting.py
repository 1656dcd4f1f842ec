"""Provides `ring`: the alerts a new frame raises on the dashboard, as the fan set them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel

from cutline.feed.views.alerts import alerts
from cutline.feed.views.frame import Frame

if TYPE_CHECKING:
    from cutline.tui.app import CutlineApp

ALERTS_KEPT = 100


def ring(app: CutlineApp, before: Frame | None, frame: Frame, car: str | None) -> None:
    """Raise the alerts ``frame`` brings for ``car``: the flash, notifications and the bell
    (none after a seek, and only the kinds the fan wants to hear)."""
    quiet, app.quiet_next = app.quiet_next, False
    # Nothing shown before (or an emptied board: the feed restarted): what the first frame
    # holds was already there, not news.
    if before is None or before.state.seq == 0 or frame.state.seq < before.state.seq or quiet:
        return
    seen = len(before.history.changes)
    changes = frame.history.changes[seen:]
    if changes and app.flash_seconds > 0:
        app.board.flash()
    rings = app.prefs.settings.alerts.rings  # the kinds the fan wants to hear
    heard = [a for a in alerts(before.state, frame.state, changes, car) if rings(a.kind)]
    for alert in heard[:4]:
        app.fired.append(alert)
        if app.notify_alerts:
            severity: SeverityLevel = (
                "warning" if alert.kind in ("penalty", "caution") else "information"
            )
            app.notify(alert.text, title=alert.kind.title(), severity=severity)
        if app.bell_alerts:
            app.bell()
    del app.fired[:-ALERTS_KEPT]
