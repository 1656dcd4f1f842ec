"""Provides the places-needed search: how many places a driver must gain to get in, or can lose.

Positions needed are exact: the driver is moved through the actual order one place at a time,
the cars he passes each drop one place (and their points with it), and the cut is worked out
again at every step. Only cars on the driver's own lap count: a car laps ahead cannot be passed
and a car laps behind cannot pass him on track, so a crossing that needs laps back is "None".

The board is sorted once for every driver (`Start`: each driver's key, and the keys a driver
takes one place up or down, worked out once). A walk (`_Walk`) moves only the driver and the one
car he passes, so "how many are ahead of him" is a bisection of a sorted list, not a new sort.
Moving up never hurts a driver (his points rise, the car he passes loses some, and the lead is
a win), so being inside is monotone in his place, and a check or two from the start spares
most walks: a driver not in at the best place on his lap needs laps back, and one not in a place
short of it needs exactly that place (most often: only a win will do); a driver still in at
the last place on his lap has no limit to what he can lose. A check compares his key with each
other driver's once (keys worked out once per board); a driver costs at most two checks and a
walk no longer than its answer.
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
    if status == "out":
        if first == frm:
            return None, None  # nobody ahead on his lap: only laps back would do
        walk = _Walk(car, start or Start(field, key, rules, title, rnd), cut_size)
        if not walk.inside_at(first):
            return None, None  # not even the best place on his lap is enough
        if first + 1 < frm and not walk.inside_at(first + 1):
            return frm - first, None  # only the best place will do (a win, on the lead lap)
        for gain in range(1, frm - first):
            if walk.step(frm - gain):
                return gain, None
        return frm - first, None
    if last == frm:
        return 0, None  # nobody behind on his lap can pass him
    walk = _Walk(car, start or Start(field, key, rules, title, rnd), cut_size)
    if walk.inside_at(last):
        return 0, None  # still in at the last place on his lap: no limit
    for loss in range(1, last - frm):
        if not walk.step(frm + loss):
            return 0, loss - 1
    return 0, last - frm - 1


class Start:
    """The board as it stands, for the walks: every driver's key, the keys of those not locked
    in by a win sorted once, and (as the walks ask) the key of a driver one place up or down."""

    def __init__(self, field: Field, key: Key, rules: Rules, title: bool, rnd: Round) -> None:
        self.field, self.key = field, key
        self.wins = rules.playoffs.win_and_in and not title and rnd.decided_by != "finish"
        self.rank = {c: i for i, c in enumerate(field.cars)}  # ties keep the field's order
        self.by_pos = {p: c for c, p in field.pos.items()}
        self.leader = field.leader_car if field.started else None
        self.locked = field.locked_before if self.wins else frozenset()
        self.entry = {c: (key(c, field.pos), self.rank[c]) for c in field.cars}
        self.winners = frozenset(
            c for c in field.cars if self.wins and (c in self.locked or c == self.leader)
        )
        self.keys = sorted(e for c, e in self.entry.items() if c not in self.winners)
        # Those a check counts one by one: everyone but the earlier winners, with his place.
        self.rest = [
            (c, field.pos.get(c), e) for c, e in self.entry.items() if c not in self.locked
        ]
        self._at: dict[tuple[str, int], tuple[tuple[int, ...], int]] = {}

    def now(self, car: str, pos: dict[str, int]) -> tuple[int, ...]:
        """The board key (a `Key`), at the board's own places worked out once per driver."""
        return self.entry[car][0] if pos is self.field.pos else self.key(car, pos)

    def at(self, car: str, place: int) -> tuple[tuple[int, ...], int]:
        """``car``'s board key (and tie order) in place ``place``."""
        found = self._at.get((car, place))
        if found is None:
            found = self._at[car, place] = (self.key(car, {car: place}), self.rank[car])
        return found


class _Walk:
    """One driver moved a place at a time (all up, or all down): is he inside the cut there?

    As `inside_cut` decides it: the win-locked first (earlier winners, then whoever leads),
    then everyone else by board key, ties in the field's order; the driver is in when fewer
    than ``cut_size`` come before him. Each step, and each check (`inside_at`), equals
    `_moved` to that place from the start.
    """

    def __init__(self, car: str, start: Start, cut_size: int) -> None:
        self.car, self.start, self.cut_size = car, start, cut_size
        self.at = self.frm = start.field.pos[car]
        self.leader = start.leader
        self.earlier = len(start.locked - {car})
        # The others not locked in by a win, by board key: the board's sorted keys less his.
        self.keys = list(start.keys)
        if car not in start.winners:
            mine = start.entry[car]
            del self.keys[bisect.bisect_left(self.keys, mine)]
        self.lead = self._leads(self.leader)

    def _leads(self, leader: str | None) -> int:
        """1 when someone else holds a projected win not already counted as an earlier one."""
        start = self.start
        counted = leader in start.rank and leader not in start.locked
        return int(start.wins and counted and leader != self.car)

    def _leader_at(self, to: int) -> str | None:
        """Who leads with the driver moved from where he started to place ``to``."""
        start = self.start
        if to == 1 and start.field.started:
            return self.car
        if start.leader == self.car and to > 1:
            return start.by_pos.get(2)  # whoever moves up to P1, if a playoff car
        return start.leader

    def inside_at(self, to: int) -> bool:
        """Is he inside with place ``to`` (from where he started, the cars between moved one
        place)? One comparison per driver; the walk itself is left as it is."""
        start, car = self.start, self.car
        leader = self._leader_at(to)
        if start.wins and leader == car:
            return self.earlier < self.cut_size  # after the earlier winners, before the rest
        ahead = self.earlier + self._leads(leader)
        mine = start.at(car, to)
        frm = self.frm
        lo, hi, shift = (to, frm - 1, 1) if to < frm else (frm + 1, to, -1)
        for c, p, entry in start.rest:
            if c == car or (start.wins and c == leader):
                continue
            if p is not None and lo <= p <= hi:
                entry = start.at(c, p + shift)
            if entry < mine:
                ahead += 1
                if ahead >= self.cut_size:
                    return False
        return ahead < self.cut_size

    def step(self, to: int) -> bool:
        """Move the driver on to place ``to`` (next to where he is): is he inside there?"""
        start, keys = self.start, self.keys
        up = to < self.at
        self.at = to
        other = start.by_pos.get(to)  # the playoff car he passes (or that passes him), if any
        leader = self._leader_at(to)
        if leader != self.leader:
            self.leader = leader
            self.lead = self._leads(leader)
        if start.wins and leader == self.car:
            return self.earlier < self.cut_size  # after the earlier winners, before the rest
        # Each car is passed once in a walk, so it moves from where it started; one that takes
        # the lead from the driver (``other`` at P2 as he leaves P1) leaves the keys instead.
        if other is not None and other not in start.winners:
            del keys[bisect.bisect_left(keys, start.entry[other])]
            if not (start.wins and other == leader):
                bisect.insort(keys, start.at(other, to + 1 if up else to - 1))
        return self.earlier + self.lead + bisect.bisect_left(keys, start.at(self.car, to)) < (
            self.cut_size
        )


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
