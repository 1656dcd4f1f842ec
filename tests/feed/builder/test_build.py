"""The replay builder on real data: deterministic bytes, consistent lap messages, the facts'
classifications, a second real race, and clear errors for bad inputs.

The facts' computed post-race totals are only ever compared against, never fed in.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import cutline.replays as replays
from cutline.feed.builder.build import build, build_file
from cutline.feed.model.errors import BadFacts, CutlineError
from cutline.feed.model.messages import FeedMessage, Flag, Lap, Penalty, Pit, Result, Stage
from cutline.feed.model.state import fold
from cutline.feed.playback.recording import read_header, read_messages
from tests.support.paths import ATLANTA, ATLANTA_LAPS, ROOT

RACE = ROOT / "replays" / "facts" / "2023-truck-homestead.json"
LAPS = ROOT / "replays" / "facts" / "2023-truck-homestead-laps.csv"
EVENTS = ROOT / "replays" / "homestead-2023.events.json"
FACTS = json.loads(RACE.read_text())


@pytest.fixture(scope="module")
def homestead() -> list[FeedMessage]:
    return build(RACE, LAPS, EVENTS)


@pytest.fixture(scope="module")
def atlanta() -> list[FeedMessage]:
    return build(ATLANTA, ATLANTA_LAPS)


def _laps(msgs: list[FeedMessage]) -> list[Lap]:
    return [m for m in msgs if isinstance(m, Lap)]


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    build_file(a, RACE, LAPS, EVENTS)
    build_file(b, RACE, LAPS, EVENTS)
    assert a.read_bytes() == b.read_bytes()


def test_the_bundled_replay_is_what_the_command_builds(tmp_path: Path) -> None:
    """replays/README.md's command, run again, gives the shipped file byte for byte."""
    out = tmp_path / "homestead-2023.jsonl.gz"
    build_file(out, RACE, LAPS, EVENTS)
    assert out.read_bytes() == replays.path().read_bytes()
    assert "2023-truck-homestead-laps.csv" in read_header(out).source


def test_seq_and_t(homestead: list[FeedMessage]) -> None:
    assert [m.seq for m in homestead] == list(range(1, len(homestead) + 1))
    times = [m.t for m in homestead]
    assert times == sorted(times) and times[0] == 0.0


@pytest.mark.parametrize("race", ["homestead", "atlanta"])
def test_every_lap_message_is_consistent(race: str, request: pytest.FixtureRequest) -> None:
    msgs: list[FeedMessage] = request.getfixturevalue(race)
    laps = _laps(msgs)
    assert [lap.lap for lap in laps] == list(range(len(laps)))
    field = {e.car for e in fold(msgs[:1]).race.field}  # type: ignore[union-attr]
    done: dict[str, int] = {}
    for lap in laps:
        assert [row.pos for row in lap.cars] == list(range(1, len(lap.cars) + 1))
        assert {row.car for row in lap.cars} == field  # every car once
        for row in lap.cars:
            assert row.laps >= done.get(row.car, 0), (lap.lap, row.car)  # never decreases
            assert row.laps <= lap.lap and row.laps_down == lap.lap - row.laps
            done[row.car] = row.laps
        assert [row.laps for row in lap.cars] == sorted((r.laps for r in lap.cars), reverse=True)
        gaps = [row.gap for row in lap.cars if row.gap is not None]
        assert gaps == sorted(gaps), lap.lap  # never decrease down the order
        if lap.lap > 0:
            assert lap.cars[0].gap == 0.0 and lap.cars[0].laps == lap.lap
            on_lead_lap = [row for row in lap.cars if row.laps == lap.lap]
            assert all(row.gap is not None for row in on_lead_lap)
            assert all(row.interval is not None for row in on_lead_lap[1:])


def test_positions_are_the_real_ones(homestead: list[FeedMessage]) -> None:
    """Cars on the lead lap are in the laps file's order for that lap."""
    import csv

    pos: dict[tuple[int, str], int] = {}
    with LAPS.open() as fh:
        for row in csv.DictReader(fh):
            pos[int(row["lap"]), row["car"]] = int(row["position"])
    for lap in _laps(homestead):
        lead = [row for row in lap.cars if row.laps == lap.lap]
        assert [row.car for row in lead] == sorted(
            (row.car for row in lead), key=lambda car: pos[lap.lap, car]
        )


def test_starting_order_and_finish_are_the_facts(homestead: list[FeedMessage]) -> None:
    laps = _laps(homestead)
    start = {r["car"]: r["start"] for r in FACTS["result"]}
    assert {row.car: row.pos for row in laps[0].cars} == start
    on_track = {r["car"]: (r["on_track_pos"], r["laps"]) for r in FACTS["result"]}
    assert {row.car: (row.pos, row.laps) for row in laps[-1].cars} == on_track


def test_laps_led_and_leaders_are_the_facts(homestead: list[FeedMessage]) -> None:
    for leader in FACTS["leaders"]:
        for lap in _laps(homestead)[leader["start_lap"] : leader["end_lap"] + 1]:
            assert lap.cars[0].car == leader["car"], lap.lap
    state = fold(homestead)
    led = {r["car"]: r["laps_led"] for r in FACTS["result"]}
    assert {car: s.laps_led for car, s in state.stats.items()} == led
    assert state.lead_changes == FACTS["race"]["lead_changes"]


def test_stage_and_final_classifications_equal_the_facts(homestead: list[FeedMessage]) -> None:
    stages = [m for m in homestead if isinstance(m, Stage)]
    assert [(s.stage, s.lap) for s in stages] == [(1, 30), (2, 60)]
    for stage, facts in zip(stages, FACTS["stages"], strict=True):
        assert [(r.pos, r.car) for r in stage.top] == [(r["pos"], r["car"]) for r in facts["top10"]]
        line = next(m for m in homestead if isinstance(m, Lap) and m.lap == stage.lap)
        assert stage.t == line.t  # as the leader completes the stage's last lap
    as_run, official = (m for m in homestead if isinstance(m, Result))
    assert not as_run.official and official.official and official.seq > as_run.seq
    assert [(r.pos, r.car) for r in official.cars] == [
        (r["pos"], r["car"]) for r in FACTS["result"]
    ]
    assert [r.car for r in as_run.cars] == [
        r["car"] for r in sorted(FACTS["result"], key=lambda r: r["on_track_pos"])
    ]
    dq = next(
        m for m in homestead if isinstance(m, Penalty) and m.consequence == "disqualification"
    )
    assert dq.car == "38" and as_run.seq < dq.seq < official.seq


def test_flags_follow_the_cautions(homestead: list[FeedMessage]) -> None:
    yellow = {lap.lap for lap in _laps(homestead) if lap.flag == "yellow"}
    expected: set[int] = set()
    for c in FACTS["cautions"]:
        # The yellow waves during the lap before the source's start_lap.
        expected |= set(range(c["start_lap"] - 1, c["end_lap"] + 1))
    assert yellow == expected
    assert sum(c["end_lap"] - c["start_lap"] + 1 for c in FACTS["cautions"]) == 29
    flags = [m for m in homestead if isinstance(m, Flag)]
    assert [f.flag for f in flags] == ["green"] + ["yellow", "green"] * 5 + ["white"]
    stage_end = next(f for f in flags if f.flag == "yellow")
    lap30 = next(m for m in homestead if isinstance(m, Lap) and m.lap == 30)
    assert stage_end.t == lap30.t  # a stage-end caution waves at the line
    assert _laps(homestead)[-1].flag == "checkered"
    assert fold(homestead).cautions == FACTS["race"]["cautions"]


def test_t_is_the_real_elapsed_time(homestead: list[FeedMessage]) -> None:
    laps = _laps(homestead)
    assert laps[1].t == 35.301  # Sanchez's first lap, from the green flag
    # 134 laps at an average 110.965 mph over 201 miles (the published average speed) is
    # 6521 s; the summed lap times of the leaders agree within a second.
    assert laps[-1].t == pytest.approx(201 / 110.965 * 3600, abs=1.0)


def test_pit_stops_from_the_pit_data(homestead: list[FeedMessage]) -> None:
    stops = [m for m in homestead if isinstance(m, Pit) and m.phase == "in"]
    assert len(stops) == len(FACTS["pit_stops"]) == 119
    assert not any(m.inferred for m in homestead if isinstance(m, Pit))
    rhodes = [m for m in stops if m.car == "99" and m.under == "caution" and m.lap == 80]
    assert len(rhodes) == 1
    out = next(
        m for m in homestead if isinstance(m, Pit) and m.car == "99" and m.phase == "out"
        and m.lap == 80
    )  # fmt: skip
    assert out.tyres == 4 and "motorsport.com" in out.source
    state = fold(homestead)
    assert state.stats["99"].tyres_lap == 80 and state.stats["99"].stops == 3
    # On pit road in a lap line only between its pit messages.
    lap80 = next(m for m in homestead if isinstance(m, Lap) and m.lap == 81)
    assert any(row.pit_road for row in lap80.cars)


def test_retired_cars_show_their_status(homestead: list[FeedMessage]) -> None:
    last = _laps(homestead)[-1]
    by_car = {row.car: row for row in last.cars}
    assert by_car["12"].status == "electrical" and by_car["12"].laps == 50
    assert by_car["42"].status == "running"


def test_a_second_real_race_builds_and_folds(atlanta: list[FeedMessage]) -> None:
    facts = json.loads(ATLANTA.read_text())
    state = fold(atlanta)
    assert state.race is not None and state.race.series == "xfinity" and state.race.playoff is None
    assert state.lap == 163 and state.flag == "checkered"
    assert state.cautions == len(facts["cautions"]) == 11
    assert [r.car for r in state.result.cars][:4] == ["21", "11", "19", "48"]  # type: ignore[union-attr]
    pits = [m for m in atlanta if isinstance(m, Pit)]
    assert pits and all(p.inferred for p in pits)  # no pit data: inferred, and marked so
    assert [s.stage for s in state.stages] == [1, 2]


def test_the_player_and_standings_take_a_race_without_playoffs(atlanta: list[FeedMessage]) -> None:
    from cutline.feed.playback.player import Player
    from cutline.feed.standings.cut_line import standings

    player = Player(atlanta, speed=None)
    assert standings(player.seek_lap(100)) is None
    kinds = {e.kind for e in player.events()}
    assert {"caution", "restart", "lead", "stage", "pit-cycle", "result"} <= kinds


# ---------------------------------------------------------------------------------------------
# Bad inputs
# ---------------------------------------------------------------------------------------------


def _copy(tmp_path: Path) -> tuple[Path, Path, Path]:
    race, laps, events = tmp_path / "race.json", tmp_path / "laps.csv", tmp_path / "events.json"
    shutil.copy(RACE, race)
    shutil.copy(LAPS, laps)
    shutil.copy(EVENTS, events)
    return race, laps, events


def _edit(path: Path, change: object) -> None:
    doc = json.loads(path.read_text())
    assert callable(change)
    change(doc)
    path.write_text(json.dumps(doc))


BAD_INPUTS = [
    (
        "race",
        lambda d: d["race"].pop("track"),
        "race.json: Object missing required field `track` - at `$.race`",
    ),
    (
        "race",
        lambda d: d["cautions"][1].update(end_lap=40),
        "race.json: cautions[1]: start_lap 54 and end_lap 40",
    ),
    (
        "race",
        lambda d: d["stages"][0].update(end_lap=500),
        "race.json: stages[0].end_lap: 500",
    ),
    (
        "race",
        lambda d: d["pit_stops"][0].update(car="77"),
        "race.json: pit_stops: car '77'",
    ),
    (
        "race",
        lambda d: d["field"].pop(),
        "is not in the field",
    ),
    (
        "events",
        lambda d: d["events"][2].update(consequence="jail"),
        "events.json: Invalid enum value 'jail' - at `$.events[2].consequence`",
    ),
    (
        "events",
        lambda d: d["events"][2].pop("source"),
        "events.json: Object missing required field `source` - at `$.events[2]`",
    ),
    (
        "events",
        lambda d: d["events"][3].update(cars=["77"]),
        "events.json: $.events[3]: car '77' is not in the race's field",
    ),
    (
        "events",
        lambda d: d["events"][0].update(lap=500),
        "events.json: $.events[0].lap: 500 is after the last lap (134)",
    ),
    (
        "events",
        lambda d: d["events"][0].pop("lap"),
        "events.json: $.events[0].lap: required",
    ),
    (
        "events",
        lambda d: d["events"][1].update(lap=20),
        "events.json: $.events[1]: car 99 has no pit stop within 2 laps of lap 20",
    ),
    (
        "events",
        lambda d: d.update(race_id=1),
        "events.json: race_id: 1 is not this race (5372)",
    ),
]


@pytest.mark.parametrize(("target", "change", "expected"), BAD_INPUTS)
def test_bad_inputs_name_the_file_and_field(
    tmp_path: Path, target: str, change: object, expected: str
) -> None:
    race, laps, events = _copy(tmp_path)
    _edit(race if target == "race" else events, change)
    with pytest.raises(BadFacts) as info:
        build(race, laps, events)
    assert expected in str(info.value)


def test_bad_laps_name_the_line(tmp_path: Path) -> None:
    race, laps, events = _copy(tmp_path)
    lines = laps.read_text().splitlines()
    lines[100] = "x" + lines[100]
    laps.write_text("\n".join(lines) + "\n")
    with pytest.raises(BadFacts, match=r"laps.csv:101: lap: not a whole number"):
        build(race, laps, events)


def test_missing_files(tmp_path: Path) -> None:
    with pytest.raises(CutlineError, match="nope.json: No such file"):
        build(tmp_path / "nope.json", LAPS)
    with pytest.raises(BadFacts, match="nope.csv: No such file"):
        build(RACE, tmp_path / "nope.csv")
    with pytest.raises(BadFacts, match="nope.events.json: No such file"):
        build(RACE, LAPS, tmp_path / "nope.events.json")


def test_pits_data_needs_pit_data() -> None:
    with pytest.raises(BadFacts, match="pit_stops: empty"):
        build(ATLANTA, ATLANTA_LAPS, pits="data")


def test_recording_reads_back(tmp_path: Path, homestead: list[FeedMessage]) -> None:
    out = tmp_path / "r.jsonl"
    build_file(out, RACE, LAPS, EVENTS)
    assert read_messages(out) == homestead
