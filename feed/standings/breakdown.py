"""Provides a playoff driver's points in parts: points entering + stage points banked + finishing
points at his position = projected, and what one place up or down would change (his points,
his margin to the cut and his side of it), and the stage points each playoff driver banked.

A place up or down is the board worked out again with the driver swapped with the car next to
him in the order shown (the classification once there is one), so the other drivers' points,
the projected winner and the tiebreaker move as they would.
"""

from __future__ import annotations

import msgspec

from cutline.feed.model.errors import RulesError
from cutline.feed.model.messages import RaceState, Stage
from cutline.feed.model.state import driver_name
from cutline.feed.rules import load
from cutline.feed.standings.cut_line import DriverStanding, Standings, standings
from cutline.feed.standings.wording import LEADING


class PlaceChange(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """The driver one place up or down: what his board line would read then."""

    pos: int
    points: int
    change: int  # points against now
    margin: int | None
    status: str  # "locked", "in" or "out"
    locked_by: str = ""


class Breakdown(msgspec.Struct, frozen=True, kw_only=True):
    car: str
    driver: str
    entering: int
    stage: int
    finish: int
    projected: int
    pos: int | None
    up: PlaceChange | None  # None: he is first (or not on the timing screen)
    down: PlaceChange | None  # None: he is last


def breakdown(state: RaceState, board: Standings, car: str) -> Breakdown | None:
    """``car``'s points in parts and one place either side; None if he is not on the board."""
    d = next((x for x in board.drivers if x.car == car), None)
    if d is None:
        return None
    return Breakdown(
        car=car,
        driver=d.driver,
        entering=d.entering,
        stage=d.stage_points,
        finish=d.finish_points,
        projected=d.points,
        pos=d.pos,
        up=_moved(state, d, -1),
        down=_moved(state, d, +1),
    )


def places(state: RaceState, board: Standings, car: str, reach: int) -> tuple[PlaceChange, ...]:
    """``car`` moved 1 to ``reach`` places up and down, nearest first within each side: from
    the highest place to the lowest. Places off the order (or past a disqualified car) are left
    out."""
    d = next((x for x in board.drivers if x.car == car), None)
    if d is None:
        return ()
    ups = [_moved(state, d, -k) for k in range(reach, 0, -1)]
    downs = [_moved(state, d, k) for k in range(1, reach + 1)]
    return tuple(c for c in (*ups, *downs) if c is not None)


def side(c: PlaceChange) -> str:
    """Which side of the cut he would be on, in the board's words."""
    if c.status == "out":
        return "OUT"
    if c.locked_by == LEADING:
        return "IN (win)"
    return "LOCK" if c.status == "locked" else "IN"


def _moved(state: RaceState, d: DriverStanding, step: int) -> PlaceChange | None:
    if d.pos is None or d.disqualified:
        return None
    moved = _shifted(state, d.car, step)
    if moved is None:
        return None
    try:
        board = standings(moved, places=False)  # read for points, margin and side only
    except RulesError:
        return None
    then = next((x for x in board.drivers if x.car == d.car), None) if board else None
    if then is None or then.pos is None:
        return None
    return PlaceChange(
        pos=then.pos,
        points=then.points,
        change=then.points - d.points,
        margin=then.margin,
        status=then.status,
        locked_by=then.locked_by,
    )


def _shifted(state: RaceState, car: str, step: int) -> RaceState | None:
    """The state with ``car`` moved ``step`` places (negative: up), the cars between shifted."""
    if state.result is not None:
        rows = sorted(state.result.cars, key=lambda r: (r.disqualified, r.pos))
        at = next((i for i, r in enumerate(rows) if r.car == car), None)
        if at is None or not 0 <= at + step < len(rows) or rows[at + step].disqualified:
            return None
        slots = [r.pos for r in rows]
        rows.insert(at + step, rows.pop(at))
        cars = tuple(msgspec.structs.replace(r, pos=p) for r, p in zip(rows, slots, strict=True))
        return msgspec.structs.replace(
            state, result=msgspec.structs.replace(state.result, cars=cars)
        )
    order = list(state.order)
    at = next((i for i, r in enumerate(order) if r.car == car), None)
    if at is None or not 0 <= at + step < len(order):
        return None
    slots = [r.pos for r in order]
    order.insert(at + step, order.pop(at))
    moved = tuple(msgspec.structs.replace(r, pos=p) for r, p in zip(order, slots, strict=True))
    return msgspec.structs.replace(state, order=moved)


def stage_banked(state: RaceState, stage: Stage) -> str | None:
    """What each playoff driver banked in ``stage``, in one line; None when there is nothing
    to say (no playoff field, no rules, or the final stage, which is the race itself)."""
    race = state.race
    if race is None or race.playoff is None or not race.playoff.drivers:
        return None
    if race.stage_ends and stage.stage >= len(race.stage_ends):
        return None
    try:
        rules = load(race.series, race.season)
    except RulesError:
        return None
    eligible = {e.car for e in race.field if e.points_eligible}
    place = {row.car: row.pos for row in stage.top}
    scored, blank = [], []
    for p in sorted(race.playoff.drivers, key=lambda p: place.get(p.car, 999)):
        pos = place.get(p.car)
        pts = rules.stage_points(pos) if pos is not None and p.car in eligible else 0
        name = driver_name(state, p.car)
        if pts:
            scored.append(f"{name} +{pts} (P{pos})")
        else:
            blank.append(name)
    text = f"Stage {stage.stage} points, playoff drivers: " + (", ".join(scored) or "none")
    if blank:
        text += "; none for " + ", ".join(blank)
    return text
