"""Provides a race's pit stops for a replay: read from the facts' pit data when the race has it,
or inferred from the lap times when it has not (and then marked ``inferred``).

Inference (the lap file has no pit column):

- Under green, a stop is a run of laps far slower than the car's own pace (over 1.2 times the
  median of its green laps around it), costing at least ``_MIN_LOSS`` seconds in all, with a
  loss of positions (or the car already last). The stop's lap is the lap before the slow run.
- Under caution every lap is slow, so the lap times say little; a stop shows in the order
  instead: the car drops ``_CAUTION_DROP`` or more places from one lap to the next while the
  caution is out (the cars that stay out keep their places, the field re-forms behind them).
  A car already at the back cannot drop, so its stops show only when a lap under caution takes
  far longer than its others (``_CAUTION_SLOW``).

Neither the pit data nor the laps say when in a lap a car reached pit road: a stop is placed
half-way round the car's in-lap, and it leaves pit road after the pit-road time the data give
(inferred stops: after the time it lost, or half a lap under caution).
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import msgspec

from cutline.feed.builder.lap_table import CarLaps, LapTable

Under = Literal["green", "caution"]
Tyres = Literal[0, 2, 4]

_SLOW = 1.2  # a green lap over this times the car's pace is a slow lap
_MIN_LOSS = 12.0  # seconds lost over the slow run, at least (a stop at speed costs more)
_PACE_WINDOW = 8  # laps either side for the car's pace
_CAUTION_DROP = 2  # places lost from one lap to the next under caution
_CAUTION_SLOW = 1.5  # or a caution lap this many times the car's usual caution lap

PIT_DATA_SOURCE = "NASCAR pit data (the race facts' pit_stops)"
INFERRED_SOURCE = "inferred from the lap times and running positions"

# The pit data's stop types; a one-wheel change is not a tyre set the state models.
_TYRES: dict[str, Tyres | None] = {
    "FOUR_WHEEL_CHANGE": 4,
    "TWO_WHEEL_CHANGE_RIGHT": 2,
    "TWO_WHEEL_CHANGE_LEFT": 2,
    "ONE_WHEEL_CHANGE": None,
    "NO_WHEEL_CHANGE": 0,
}


class FactsPitStop(msgspec.Struct, kw_only=True):
    """One row of the facts' ``pit_stops`` (NASCAR's pit data)."""

    car: str
    lap: int  # the car's laps completed when it entered pit road
    leader_lap: int  # the leader's lap at the time
    pit_in_flag: int = 1  # NASCAR flag_state: 1 green, 2 yellow
    pit_out_flag: int = 1
    type: str = ""
    stop_s: float | None = None  # stationary in the box
    total_s: float | None = None  # on pit road


@dataclass
class Stop:
    """One pit stop, ready to become a pair of ``pit`` messages."""

    car: str
    lap: int  # the car's laps completed when it entered pit road
    leader_lap: int  # the leader's lap in progress when it did (between lines L-1 and L)
    under: Under
    t_in: float
    t_out: float
    inferred: bool
    source: str
    tyres: Tyres | None = None
    duration: float | None = None


def from_pit_data(
    rows: Sequence[FactsPitStop], table: LapTable, times: Sequence[float]
) -> list[Stop]:
    """The stops of the facts' pit data, timed on the race clock."""
    stops = []
    for row in rows:
        car = table.cars.get(row.car)
        if car is None:
            continue  # a car with no laps cannot be placed (the builder checks the field)
        lap = min(max(row.lap, 0), car.laps)
        t_in = _t_in(car, lap)
        road = row.total_s if row.total_s else (row.stop_s or 0.0)
        kind = row.type.upper()
        stops.append(
            Stop(
                car=row.car,
                lap=lap,
                leader_lap=max(1, row.leader_lap),
                under="caution" if row.pit_in_flag in (2, 3) else "green",
                t_in=t_in,
                t_out=t_in + road,
                inferred=False,
                source=PIT_DATA_SOURCE + (f": {kind.lower().replace('_', ' ')}" if kind else ""),
                tyres=_TYRES.get(kind),
                duration=row.stop_s if row.stop_s and row.stop_s > 0 else None,
            )
        )
    return sorted(stops, key=lambda s: (s.t_in, s.car))


def _t_in(car: CarLaps, lap: int) -> float:
    """Half-way round the car's in-lap (the lap after ``lap``), at the pace of the lap before it
    (the in-lap's own time includes the stop)."""
    if lap + 1 > car.laps:
        return car.elapsed[lap]
    return car.elapsed[lap] + car.times[lap if lap > 0 else 1] / 2


def _leader_lap(times: Sequence[float], t: float) -> int:
    """The leader's lap in progress at race time ``t`` (1-based)."""
    return min(max(1, bisect.bisect_right(times, t)), max(1, len(times) - 1))


def infer(
    table: LapTable, times: Sequence[float], yellows: Sequence[tuple[float, float]]
) -> list[Stop]:
    """Pit stops inferred from the laps (see the module docstring).

    Args:
        table: the laps.
        times: when the leader completed each lap (`feed.builder.timing_screen.leader_times`).
        yellows: the caution periods in race time, (from, to).
    """
    stops: list[Stop] = []
    for car in table.cars.values():
        green = [not _overlaps(car, j, yellows) for j in range(car.laps + 1)]
        # Laps run wholly under caution (on the lap the yellow comes out and on a restart lap
        # the cars race: places change without a stop).
        ended = [j > 0 and _under(car, j, yellows) for j in range(car.laps + 1)]
        stops += _green_stops(table, car, green, times)
        stops += _caution_stops(car, ended, times)
    return sorted(stops, key=lambda s: (s.t_in, s.car))


def _overlaps(car: CarLaps, j: int, yellows: Sequence[tuple[float, float]]) -> bool:
    if j == 0:
        return True  # the start is not a lap to judge
    start, end = car.elapsed[j - 1], car.elapsed[j]
    return any(start < y_end and end > y_start for y_start, y_end in yellows)


def _under(car: CarLaps, j: int, yellows: Sequence[tuple[float, float]]) -> bool:
    start, end = car.elapsed[j - 1], car.elapsed[j]
    return any(y_start <= start and end <= y_end for y_start, y_end in yellows)


def _pace(car: CarLaps, green: list[bool], j: int) -> float | None:
    near = [
        car.times[k]
        for k in range(max(1, j - _PACE_WINDOW), min(car.laps, j + _PACE_WINDOW) + 1)
        if green[k]
    ]
    return statistics.median(near) if len(near) >= 3 else None


def _green_stops(
    table: LapTable, car: CarLaps, green: list[bool], times: Sequence[float]
) -> list[Stop]:
    stops = []
    j = 1
    while j <= car.laps:
        pace = _pace(car, green, j)
        if not green[j] or pace is None or car.times[j] <= pace * _SLOW:
            j += 1
            continue
        first = j
        loss = 0.0
        while j <= car.laps and green[j] and car.times[j] > pace * _SLOW:
            loss += car.times[j] - pace
            j += 1
        last = j - 1
        before = car.positions[first - 1]
        was_last = before >= max(c.positions[first - 1] for c in table.on_lap(first - 1))
        if loss >= _MIN_LOSS and (car.positions[last] > before or was_last):
            stops.append(_inferred(car, first - 1, "green", loss, times))
    return stops


def _caution_stops(car: CarLaps, ended: list[bool], times: Sequence[float]) -> list[Stop]:
    stops = []
    caution_laps = [car.times[j] for j in range(1, car.laps + 1) if ended[j]]
    usual = statistics.median(caution_laps) if caution_laps else 0.0
    j = 1
    while j <= car.laps:
        if not ended[j]:
            j += 1
            continue
        dropped = car.positions[j] - car.positions[j - 1] >= _CAUTION_DROP
        slow = usual > 0 and car.times[j] > usual * _CAUTION_SLOW
        if dropped or slow:
            stops.append(_inferred(car, j - 1, "caution", None, times))
            # One stop per caution: skip to the next lap raced under green.
            while j <= car.laps and ended[j]:
                j += 1
        j += 1
    return stops


def _inferred(
    car: CarLaps, lap: int, under: Under, loss: float | None, times: Sequence[float]
) -> Stop:
    t_in = _t_in(car, lap)
    return Stop(
        car=car.car,
        lap=lap,
        leader_lap=_leader_lap(times, t_in),
        under=under,
        t_in=t_in,
        t_out=t_in + (loss if loss is not None else car.times[min(lap + 1, car.laps)] / 2),
        inferred=True,
        source=INFERRED_SOURCE,
    )
