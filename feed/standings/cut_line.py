"""Provides the championship picture derived from a race state: points, the cut line, the bubble.

Points are projected as if the race ended now: points entering the race, plus stage points
already banked, plus finishing points for the current running position (or the classified
position once a result is in). The format decides the rest, from `cutline.feed.rules`:

- elimination: drivers who won earlier in the round are locked in, and so is the driver leading
  (or winning) this race where the format has win-and-in; the other places go on points, ties
  broken by the format's tiebreakers (best finish in the round, then the next best).
- chase: before the Chase a cut at the playoff field size on points; in the Chase no cut, the
  board is the title fight (margin to P1).
- a round decided by finishing position (the Championship 4): the best finisher leads.

Positions needed are exact: the driver is moved through the actual order one place at a time,
the cars he passes each drop one place (and their points with it), and the cut is worked out
again at every step. Only cars on the driver's own lap count: a car laps ahead cannot be passed
and a car laps behind cannot pass him on track, so a crossing that needs laps back is "None".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import msgspec

from cutline.feed.model.messages import PlayoffContext, Race, RaceState
from cutline.feed.rules import REGULAR_SEASON, Round, Rules, load

Status = Literal["locked", "in", "out"]
_FAR = 10_000  # a finish worse than any real one, for missing races in a tiebreak


class DriverStanding(msgspec.Struct, frozen=True, kw_only=True):
    """One eligible driver's projected standing."""

    car: str
    driver: str
    rank: int  # 1-based order on the board
    status: Status
    points: int  # projected total
    entering: int  # points entering the race
    stage_points: int  # banked in this race
    finish_points: int  # for ``pos``
    pos: int | None  # running (or classified) position; None if not on the timing screen
    margin: int | None  # in: points over the first out; out: points to the last in (<= 0)
    positions_needed: int | None  # places to gain to get in (0 when in; None: needs laps back)
    positions_to_spare: int | None  # places an in driver can lose and stay in (None: no limit)
    tiebreak: bool = False  # level on points at the line: the tiebreaker decided the side
    locked_by: str = ""  # why a locked driver is locked
    round_finishes: tuple[int, ...] = ()  # in the round, this race's projected finish included
    disqualified: bool = False


class Standings(msgspec.Struct, frozen=True, kw_only=True):
    lap: int
    format: str
    round: str
    board: Literal["cut", "title"]  # title: no cut, the margin is to P1
    decided_by: Literal["points", "finish"]
    cut_size: int
    final: bool  # from an official classification
    drivers: tuple[DriverStanding, ...]  # by standing
    last_in: str | None  # car
    first_out: str | None  # car
    bubble: str | None  # car of the driver nearest the line, in places
    tiebreakers: tuple[str, ...] | None  # None: the format's tiebreaker is unknown
    notes: tuple[str, ...] = ()


class _Field(msgspec.Struct, kw_only=True):
    """The inputs of one projection, for the moves of the positions search."""

    cars: tuple[str, ...]  # eligible drivers
    base: dict[str, int]  # entering + banked stage points
    pos: dict[str, int]
    finishes: dict[str, tuple[int, ...]]  # earlier in the round
    locked_before: frozenset[str]
    leader_car: str | None  # the car projected to win
    started: bool  # a lap has been run (or the race is classified): a leader can win
    field_size: int


def standings(state: RaceState, rules: Rules | None = None) -> Standings | None:
    """The championship picture after ``state``.

    Args:
        state: the race so far.
        rules: the rules to use; by default the ones for the header's series and season.

    Returns:
        None when the feed carries no championship context (no header, or no playoff drivers).

    Raises:
        RulesError: no rules cover the race, or the header names a round the format lacks.
    """
    race = state.race
    if race is None or race.playoff is None or not race.playoff.drivers:
        return None
    ctx = race.playoff
    rules = rules or load(race.series, race.season)
    rnd = rules.round(ctx.round)
    title = rules.format == "chase" and ctx.round.casefold() != REGULAR_SEASON.casefold()
    cut_size = 1 if title or rnd.decided_by == "finish" else min(rnd.advance, len(ctx.drivers))
    order, dq, final = _classification(state)
    field = _field(state, race, ctx, rules, order, dq, title)
    key = _key(rnd, rules, field)
    ins = _cut(field, field.pos, field.leader_car, key, cut_size, rules, title, rnd)
    ranked = _rank(field, field.pos, field.leader_car, key, ins, rules, title, rnd)
    in_cars = [c for c in ranked if c in ins]
    out_cars = [c for c in ranked if c not in ins]
    last_in = _last_in(in_cars, field, rules, title, rnd)
    first_out = out_cars[0] if out_cars else None
    points = {c: _points(field, field.pos, c, rules) for c in field.cars}
    tied = _tied(points, last_in, first_out)
    same_lap = _same_lap_bounds(order)
    names = {d.car: d.driver for d in ctx.drivers}
    drivers: list[DriverStanding] = []
    for rank, car in enumerate(ranked, 1):
        locked_by = (
            _locked_by(car, field, rules, title, rnd, state.result is not None)
            if car in ins
            else ""
        )
        status: Status = "locked" if locked_by else ("in" if car in ins else "out")
        other = first_out if car in ins else last_in
        margin = points[car] - points[other] if other is not None else None
        needed, spare = _positions(
            car, status, field, key, cut_size, rules, title, rnd, same_lap, locked_by
        )
        pos = field.pos.get(car)
        drivers.append(
            DriverStanding(
                car=car,
                driver=names[car],
                rank=rank,
                status=status,
                points=points[car],
                entering=field.base[car] - _stage_points(state, rules, car, dq),
                stage_points=_stage_points(state, rules, car, dq),
                finish_points=_finish_points(field, field.pos, car, rules),
                pos=pos,
                margin=margin,
                positions_needed=needed,
                positions_to_spare=spare,
                tiebreak=car in tied,
                locked_by=locked_by,
                round_finishes=(*field.finishes[car], pos) if pos else field.finishes[car],
                disqualified=car in dq,
            )
        )
    board = tuple(drivers)
    return Standings(
        lap=state.lap,
        format=rules.format,
        round=rnd.name,
        board="title" if title else "cut",
        decided_by=rnd.decided_by,
        cut_size=cut_size,
        final=final,
        drivers=board,
        last_in=last_in,
        first_out=first_out,
        bubble=_bubble(board, last_in, first_out),
        tiebreakers=rules.playoffs.tiebreakers,
        notes=_notes(board, tied, rules, names),
    )


# ---------------------------------------------------------------------------------------------
# The projection
# ---------------------------------------------------------------------------------------------


def _classification(state: RaceState) -> tuple[list[tuple[str, int]], frozenset[str], bool]:
    """(car, laps) in finishing or running order, the disqualified cars, and whether official.

    A disqualified car goes to the back of the classification and everyone behind it moves up
    (`rules.disqualification.position` is "last" in every format we have).
    """
    if state.result is not None:
        rows = sorted(state.result.cars, key=lambda r: (r.disqualified, r.pos))
        dq = frozenset(r.car for r in rows if r.disqualified)
        return [(r.car, r.laps) for r in rows], dq, state.result.official
    return [(r.car, r.laps) for r in state.order], frozenset(), False


def _stage_points(state: RaceState, rules: Rules, car: str, dq: frozenset[str]) -> int:
    if car in dq and rules.disqualification.stage_points == "forfeited":
        return 0
    race = state.race
    paying = len(race.stage_ends) - 1 if race is not None else len(state.stages)
    eligible = _eligible(race)
    total = 0
    for stage in state.stages:
        if stage.stage > paying:
            continue  # the final stage is the race itself
        for row in stage.top:
            if row.car == car and car in eligible:
                total += rules.stage_points(row.pos)
    return total


def _eligible(race: Race | None) -> frozenset[str]:
    if race is None:
        return frozenset()
    return frozenset(e.car for e in race.field if e.points_eligible)


def _field(
    state: RaceState,
    race: Race,
    ctx: PlayoffContext,
    rules: Rules,
    order: list[tuple[str, int]],
    dq: frozenset[str],
    title: bool,
) -> _Field:
    pos = {car: i for i, (car, _) in enumerate(order, 1)}
    # Before the green flag (no lap run, no result) the pole sitter is not winning anything.
    started = state.result is not None or state.lap > 0
    leader = next((car for car, _ in order if car not in dq), None) if started else None
    return _Field(
        cars=tuple(d.car for d in ctx.drivers),
        base={d.car: d.points + _stage_points(state, rules, d.car, dq) for d in ctx.drivers},
        pos={d.car: pos[d.car] for d in ctx.drivers if d.car in pos},
        finishes={d.car: d.round_finishes for d in ctx.drivers},
        locked_before=frozenset(d.car for d in ctx.drivers if d.locked and not title),
        leader_car=leader,
        started=started,
        field_size=len(order),
    )


def _finish_points(field: _Field, pos: dict[str, int], car: str, rules: Rules) -> int:
    p = pos.get(car)
    return rules.finishing_points(p) if p is not None else 0


def _points(field: _Field, pos: dict[str, int], car: str, rules: Rules) -> int:
    return field.base[car] + _finish_points(field, pos, car, rules)


Key = Callable[[str, dict[str, int]], tuple[int, ...]]


def _key(rnd: Round, rules: Rules, field: _Field) -> Key:
    """Sort key for the board (smaller is better) under positions ``pos``."""
    known = rules.playoffs.tiebreakers is not None
    table = _table(rules, field.field_size)
    base = field.base
    finishes = {car: tuple(sorted(f)) for car, f in field.finishes.items()}

    def by_points(car: str, pos: dict[str, int]) -> tuple[int, ...]:
        p = pos.get(car)
        if p is None:
            return (-base[car], _FAR)
        if not known:
            # Tiebreaker unknown: keep ties in running order, and say so in the notes.
            return (-(base[car] + table[p]), p)
        return (-(base[car] + table[p]), *sorted((*finishes[car], p)), _FAR)

    def by_finish(car: str, pos: dict[str, int]) -> tuple[int, ...]:
        return (pos.get(car, _FAR),)

    return by_finish if rnd.decided_by == "finish" else by_points


def _table(rules: Rules, size: int) -> list[int]:
    """Finishing points by place, index 0 unused, long enough for the field."""
    return [0, *(rules.finishing_points(p) for p in range(1, max(size, 1) + 1))]


def _win_lock(car: str, field: _Field, leader: str | None, rules: Rules, title: bool) -> bool:
    if title or not rules.playoffs.win_and_in:
        return False
    return car in field.locked_before or car == leader


def _cut(
    field: _Field,
    pos: dict[str, int],
    leader: str | None,
    key: Key,
    cut_size: int,
    rules: Rules,
    title: bool,
    rnd: Round,
) -> frozenset[str]:
    """The drivers inside the cut: winners first (by standing), then the rest by standing."""
    ranked = sorted(field.cars, key=lambda c: key(c, pos))
    if rnd.decided_by == "finish" or title:
        return frozenset(ranked[:cut_size])
    # A win earlier in the round is already banked; today's leader only holds a projected win.
    winners = sorted(
        (c for c in ranked if _win_lock(c, field, leader, rules, title)),
        key=lambda c: c not in field.locked_before,
    )
    rest = [c for c in ranked if c not in winners]
    return frozenset((winners + rest)[:cut_size])


def _rank(
    field: _Field,
    pos: dict[str, int],
    leader: str | None,
    key: Key,
    ins: frozenset[str],
    rules: Rules,
    title: bool,
    rnd: Round,
) -> list[str]:
    def order(c: str) -> tuple[int, tuple[int, ...]]:
        locked = _win_lock(c, field, leader, rules, title) and c in ins
        return (0 if locked else 1 if c in ins else 2, key(c, pos))

    return sorted(field.cars, key=order)


def _last_in(
    in_cars: list[str], field: _Field, rules: Rules, title: bool, rnd: Round
) -> str | None:
    """The lowest driver in on points (a win-locked driver only if everyone in is locked)."""
    if not in_cars:
        return None
    on_points = [c for c in in_cars if not _win_lock(c, field, field.leader_car, rules, title)]
    return (on_points or in_cars)[-1]


def _tied(points: dict[str, int], last_in: str | None, first_out: str | None) -> frozenset[str]:
    if last_in is None or first_out is None or points[last_in] != points[first_out]:
        return frozenset()
    return frozenset({last_in, first_out})


def _locked_by(
    car: str, field: _Field, rules: Rules, title: bool, rnd: Round, classified: bool
) -> str:
    if title or rnd.decided_by == "finish" or not rules.playoffs.win_and_in:
        return ""
    if car in field.locked_before:
        return "won earlier in the round"
    if car == field.leader_car:
        return "won this race" if classified else "leading this race"
    return ""


# ---------------------------------------------------------------------------------------------
# Positions needed
# ---------------------------------------------------------------------------------------------


def _same_lap_bounds(order: Sequence[tuple[str, int]]) -> dict[str, tuple[int, int]]:
    """For each car, the first and last position held by a car on its own lap."""
    bounds: dict[str, tuple[int, int]] = {}
    start = 0
    for i in range(1, len(order) + 1):
        if i == len(order) or order[i][1] != order[start][1]:
            for j in range(start, i):
                bounds[order[j][0]] = (start + 1, i)
            start = i
    return bounds


def _moved(field: _Field, car: str, to: int) -> tuple[dict[str, int], str | None]:
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


def _positions(
    car: str,
    status: Status,
    field: _Field,
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
        return car in _cut(field, pos, leader, key, cut_size, rules, title, rnd)

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


# ---------------------------------------------------------------------------------------------
# The bubble and the notes
# ---------------------------------------------------------------------------------------------


def _bubble(
    board: Sequence[DriverStanding], last_in: str | None, first_out: str | None
) -> str | None:
    """The driver nearest the line in places: the last in or the first out."""
    by_car = {d.car: d for d in board}
    if first_out is None:
        return last_in
    if last_in is None:
        return first_out
    spare = by_car[last_in].positions_to_spare
    needed = by_car[first_out].positions_needed
    if spare is not None and (needed is None or spare + 1 < needed):
        return last_in
    return first_out


def _notes(
    board: Sequence[DriverStanding],
    tied: frozenset[str],
    rules: Rules,
    names: dict[str, str],
) -> tuple[str, ...]:
    notes: list[str] = []
    if tied:
        a, b = (d for d in board if d.car in tied)
        if rules.playoffs.tiebreakers is None:
            notes.append(
                f"{a.driver} and {b.driver} are level on {a.points}: the format's tiebreaker "
                "is unknown, so they are shown in running order, not officially separated"
            )
        else:
            fa = ", ".join(str(f) for f in sorted(a.round_finishes))
            fb = ", ".join(str(f) for f in sorted(b.round_finishes))
            notes.append(
                f"{a.driver} and {b.driver} are level on {a.points}: {a.driver} is ahead on the "
                f"tiebreaker, best finish in the round ({fa} against {fb})"
            )
    if rules.playoffs.tiebreakers is None:
        notes.append("tiebreaker: unknown for this format")
    for d in board:
        if d.disqualified:
            notes.append(f"{d.driver} disqualified: scored last, {d.finish_points} points")
    return tuple(notes)


class Crossing(msgspec.Struct, frozen=True, kw_only=True):
    """A driver changing sides of the cut line between two boards."""

    car: str
    driver: str
    now: Status
    before: Status
    lap: int

    @property
    def text(self) -> str:
        if self.now == "out":
            return f"{self.driver} drops below the cut line on lap {self.lap}"
        if self.before == "out":
            how = "locks in" if self.now == "locked" else "moves above the cut line"
            return f"{self.driver} {how} on lap {self.lap}"
        return f"{self.driver} locks in on lap {self.lap}"


def crossings(before: Standings | None, now: Standings) -> list[Crossing]:
    """The drivers whose status changed from ``before`` to ``now`` (all of them if no before)."""
    if before is None:
        return []
    old = {d.car: d.status for d in before.drivers}
    return [
        Crossing(car=d.car, driver=d.driver, now=d.status, before=old[d.car], lap=now.lap)
        for d in now.drivers
        if d.car in old
        and old[d.car] != d.status
        and not (old[d.car] != "out" and d.status != "out" and d.status != "locked")
    ]
