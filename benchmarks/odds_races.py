"""The real races the odds are fitted and evaluated on, as the feed would have shown them.

Shared by `benchmarks/fit_odds.py` and `benchmarks/odds.py` (scripts, not tests). Each race in
the facts folder (``../shared/facts/races/``: ``NAME.json`` with ``NAME-laps.csv``) is built
into messages with the project's replay builder and folded; what is kept is the state at the end
of every lap and the final, official board. A race the builder or the rules cannot take yet is
skipped, with the one-line reason printed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from cutline.feed.builder import build
from cutline.feed.model.errors import CutlineError
from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import apply
from cutline.feed.standings import Standings, standings


@dataclass
class RealRace:
    name: str
    laps: int  # scheduled
    states: dict[int, RaceState]  # the state at the end of each lap, before any result
    final: RaceState  # with the official result
    board: Standings  # the final board
    advanced: frozenset[str]  # cars in at the flag, by the final board
    finish: dict[str, int]  # car -> finishing position (official classification)
    dropped: frozenset[str]  # cars not running at the flag


def facts_dir(given: str | None) -> Path:
    """``--races`` if given, else ``shared/facts/races`` beside the repository or above it."""
    if given:
        return Path(given)
    here = Path(__file__).resolve().parents[1]
    for up in here.parents:
        candidate = up / "shared" / "facts" / "races"
        if candidate.is_dir():
            return candidate
    sys.exit("odds: no shared/facts/races folder found above the repository; pass --races DIR")


def load_races(folder: Path, only: list[str] | None = None) -> list[RealRace]:
    """Every race of ``folder`` that builds, in name order (the reasons for the rest printed)."""
    races: list[RealRace] = []
    for facts in sorted(folder.glob("*.json")):
        laps = facts.with_name(f"{facts.stem}-laps.csv")
        if not laps.exists() or (only and facts.stem not in only):
            continue
        try:
            races.append(_race(facts.stem, build(facts, laps)))
        except CutlineError as err:
            print(f"skipped {facts.stem}: {str(err)[:160]}", file=sys.stderr)
    return races


def _race(name: str, messages: list) -> RealRace:  # type: ignore[type-arg]
    state = RaceState()
    states: dict[int, RaceState] = {}
    for msg in messages:
        state = apply(state, msg)
        if state.result is None and state.order:
            states[state.lap] = state
    board = standings(state)
    if state.race is None or state.result is None or board is None:
        raise CutlineError(f"{name}: no header, result or board")
    rows = state.result.cars
    return RealRace(
        name=name,
        laps=state.race.scheduled_laps,
        states=states,
        final=state,
        board=board,
        advanced=frozenset(d.car for d in board.drivers if d.status != "out"),
        finish={r.car: r.pos for r in rows},
        dropped=frozenset(r.car for r in rows if r.status.casefold() != "running"),
    )


def at_share(race: RealRace, share: float) -> RaceState:
    """The state at the end of the lap ``share`` of the way through the race."""
    lap = max(1, round(race.laps * share))
    known = [lap_ for lap_ in race.states if lap_ <= lap]
    return race.states[max(known)]
