"""Provides the reader for a race's lap-by-lap file, in the schema of the facts' ``*-laps.csv``:
``lap,car,driver,position,lap_time,lap_speed``, one row per car per lap it completed, lap 0 being
the starting order (no time).

A row's ``lap`` is the car's own lap count, and ``position`` its running position when it
completed that lap: on every lap the cars that completed it hold positions 1..n (the source,
NASCAR's lap-times feed, ranks lapped cars when they complete the lap). The live feed sometimes
gives two cars one position on a lap (three times in the 2023 Xfinity race at Atlanta, once at
its crash finish): the car that completed the lap first is then ahead.

Real timing data has holes, and each is repaired and reported (`feed.builder.repairs`), never
refused: a value that is not what the schema says (a lap that is not a number, a negative time)
is an error naming the file and the CSV line, but a row that is absent, repeated or blank is not.

- Lap numbers missing from a car's run (NASCAR's ``lap-times.json`` drops laps for the whole
  field at the same moments: timing-loop dropouts, every car of the 2021 Phoenix archive; the
  next lap's time is that lap's alone, so the missing lap's time is lost): the lap is filled, its
  time interpolated from the car's timed laps either side, its position the lap before's.
- A lap time blank or 0: interpolated the same way.
- Lap 0 missing: the car starts where it ran on its first lap.
- A row repeated for a car and lap: the first is kept.
- Rows of a car that is not in the race's field: dropped.
- With the official result's laps: rows past a car's official laps are dropped (the result is
  final for the finish: a lap counted after the flag, or stray rows after a crash, are not its
  laps); a car with fewer laps in the file than in the result keeps the laps it has (nothing is
  made up for laps the timing never saw) and the result gives its final count.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cutline.feed.builder.repairs import Repair, RepairLog
from cutline.feed.model.errors import BadFacts

REQUIRED = ("lap", "car", "position", "lap_time")


@dataclass
class CarLaps:
    """One car's laps: index ``j`` is its lap ``j`` (index 0 is the starting order)."""

    car: str
    positions: list[int] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # times[0] is 0.0: the start has no time
    elapsed: list[float] = field(default_factory=list)  # running sum: when it completed lap j
    lines: list[int] = field(default_factory=list)  # CSV line of each lap (0: repaired)
    best: list[float | None] = field(default_factory=list)  # best lap time by lap j (None at 0)

    @property
    def laps(self) -> int:
        """Laps completed by the end of the race."""
        return len(self.positions) - 1


@dataclass
class LapTable:
    """Every car's laps, from one file."""

    path: Path
    cars: dict[str, CarLaps]
    repairs: tuple[Repair, ...] = ()  # what was mended reading the file, kind by kind

    @property
    def last_lap(self) -> int:
        return max((c.laps for c in self.cars.values()), default=0)

    def on_lap(self, lap: int) -> list[CarLaps]:
        """The cars that completed ``lap``, by their position on it (a tie: the first across)."""
        cars = [c for c in self.cars.values() if c.laps >= lap]
        return sorted(cars, key=lambda c: (c.positions[lap], c.elapsed[lap], c.car))


def read_laps(
    path: str | Path,
    field_cars: Collection[str] | None = None,
    result_laps: Mapping[str, int] | None = None,
) -> LapTable:
    """Read a laps CSV, repairing what real timing data lacks (see the module docstring).

    Args:
        path: the file.
        field_cars: the cars of the race (from its facts); rows of any other car are dropped.
        result_laps: each car's laps in the official result; rows past them are dropped.

    Returns:
        The table, with ``repairs`` saying what was mended.

    Raises:
        BadFacts: the file cannot be read, a column is missing, a value is malformed, or no
            row is left. The text names the file, the CSV line and the field.
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
    log = RepairLog()
    rows: dict[str, dict[int, _Row]] = {}
    try:
        for row in reader:
            line = reader.line_num
            lap = _int(path, line, "lap", row["lap"], low=0)
            car = (row["car"] or "").strip()
            if not car:
                raise BadFacts(f"{path}:{line}: car: empty")
            pos = _position(path, line, row["position"])
            lap_time = _time(path, line, row["lap_time"], lap)
            if field_cars is not None and car not in field_cars:
                log.add("not-in-field", "rows of cars not in the field", "dropped", car, lap)
                continue
            laps = rows.setdefault(car, {})
            if lap in laps:
                log.add("duplicate-rows", "rows repeated", "the first kept", car, lap)
                continue
            laps[lap] = (pos, lap_time, line)
    except csv.Error as err:
        raise BadFacts(f"{path}:{reader.line_num}: {err}") from err
    if result_laps is not None:
        _cut_to_result(rows, result_laps, log)
    if not any(rows.values()):
        raise BadFacts(f"{path}: no laps")
    cars = {car: _car(car, laps, log) for car, laps in rows.items() if laps}
    _fill_times(path, cars, log)
    return LapTable(path=path, cars=cars, repairs=log.repairs())


_Row = tuple[int | None, float | None, int]  # position, lap time, CSV line (None: blank)


def _int(path: Path, line: int, name: str, text: str | None, *, low: int) -> int:
    try:
        value = int((text or "").strip())
    except ValueError:
        raise BadFacts(f"{path}:{line}: {name}: not a whole number: {text!r}") from None
    if value < low:
        raise BadFacts(f"{path}:{line}: {name}: must be {low} or more: {value}")
    return value


def _position(path: Path, line: int, text: str | None) -> int | None:
    if not (text or "").strip():
        return None  # blank: taken from the laps either side
    return _int(path, line, "position", text, low=1)


def _time(path: Path, line: int, text: str | None, lap: int) -> float | None:
    text = (text or "").strip()
    if lap == 0:
        return 0.0  # the starting order: no time
    if text.lower() in ("", "null", "none", "nan"):
        return None  # the timing did not give one: interpolated
    try:
        value = float(text)
    except ValueError:
        raise BadFacts(f"{path}:{line}: lap_time: not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise BadFacts(f"{path}:{line}: lap_time: must be 0 seconds or more: {text!r}")
    return value or None  # 0: no time taken, as blank


def _cut_to_result(
    rows: dict[str, dict[int, _Row]], result_laps: Mapping[str, int], log: RepairLog
) -> None:
    for car, laps in rows.items():
        official = result_laps.get(car)
        if official is None:
            continue
        for lap in sorted(x for x in laps if x > official):
            log.add(
                "past-result",
                "rows past the official result's laps",
                "dropped (the official result is final for the finish)",
                car,
                lap,
            )
            del laps[lap]
        have = max(laps, default=-1)
        for lap in range(have + 1, official + 1):
            log.add(
                "short-of-result",
                "laps in the official result but not in the lap file",
                "the car keeps the laps timed; the result gives its final count",
                car,
                lap,
            )


def _car(car: str, laps: dict[int, _Row], log: RepairLog) -> CarLaps:
    out = CarLaps(car=car)
    known = [p for lap in sorted(laps) if (p := laps[lap][0]) is not None]
    last_pos = known[0] if known else 1  # before any position: the first one given
    for lap in range(max(laps) + 1):
        pos, lap_time, line = laps.get(lap, (None, None, 0))
        if lap not in laps:
            if lap == 0:
                log.add("no-lap-0", "cars without lap 0", "started where it ran on lap 1", car, 0)
            else:
                log.add(
                    "missing-laps",
                    "laps missing",
                    "times interpolated from the car's laps either side, "
                    "positions the lap before's",
                    car,
                    lap,
                )
        elif lap > 0 and lap_time is None:
            log.add("blank-times", "laps timed blank or 0", "interpolated", car, lap)
        if pos is None and lap in laps:
            log.add("blank-positions", "positions blank", "the lap before's", car, lap)
        last_pos = pos if pos is not None else last_pos
        out.positions.append(last_pos)
        out.times.append(lap_time if lap_time is not None else math.nan)
        out.lines.append(line)
    return out


def _fill_times(path: Path, cars: dict[str, CarLaps], log: RepairLog) -> None:
    """Interpolate each untimed lap from the car's timed laps either side, then sum the times."""
    for c in cars.values():
        timed = [j for j in range(1, c.laps + 1) if not math.isnan(c.times[j])]
        for j in range(1, c.laps + 1):
            if not math.isnan(c.times[j]):
                continue
            before = [c.times[k] for k in timed if k < j][-1:]
            after = [c.times[k] for k in timed if k > j][:1]
            either = before + after
            c.times[j] = statistics.fmean(either) if either else _field_time(cars, j)
            if math.isnan(c.times[j]):
                raise BadFacts(f"{path}: car {c.car} lap {j}: no lap time in the file to go by")
    for c in cars.values():
        total = 0.0
        best: float | None = None
        c.elapsed, c.best = [], []
        for j, t in enumerate(c.times):
            total += t
            if j > 0 and t > 0:
                best = t if best is None else min(best, t)
            c.elapsed.append(total)
            c.best.append(best)


def _field_time(cars: dict[str, CarLaps], lap: int) -> float:
    """A car with no timed lap at all runs a lap in the field's median time on it."""
    times = [c.times[lap] for c in cars.values() if c.laps >= lap and not math.isnan(c.times[lap])]
    return statistics.median(times) if times else math.nan
