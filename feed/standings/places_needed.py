"""Provides the places-needed search: how many places a driver must gain to get in, or can lose.

Positions needed are exact: the driver is moved through the actual order one place at a time,
the cars he passes each drop one place (and their points with it), and the cut is worked out
again at every step. Only cars on the driver's own lap count: a car laps ahead cannot be passed
and a car laps behind cannot pass him on track, so a crossing that needs laps back is "None".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cutline.feed.rules import Round, Rules
from cutline.feed.standings.projection import Field, Key, Status, inside_cut


def same_lap_bounds(order: Sequence[tuple[str, int]]) -> dict[str, tuple[int, int]]:
    """For each car, the first and last position held by a car on its own lap."""
    bounds: dict[str, tuple[int, int]] = {}
    start = 0
    for i in range(1, len(order) + 1):
        if i == len(order) or order[i][1] != order[start][1]:
            for j in range(start, i):
                bounds[order[j][0]] = (start + 1, i)
            start = i
    return bounds


def _moved(field: Field, car: str, to: int) -> tuple[dict[str, int], str | None]:
    """Positions (and the projected winner) with ``car`` moved to place ``to``."""
    frm = field.pos[car]
    pos = dict(field.pos)
    for other, p in field.pos.items():
        if to <= p < frm:
            pos[other] = p + 1
        elif frm < p <= to:
            pos[other] = p - 1
    pos[car] = to
    leader = field.leader_car
    if not field.started:
        return pos, None
    if to == 1:
        leader = car
    elif leader == car:
        # Whoever moves up to P1; None when that is a car outside the playoffs.
        leader = next((c for c, p in pos.items() if p == 1), None)
    return pos, leader


def places_needed(
    car: str,
    status: Status,
    field: Field,
    key: Key,
    cut_size: int,
    rules: Rules,
    title: bool,
    rnd: Round,
    same_lap: dict[str, tuple[int, int]],
    locked_by: str,
) -> tuple[int | None, int | None]:
    """(positions needed to get in, positions an in driver can lose and stay in)."""
    if status != "out" and (locked_by == "won earlier in the round" or car not in field.pos):
        return 0, None
    if car not in field.pos:
        return None, None  # not on the timing screen: no order to move through
    frm = field.pos[car]
    first, last = same_lap.get(car, (frm, frm))

    def inside(to: int) -> bool:
        pos, leader = _moved(field, car, to)
        return car in inside_cut(field, pos, leader, key, cut_size, rules, title, rnd)

    # Being in only gets likelier as the driver moves up: he gains points, each car he passes
    # loses some, and P1 adds the win. So the first place that crosses is found by bisection.
    if status == "out":
        gain = _first(1, frm - first, lambda g: inside(frm - g))
        return gain, None
    loss = _first(1, last - frm, lambda n: not inside(frm + n))
    return 0, (None if loss is None else loss - 1)


def _first(lo: int, hi: int, crosses: Callable[[int], bool]) -> int | None:
    """The least n in lo..hi for which ``crosses(n)`` holds (monotone in n), or None."""
    if lo > hi or not crosses(hi):
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if crosses(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
