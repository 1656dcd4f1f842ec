"""Provides the plain views of a race for the command line: the JSON board and a text table, each
with the odds to advance when given (`cutline.feed.standings.odds`)."""

from __future__ import annotations

from typing import Any

from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import driver_name
from cutline.feed.standings.cut_line import DriverStanding, Standings
from cutline.feed.standings.eligibility import eligibility
from cutline.feed.standings.odds import Odds
from cutline.feed.standings.wording import (
    clinched,
    leading,
    next_round_note,
    status_detail,
    status_word,
)


def order_rows(state: RaceState) -> list[dict[str, Any]]:
    """The classification (once a result is in) or the running order, as plain rows."""
    if state.result is not None:
        rows = sorted(state.result.cars, key=lambda r: (r.disqualified, r.pos))
        return [
            {
                "pos": i,
                "car": r.car,
                "driver": driver_name(state, r.car),
                "laps": r.laps,
                "status": r.status,
            }
            for i, r in enumerate(rows, 1)
        ]
    return [
        {
            "pos": r.pos,
            "car": r.car,
            "driver": driver_name(state, r.car),
            "laps": r.laps,
            "status": "pit road" if r.pit_road else r.status,
        }
        for r in state.order
    ]


def percent(p: float) -> str:
    """A probability as the board shows it: "62%"; "<1%" and ">99%" near the ends, so a
    simulated long shot is not shown as impossible, nor a near-certainty as certain."""
    if 0.0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1.0:
        return ">99%"
    return f"{p:.0%}"


def board_json(
    state: RaceState, board: Standings | None, chances: Odds | None = None
) -> dict[str, Any]:
    """The standings and the order as one JSON-ready document (with the odds, if given)."""
    race = state.race
    doc: dict[str, Any] = {
        "lap": state.lap,
        "scheduled_laps": race.scheduled_laps if race else None,
        "race": f"{race.season} {race.name or race.track}" if race else None,
        "flag": state.flag,
        "final": board.final if board else state.result is not None,
        "format": board.format if board else None,
        "round": board.round if board else None,
        "board": board.board if board else None,
        "cut_size": board.cut_size if board else None,
        "last_in": board.last_in if board else None,
        "first_out": board.first_out if board else None,
        "bubble": board.bubble if board else None,
        "champion": board.champion if board else None,
        "tiebreakers": list(board.tiebreakers) if board and board.tiebreakers else None,
        "notes": board_notes(board) if board else ["no championship context in this feed"],
        "odds": _odds_about(chances),
        "drivers": [_driver(d, board, chances) for d in board.drivers] if board else [],
        "order": order_rows(state),
    }
    elig = eligibility(state) if board is None else None
    if elig is not None:
        doc["notes"] = [elig.reason]
        doc["eligible"] = {
            "basis": elig.basis,
            "drivers": [{"car": d.car, "driver": d.driver, "pos": d.pos} for d in elig.drivers],
        }
    return doc


def _odds_about(chances: Odds | None) -> dict[str, Any] | None:
    if chances is None:
        return None
    what = "champion" if chances.places == 1 else "in at the flag"
    return {
        "meaning": f"advance_probability: the chance to be {what} (0 to 1)",
        "exact": chances.exact,
        "simulated_races": chances.sims,
        "seed": chances.seed,
    }


def board_notes(board: Standings) -> list[str]:
    """The board's notes, and after the official result who makes the next round."""
    nxt = next_round_note(board)
    return [*board.notes, *([nxt] if nxt else [])]


def _driver(d: DriverStanding, board: Standings, chances: Odds | None) -> dict[str, Any]:
    p = chances.advance.get(d.car) if chances else None
    return {
        "rank": d.rank,
        "car": d.car,
        "driver": d.driver,
        "points": d.points,
        "status": d.status,
        "verdict": status_word(d, board),
        "standing": status_detail(d, board),
        "clinched": clinched(d),
        "margin": d.margin,
        "positions_needed": d.positions_needed,
        "positions_to_spare": d.positions_to_spare,
        "tiebreak": d.tiebreak,
        "locked_by": d.locked_by or None,
        "pos": d.pos,
        "entering": d.entering,
        "stage_points": d.stage_points,
        "finish_points": d.finish_points,
        "round_finishes": list(d.round_finishes),
        "disqualified": d.disqualified,
        "did_not_start": d.did_not_start,
        "to_pass": d.to_pass,
        "places_to_pass": d.places_to_pass,
        "advance_probability": None if p is None else round(p, 4),
    }


def board_text(state: RaceState, board: Standings | None, chances: Odds | None = None) -> str:
    """The cut-line table as text, with a rule between the last in and the first out (and a
    column of odds to advance, if given)."""
    race = state.race
    title = f"{race.season} {race.name or race.track}, {race.track}" if race else "unknown race"
    laps = f"lap {state.lap}/{race.scheduled_laps}" if race else f"lap {state.lap}"
    status = "official result" if board and board.final else ("result" if state.result else laps)
    lines = [f"{title} - {status}"]
    if board is None:
        elig = eligibility(state)
        if elig is None:
            lines.append("no championship context in this feed")
            return "\n".join(lines)
        lines.append(f"eligible drivers ({elig.basis}), in running order:")
        for e in elig.drivers:
            lines.append(f"{'#' + e.car:>7}  {e.driver:<22}{e.pos or '-':>4}")
        lines.append(f"note: {elig.reason}")
        return "\n".join(lines)
    if board.decided_by == "finish":
        n = len(board.drivers)
        lines.append(f"{board.round} ({board.format}): the best finisher of the {n} is champion")
    else:
        lines.append(f"{board.round} ({board.format}): {board.cut_size} through")
    odds_head = f"{'odds':>6}" if chances else ""
    lines.append(
        f"{'':2}{'car':>4}  {'driver':<22}{'pos':>4}{'points':>8}{'margin':>8}{odds_head}  status"
    )
    for d in board.drivers:
        margin = "" if d.margin is None else f"{d.margin:+d}"
        p = chances.advance.get(d.car) if chances else None
        odds_cell = f"{percent(p) if p is not None else '-':>6}" if chances else ""
        lines.append(
            f"{d.rank:>2}{'#' + d.car:>5}  {d.driver:<22}{d.pos or '-':>4}{d.points:>8}"
            f"{margin:>8}{odds_cell}  {_title_status(board, d) or _status(d, board)}"
        )
        if d.car == board.last_in and board.first_out is not None:
            lines.append("  " + "-" * 20 + " cut line " + "-" * 20)
    lines.extend(f"note: {n}" for n in board_notes(board))
    if chances is not None and not chances.exact:
        what = "champion" if chances.places == 1 else "in at the flag"
        lines.append(
            f"odds: the chance to be {what}, from {chances.sims} simulated finishes of the race"
        )
    return "\n".join(lines)


def _title_status(board: Standings, d: DriverStanding) -> str:
    """A finish-decided round's status: champion, or the places to pass the driver ahead."""
    if d.did_not_start:
        return "DID NOT START"
    if board.decided_by != "finish":
        return ""
    if d.car == board.champion:
        return "CHAMPION" if board.final else "CHAMPION as it stands"
    ahead = next((x for x in board.drivers if x.car == d.to_pass), None)
    if ahead is None or d.places_to_pass is None:
        return "not running" if d.pos is None else ""
    n = d.places_to_pass
    return f"needs {n} place{'s' if n != 1 else ''} to pass {ahead.driver} (P{ahead.pos})"


def _status(d: DriverStanding, board: Standings) -> str:
    word, detail = status_word(d, board), status_detail(d, board)
    detail += ", on tiebreaker" if d.tiebreak and "tiebreaker" not in detail else ""
    if detail.startswith(word.lower()):
        return word + detail[len(word) :]  # "OUT, needs 4 places", not "OUT (out, needs …)"
    return f"{word} ({detail})"


# Log entries worth a line of their own in the ticker (pit stops and lead changes are not: the
# lap lines show the leader, and a pit cycle is dozens of stops).
TICKER_KINDS = frozenset({"flag", "penalty", "incident", "stage", "result", "gap"})


def ticker_line(state: RaceState, board: Standings | None, chances: Odds | None = None) -> str:
    """One line for the lap just completed: lap, flag, leader, the cut line, and the odds of the
    last in and the first out (if given)."""
    race = state.race
    laps = f"{state.lap:>3}/{race.scheduled_laps}" if race else f"{state.lap:>3}"
    flag = (state.flag or "-").upper()
    leader = driver_name(state, state.order[0].car) if state.order else "-"
    parts = [f"lap {laps} {flag:<9} {leader}"]
    if board is not None:
        by_car = {d.car: d for d in board.drivers}
        locked = [d.driver for d in board.drivers if clinched(d)]
        if locked:
            parts.append("clinched: " + ", ".join(_surname(n) for n in locked))
        lead = [d.driver for d in board.drivers if leading(d)]
        if lead:
            parts.append("in with a win (leading): " + ", ".join(_surname(n) for n in lead))
        last_in = by_car.get(board.last_in or "")
        first_out = by_car.get(board.first_out or "")
        champion = by_car.get(board.champion or "")
        if champion is not None:
            # Decided by the finish: no cut, the best finisher of the round is champion.
            word = "champion" if board.final else "champion as it stands"
            parts.append(f"{word}: {_surname(champion.driver)} (P{champion.pos})")
            title_odds = [_chance(chances, d) for d in board.drivers]
            if all(title_odds) and not board.final:
                parts.append("to be champion: " + ", ".join(title_odds))
        elif last_in is not None and first_out is not None:
            cut = (
                f"cut: {_surname(last_in.driver)} {_margin(last_in.margin)} in, "
                f"{_surname(first_out.driver)} {_margin(first_out.margin)} out"
            )
            if last_in.tiebreak:
                cut += " (tiebreaker)"
            needed = first_out.positions_needed
            if needed:
                cut += f", needs {needed} place{'s' if needed != 1 else ''}"
            parts.append(cut)
            odds = [_chance(chances, d) for d in (last_in, first_out)]
            if all(odds):
                parts.append("odds: " + ", ".join(odds))
    return " | ".join(parts)


def _chance(chances: Odds | None, d: DriverStanding) -> str:
    p = chances.advance.get(d.car) if chances else None
    return "" if p is None else f"{_surname(d.driver)} {percent(p)}"


def _surname(name: str) -> str:
    return name.split()[-1] if name.strip() else name


def _margin(margin: int | None) -> str:
    return "" if margin is None else f"{margin:+d}"
