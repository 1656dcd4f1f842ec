"""Provides the strategy story: under each caution, who pitted (tyres, or fuel only) and who
stayed out, among the playoff drivers and the top 10, as one log line at the restart; and a
car's stint, its laps on tyres against the field's.

`tell` is a pure fold over the race states. At the caution it notes each car's stops and tyre
change; at the green it compares. Tyres are "tyres" when the stop changed them, "fuel only"
when it did not, "tyres ?" when the feed did not say.
"""

from __future__ import annotations

import statistics

import msgspec

from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import driver_name, tyre_age

TOP = 10


class StoryLine(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """A derived log line: the same shape as the state's log entries."""

    seq: int
    t: float
    lap: int
    kind: str
    text: str
    cars: tuple[str, ...] = ()


class Strategy(msgspec.Struct, frozen=True, kw_only=True):
    seq: int = 0
    flag: str | None = None
    caution_lap: int | None = None  # the open caution's leader lap, None under green
    watched: tuple[str, ...] = ()  # playoff drivers and the top 10 at the caution, in order
    stops: dict[str, tuple[int, int]] = {}  # car -> (stops, tyres_lap) at the caution
    lines: tuple[StoryLine, ...] = ()


def tell(story: Strategy, state: RaceState) -> Strategy:
    """Fold one race state (``Strategy()`` to start)."""
    if state.seq < story.seq:
        kept = tuple(line for line in story.lines if line.seq <= state.seq)
        story = Strategy(seq=state.seq, flag=state.flag, lines=kept)
    if state.flag == story.flag:
        return story if state.seq == story.seq else msgspec.structs.replace(story, seq=state.seq)
    new = msgspec.structs.replace(story, seq=state.seq, flag=state.flag)
    if state.flag == "yellow" and story.caution_lap is None:
        ctx = state.race.playoff if state.race else None
        playoff = {d.car for d in ctx.drivers} if ctx else set()
        watched = tuple(r.car for r in state.order if r.pos <= TOP or r.car in playoff)
        stops = {c: (s.stops, s.tyres_lap) for c, s in state.stats.items()}
        return msgspec.structs.replace(new, caution_lap=state.lap, watched=watched, stops=stops)
    if state.flag == "green" and story.caution_lap is not None:
        line = _line(story, state)
        lines = story.lines + ((line,) if line is not None else ())
        return msgspec.structs.replace(new, caution_lap=None, watched=(), stops={}, lines=lines)
    return new


def _line(story: Strategy, state: RaceState) -> StoryLine | None:
    pitted: list[str] = []
    stayed: list[str] = []
    for car in story.watched:
        now = state.stats.get(car)
        was = story.stops.get(car)
        if now is None or was is None:
            continue
        name = driver_name(state, car).split()[-1]
        if now.stops > was[0]:
            what = "tyres" if now.tyres_lap != was[1] else "fuel only"
            if not now.tyres_known:
                what = "tyres ?"
            pitted.append(f"{name} ({what})")
        else:
            stayed.append(name)
    if not story.watched:
        return None
    lap = story.caution_lap or 0
    text = (
        f"caution from lap {lap + 1}, playoff drivers and top {TOP}: "
        f"pitted: {', '.join(pitted) or 'nobody'}; stayed out: {', '.join(stayed) or 'nobody'}"
    )
    return StoryLine(
        seq=state.seq, t=state.t, lap=state.lap, kind="strategy", text=text, cars=story.watched
    )


class Stint(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """A car's laps on its tyres against the running field's."""

    laps: int
    field_median: float  # the running cars' median laps on their tyres
    fresher: int  # running cars on older tyres than his
    older: int  # running cars on fresher tyres than his
    known: bool  # False when his last tyre change was not reported


def stint(state: RaceState, car: str) -> Stint | None:
    """``car``'s laps on tyres against the field's; None before it has a lap line."""
    mine = tyre_age(state, car)
    if mine is None:
        return None
    ages = [a for r in state.order if r.status == "running" and r.car != car
            if (a := tyre_age(state, r.car)) is not None]  # fmt: skip
    stats = state.stats.get(car)
    return Stint(
        laps=mine,
        field_median=statistics.median(ages) if ages else float(mine),
        fresher=sum(a > mine for a in ages),
        older=sum(a < mine for a in ages),
        known=stats.tyres_known if stats else True,
    )
