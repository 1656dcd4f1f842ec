"""Provides the title fight of a round decided by the finish (the Championship 4), and who of the
round's drivers is missing from the race.

In the Championship 4 the champion is the best finisher of the four (points play no part): the
board's first driver is the champion as it stands, and each of the others needs to pass the title
driver just ahead of him on the road, which is as many places as lie between them. A driver of
the round who is not in the race's field did not start: he keeps the points he entered with,
scores none, and is shown as such instead of as a car that needs laps back.
"""

from __future__ import annotations

import msgspec

from cutline.feed.model.messages import RaceState


class TitleDriver(msgspec.Struct, frozen=True, kw_only=True):
    """One driver of a finish-decided round, as it stands."""

    car: str
    pos: int | None  # on the road (None: not running, or did not start)
    ahead: str | None  # the title driver just ahead on the road (None for the leader of the four)
    places_to_pass: int | None  # places to gain to pass ``ahead`` (None: unknown, or no one)


def title_order(cars: list[str], pos: dict[str, int]) -> tuple[str | None, tuple[TitleDriver, ...]]:
    """The champion as it stands and each title driver's task, from their places on the road.

    Args:
        cars: the round's drivers (their cars), in board order.
        pos: each running car's place.

    Returns:
        The champion's car (None when none of them is placed yet) and the drivers, best first.
    """
    placed = sorted((c for c in cars if c in pos), key=lambda c: pos[c])
    unplaced = [c for c in cars if c not in pos]
    out: list[TitleDriver] = []
    for i, car in enumerate(placed):
        ahead = placed[i - 1] if i > 0 else None
        out.append(
            TitleDriver(
                car=car,
                pos=pos[car],
                ahead=ahead,
                places_to_pass=pos[car] - pos[ahead] if ahead is not None else None,
            )
        )
    last = placed[-1] if placed else None
    out += [TitleDriver(car=c, pos=None, ahead=last, places_to_pass=None) for c in unplaced]
    return (placed[0] if placed else None), tuple(out)


def not_started(state: RaceState, cars: list[str]) -> frozenset[str]:
    """The round's drivers whose car is not in the race's field (they did not start)."""
    race = state.race
    if race is None or not race.field:
        return frozenset()
    entered = {e.car for e in race.field}
    return frozenset(c for c in cars if c not in entered)
