"""Provides the projection the board is built on: points as if the race ended now, and the cut.

Points are projected as if the race ended now: points entering the race, plus stage points
already banked, plus finishing points for the current running position (or the classified
position once a result is in). The format decides the rest, from `cutline.feed.rules`:

- elimination: drivers who won earlier in the round are locked in, and so is the driver leading
  (or winning) this race where the format has win-and-in; the other places go on points, ties
  broken by the format's tiebreakers (best finish in the round, then the next best).
- chase: before the Chase a cut at the playoff field size on points; in the Chase no cut, the
  board is the title fight (margin to P1).
- a round decided by finishing position (the Championship 4): the best finisher leads.

Everything here takes the positions (and the projected winner) as arguments, so the
places-needed search (`cutline.feed.standings.places_needed`) can ask the same questions of a
moved order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import msgspec

from cutline.feed.model.messages import PlayoffContext, Race, RaceState
from cutline.feed.rules import Round, Rules

Status = Literal["locked", "in", "out"]
Key = Callable[[str, dict[str, int]], tuple[int, ...]]
_FAR = 10_000  # a finish worse than any real one, for missing races in a tiebreak


class Field(msgspec.Struct, kw_only=True):
    """The inputs of one projection, for the moves of the positions search."""

    cars: tuple[str, ...]  # eligible drivers
    base: dict[str, int]  # entering + banked stage points
    pos: dict[str, int]
    finishes: dict[str, tuple[int, ...]]  # earlier in the round
    locked_before: frozenset[str]
    leader_car: str | None  # the car projected to win
    started: bool  # a lap has been run (or the race is classified): a leader can win
    field_size: int


def classification(state: RaceState) -> tuple[list[tuple[str, int]], frozenset[str], bool]:
    """(car, laps) in finishing or running order, the disqualified cars, and whether official.

    A disqualified car goes to the back of the classification and everyone behind it moves up
    (`rules.disqualification.position` is "last" in every format we have).
    """
    if state.result is not None:
        rows = sorted(state.result.cars, key=lambda r: (r.disqualified, r.pos))
        dq = frozenset(r.car for r in rows if r.disqualified)
        return [(r.car, r.laps) for r in rows], dq, state.result.official
    return [(r.car, r.laps) for r in state.order], frozenset(), False


def stage_points(state: RaceState, rules: Rules, dq: frozenset[str]) -> dict[str, int]:
    """Stage points each car has banked in this race (none if disqualified where they are
    lost); cars with none are absent. One pass over the stages for the whole board."""
    race = state.race
    paying = len(race.stage_ends) - 1 if race is not None else len(state.stages)
    eligible = _eligible(race)
    forfeit = dq if rules.disqualification.stage_points == "forfeited" else frozenset()
    banked: dict[str, int] = {}
    for stage in state.stages:
        if stage.stage > paying:
            continue  # the final stage is the race itself
        for row in stage.top:
            if row.car in eligible and row.car not in forfeit:
                banked[row.car] = banked.get(row.car, 0) + rules.stage_points(row.pos)
    return banked


def _eligible(race: Race | None) -> frozenset[str]:
    if race is None:
        return frozenset()
    return frozenset(e.car for e in race.field if e.points_eligible)


def field_of(
    state: RaceState,
    race: Race,
    ctx: PlayoffContext,
    rules: Rules,
    order: list[tuple[str, int]],
    dq: frozenset[str],
    title: bool,
) -> Field:
    """The projection's inputs from the race so far and its classification ``order``."""
    pos = {car: i for i, (car, _) in enumerate(order, 1)}
    # Before the green flag (no lap run, no result) the pole sitter is not winning anything.
    started = state.result is not None or state.lap > 0
    leader = next((car for car, _ in order if car not in dq), None) if started else None
    banked = stage_points(state, rules, dq)
    return Field(
        cars=tuple(d.car for d in ctx.drivers),
        base={d.car: d.points + banked.get(d.car, 0) for d in ctx.drivers},
        pos={d.car: pos[d.car] for d in ctx.drivers if d.car in pos},
        finishes={d.car: d.round_finishes for d in ctx.drivers},
        locked_before=frozenset(d.car for d in ctx.drivers if d.locked and not title),
        leader_car=leader,
        started=started,
        field_size=len(order),
    )


def finish_points(field: Field, pos: dict[str, int], car: str, rules: Rules) -> int:
    """Finishing points for ``car``'s place in ``pos`` (none off the timing screen)."""
    p = pos.get(car)
    return rules.finishing_points(p) if p is not None else 0


def projected_points(field: Field, pos: dict[str, int], car: str, rules: Rules) -> int:
    """``car``'s projected total under positions ``pos``."""
    return field.base[car] + finish_points(field, pos, car, rules)


def board_key(rnd: Round, rules: Rules, field: Field) -> Key:
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
    paid, size = rules.points.finishing, max(size, 1)
    return [0, *paid[:size], *[rules.points.below_table] * (size - len(paid))]


def _win_lock(car: str, field: Field, leader: str | None, rules: Rules, title: bool) -> bool:
    if title or not rules.playoffs.win_and_in:
        return False
    return car in field.locked_before or car == leader


def inside_cut(
    field: Field,
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


def ranked(
    field: Field,
    pos: dict[str, int],
    leader: str | None,
    key: Key,
    ins: frozenset[str],
    rules: Rules,
    title: bool,
) -> list[str]:
    """The board's order: the win-locked, then the rest in, then the out, each by ``key``."""

    def order(c: str) -> tuple[int, tuple[int, ...]]:
        locked = _win_lock(c, field, leader, rules, title) and c in ins
        return (0 if locked else 1 if c in ins else 2, key(c, pos))

    return sorted(field.cars, key=order)


def lowest_in(in_cars: list[str], field: Field, rules: Rules, title: bool) -> str | None:
    """The lowest driver in on points (a win-locked driver only if everyone in is locked)."""
    if not in_cars:
        return None
    on_points = [c for c in in_cars if not _win_lock(c, field, field.leader_car, rules, title)]
    return (on_points or in_cars)[-1]


def tied_at_line(
    points: dict[str, int], last_in: str | None, first_out: str | None
) -> frozenset[str]:
    """The last in and the first out when they are level on points; else nobody."""
    if last_in is None or first_out is None or points[last_in] != points[first_out]:
        return frozenset()
    return frozenset({last_in, first_out})


def lock_reason(
    car: str, field: Field, rules: Rules, title: bool, rnd: Round, classified: bool
) -> str:
    """Why ``car`` (inside the cut) is locked in, or "" when it is in on points."""
    if title or rnd.decided_by == "finish" or not rules.playoffs.win_and_in:
        return ""
    if car in field.locked_before:
        return "won earlier in the round"
    if car == field.leader_car:
        return "won this race" if classified else "leading this race"
    return ""
