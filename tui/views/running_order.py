"""Provides the running order's view: one row of tagged cells per car, and its columns."""

from __future__ import annotations

from dataclasses import dataclass

from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import driver_name, positions_gained, tyre_age
from cutline.feed.standings.cut_line import Standings
from cutline.feed.views.follow import Relative, relative_to
from cutline.feed.views.progress import running_order
from cutline.tui.views.cells import Cell, Tag, gain, seconds

# (key, label, width, priority): lower priority numbers stay longest when the table is narrow.
COLUMNS: tuple[tuple[str, str, int, int], ...] = (
    ("pos", "P", 3, 0),
    ("car", "#", 3, 0),
    ("driver", "Driver", 19, 0),
    ("int", "Int", 7, 3),
    ("gap", "Gap", 8, 1),
    ("cmp", "Δ", 8, 2),
    ("last", "Last", 6, 5),
    ("pit", "Pit", 3, 6),
    ("tyre", "Tyr", 3, 6),
    ("led", "Led", 3, 7),
    ("gain", "+/-", 3, 8),
    ("pen", "Pen", 3, 4),
)


@dataclass(frozen=True)
class OrderRow:
    car: str
    pos: int
    cells: dict[str, Cell]


def order_rows(
    state: RaceState,
    board: Standings | None,
    followed: str | None,
    compare: bool,
    favourites: tuple[str, ...] = (),
) -> list[OrderRow]:
    status = {d.car: d.status for d in board.drivers} if board else {}
    playoff = {e.car for e in state.race.field if e.playoff} if state.race else set()
    rel = relative_to(state, followed) if compare and followed else {}
    rows: list[OrderRow] = []
    for line in running_order(state):
        car = line.car
        row = line.line
        stats = state.stats.get(car)
        is_followed = car == followed
        badge_tag: Tag = status.get(car, "in" if car in playoff else "")
        name = driver_name(state, car)
        badge = {"locked": "L", "in": "P", "out": "P"}.get(badge_tag, " ")
        marker = "▶" if is_followed else " "
        driver = f"{marker}{badge} {name}"
        if row is None:
            interval = gap = last = ""
        elif row.laps_down:
            interval = seconds(row.interval)
            gap = f"-{row.laps_down} L"
            last = _short(row.last_lap)
        else:
            interval = "" if line.pos == 1 else seconds(row.interval)
            gap = "leader" if line.pos == 1 and not line.classified else seconds(row.gap)
            last = _short(row.last_lap)
        if row is not None and row.pit_road or (stats is not None and stats.in_pit):
            interval = "pit"
        gained = positions_gained(state, car)
        age = tyre_age(state, car)
        pen = ""
        if line.disqualified:
            pen = "DQ"
        elif stats is not None and stats.penalties:
            pen = "!" if len(stats.penalties) == 1 else f"!{len(stats.penalties)}"
        if line.status not in ("running", "") and not line.disqualified:
            gap = gap or line.status[:8]
        cells: dict[str, Cell] = {
            "pos": (str(line.pos), "followed" if is_followed else ""),
            "car": (car, "followed" if is_followed else "favourite" if car in favourites else ""),
            "driver": (driver, "followed" if is_followed else badge_tag),
            "int": (interval, "warn" if interval == "pit" else ""),
            "gap": (gap, "dim" if row is not None and row.laps_down else ""),
            "last": (last, ""),
            "pit": (str(stats.stops) if stats else "", ""),
            "tyre": ("" if age is None else (str(age) + ("" if _known(state, car) else "?")), ""),
            "led": (str(stats.laps_led) if stats and stats.laps_led else "", ""),
            "gain": gain(gained),
            "pen": (pen, "pen" if pen else ""),
            "cmp": _compare(rel.get(car), car == followed),
        }
        rows.append(OrderRow(car=car, pos=line.pos, cells=cells))
    return rows


def _known(state: RaceState, car: str) -> bool:
    stats = state.stats.get(car)
    return stats is None or stats.tyres_known


def _short(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _compare(rel: Relative | None, is_followed: bool) -> Cell:
    if is_followed:
        return ("—", "followed")
    if rel is None:
        return ("", "")
    if rel.seconds is None:
        return (f"{rel.laps:+d} L" if rel.laps else "", "dim")
    return (seconds(rel.seconds, sign=True), "")
