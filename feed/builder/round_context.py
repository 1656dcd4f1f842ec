"""Provides the check of a race's round context (its playoff drivers) against the race's field.

The facts' playoff list is built from the season (each driver with the car number he raced in the
round), and a race can differ from it: a driver in another car this week, a playoff driver who did
not start (his usual number driven by someone else, or not entered at all). So the list is matched
to the field by driver, not by number:

- a playoff driver found in the field under another number takes that number;
- a playoff driver not in the field did not start: he keeps his points and is shown as such; if
  his number is someone else's in this race, his entry gets a key no car of the field has
  (``"11 (not in this race)"``), so that car's laps are never taken for his.

Names are compared loosely (case, punctuation, a middle name and a Jr/Sr/II/III suffix aside),
since the facts' sources spell the same driver differently ("Martin Truex Jr" and "Martin Truex
Jr."); a driver found nowhere else keeps his own number when its driver has his surname ("Nick"
and "Nicholas Sanchez").
"""

from __future__ import annotations

import re

import msgspec

from cutline.feed.builder.facts import Facts
from cutline.feed.builder.repairs import RepairLog

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def name_key(name: str) -> tuple[str, ...]:
    """A driver's name as words, without case, punctuation, markers or a generational suffix."""
    words = re.findall(r"[a-z0-9]+", name.casefold())
    while words and words[-1] in _SUFFIXES:
        words.pop()
    return tuple(words)


def same_driver(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two name keys of one driver: equal, or the same first and last names with the middle
    given differently ("John H. Nemechek" and "John Hunter Nemechek"; never Kyle and Kurt Busch).
    """
    return a == b or (len(a) > 1 and len(b) > 1 and a[0] == b[0] and a[-1] == b[-1])


def checked_round(facts: Facts, log: RepairLog) -> Facts:
    """The facts with each playoff driver's car taken from the race's field, matched by driver."""
    pre = facts.pre_race_playoff
    if pre is None:
        return facts
    drivers_of = {e.car: name_key(e.driver) for e in facts.field}
    moved: dict[tuple[str, ...], str] = {}  # by driver: the key his entry takes
    for d in pre.drivers:
        key = name_key(d.driver)
        if d.car in drivers_of and same_driver(drivers_of[d.car], key):
            continue  # his number, his car
        car = next((c for c, k in drivers_of.items() if same_driver(k, key)), None)
        if car is None and d.car in drivers_of and drivers_of[d.car][-1:] == key[-1:]:
            continue  # his number, his surname, his first name spelled otherwise ("Nick")
        if car is None:
            if d.car in drivers_of:
                car = f"{d.car} (not in this race)"
            else:
                car = d.car
            log.add(
                "playoff-not-started",
                "drivers of the round not in the race",
                "kept on the board with their points, as not started",
                d.car,
                None,
                per_car=True,
            )
        elif car != d.car:
            log.add(
                "playoff-car",
                "drivers of the round in another car",
                "matched by driver, not by number",
                d.car,
                None,
                per_car=True,
            )
        if car != d.car:
            moved[key] = car
    if not moved:
        return facts
    drivers = [
        msgspec.structs.replace(d, car=moved.get(name_key(d.driver), d.car)) for d in pre.drivers
    ]
    computed = facts.playoff_computed
    if computed is not None:
        computed = msgspec.structs.replace(
            computed,
            drivers=[
                msgspec.structs.replace(d, car=moved.get(name_key(d.driver), d.car))
                for d in computed.drivers
            ],
        )
    return msgspec.structs.replace(
        facts,
        pre_race_playoff=msgspec.structs.replace(pre, drivers=drivers),
        playoff_computed=computed,
    )
