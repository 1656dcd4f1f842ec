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


def _moved(state: RaceState, d: DriverStanding, step: int) -> PlaceChange | None:
    if d.pos is None or d.disqualified:
        return None
    moved = _swapped(state, d.car, step)
    if moved is None:
        return None
    try:
        board = standings(moved)
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


def _swapped(state: RaceState, car: str, step: int) -> RaceState | None:
    """The state with ``car`` and the car ``step`` places from him exchanged."""
    if state.result is not None:
        rows = sorted(state.result.cars, key=lambda r: (r.disqualified, r.pos))
        at = next((i for i, r in enumerate(rows) if r.car == car), None)
        other = None if at is None else at + step
        if at is None or other is None or not 0 <= other < len(rows) or rows[other].disqualified:
            return None
        a, b = rows[at], rows[other]
        cars = tuple(
            msgspec.structs.replace(r, pos=b.pos) if r is a
            else msgspec.structs.replace(r, pos=a.pos) if r is b
            else r
            for r in state.result.cars
        )  # fmt: skip
        result = msgspec.structs.replace(state.result, cars=cars)
        return msgspec.structs.replace(state, result=result)
    order = list(state.order)
    i = next((i for i, r in enumerate(order) if r.car == car), None)
    if i is None or not 0 <= i + step < len(order):
        return None
    mine, theirs = order[i], order[i + step]
    order[i] = msgspec.structs.replace(theirs, pos=mine.pos)
    order[i + step] = msgspec.structs.replace(mine, pos=theirs.pos)
    return msgspec.structs.replace(state, order=tuple(order))


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
