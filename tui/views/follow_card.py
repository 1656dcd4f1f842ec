"""Provides the follow card's view: the followed driver's place, gaps, tyres, cut and pit now."""

from __future__ import annotations

from dataclasses import dataclass

from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import driver_name, positions_gained, tyre_age
from cutline.feed.standings.breakdown import breakdown, side
from cutline.feed.standings.cut_line import Standings
from cutline.feed.views.cycle import Cycled, field_loss
from cutline.feed.views.follow import neighbours
from cutline.feed.views.history import History, margin_series
from cutline.feed.views.odds_trail import OddsTrail
from cutline.feed.views.pit_rejoin import PitBook, green_loss, rejoin
from cutline.feed.views.strategy import stint
from cutline.tui.views.cells import FollowMode, Tag, gain, seconds
from cutline.tui.views.cut_line import cut_row, odds_text

TREND_LAPS = 5  # the odds' trend on the card: the change over this many laps


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
    trail: OddsTrail | None = None,
    cycle: Cycled | None = None,
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
        lines.append(("place", f"P{near.pos}{start}", gain(gained)[1]))
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
        run = stint(state, car)
        if run is not None:
            text = f"fresher than {run.fresher}, older than {run.older}"
            lines.append(("stint", f"{text} (field median {run.field_median:g} laps)", ""))
    if standing is not None and board is not None:
        row = cut_row(standing, car, board)
        text = " ".join(p for p in (row.status, row.margin) if p)
        text += "".join(f" · {p}" for p in (row.short, "TB" if standing.tiebreak else "") if p)
        lines.append(("cut", text, row.tag))
        chance = _odds_line(trail, car)
        if chance:
            lines.append(("odds", chance, row.tag))
        lines.extend(_points(state, board, car))
    if cycle is not None:
        lines.append(_after_stops(cycle, car))
    lines.append(_pit_now(state, pits, car))
    margins = margin_series(history, car)
    spark = ""
    if margins:
        spark = f"margin to the cut, {len(margins)} laps: {margins[-1]:+d} now"
    title = f"#{car} {name} · {how}"
    return FollowView(car=car, title=title, lines=tuple(lines), margins=margins,
                      spark_label=spark, mode=mode)  # fmt: skip


def _odds_line(trail: OddsTrail | None, car: str) -> str:
    """ "73% ▲ +21 in 5 laps": the chance to advance and its trend over the last laps."""
    if trail is None:
        return ""
    now = odds_text(trail.odds, car)
    if not now:
        return ""
    what = "" if trail.odds is None or trail.odds.places != 1 else " to win the title"
    series = trail.series.get(car, ())
    lap, p = series[-1] if series else (0, 0.0)
    # The odds TREND_LAPS laps ago (or the oldest since, after a seek forward left a hole).
    then = next(((lp, q) for lp, q in series if lp >= lap - TREND_LAPS), None)
    if then is None or then[0] == lap:
        return now + what
    change = round((p - then[1]) * 100)
    arrow = "▲" if change > 0 else "▼" if change < 0 else "="
    laps = lap - then[0]
    return f"{now}{what} {arrow} {change:+d} in {laps} lap{'s' if laps != 1 else ''}"


def _points(state: RaceState, board: Standings, car: str) -> list[tuple[str, str, Tag]]:
    """Entering + stage points + finishing points = projected, and one place either side."""
    b = breakdown(state, board, car)
    if b is None:
        return []
    at = f"P{b.pos}" if b.pos is not None else "no place"
    out: list[tuple[str, str, Tag]] = [
        ("points", f"{b.entering} + {b.stage} stage + {b.finish} for {at} = {b.projected}", "")
    ]
    moves = [f"P{c.pos} {c.change:+d} {side(c)}" for c in (b.up, b.down) if c is not None]
    if moves:
        out.append(("±1 place", " · ".join(moves), ""))
    return out


def _pit_now(state: RaceState, pits: PitBook, car: str) -> tuple[str, str, Tag]:
    """Where he would rejoin if he pitted now, from his own green stops, else the field's."""
    own = green_loss(pits, car)
    loss = own if own is not None else field_loss(pits)
    if loss is None:
        return ("pit now", "unknown: no green stop measured yet", "dim")
    est = rejoin(state, car, loss)
    if est is None:
        return ("pit now", "unknown: no timing", "dim")
    approx = "" if est.exact else "?"
    whose = "his" if own is not None else "field median"
    return ("pit now", f"~P{est.pos}{approx} (est., {loss:.1f} s {whose} loss)", "warn")


def _after_stops(cycle: Cycled, car: str) -> tuple[str, str, Tag]:
    """Where the followed car runs once every car has stopped, and his margin to the cut then."""
    row = next((r for r in cycle.rows if r.car == car), None)
    if row is None:
        return ("stops", "after stops: not on the timing screen", "dim")
    text = f"P{row.cycled}"
    standing = next((d for d in cycle.board.drivers if d.car == car), None) if cycle.board else None
    if standing is not None and standing.margin is not None:
        text += f", {standing.margin:+d} to the cut"
    loss = {"own": "his own stops", "field": "the field's median stop", "none": "no loss known"}
    return ("stops", f"after stops: {text} ({loss[row.source]})", "warn")
