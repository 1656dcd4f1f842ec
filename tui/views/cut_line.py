"""Provides the cut-line board's view: each playoff driver's row and the line between them."""

from __future__ import annotations

from dataclasses import dataclass

from cutline.feed.standings.cut_line import DriverStanding, Standings
from cutline.feed.standings.wording import leading, status_detail, status_short, status_word
from cutline.feed.views.cycle import Cycled
from cutline.feed.views.report import board_notes
from cutline.tui.views.cells import Tag


@dataclass(frozen=True)
class CutRow:
    car: str
    driver: str
    pos: str
    points: str
    margin: str
    status: str  # LOCK / IN / OUT; after the official result ADVANCES / ELIMINATED / CHAMPION
    detail: str
    short: str  # the detail in at most 9 characters
    tag: Tag
    tiebreak: bool
    followed: bool
    spell_out: bool = False  # the detail matters more than the room: its own line if need be


@dataclass(frozen=True)
class CutView:
    title: str
    rows: tuple[CutRow, ...] = ()
    line_after: int | None = None  # index of the last row above the line
    notes: tuple[str, ...] = ()
    empty: str = ""


def cut_view(
    board: Standings | None, followed: str | None, problem: str = "", cycle: Cycled | None = None
) -> CutView:
    if board is None:
        return CutView(title="Cut line", empty=problem or "no championship context in this feed")
    title = f"{board.round}: {board.cut_size} advance"
    if board.board == "title":
        title = f"{board.round}: the title fight"
    if board.final:
        title += " · official"
    rows = tuple(cut_row(d, followed, board) for d in board.drivers)
    line_after = None
    if board.last_in is not None and board.first_out is not None:
        line_after = next(i for i, d in enumerate(board.drivers) if d.car == board.last_in)
    notes = tuple(board_notes(board))
    if cycle is not None and cycle.board is not None:
        notes = (after_stops(cycle.board), *notes)
    return CutView(title=title, rows=rows, line_after=line_after, notes=notes)


def after_stops(board: Standings) -> str:
    """The cut line on the cycled order, beside the raw one."""
    ins = ", ".join(d.driver.split()[-1] for d in board.drivers if d.status != "out")
    out = ", ".join(d.driver.split()[-1] for d in board.drivers if d.status == "out")
    return f"after the pit cycle (projected): in {ins}; out {out}"


def cut_row(d: DriverStanding, followed: str | None, board: Standings) -> CutRow:
    margin = "" if d.margin is None else f"{d.margin:+d}"
    return CutRow(
        car=d.car,
        driver=d.driver,
        pos="" if d.pos is None else f"P{d.pos}",
        points=str(d.points),
        margin=margin,
        status=status_word(d, board),
        detail=status_detail(d, board),
        short=status_short(d, board),
        tag=d.status,
        tiebreak=d.tiebreak,
        followed=d.car == followed,
        spell_out=leading(d),
    )
