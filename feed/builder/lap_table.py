"""Provides the reader for a race's lap-by-lap file, in the schema of the facts' ``*-laps.csv``:
``lap,car,driver,position,lap_time,lap_speed``, one row per car per lap it completed, lap 0 being
the starting order (no time).

A row's ``lap`` is the car's own lap count, and ``position`` its running position when it
completed that lap: on every lap the cars that completed it hold positions 1..n (the source,
NASCAR's lap-times feed, ranks lapped cars when they complete the lap). The live feed sometimes
gives two cars one position on a lap (three times in the 2023 Xfinity race at Atlanta, once at
its crash finish): the car that completed the lap first is then ahead. Every check names the file
and the CSV line.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from cutline.feed.model.errors import BadFacts

REQUIRED = ("lap", "car", "position", "lap_time")


@dataclass
class CarLaps:
    """One car's laps: index ``j`` is its lap ``j`` (index 0 is the starting order)."""

    car: str
    positions: list[int] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # times[0] is 0.0: the start has no time
    elapsed: list[float] = field(default_factory=list)  # running sum: when it completed lap j
    lines: list[int] = field(default_factory=list)  # CSV line of each lap, for errors

    @property
    def laps(self) -> int:
        """Laps completed by the end of the race."""
        return len(self.positions) - 1


@dataclass
class LapTable:
    """Every car's laps, from one file."""

    path: Path
    cars: dict[str, CarLaps]

    @property
    def last_lap(self) -> int:
        return max((c.laps for c in self.cars.values()), default=0)

    def on_lap(self, lap: int) -> list[CarLaps]:
        """The cars that completed ``lap``, by their position on it (a tie: the first across)."""
        cars = [c for c in self.cars.values() if c.laps >= lap]
        return sorted(cars, key=lambda c: (c.positions[lap], c.elapsed[lap], c.car))


def read_laps(path: str | Path, field_cars: Collection[str] | None = None) -> LapTable:
    """Read and check a laps CSV.

    Args:
        path: the file.
        field_cars: the cars of the race (from its facts); a row for any other car is an error.

    Raises:
        BadFacts: the file cannot be read, a column is missing, a value is malformed, or a lap
            is listed twice or missing. The text names the file, the CSV line and the field.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise BadFacts(f"{path}: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        raise BadFacts(f"{path}: not UTF-8 text: {err}") from err
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
    if missing:
        raise BadFacts(f"{path}:1: missing column(s): {', '.join(missing)}")
    rows: dict[str, dict[int, tuple[int, float, int]]] = {}
    try:
        for row in reader:
            line = reader.line_num
            lap = _int(path, line, "lap", row["lap"], low=0)
            car = (row["car"] or "").strip()
            if not car:
                raise BadFacts(f"{path}:{line}: car: empty")
            if field_cars is not None and car not in field_cars:
                raise BadFacts(f"{path}:{line}: car: {car!r} is not in the race's field")
            pos = _int(path, line, "position", row["position"], low=1)
            lap_time = _time(path, line, row["lap_time"], lap)
            laps = rows.setdefault(car, {})
            if lap in laps:
                first = laps[lap][2]
                raise BadFacts(f"{path}:{line}: car {car} lap {lap} is listed twice (line {first})")
            laps[lap] = (pos, lap_time, line)
    except csv.Error as err:
        raise BadFacts(f"{path}:{reader.line_num}: {err}") from err
    if not rows:
        raise BadFacts(f"{path}: no laps")
    return LapTable(path=path, cars={car: _car(path, car, laps) for car, laps in rows.items()})


def _int(path: Path, line: int, name: str, text: str | None, *, low: int) -> int:
    try:
        value = int((text or "").strip())
    except ValueError:
        raise BadFacts(f"{path}:{line}: {name}: not a whole number: {text!r}") from None
    if value < low:
        raise BadFacts(f"{path}:{line}: {name}: must be {low} or more: {value}")
    return value


def _time(path: Path, line: int, text: str | None, lap: int) -> float:
    text = (text or "").strip()
    if lap == 0:
        return 0.0  # the starting order: no time
    try:
        value = float(text)
    except ValueError:
        raise BadFacts(f"{path}:{line}: lap_time: not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise BadFacts(f"{path}:{line}: lap_time: must be more than 0 seconds: {text!r}")
    return value


def _car(path: Path, car: str, laps: dict[int, tuple[int, float, int]]) -> CarLaps:
    out = CarLaps(car=car)
    total = 0.0
    for expected, lap in enumerate(sorted(laps)):
        pos, lap_time, line = laps[lap]
        if lap != expected:
            raise BadFacts(
                f"{path}:{line}: car {car} has lap {lap} but no lap {expected} "
                "(lap 0, the starting order, then every lap it completed)"
            )
        total += lap_time
        out.positions.append(pos)
        out.times.append(lap_time)
        out.elapsed.append(total)
        out.lines.append(line)
    return out
