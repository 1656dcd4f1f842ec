"""Real timing data with its quirks builds: NASCAR's 2021 Phoenix lap-times.json (gaps in every
car's laps), and the reference race's files damaged the ways real files are (each test says how).
Each builds, warns with the right counts, writes them in the header, and folds to the official
result."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from cutline.feed.builder.build import build, build_file
from cutline.feed.builder.repairs import Repair
from cutline.feed.model.messages import FeedMessage, RaceState
from cutline.feed.model.state import fold
from cutline.feed.playback.recording import read_header
from cutline.feed.standings.cut_line import standings
from tests.support.archive import CHAMPIONSHIP_4, phoenix_facts, phoenix_laps_csv
from tests.support.paths import FACTS_LAPS, FACTS_RACE, cutline

Row = dict[str, str]


def _rows() -> list[Row]:
    with FACTS_LAPS.open(newline="") as f:
        return list(csv.DictReader(f))


def _write(
    tmp_path: Path, rows: list[Row], facts: dict[str, Any] | None = None
) -> tuple[Path, Path]:
    laps, race = tmp_path / "laps.csv", tmp_path / "race.json"
    with laps.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    if facts is None:
        shutil.copy(FACTS_RACE, race)
    else:
        race.write_text(json.dumps(facts))
    return race, laps


def _facts() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FACTS_RACE.read_text())
    return doc


def _built(race: Path, laps: Path, out: Path) -> tuple[list[FeedMessage], list[str]]:
    warnings: list[str] = []
    msgs = build_file(out, race, laps, warn=warnings.append)
    return msgs, warnings


def _count(warnings: list[str], label: str) -> int:
    """The count a warning line gives for ``label`` (0 when no line names it)."""
    for line in warnings:
        number, _, rest = line.partition(" ")
        if rest.startswith(label):
            return int(number)
    return 0


def _official(state: RaceState, facts: dict[str, Any]) -> None:
    assert state.result is not None and state.result.official
    want = [(r["pos"], r["car"], r["laps"]) for r in facts["result"] if r["pos"] > 0]
    assert [(r.pos, r.car, r.laps) for r in state.result.cars] == want


CLEAN = fold(build(FACTS_RACE, FACTS_LAPS))


def _advancing(state: RaceState) -> list[str]:
    board = standings(state)
    assert board is not None
    return sorted(d.car for d in board.drivers if d.status != "out")


def test_laps_removed_are_filled_and_counted(tmp_path: Path) -> None:
    # Removed: Hocevar's (#42) laps 50-52, and lap 80 of every truck (a whole-field dropout).
    rows = _rows()
    gone = [
        r for r in rows if (r["car"] == "42" and r["lap"] in ("50", "51", "52")) or r["lap"] == "80"
    ]
    assert len(gone) > 3
    race, laps = _write(tmp_path, [r for r in rows if r not in gone])
    out = tmp_path / "out.jsonl"
    msgs, warnings = _built(race, laps, out)
    assert _count(warnings, "laps missing") == len(gone) and len(warnings) == 1
    assert read_header(out).repairs == tuple(warnings)
    state = fold(msgs)
    _official(state, _facts())
    assert _advancing(state) == _advancing(CLEAN)


def test_repeated_rows_change_nothing_but_the_warning(tmp_path: Path) -> None:
    # Duplicated: every 40th row, written twice.
    rows = _rows()
    doubled = rows[::40]
    race, laps = _write(tmp_path, rows + doubled)
    msgs, warnings = _built(race, laps, tmp_path / "out.jsonl")
    assert _count(warnings, "rows repeated") == len(doubled) and len(warnings) == 1
    assert msgs == build(FACTS_RACE, FACTS_LAPS)


def test_result_laps_other_than_the_files_are_final(tmp_path: Path) -> None:
    # Changed: the official laps of Heim (#11) one fewer than his file's, Eckes (#19) two more.
    facts = _facts()
    for row in facts["result"]:
        row["laps"] += {"11": -1, "19": 2}.get(row["car"], 0)
    race, laps = _write(tmp_path, _rows(), facts)
    msgs, warnings = _built(race, laps, tmp_path / "out.jsonl")
    assert _count(warnings, "row past the official result's laps") == 1
    assert _count(warnings, "laps in the official result but not in the lap file") == 2
    _official(fold(msgs), facts)


def test_a_playoff_driver_who_did_not_start_stays_on_the_board(tmp_path: Path) -> None:
    # Majeski (#98) made a non-starter: no laps, and his result row at position 0.
    facts = _facts()
    for row in facts["result"]:
        if row["car"] == "98":
            row.update(pos=0, on_track_pos=None, laps=0, status="")
    facts["pit_stops"] = [p for p in facts["pit_stops"] if p["car"] != "98"]
    race, laps = _write(tmp_path, [r for r in _rows() if r["car"] != "98"], facts)
    out = tmp_path / "out.jsonl"
    _, warnings = _built(race, laps, out)
    assert _count(warnings, "car did not start") == 1
    assert _count(warnings, "driver of the round not in the race") == 1
    board = standings(fold(build(race, laps)))
    assert board is not None
    majeski = next(d for d in board.drivers if d.car == "98")
    assert majeski.did_not_start and majeski.pos is None and majeski.status == "out"
    assert majeski.points == 3072  # his points entering the race, nothing added
    text = cutline("standings", str(out)).stdout
    assert "Ty Majeski" in text and "DID NOT START" in text


def test_a_playoff_driver_in_another_car_is_matched_by_driver(tmp_path: Path) -> None:
    # Rhodes's truck renumbered #97 in this race's field, result, laps and pit data; the playoff
    # list still says #99.
    facts = _facts()
    for part in ("field", "result", "pit_stops", "leaders"):
        for row in facts[part]:
            if row.get("car") == "99":
                row["car"] = "97"
    for stage in facts["stages"]:
        for row in stage["top10"]:
            if row["car"] == "99":
                row["car"] = "97"
    rows = [{**r, "car": "97"} if r["car"] == "99" else r for r in _rows()]
    race, laps = _write(tmp_path, rows, facts)
    _, warnings = _built(race, laps, tmp_path / "out.jsonl")
    assert _count(warnings, "driver of the round in another car") == 1
    board = standings(fold(build(race, laps)))
    clean = standings(CLEAN)
    assert board is not None and clean is not None
    rhodes = next(d for d in board.drivers if d.driver == "Ben Rhodes")
    before = next(d for d in clean.drivers if d.driver == "Ben Rhodes")
    assert rhodes.car == "97" and (rhodes.points, rhodes.status) == (before.points, before.status)


def test_a_2020_truck_race_scores_33rd_place_5_points(tmp_path: Path) -> None:
    # The reference race relabelled 2020, and its 33rd-place truck (Spencer Boyd, #12) put in the
    # round's list (with 3,000 points: a test value) so the board shows what 33rd scores.
    facts = _facts()
    facts["race"]["season"] = 2020
    facts["pre_race_playoff"]["drivers"].append(
        {"driver": "Spencer Boyd", "car": "12", "pre_race_total": 3000}
    )
    race, laps = _write(tmp_path, _rows(), facts)
    out = tmp_path / "out.jsonl"
    build_file(out, race, laps)
    doc = json.loads(cutline("standings", str(out), "--json").stdout)
    boyd = next(d for d in doc["drivers"] if d["car"] == "12")
    assert boyd["pos"] == 33 and boyd["finish_points"] == 5 and boyd["points"] == 3005
    facts["race"]["season"] = 2023
    race.write_text(json.dumps(facts))
    board = standings(fold(build(race, laps)))
    assert board is not None
    assert next(d for d in board.drivers if d.car == "12").finish_points == 4


# NASCAR's own archive: the 2021 Championship 4 at Phoenix.


@pytest.fixture(scope="module")
def phoenix(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, int]]]:
    folder = tmp_path_factory.mktemp("phoenix")
    laps, gaps = phoenix_laps_csv(folder)
    facts = phoenix_facts(folder)
    out = folder / "phoenix.jsonl"
    warnings: list[str] = []
    build_file(out, facts, laps, warn=warnings.append)
    (folder / "warnings.json").write_text(json.dumps(warnings))
    return out, gaps


def test_phoenix_builds_with_its_dropouts_filled(
    phoenix: tuple[Path, list[tuple[str, int]]],
) -> None:
    out, gaps = phoenix
    facts = json.loads((out.parent / "phoenix.json").read_text())
    official = {r["car"]: r["laps"] for r in facts["result"]}
    warnings = json.loads((out.parent / "warnings.json").read_text())
    within = [(car, lap) for car, lap in gaps if lap <= official[car]]
    assert _count(warnings, "laps missing") == len(within) > 500
    assert any("row" in line and "past the official result" in line for line in warnings)
    assert read_header(out).repairs == tuple(warnings)
    note = cutline("standings", str(out)).stdout.splitlines()[-1]
    assert note.startswith("note: lap data repaired: 37 cars, ")
    assert f"{len(within)} laps missing" in note
    doc = json.loads(cutline("standings", str(out), "--json").stdout)
    assert doc["lap_data_repaired"] == warnings
    assert [row["car"] for row in doc["order"]][:3] == [
        r["car"] for r in sorted(facts["result"], key=lambda r: r["pos"])[:3]
    ]


def test_the_championship_4_names_its_champion(
    phoenix: tuple[Path, list[tuple[str, int]]],
) -> None:
    out, _ = phoenix
    final = cutline("standings", str(out))
    assert final.returncode == 0
    lines = final.stdout.splitlines()
    larson = next(line for line in lines if "Kyle Larson" in line)
    assert larson.rstrip().endswith("CHAMPION")
    doc = json.loads(cutline("standings", str(out), "--json").stdout)
    assert doc["champion"] == "5" and doc["final"]
    by_car = {d["car"]: d for d in doc["drivers"]}
    assert set(by_car) == set(CHAMPIONSHIP_4)
    ranked = sorted(by_car.values(), key=lambda d: d["pos"])
    for ahead, d in zip(ranked, ranked[1:], strict=False):
        assert d["to_pass"] == ahead["car"] and d["places_to_pass"] == d["pos"] - ahead["pos"]
    mid = cutline("standings", str(out), "--at-lap", "200").stdout
    assert "CHAMPION as it stands" in mid and "to pass" in mid
    ticker = cutline("replay", str(out), "--text", "--speed", "max").stdout.splitlines()
    assert ticker[0].startswith("note: lap data repaired: ")
    assert "champion as it stands: Larson (P1)" in ticker[1]
    assert ticker[-1].endswith("| champion: Larson (P1)")


def test_repairs_have_one_line_each() -> None:
    repair = Repair(
        kind="missing-laps", label="laps missing", how="filled", places=(("5", 145), ("5", 147))
    )
    assert repair.line() == "2 laps missing (1 car: #5 lap 145, 147): filled"
