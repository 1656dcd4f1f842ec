"""Provides the words for a standing, the same on every screen: a place clinched is "clinched",
a lead is only "in with a win (leading)", and after the official result a driver ADVANCES or is
ELIMINATED (CHAMPION in a finale), with the next round's field named.

The projection (`cutline.feed.standings.projection`) calls both a banked win and today's lead
"locked"; a fan must never read the second as the first, so every view words a standing here.
"""

from __future__ import annotations

from collections.abc import Sequence

from cutline.feed.standings.cut_line import DriverStanding, Standings

LEADING = "leading this race"
IN_WITH_A_WIN = "in with a win (leading)"


def clinched(d: DriverStanding) -> bool:
    """A place that no result of this race can take away: an earlier win, or today's official
    win. Leading the race is not clinched."""
    return d.status == "locked" and d.locked_by != LEADING


def leading(d: DriverStanding) -> bool:
    """In only because he leads the race now: a projected win."""
    return d.status == "locked" and d.locked_by == LEADING


def decided(board: Standings) -> bool:
    """The official result of a round's cut (or of a finale) is in: the board says who goes
    through, not who would. A title board in the Chase is a standing, not a decision."""
    return board.final and board.board == "cut" and board.last_race


def status_word(d: DriverStanding, board: Standings) -> str:
    """The status column, never cut: LOCK / IN / OUT, or ADVANCES / ELIMINATED / CHAMPION."""
    if decided(board):
        if board.decided_by == "finish":
            return "CHAMPION" if d.rank == 1 else f"P{d.rank}"
        return "ADVANCES" if d.status != "out" else "ELIMINATED"
    if clinched(d):
        return "LOCK"
    return "OUT" if d.status == "out" else "IN"


def status_detail(d: DriverStanding, board: Standings) -> str:
    """The standing in plain words: why a driver is where he is."""
    if d.disqualified:
        return f"disqualified: scored last, {d.finish_points} points"
    if decided(board):
        word = status_word(d, board).lower()
        if d.status == "locked":
            return f"{word}: {d.locked_by}"
        if d.tiebreak:
            return f"{word} on the tiebreaker"
        return f"{word} on points"
    if leading(d):
        return IN_WITH_A_WIN
    if clinched(d):
        return f"clinched: {d.locked_by}"
    if d.status == "in":
        spare = d.positions_to_spare
        if spare is None:
            return "in on points"
        return "in, no place to spare" if spare == 0 else f"in, {_places(spare)} to spare"
    needed = d.positions_needed
    if needed is None:
        # None is "no place on his lap gets him in": laps back only if he is laps down (on the
        # grid nobody is, and no place alone is enough before a leader can win).
        return "out, needs laps back" if d.off_lead_lap else "out, no place alone is enough"
    return f"out, needs {_places(needed)}"


def status_short(d: DriverStanding, board: Standings) -> str:
    """The detail in at most 9 characters, for a narrow board."""
    if d.disqualified:
        return "DQ"
    if decided(board):
        return "won" if d.locked_by == "won this race" else ""  # the TB column says the rest
    if leading(d):
        return "leading"  # the full words do not fit 9 characters: "win (lead" misread
    if clinched(d):
        return "by win"
    if d.status == "in":
        spare = d.positions_to_spare
        return "" if spare is None else f"spare {spare}"
    needed = d.positions_needed
    if needed is None:
        return "laps down" if d.off_lead_lap else "needs help"
    return f"need {needed}"


def advancing(board: Standings) -> tuple[DriverStanding, ...]:
    """The drivers through to the next round, by standing (the board's side of the line)."""
    return tuple(d for d in board.drivers if d.status != "out")


def next_round_note(board: Standings) -> str | None:
    """After the official result of a cut round: who makes the next round, by name."""
    if not decided(board) or board.decided_by == "finish":
        return None
    return f"{board.next_round or 'the next round'}: {_names(advancing(board))}"


def _names(drivers: Sequence[DriverStanding]) -> str:
    return ", ".join(d.driver for d in drivers)


def _places(n: int) -> str:
    return f"{n} place" + ("" if n == 1 else "s")
