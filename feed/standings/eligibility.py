"""Provides the eligible drivers of a race when no cut line can be computed, and why not.

`cut_line` needs a header with a playoff context: the points each eligible driver carries
into the race, under rules that cover the season. A live source may know who is eligible (the
playoff badges NASCAR writes into names) without knowing either: a season no rules file covers
(2025), or no standings feed. Then the honest board lists the eligible drivers in running order,
without points, and says what is missing. It never invents points.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from cutline.feed.model.errors import RulesError
from cutline.feed.model.messages import RaceState
from cutline.feed.rules import load


class EligibleDriver(msgspec.Struct, frozen=True, kw_only=True):
    car: str
    driver: str
    pos: int | None  # running (or classified) position; None: not on the timing screen


class Eligibility(msgspec.Struct, frozen=True, kw_only=True):
    """Who is eligible, in running order, and why there are no points or cut line."""

    basis: Literal["playoff badges", "points-eligible field"]
    drivers: tuple[EligibleDriver, ...]
    reason: str


def eligibility(state: RaceState) -> Eligibility | None:
    """The eligible drivers of a race whose header has no playoff context.

    Returns:
        None when there is no header, the header has a context (use `cut_line`), or the
        session scores no points (practice and qualifying have no scheduled laps).
    """
    race = state.race
    if race is None or race.playoff is not None or race.scheduled_laps <= 0:
        return None
    marked = [e for e in race.field if e.playoff]
    basis: Literal["playoff badges", "points-eligible field"] = "playoff badges"
    if not marked:
        # No playoff badges: the regular season, where every driver scoring points is racing
        # for a place in the playoff field.
        marked = [e for e in race.field if e.points_eligible]
        basis = "points-eligible field"
    if not marked:
        return None
    try:
        load(race.series, race.season)
    except RulesError:
        reason = (
            f"rules unknown for {race.series} {race.season}: no rules file covers this season, "
            "so no points, margins or cut line; the eligible drivers are listed in running order"
        )
    else:
        reason = (
            "points entering the race unknown (no standings in the feed): no margins or cut "
            "line; the eligible drivers are listed in running order"
        )
    if state.result is not None:
        rows = sorted(state.result.cars, key=lambda r: (r.disqualified, r.pos))
        pos = {r.car: i for i, r in enumerate(rows, 1)}
    else:
        pos = {r.car: r.pos for r in state.order}
    drivers = sorted(
        (EligibleDriver(car=e.car, driver=e.driver, pos=pos.get(e.car)) for e in marked),
        key=lambda d: (d.pos is None, d.pos or 0, d.car),
    )
    return Eligibility(basis=basis, drivers=tuple(drivers), reason=reason)
