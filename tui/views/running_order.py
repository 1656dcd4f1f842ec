"""Provides the running order's view: one row of tagged cells per car, and its columns."""

from __future__ import annotations

from dataclasses import dataclass

from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import driver_name, positions_gained, tyre_age
from cutline.feed.standings.cut_line import Standings
from cutline.feed.views.follow import Relative, relative_to, time_behind_leader
from cutline.feed.views.progress import OrderLine, running_order
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
    lines = running_order(state)
    intervals = _classified_intervals(state, lines)
    for line in lines:
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
        elif line.pos == 1 and not line.disqualified:
            interval, last = "", _short(row.last_lap)
            gap = "winner" if line.classified and _official(state) else "leader"
        elif row.laps_down:
            interval = _timed(line, row.interval, intervals, 1)
            gap = f"-{row.laps_down} L"
            last = _short(row.last_lap)
        else:
            interval = _timed(line, row.interval, intervals, 1)
            gap = _timed(line, row.gap, intervals, 0)
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


def _official(state: RaceState) -> bool:
    return state.result is not None and state.result.official


def _classified_intervals(
    state: RaceState, lines: tuple[OrderLine, ...]
) -> dict[str, tuple[float | None, float | None]]:
    """Once classified, each car's (gap to the winner, interval to the car classified ahead):
    the lap lines measure both to whoever was ahead on track, a disqualified car among them."""
    if state.result is None:
        return {}
    times = time_behind_leader(state.order)
    first = next((times.get(x.car) for x in lines if not x.disqualified), None)
    out: dict[str, tuple[float | None, float | None]] = {}
    ahead: float | None = None
    for line in lines:
        mine = times.get(line.car)
        if line.disqualified:
            out[line.car] = (None, None)  # scored last, wherever it ran
            continue
        out[line.car] = (_minus(mine, first), _minus(mine, ahead))
        ahead = mine
    return out


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 3)


def _timed(
    line: OrderLine,
    raw: float | None,
    classified: dict[str, tuple[float | None, float | None]],
    which: int,
) -> str:
    """The lap line's gap (0) or interval (1), or once classified the one to the car
    classified ahead."""
    return seconds(classified.get(line.car, (None, None))[which] if line.classified else raw)


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
