"""Provides the repair report: what the builder mended in real timing data, kind by kind.

Real lap files are not clean (NASCAR's own ``lap-times.json`` skips lap numbers for the whole
field at once, gives a car a lap more or fewer than the official result, lists entries that did not
qualify). The builder repairs what it can defend and says so: one `Repair` per kind, each counting
what it touched and naming the first few cars and laps, so ``build-replay`` can warn one line per
kind and the recording's header can carry the same summary.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

SHOWN = 4  # cars (and laps per car) named in a line; the counts cover the rest


class Repair(msgspec.Struct, frozen=True, kw_only=True):
    """One kind of repair: what was wrong, what was done, and where (car, lap; lap None: whole car).

    Attributes:
        kind: a stable key ("missing-laps", "blank-times", ...) for code and tests.
        label: what was wrong, read after the count ("laps missing", "cars did not start").
        how: what the builder did about it.
        places: every (car, lap) touched, in file order.
        per_car: one place is a car (the label counts cars, not laps or rows).
    """

    kind: str
    label: str
    how: str
    places: tuple[tuple[str, int | None], ...]
    per_car: bool = False

    @property
    def count(self) -> int:
        return len(self.places)

    @property
    def cars(self) -> tuple[str, ...]:
        """The cars touched, each once, in file order."""
        return tuple(dict.fromkeys(car for car, _ in self.places))

    def line(self) -> str:
        """One line: the counts, then the first few cars with their first few laps."""
        cars = self.cars
        shown = []
        for car in cars[:SHOWN]:
            laps = [lap for c, lap in self.places if c == car and lap is not None]
            if laps:
                more = ", ..." if len(laps) > SHOWN else ""
                shown.append(f"#{car} lap {', '.join(map(str, laps[:SHOWN]))}{more}")
            else:
                shown.append(f"#{car}")
        rest = f" and {len(cars) - SHOWN} more" if len(cars) > SHOWN else ""
        where = f"{'; '.join(shown)}{rest}"
        if not self.per_car:
            where = f"{len(cars)} car{'s' if len(cars) != 1 else ''}: {where}"
        return f"{self.count} {self.noun()} ({where}): {self.how}"

    def noun(self) -> str:
        """The label, its first word singular for a count of one ("1 lap missing")."""
        first, _, rest = self.label.partition(" ")
        if self.count == 1 and first.endswith("s"):
            return f"{first[:-1]} {rest}".strip()
        return self.label


class RepairLog:
    """Collects the places of each kind as they are found, in order; `repairs` builds the report."""

    def __init__(self) -> None:
        self._kinds: dict[str, tuple[str, str, bool]] = {}
        self._places: dict[str, list[tuple[str, int | None]]] = {}

    def add(
        self, kind: str, label: str, how: str, car: str, lap: int | None, *, per_car: bool = False
    ) -> None:
        self._kinds.setdefault(kind, (label, how, per_car))
        self._places.setdefault(kind, []).append((car, lap))

    def extend(self, repairs: Iterable[Repair]) -> None:
        for r in repairs:
            self._kinds.setdefault(r.kind, (r.label, r.how, r.per_car))
            self._places.setdefault(r.kind, []).extend(r.places)

    def repairs(self) -> tuple[Repair, ...]:
        return tuple(
            Repair(
                kind=kind, label=label, how=how, per_car=per_car, places=tuple(self._places[kind])
            )
            for kind, (label, how, per_car) in self._kinds.items()
        )


def summary(repairs: Iterable[Repair]) -> str:
    """A short line for a board: "lap data repaired: 36 cars, 620 laps missing, ..."."""
    repairs = list(repairs)
    if not repairs:
        return ""
    cars = {car for r in repairs for car, _ in r.places}
    parts = [f"{r.count} {r.noun()}" for r in repairs]
    return f"lap data repaired: {len(cars)} cars, {', '.join(parts)}"


def count(repairs: Iterable[Repair], kind: str) -> int:
    """How many places the repair of ``kind`` touched (0 when there was none)."""
    return sum(r.count for r in repairs if r.kind == kind)
