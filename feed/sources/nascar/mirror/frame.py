"""Provides what the mirror's document builders share: `Frame` (the state at the end of one lap
and what the documents need beyond it), NASCAR's codes for cutline's flags, statuses and makes,
and the names, made-up driver ids and makes of the field as NASCAR writes them.
"""

from __future__ import annotations

from typing import Any

import msgspec

from cutline.feed.model.errors import RulesError
from cutline.feed.model.messages import (
    FlagKind,
    Race,
    RaceState,
)
from cutline.feed.rules import Rules, load
from cutline.feed.sources.nascar import shapes as shapes
from cutline.feed.sources.nascar.codes import FLAG_CODES, MAKES, VEHICLE_STATUS

Docs = dict[str, Any]  # feed name -> document

DEFAULT_LAP_SECONDS = 30.0  # for a recording whose laps carry no time
# The code the live feed shows for each cutline flag: the highest of a kind wins, so checkered
# is 9, what the feed shows after a finish (nascar-feeds.md §5); 5 is never observed.
FLAG_CODE: dict[FlagKind | None, int] = {c.kind: code for code, c in sorted(FLAG_CODES.items())}
STATUS_CODE = {text: code for code, text in VEHICLE_STATUS.items()}
MAKE_CODE = {name: short for short, name in MAKES.items()}


class Frame(msgspec.Struct, kw_only=True):
    """The state at the end of one lap, and what the documents need beyond it."""

    t: float  # seconds since the first lap
    state: RaceState
    flags: tuple[tuple[int, int, float, str], ...]  # (lap, code, elapsed, comment)
    pits: tuple[dict[str, Any], ...]
    led: dict[str, tuple[tuple[int, int], ...]]


def rules_of(race: Race) -> Rules | None:
    try:
        return load(race.series, race.season)
    except RulesError:
        return None


def driver_id(race: Race | None, car: str) -> int:
    """A stable made-up driver id: 1000 + the car's place in the header's field."""
    if race is not None:
        for i, entry in enumerate(race.field):
            if entry.car == car:
                return 1000 + i
    return 9000 + sum(ord(c) for c in car)


def entry_name(state: RaceState, car: str) -> tuple[str, bool, bool, bool]:
    race = state.race
    if race is not None:
        for e in race.field:
            if e.car == car:
                return e.driver, e.playoff, e.rookie, e.points_eligible
    return f"Driver {car}", False, False, True


def marked_name(state: RaceState, car: str) -> str:
    """The name with NASCAR's markers: ``#`` rookie, ``(i)`` ineligible, ``(P)``/``(C)``."""
    name, playoff, rookie, eligible = entry_name(state, car)
    race = state.race
    if rookie:
        name += " #"
    if not eligible:
        name += "(i)"
    if playoff and race is not None:
        rules = rules_of(race)
        name += " (C)" if rules is not None and rules.format == "chase" else " (P)"
    return name


def make_of(state: RaceState, car: str) -> str:
    race = state.race
    if race is not None:
        for e in race.field:
            if e.car == car:
                return MAKE_CODE.get(e.make, e.make)
    return ""


def first_last(name: str) -> tuple[str, str]:
    first, _, last = name.partition(" ")
    return first, last or first
