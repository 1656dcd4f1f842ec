"""Provides the championship picture derived from a race state: points, the cut line, the bubble.

`standings` assembles the board: the projection (`cutline.feed.standings.projection`) says who
is in and on what points, the places-needed search (`cutline.feed.standings.places_needed`) how
far each driver is from the line; this module adds the margins, the bubble and the notes. Who
changed sides between two boards is `cutline.feed.standings.crossings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import msgspec

from cutline.feed.model.messages import RaceState
from cutline.feed.rules import REGULAR_SEASON, Rules, load
from cutline.feed.standings.championship import not_started, title_order
from cutline.feed.standings.places_needed import Start, places_needed, same_lap_bounds
from cutline.feed.standings.projection import (
    Status,
    board_key,
    classification,
    field_of,
    finish_points,
    inside_cut,
    lock_reason,
    lowest_in,
    projected_points,
    ranked,
    tied_at_line,
)

__all__ = ["DriverStanding", "Standings", "Status", "standings"]


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
    positions_needed: int | None  # places to gain to get in (0 when in; None: no place will do)
    positions_to_spare: int | None  # places an in driver can lose and stay in (None: no limit)
    tiebreak: bool = False  # level on points at the line: the tiebreaker decided the side
    locked_by: str = ""  # why a locked driver is locked
    round_finishes: tuple[int, ...] = ()  # in the round, this race's projected finish included
    disqualified: bool = False
    did_not_start: bool = False  # in the round's list but not in this race's field
    to_pass: str | None = None  # decided by finish: the title driver just ahead on the road
    places_to_pass: int | None = None  # ... and the places to gain to pass him
    off_lead_lap: bool = False  # laps down: the places he needs may be on a lap ahead


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
    champion: str | None = None  # decided by finish: the best finisher of the round, as it stands
    next_round: str | None = None  # the round after this one, when the format has one
    last_race: bool = True  # the round's last race: its official result decides the round


def standings(
    state: RaceState, rules: Rules | None = None, *, places: bool = True
) -> Standings | None:
    """The championship picture after ``state``.

    Args:
        state: the race so far.
        rules: the rules to use; by default the ones for the header's series and season.
        places: work out the places each driver needs or has to spare; False for a what-if
            board read only for points, margins and sides (they are left None, and so is
            the bubble, which is measured in places).

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
    order, dq, final = classification(state)
    field = field_of(state, race, ctx, rules, order, dq, title)
    key = board_key(rnd, rules, field)
    start = Start(field, key, rules, title, rnd)  # the board sorted once, for every driver
    now = start.now  # the key, each driver's at the board's own places worked out once
    ins = inside_cut(field, field.pos, field.leader_car, now, cut_size, rules, title, rnd)
    by_rank = ranked(field, field.pos, field.leader_car, now, ins, rules, title)
    in_cars = [c for c in by_rank if c in ins]
    out_cars = [c for c in by_rank if c not in ins]
    last_in = lowest_in(in_cars, field, rules, title)
    first_out = out_cars[0] if out_cars else None
    points = {c: projected_points(field, field.pos, c, rules) for c in field.cars}
    tied = tied_at_line(points, last_in, first_out)
    same_lap = same_lap_bounds(order)
    names = {d.car: d.driver for d in ctx.drivers}
    entering = {d.car: d.points for d in ctx.drivers}
    absent = not_started(state, by_rank)
    by_finish = rnd.decided_by == "finish"
    champion, tasks = title_order(by_rank, field.pos) if by_finish else (None, ())
    task = {t.car: t for t in tasks}
    drivers: list[DriverStanding] = []
    for rank, car in enumerate(by_rank, 1):
        locked_by = (
            lock_reason(car, field, rules, title, rnd, state.result is not None)
            if car in ins
            else ""
        )
        status: Status = "locked" if locked_by else ("in" if car in ins else "out")
        other = first_out if car in ins else last_in
        margin = points[car] - points[other] if other is not None else None
        needed, spare = (
            places_needed(
                car, status, field, key, cut_size, rules, title, rnd, same_lap, locked_by, start
            )
            if places
            else (None, None)
        )
        pos = field.pos.get(car)
        t = task.get(car)
        drivers.append(
            DriverStanding(
                car=car,
                driver=names[car],
                rank=rank,
                status=status,
                points=points[car],
                entering=entering[car],
                stage_points=field.base[car] - entering[car],
                finish_points=finish_points(field, field.pos, car, rules),
                pos=pos,
                margin=margin,
                positions_needed=needed,
                positions_to_spare=spare,
                tiebreak=car in tied,
                locked_by=locked_by,
                round_finishes=(*field.finishes[car], pos) if pos else field.finishes[car],
                disqualified=car in dq,
                off_lead_lap=same_lap.get(car, (1, 1))[0] > 1,
                did_not_start=car in absent,
                to_pass=t.ahead if t else None,
                places_to_pass=t.places_to_pass if t else None,
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
        bubble=_bubble(board, last_in, first_out) if places else None,
        tiebreakers=rules.playoffs.tiebreakers,
        notes=_notes(board, tied, rules, names),
        champion=champion,
        next_round=_next_round(rules, rnd.name),
        last_race=ctx.race_in_round >= ctx.races_in_round,
    )


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


def _next_round(rules: Rules, name: str) -> str | None:
    names = [r.name for r in rules.playoffs.rounds]
    at = next((i for i, n in enumerate(names) if n.casefold() == name.casefold()), None)
    return names[at + 1] if at is not None and at + 1 < len(names) else None


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
