"""Provides green-flag pit loss, measured from each car's own laps, and the "if he pits now" rejoin.

A stop's loss is the time its in-lap and out-lap took beyond what the car was lapping at under
green just before it: ``sum(window) - len(window) * reference``, where the window is every lap
the car completed from the moment it entered pit road until two laps after it left, and the
reference is the median of its last five clean green laps. Two laps after leaving cover both
ways a timing line can sit against the pit box (a stop that straddles the line slows two laps,
one that does not slows one and the other is a normal lap, adding only noise). A stop is
measured only when the flag stayed green throughout and the car has at least three reference
laps; a caution, a gap in the laps (a seek, a missed lap line) or an unknown lap time drops it.

`observe` is a pure fold over the race states as they come, like `feed.model.state.apply` over
messages; a state from earlier in the race (a replay seeking back) trims what was measured after
it. The rejoin estimate adds the measured loss to the car's time behind the leader and counts the
cars that would be ahead: an estimate (traffic and the pit cycle of the others change it).
"""

from __future__ import annotations

import statistics

import msgspec

from cutline.feed.model.messages import CarLap, CarStats, FlagKind, RaceState
from cutline.feed.views.follow import time_behind_leader

REFERENCE_LAPS = 5  # green laps kept for the reference pace
MIN_REFERENCE = 3  # fewer and no stop is measured
LAPS_AFTER_OUT = 2
MIN_LOSS = 1.0  # seconds; less is a measurement that went wrong, not a stop


class GreenStop(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One measured green-flag stop."""

    lap: int  # the car's laps completed when it came in
    loss: float  # seconds lost against staying out
    reference: float  # the green lap time it was measured against
    known_at: int  # the car's laps completed when the measurement closed


class CarPits(msgspec.Struct, frozen=True, kw_only=True):
    """What the fold keeps for one car."""

    laps: int = 0  # laps completed at the last look
    stops: int = 0  # stops counted at the last look
    green: tuple[float, ...] = ()  # recent clean green lap times, oldest first
    window: tuple[float, ...] | None = None  # lap times since a green stop began
    stop_lap: int = 0  # laps completed when the open window's stop began
    after_out: int = 0  # laps completed since leaving pit road in the open window
    measured: tuple[GreenStop, ...] = ()


class PitBook(msgspec.Struct, frozen=True, kw_only=True):
    """Every car's measured green stops, folded from the race states."""

    seq: int = 0
    lap: int = 0
    flag: FlagKind | None = None
    order: tuple[CarLap, ...] = ()
    stats: dict[str, CarStats] = {}
    cars: dict[str, CarPits] = {}


class Rejoin(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """Where a car would come out if it made a green stop now (an estimate)."""

    car: str
    loss: float  # the car's own measured green pit loss
    pos: int  # estimated running position after the stop
    ahead: str | None  # the car it would rejoin behind
    gap_ahead: float | None
    behind: str | None  # the car it would rejoin ahead of
    gap_behind: float | None
    exact: bool  # False when some cars have no timing and were assumed to stay where they are


def observe(book: PitBook, state: RaceState) -> PitBook:
    """Fold one race state into the book.

    Args:
        book: the book so far (``PitBook()`` to start).
        state: the next state of the race, in feed order; an earlier one means a seek back.

    Returns:
        The new book; ``book`` itself when nothing that matters changed.
    """
    if state.order is book.order and state.stats is book.stats and state.flag == book.flag:
        return book
    cars = dict(book.cars)
    if state.seq < book.seq or state.lap < book.lap:
        cars = {car: _trim(car, c, state) for car, c in cars.items()}
    elif state.lap > book.lap + 1 and book.lap > 0:
        cars = {car: _forget(c) for car, c in cars.items()}
    green = state.flag == "green"
    was_green = book.flag == "green"
    for row in state.order:
        stats = state.stats.get(row.car)
        if stats is None:
            continue
        old = cars.get(row.car)
        if old is None:
            cars[row.car] = CarPits(laps=row.laps, stops=stats.stops)
            continue
        new = _car(old, row, stats, green, was_green)
        if new is not old:
            cars[row.car] = new
    return PitBook(
        seq=state.seq,
        lap=state.lap,
        flag=state.flag,
        order=state.order,
        stats=state.stats,
        cars=cars,
    )


def _car(old: CarPits, row: CarLap, stats: CarStats, green: bool, was_green: bool) -> CarPits:
    c = old
    if stats.stops > c.stops:
        # A stop began. Under green it opens a window; under caution it is not comparable.
        window = () if green else None
        c = msgspec.structs.replace(c, window=window, stop_lap=c.laps, after_out=0)
    elif stats.stops < c.stops:
        c = _forget(c)
    if c.window is not None and not green:
        c = msgspec.structs.replace(c, window=None)  # a caution mid-stop: not a green stop
    if row.laps != c.laps:
        c = _lap(c, row, stats, green and was_green)
    if c.stops != stats.stops or c.laps != row.laps:
        c = msgspec.structs.replace(c, stops=stats.stops, laps=row.laps)
    return c


def _lap(c: CarPits, row: CarLap, stats: CarStats, clean: bool) -> CarPits:
    if row.laps != c.laps + 1 or row.last_lap is None:
        return _forget(c)  # a missed lap line or no time: nothing here can be trusted
    time = row.last_lap
    if c.window is None:
        if clean and not stats.in_pit and not row.pit_road:
            return msgspec.structs.replace(c, green=(*c.green, time)[-REFERENCE_LAPS:])
        return c
    window = (*c.window, time)
    after_out = c.after_out + (0 if stats.in_pit else 1)
    if after_out < LAPS_AFTER_OUT:
        return msgspec.structs.replace(c, window=window, after_out=after_out)
    done = msgspec.structs.replace(c, window=None, after_out=0)
    if len(c.green) < MIN_REFERENCE:
        return done
    reference = statistics.median(c.green)
    loss = round(sum(window) - len(window) * reference, 3)
    if loss < MIN_LOSS:
        return done  # no stop loses nothing: the laps and the stop do not line up
    stop = GreenStop(lap=c.stop_lap, loss=loss, reference=reference, known_at=row.laps)
    return msgspec.structs.replace(done, measured=(*c.measured, stop))


def _forget(c: CarPits) -> CarPits:
    """Drop what depends on consecutive laps (after a jump); keep the stops measured."""
    return msgspec.structs.replace(c, green=(), window=None, after_out=0)


def _trim(car: str, c: CarPits, state: RaceState) -> CarPits:
    """Back to an earlier point of the race: keep only the stops measured before it."""
    row = next((r for r in state.order if r.car == car), None)
    stats = state.stats.get(car)
    laps = row.laps if row is not None else 0
    return CarPits(
        laps=laps,
        stops=stats.stops if stats is not None else 0,
        measured=tuple(s for s in c.measured if s.known_at <= laps),
    )


def green_loss(book: PitBook, car: str) -> float | None:
    """The car's green-flag pit loss: the median of its measured stops, or None if none."""
    c = book.cars.get(car)
    if c is None or not c.measured:
        return None
    return round(statistics.median(s.loss for s in c.measured), 3)


def rejoin(state: RaceState, car: str, loss: float) -> Rejoin | None:
    """Where ``car`` would rejoin if it lost ``loss`` seconds now.

    Args:
        state: the race now.
        car: the car that would pit.
        loss: its green-flag pit loss in seconds (`green_loss`).

    Returns:
        None when the car has no lap line or no time behind the leader.
    """
    times = time_behind_leader(state.order)
    mine = times.get(car)
    if mine is None:
        return None
    target = mine + loss
    ahead: list[tuple[float | None, CarLap]] = []
    behind: list[tuple[float | None, CarLap]] = []
    exact = True
    my_pos = next(row.pos for row in state.order if row.car == car)
    for row in state.order:
        if row.car == car:
            continue
        t = times.get(row.car)
        if t is None:
            exact = False
            (ahead if row.pos < my_pos else behind).append((None, row))
        elif t <= target:
            ahead.append((t, row))
        else:
            behind.append((t, row))
    last_ahead = max(ahead, key=lambda a: (a[0] is not None, a[0] or 0.0, -a[1].pos), default=None)
    first_behind = min(behind, key=lambda b: (b[0] is None, b[0] or 0.0, b[1].pos), default=None)
    return Rejoin(
        car=car,
        loss=loss,
        pos=len(ahead) + 1,
        ahead=last_ahead[1].car if last_ahead else None,
        gap_ahead=_diff(target, last_ahead[0]) if last_ahead else None,
        behind=first_behind[1].car if first_behind else None,
        gap_behind=_diff(first_behind[0], target) if first_behind else None,
        exact=exact,
    )


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 3)
