"""Provides the alerts worth interrupting a fan for, between two moments of the race.

For the followed car: a crossing of the cut line, a stop begun, a penalty. For everyone: a
caution. Alerts compare two states the viewer saw (they may be many messages apart when the
screen coalesces updates), so they count what accumulated: stops, penalties, cautions, and the
cut-line changes recorded in `cutline.feed.views.history`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import msgspec

from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import driver_name
from cutline.feed.views.history import LineChange

AlertKind = Literal["crossing", "pit", "penalty", "caution"]


class Alert(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    kind: AlertKind
    lap: int
    text: str
    car: str | None = None


def alerts(
    before: RaceState,
    now: RaceState,
    changes: Sequence[LineChange],
    car: str | None,
) -> list[Alert]:
    """What happened between ``before`` and ``now`` that the viewer should hear about.

    Args:
        before: the state the viewer saw last.
        now: the state the viewer sees now (later in the same race).
        changes: the cut-line changes recorded after ``before`` (``History.changes`` since then).
        car: the followed car, if any.

    Returns:
        The alerts, cautions first, then the followed car's.
    """
    out: list[Alert] = []
    if now.cautions > before.cautions:
        out.append(Alert(kind="caution", lap=now.lap, text=_caution_text(now)))
    if car is None:
        return out
    name = driver_name(now, car)
    for change in changes:
        if change.car == car:
            out.append(Alert(kind="crossing", lap=change.lap, text=change.text, car=car))
    old, new = before.stats.get(car), now.stats.get(car)
    if new is not None:
        if new.stops > (old.stops if old else 0):
            out.append(
                Alert(kind="pit", lap=now.lap, text=f"{name} pits on lap {now.lap}", car=car)
            )
        for penalty in new.penalties[len(old.penalties) if old else 0 :]:
            text = f"{name} penalised: {penalty.infraction}, {penalty.consequence}"
            out.append(Alert(kind="penalty", lap=penalty.lap, text=text, car=car))
    return out


def _caution_text(state: RaceState) -> str:
    # The caution's own log line carries the lap and the reason ("yellow flag, lap 32: ...").
    flag = next((e for e in reversed(state.log) if e.kind == "flag"), None)
    return f"Caution: {flag.text}" if flag is not None else f"Caution on lap {state.lap}"
