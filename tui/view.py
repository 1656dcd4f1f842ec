"""Provides the view: what each panel shows, read from a frame and what `feed` derives from it.

Nothing here decides a race fact; it picks fields, formats numbers and tags cells with a role
(``in``, ``out``, ``followed``...) that the widgets turn into theme styles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import driver_name, positions_gained, tyre_age
from cutline.feed.standings.cut_line import DriverStanding, Standings
from cutline.feed.streams.source import FeedStatus
from cutline.feed.views.follow import Relative, neighbours, relative_to
from cutline.feed.views.history import History, margin_series
from cutline.feed.views.pit_rejoin import PitBook, green_loss, rejoin
from cutline.feed.views.progress import running_order, stage_now

Tag = Literal["", "in", "out", "locked", "followed", "dim", "pen", "up", "down", "warn"]
Cell = tuple[str, Tag]
FollowMode = Literal["bubble", "pinned", "leader"]

LOG_KINDS: tuple[str, ...] = (
    "all",
    "pit",
    "penalty",
    "incident",
    "flag",
    "stage",
    "lead",
    "cut",
    "result",
)


def seconds(value: float | None, *, sign: bool = False) -> str:
    if value is None:
        return ""
    return f"{value:+.3f}" if sign else f"{value:.3f}"


def laps(n: int) -> str:
    return f"{n} L" if n >= 0 else f"{n} L"


# ---------------------------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderView:
    title: str
    lap: str
    stage: str
    flag: str  # the flag kind, "" when unknown
    status: str
    status_tag: Tag


def header_view(state: RaceState, status: FeedStatus) -> HeaderView:
    race = state.race
    if race is None:
        title, lap = "waiting for the race header", f"L{state.lap}"
    else:
        series = race.series_name or race.series.title()
        title = f"{race.track} · {series}"  # the track first: a narrow header cuts the end
        lap = f"L{state.lap}/{race.scheduled_laps}"
    now = stage_now(state)
    stage = ""
    if now is not None:
        if state.result is not None:
            stage = "final" if state.result.official else "unofficial result"
        elif now.final:
            stage = f"Stage {now.stage} · {now.to_go} to go"
        else:
            stage = f"Stage {now.stage} · {now.to_go} to end"
    text = status.text or status.mode
    if status.errors:
        text += f" · {status.errors} error{'s' if status.errors != 1 else ''}"
    tag: Tag = "out" if status.mode == "failed" else "warn" if status.errors else ""
    if status.mode in ("reconnecting", "connecting"):
        tag = "warn"
    return HeaderView(
        title=title, lap=lap, stage=stage, flag=state.flag or "", status=text, status_tag=tag
    )


@dataclass(frozen=True)
class TransportView:
    progress: float | None  # 0..1 through a replay; None live
    state: str  # "▶ 4×", "⏸ paused", "■ ended", "● live"
    text: str


def replay_transport(
    progress: float, lap: int, last_lap: int, speed: float | None, paused: bool, ended: bool
) -> TransportView:
    shown = "max" if speed is None else f"{speed:g}×"
    word = "■ ended" if ended else "⏸ paused" if paused else f"▶ {shown}"
    return TransportView(progress=progress, state=word, text=f"L{lap}/{last_lap} · {shown}")


def live_transport(delay: float | None, step: float) -> TransportView:
    if delay is None:
        return TransportView(progress=None, state="● live", text="")
    text = f"delay {delay:g} s · step {step:g} s · k: calibrate"
    return TransportView(progress=None, state="● live", text=text)


# ---------------------------------------------------------------------------------------------
# Running order
# ---------------------------------------------------------------------------------------------

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
    state: RaceState, board: Standings | None, followed: str | None, compare: bool
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
        badge_tag: Tag = status.get(car, "in" if car in playoff else "")  # type: ignore[assignment]
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
            "car": (car, "followed" if is_followed else ""),
            "driver": (driver, "followed" if is_followed else badge_tag),
            "int": (interval, "warn" if interval == "pit" else ""),
            "gap": (gap, "dim" if row is not None and row.laps_down else ""),
            "last": (last, ""),
            "pit": (str(stats.stops) if stats else "", ""),
            "tyre": ("" if age is None else (str(age) + ("" if _known(state, car) else "?")), ""),
            "led": (str(stats.laps_led) if stats and stats.laps_led else "", ""),
            "gain": _gain(gained),
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


def _gain(gained: int | None) -> Cell:
    if gained is None or gained == 0:
        return ("" if gained is None else "0", "")
    return (f"{gained:+d}", "up" if gained > 0 else "down")


def _compare(rel: Relative | None, is_followed: bool) -> Cell:
    if is_followed:
        return ("—", "followed")
    if rel is None:
        return ("", "")
    if rel.seconds is None:
        return (f"{rel.laps:+d} L" if rel.laps else "", "dim")
    return (seconds(rel.seconds, sign=True), "")


# ---------------------------------------------------------------------------------------------
# Cut line
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CutRow:
    car: str
    driver: str
    pos: str
    points: str
    margin: str
    status: str  # IN / OUT / LOCKED
    detail: str
    short: str  # the detail in at most 9 characters
    tag: Tag
    tiebreak: bool
    followed: bool


@dataclass(frozen=True)
class CutView:
    title: str
    rows: tuple[CutRow, ...] = ()
    line_after: int | None = None  # index of the last row above the line
    notes: tuple[str, ...] = ()
    empty: str = ""


def cut_view(board: Standings | None, followed: str | None, problem: str = "") -> CutView:
    if board is None:
        return CutView(title="Cut line", empty=problem or "no championship context in this feed")
    title = f"{board.round}: {board.cut_size} advance"
    if board.board == "title":
        title = f"{board.round}: the title fight"
    if board.final:
        title += " · official"
    rows = tuple(_cut_row(d, followed) for d in board.drivers)
    line_after = None
    if board.last_in is not None and board.first_out is not None:
        line_after = next(i for i, d in enumerate(board.drivers) if d.car == board.last_in)
    return CutView(title=title, rows=rows, line_after=line_after, notes=board.notes)


def _cut_row(d: DriverStanding, followed: str | None) -> CutRow:
    margin = "" if d.margin is None else f"{d.margin:+d}"
    if d.status == "locked":
        detail = d.locked_by
        short = "by win" if "won" in d.locked_by else "leading"
        status = "LOCKED"
    elif d.status == "in":
        status = "IN"
        spare = d.positions_to_spare
        detail = "no place to spare" if spare == 0 else "" if spare is None else f"{spare} to spare"
        short = "" if spare is None else f"spare {spare}"
    else:
        status = "OUT"
        needed = d.positions_needed
        detail = "needs laps back" if needed is None else f"needs {needed}"
        short = "laps down" if needed is None else f"need {needed}"
    if d.disqualified:
        detail = short = "DQ"
    return CutRow(
        car=d.car,
        driver=d.driver,
        pos="" if d.pos is None else f"P{d.pos}",
        points=str(d.points),
        margin=margin,
        status=status,
        detail=detail,
        short=short,
        tag=d.status,
        tiebreak=d.tiebreak,
        followed=d.car == followed,
    )


# ---------------------------------------------------------------------------------------------
# Follow card
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowView:
    car: str | None
    title: str
    lines: tuple[tuple[str, str, Tag], ...] = ()  # (label, value, tag)
    margins: tuple[int, ...] = ()
    spark_label: str = ""
    mode: FollowMode = "bubble"


def follow_view(
    state: RaceState,
    history: History,
    pits: PitBook,
    car: str | None,
    mode: FollowMode,
) -> FollowView:
    how = {"bubble": "following the bubble", "pinned": "pinned", "leader": "the leader"}[mode]
    if car is None:
        return FollowView(car=None, title=f"Follow · {how}", mode=mode)
    name = driver_name(state, car)
    board = history.board
    standing = next((d for d in board.drivers if d.car == car), None) if board else None
    lines: list[tuple[str, str, Tag]] = []
    near = neighbours(state, car)
    stats = state.stats.get(car)
    gained = positions_gained(state, car)
    if near is not None:
        start = f", started P{stats.start}" if stats and stats.start else ""
        lines.append(("place", f"P{near.pos}{start}", _gain(gained)[1]))
        gaps = []
        if near.ahead is not None:
            gaps.append(f"▲ {seconds(near.gap_ahead) or '—'} #{near.ahead}")
        if near.behind is not None:
            gaps.append(f"▼ {seconds(near.gap_behind) or '—'} #{near.behind}")
        if gaps:
            lines.append(("gaps", "  ".join(gaps), ""))
    age = tyre_age(state, car)
    if stats is not None:
        tyres = "—" if age is None else f"{age} lap{'' if age == 1 else 's'}"
        tyres += "" if stats.tyres_known else " (?)"
        stops = f"{stats.stops} stop" + ("" if stats.stops == 1 else "s")
        lines.append(("tyres", f"{tyres} · {stops}", ""))
    if standing is not None:
        row = _cut_row(standing, car)
        text = " ".join(p for p in (row.status, row.margin) if p)
        text += "".join(f" · {p}" for p in (row.short, "TB" if standing.tiebreak else "") if p)
        lines.append(("cut", text, row.tag))
    loss = green_loss(pits, car)
    if loss is None:
        lines.append(("pit now", "unknown: no green stop", "dim"))
    else:
        est = rejoin(state, car, loss)
        if est is None:
            lines.append(("pit now", "unknown: no timing", "dim"))
        else:
            approx = "" if est.exact else "?"
            lines.append(("pit now", f"~P{est.pos}{approx} (est., {loss:.1f} s loss)", "warn"))
    margins = margin_series(history, car)
    spark = ""
    if margins:
        spark = f"margin to the cut, {len(margins)} laps: {margins[-1]:+d} now"
    title = f"#{car} {name} · {how}"
    return FollowView(car=car, title=title, lines=tuple(lines), margins=margins,
                      spark_label=spark, mode=mode)  # fmt: skip


def _last(state: RaceState, car: str) -> str:
    name = driver_name(state, car)
    return name.split()[-1] if name and not name.startswith("#") else ""


# ---------------------------------------------------------------------------------------------
# Race control log
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class LogLine:
    seq: int
    order: int  # ties within one seq: the state's log first, then the cut-line changes
    lap: int
    kind: str
    text: str
    cars: tuple[str, ...] = field(default=(), compare=False)


def log_lines(state: RaceState, history: History, since: tuple[int, int] = (0, 0)) -> list[LogLine]:
    """The log entries and cut-line changes, from index ``since`` of each, in feed order."""
    lines = [
        LogLine(seq=e.seq, order=0, lap=e.lap, kind=e.kind, text=e.text, cars=e.cars)
        for e in state.log[since[0] :]
        if e.kind != "race"
    ]
    lines += [
        LogLine(seq=c.seq, order=1, lap=c.lap, kind="cut", text=c.text, cars=(c.car,))
        for c in history.changes[since[1] :]
    ]
    lines.sort()
    return lines


def log_matches(line: LogLine, kind: str) -> bool:
    return kind == "all" or line.kind == kind or (kind == "flag" and line.kind == "gap")
