"""Provides the points view of one playoff driver: points entering + stage points banked +
finishing points at his place = projected, and what each place up or down would change."""

from __future__ import annotations

from dataclasses import dataclass

from cutline.feed.model.messages import RaceState
from cutline.feed.standings.breakdown import breakdown, places, side
from cutline.feed.standings.cut_line import Standings
from cutline.feed.standings.wording import status_detail
from cutline.tui.views.cells import Tag

REACH = 5  # places either side shown


@dataclass(frozen=True)
class PointsView:
    title: str
    lines: tuple[tuple[str, Tag], ...]


def points_view(state: RaceState, board: Standings | None, car: str) -> PointsView:
    if board is None:
        return PointsView("Points", (("no cut line for this race: nothing to break down", "dim"),))
    d = next((x for x in board.drivers if x.car == car), None)
    b = breakdown(state, board, car)
    if d is None or b is None:
        return PointsView("Points", (("not a playoff driver in this round", "dim"),))
    at = f"P{b.pos}" if b.pos is not None else "no place on the timing screen"
    lines: list[tuple[str, Tag]] = [
        (f"{b.entering:>5}  points entering the race", ""),
        (f"{b.stage:>+5}  stage points banked", ""),
        (f"{b.finish:>+5}  finishing points for {at}", ""),
        (f"{b.projected:>5}  projected: {status_detail(d, board)}", _tag(d.status)),
        ("", ""),
        (f"one place to {REACH} places either side (the rest of the field as it runs):", "dim"),
    ]  # fmt: skip
    for c in places(state, board, car, REACH):
        margin = "" if c.margin is None else f", {c.margin:+d} to the cut"
        lines.append(
            (f"  P{c.pos:<3} {c.points:>5} ({c.change:+d}) {side(c)}{margin}", _tag(c.status))
        )
    return PointsView(f"#{car} {d.driver} · points · {board.round}", tuple(lines))


def _tag(status: str) -> Tag:
    return "out" if status == "out" else "in"
