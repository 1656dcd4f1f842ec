"""Provides the race seen from one car: who is just ahead and behind, and every car's gap to it.

Timing screens give each car a gap to the leader (seconds, or laps down) and an interval to the
car ahead. A car's time behind the leader is its gap when the feed gives one; otherwise the sum
of the intervals down the order from the last car with a known gap, when every interval on the
way is known (lapped cars often carry an interval but no gap). Anything else stays unknown.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from cutline.feed.model.messages import CarLap, RaceState
from cutline.feed.views.progress import running_order


class Relative(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """Where one car is against the followed car: positive is behind him."""

    car: str
    seconds: float | None  # None: no timing to compare
    laps: int  # laps behind the followed car (negative: ahead by laps)


class Neighbours(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """The cars either side of one car on the timing screen and the time to each."""

    car: str
    pos: int
    ahead: str | None
    gap_ahead: float | None  # seconds to the car ahead (its interval)
    behind: str | None
    gap_behind: float | None  # seconds to the car behind (that car's interval)


def time_behind_leader(order: Sequence[CarLap]) -> dict[str, float | None]:
    """Each car's time behind the leader in seconds, or None when the feed does not allow it.

    Args:
        order: lap lines in running order (``RaceState.order``).

    Returns:
        Car number to seconds behind P1 (0.0 for the leader).
    """
    out: dict[str, float | None] = {}
    last: float | None = None
    for i, row in enumerate(order):
        if i == 0:
            value: float | None = 0.0
        elif row.gap is not None and row.laps_down == 0:
            value = row.gap
        elif last is not None and row.interval is not None:
            value = last + row.interval
        else:
            value = None
        out[row.car] = value
        last = value
    return out


def relative_to(state: RaceState, car: str) -> dict[str, Relative]:
    """Every car's gap to ``car`` (the compare column), or an empty dict if it has no lap line.

    Args:
        state: the race so far.
        car: the followed car.

    Returns:
        Car number to its `Relative` against ``car``; ``car`` itself is at 0.0.
    """
    times = time_behind_leader(state.order)
    me = next((row for row in state.order if row.car == car), None)
    if me is None:
        return {}
    mine = times.get(car)
    out: dict[str, Relative] = {}
    for row in state.order:
        t = times.get(row.car)
        seconds = None if t is None or mine is None else round(t - mine, 3)
        out[row.car] = Relative(car=row.car, seconds=seconds, laps=me.laps - row.laps)
    return out


def neighbours(state: RaceState, car: str) -> Neighbours | None:
    """The cars directly ahead and behind ``car`` in the order shown, or None if not in it.

    Once a classification is in, the places are the classification's and the lap-line
    intervals no longer describe them, so the gaps are None.
    """
    order = running_order(state)
    for i, row in enumerate(order):
        if row.car != car:
            continue
        ahead = order[i - 1] if i > 0 else None
        behind = order[i + 1] if i + 1 < len(order) else None
        timed = not row.classified
        return Neighbours(
            car=car,
            pos=row.pos,
            ahead=ahead.car if ahead else None,
            gap_ahead=row.line.interval if ahead and row.line and timed else None,
            behind=behind.car if behind else None,
            gap_behind=behind.line.interval if behind and behind.line and timed else None,
        )
    return None
