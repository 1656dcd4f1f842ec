"""Provides the places-needed search: how many places a driver must gain to get in, or can lose.

Positions needed are exact: the driver is moved through the actual order one place at a time,
the cars he passes each drop one place (and their points with it), and the cut is worked out
again at every step. Only cars on the driver's own lap count: a car laps ahead cannot be passed
and a car laps behind cannot pass him on track, so a crossing that needs laps back is "None".

The walk is one sorted pass (`_Walk`): the other drivers' board keys are sorted once, and each
step moves only the driver and the one car he passes, so "how many are ahead of him" is a
bisection of that sorted list, not a new sort of the board. A board of D drivers costs D walks
of at most the field's length, each step O(log D): linear in the drivers, where re-sorting the
board at every step of every driver's search grew as D squared.
"""

from __future__ import annotations

import bisect
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
    start: Start | None = None,
) -> tuple[int | None, int | None]:
    """(positions needed to get in, positions an in driver can lose and stay in).

    ``start``: the board's keys sorted once (`Start`), shared by every driver's walk; made here
    when not given.
    """
    if status != "out" and (locked_by == "won earlier in the round" or car not in field.pos):
        return 0, None
    if car not in field.pos:
        return None, None  # not on the timing screen: no order to move through
    frm = field.pos[car]
    first, last = same_lap.get(car, (frm, frm))

    if car in field.locked_before:
        # Locked by an earlier win and still out (more winners than places): the rare board
        # where the winners' own order decides; worked out in full at each step.
        def inside(to: int) -> bool:
            pos, leader = _moved(field, car, to)
            return car in inside_cut(field, pos, leader, key, cut_size, rules, title, rnd)

        if status == "out":
            return _first(1, frm - first, lambda g: inside(frm - g)), None
        loss = _first(1, last - frm, lambda n: not inside(frm + n))
        return 0, (None if loss is None else loss - 1)
    walk = _Walk(car, start or Start(field, key, rules, title, rnd), cut_size)
    if status == "out":
        for gain in range(1, frm - first + 1):
            if walk.step(frm - gain):
                return gain, None
        return None, None
    for loss in range(1, last - frm + 1):
        if not walk.step(frm + loss):
            return 0, loss - 1
    return 0, None


class Start:
    """The board as it stands, for the walks: every driver's key, and the keys of those not
    locked in by a win, sorted once."""

    def __init__(self, field: Field, key: Key, rules: Rules, title: bool, rnd: Round) -> None:
        self.field, self.key = field, key
        self.wins = rules.playoffs.win_and_in and not title and rnd.decided_by != "finish"
        self.rank = {c: i for i, c in enumerate(field.cars)}  # ties keep the field's order
        self.by_pos = {p: c for c, p in field.pos.items()}
        self.leader = field.leader_car if field.started else None
        self.entry = {c: (key(c, field.pos), self.rank[c]) for c in field.cars}
        self.winners = frozenset(
            c for c in field.cars if self.wins and (c in field.locked_before or c == self.leader)
        )
        self.keys = sorted(e for c, e in self.entry.items() if c not in self.winners)


class _Walk:
    """One driver moved a place at a time (all up, or all down): is he inside the cut there?

    As `inside_cut` decides it: the win-locked first (earlier winners, then whoever leads),
    then everyone else by board key, ties in the field's order; the driver is in when fewer
    than ``cut_size`` come before him. Each step equals `_moved` to that place from the start.
    """

    def __init__(self, car: str, start: Start, cut_size: int) -> None:
        field = start.field
        self.car, self.field, self.key, self.cut_size = car, field, start.key, cut_size
        self.wins, self.rank, self.by_pos = start.wins, start.rank, start.by_pos
        self.pos = dict(field.pos)
        self.at = self.frm = field.pos[car]
        self.leader = start.leader
        self.earlier = len(field.locked_before - {car}) if self.wins else 0
        # The others not locked in by a win, by board key: the board's sorted keys less his.
        self.entry = {c: e for c, e in start.entry.items() if c not in start.winners}
        self.keys = list(start.keys)
        mine = self.entry.pop(car, None)
        if mine is not None:
            del self.keys[bisect.bisect_left(self.keys, mine)]
        self.lead = self._leads()

    def _winner(self, car: str) -> bool:
        return self.wins and (car in self.field.locked_before or car == self.leader)

    def _leads(self) -> int:
        """1 when someone else holds a projected win not already counted as an earlier one."""
        leader = self.leader
        locked = self.field.locked_before
        return int(
            self.wins and leader in self.rank and leader != self.car and leader not in locked
        )

    def step(self, to: int) -> bool:
        """Move the driver on to place ``to`` (next to where he is): is he inside there?"""
        up = to < self.at
        other = self.by_pos.get(to)  # the playoff car he passes (or that passes him), if any
        touched: tuple[str, ...] = ()
        if other is not None and other != self.car:
            self.pos[other] = to + 1 if up else to - 1
            touched = (other,)
        else:
            other = None
        leader = self.leader
        if up and to == 1 and self.field.started:
            leader = self.car
        elif not up and leader == self.car:
            leader = other if to == 2 else None  # whoever moves up to P1, if a playoff car
        if leader != self.leader:
            touched += tuple(c for c in (self.leader, leader) if c in self.rank and c != self.car)
            self.leader = leader
            self.lead = self._leads()
        keys, entry = self.keys, self.entry
        for c in touched:
            old = entry.pop(c, None)
            if old is not None:
                del keys[bisect.bisect_left(keys, old)]
            if not self._winner(c):
                entry[c] = new = (self.key(c, self.pos), self.rank[c])
                bisect.insort(keys, new)
        self.at = to
        if self.wins and leader == self.car:
            return self.earlier < self.cut_size  # after the earlier winners, before the rest
        mine = (self.key(self.car, {self.car: to}), self.rank[self.car])
        return self.earlier + self.lead + bisect.bisect_left(keys, mine) < self.cut_size


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
