"""Every real race in ``shared/facts/races/`` builds, warns about its timing quirks, folds to its
official result, and gives the published outcome (``outcomes.json``). A race added to that folder
is tested here with no code change; the folder is read when the tests run."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from cutline.feed.builder.build import Inputs, assemble, read_inputs
from cutline.feed.builder.repairs import Repair
from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import fold
from cutline.feed.standings.cut_line import standings
from tests.support.paths import SHARED

RACES = SHARED / "facts" / "races" if SHARED else None


def _names() -> list[str]:
    if RACES is None or not (RACES / "outcomes.json").is_file():
        return []
    return sorted(json.loads((RACES / "outcomes.json").read_text())["races"])


def _doc(name: str) -> dict[str, Any]:
    assert RACES is not None
    doc: dict[str, Any] = json.loads((RACES / name).read_text())
    return doc


@cache
def _built(name: str) -> tuple[Inputs, RaceState]:
    assert RACES is not None
    inputs = read_inputs(RACES / f"{name}.json", RACES / f"{name}-laps.csv")
    return inputs, fold(assemble(inputs))


def _kind(repairs: tuple[Repair, ...], kind: str) -> list[tuple[str, int | None]]:
    return [place for r in repairs if r.kind == kind for place in r.places]


pytestmark = pytest.mark.skipif(
    not _names(), reason="../shared/facts/races (outcomes.json) is absent beside the clone"
)
NAMES = _names() or ["none"]


@pytest.mark.parametrize("name", NAMES)
def test_each_race_gives_the_published_outcome(name: str) -> None:
    outcome = _doc("outcomes.json")["races"][name]
    _, state = _built(name)
    board = standings(state)
    assert board is not None and board.final
    advancing = sorted(d.driver for d in board.drivers if d.status != "out")
    assert advancing == sorted(outcome["advancing"])
    if outcome.get("margin") is not None:
        points = {d.car: d.points for d in board.drivers}
        assert board.last_in is not None and board.first_out is not None
        assert points[board.last_in] - points[board.first_out] == outcome["margin"]


@pytest.mark.parametrize("name", NAMES)
def test_each_race_folds_to_its_official_result(name: str) -> None:
    facts = _doc(f"{name}.json")
    _, state = _built(name)
    assert state.result is not None and state.result.official
    classified = [(r["pos"], r["car"], r["laps"]) for r in facts["result"] if r["pos"] > 0]
    assert [(r.pos, r.car, r.laps) for r in state.result.cars] == classified


@pytest.mark.parametrize("name", NAMES)
def test_each_race_reports_its_timing_quirks(name: str) -> None:
    quirks = _doc("lap-quirks.json")[name]
    facts = _doc(f"{name}.json")
    official = {r["car"]: r["laps"] for r in facts["result"]}
    inputs, _ = _built(name)
    repairs = inputs.repairs
    # Entries that did not qualify: in the result at position 0, with no laps.
    assert sorted(c for c, _ in _kind(repairs, "did-not-start")) == sorted(
        car for car, *_ in quirks["missing_cars"]
    )
    # A lap count other than the result's: rows past it dropped, or laps short of it named.
    mended = {c for c, _ in _kind(repairs, "past-result") + _kind(repairs, "short-of-result")}
    assert set(quirks["lapcount_mismatch"]) <= mended
    # Gaps within a car's official laps are filled, lap for lap; stray rows after it are dropped.
    filled = _kind(repairs, "missing-laps")
    for car, (count, laps) in quirks["cars_with_gaps"].items():
        if max(laps) <= official[car]:
            assert sum(1 for c, _ in filled if c == car) == count, car
        elif min(laps) > official[car]:
            assert all(c != car for c, _ in filled), car
    assert len(filled) <= sum(count for count, _ in quirks["cars_with_gaps"].values())
    for repair in repairs:
        assert repair.line().startswith(f"{repair.count} "), repair.line()


def test_the_folder_holds_the_elimination_finales_of_2023_to_2025() -> None:
    names = _names()
    assert len(names) >= 19
    assert {n[:4] for n in names} >= {"2023", "2024", "2025"}
    assert {n.split("-")[1] for n in names} == {"cup", "xfinity", "truck"}
    assert RACES is not None
    for name in names:
        assert (RACES / f"{name}.json").is_file() and (RACES / f"{name}-laps.csv").is_file()
