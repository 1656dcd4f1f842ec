"""Provides the cut-line board's view: each playoff driver's row and the line between them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from cutline.feed.standings.cut_line import DriverStanding, Standings
from cutline.feed.standings.odds import Odds
from cutline.feed.standings.wording import leading, status_detail, status_short, status_word
from cutline.feed.views.cycle import Cycled
from cutline.feed.views.report import board_notes, percent
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
    odds: str = ""  # the chance to advance ("62%"), "" when there are no odds
    spell_out: bool = False  # the detail matters more than the room: its own line if need be


@dataclass(frozen=True)
class CutView:
    title: str
    rows: tuple[CutRow, ...] = ()
    line_after: int | None = None  # index of the last row above the line
    notes: tuple[str, ...] = ()
    empty: str = ""


def cut_view(
    board: Standings | None,
    followed: str | None,
    problem: str = "",
    chances: Odds | None = None,
    cycle: Cycled | None = None,
) -> CutView:
    if board is None:
        return CutView(title="Cut line", empty=problem or "no championship context in this feed")
    title = f"{board.round}: {board.cut_size} advance"
    if board.board == "title":
        title = f"{board.round}: the title fight"
    if board.champion is not None:
        title = f"{board.round}: the best finisher is champion"
    if board.final:
        title += " · official"
    rows = tuple(_title_row(board, d, cut_row(d, followed, board, chances)) for d in board.drivers)
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


def cut_row(
    d: DriverStanding, followed: str | None, board: Standings, chances: Odds | None = None
) -> CutRow:
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
        odds=odds_text(chances, d.car),
        spell_out=leading(d),
    )


def _title_row(board: Standings, d: DriverStanding, row: CutRow) -> CutRow:
    """A row of the title fight (the champion, what the others need) or of a non-starter."""
    if d.did_not_start:
        return replace(row, status="DNS", detail="did not start", short="no start")
    if board.champion is None:
        return row
    if d.car == board.champion:
        detail = "champion" if board.final else "champion as it stands"
        return replace(row, status="CHAMP", detail=detail, short="champion")
    ahead = next((x for x in board.drivers if x.car == d.to_pass), None)
    if ahead is None or d.places_to_pass is None:
        return row
    n = d.places_to_pass
    return replace(row, detail=f"needs {n} to pass {_surname(ahead.driver)}", short=f"need {n}")


def _surname(name: str) -> str:
    """The last name, a generational suffix aside ("Martin Truex Jr." is Truex)."""
    words = name.split()
    while len(words) > 1 and words[-1].rstrip(".").casefold() in ("jr", "sr", "ii", "iii", "iv"):
        words.pop()
    return words[-1] if words else name


def odds_text(chances: Odds | None, car: str) -> str:
    """The car's chance to advance as the board shows it, or "" without odds for it."""
    p = chances.advance.get(car) if chances is not None else None
    return "" if p is None else percent(p)
