"""The story of the bundled replay, told by the cut line over the laps: Heim sweeps the stages,
Eckes is in until his restart penalty, Rhodes stops under the last caution and cycles to the
lead, and at the end Rhodes and Sanchez are level on 3,123 with Rhodes in on the tiebreaker."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import cutline.replays as replays
from cutline.feed.playback.player import Player
from cutline.feed.standings.cut_line import Standings, standings
from tests.support.paths import ROOT
from tests.support.reference import ECKES, ENFINGER, HEIM, HOCEVAR, RHODES, SANCHEZ, SMITH, board_at


@pytest.fixture(scope="module")
def player() -> Player:
    return Player.open(replays.path(), speed=None)


def _status(board: Standings, car: str) -> str:
    return next(d.status for d in board.drivers if d.car == car)


def test_heim_wins_both_stages(player: Player) -> None:
    state = player.seek_lap(60)
    assert [(s.stage, s.top[0].car) for s in state.stages] == [(1, HEIM), (2, HEIM)]
    heim = next(d for d in board_at(player, 134).drivers if d.car == HEIM)
    assert heim.stage_points == 20 and heim.status == "locked"


def test_eckes_is_in_until_his_restart_penalty(player: Player) -> None:
    """Eckes starts 9 points over the line and is in through stage 2. His restart violation
    (lap 59) puts him at the back for the stage-2 caution (29th on lap 66): below the line."""
    assert all(_status(board_at(player, lap), ECKES) == "in" for lap in (0, 30, 45, 60, 65))
    assert _status(board_at(player, 66), ECKES) == "out"
    drop = [e for e in player.events() if e.kind == "cut" and e.cars == (ECKES,)]
    assert any(e.lap == 66 and "drops below" in e.text for e in drop)


def test_before_the_final_stops_eckes_is_just_below(player: Player) -> None:
    """Before his final stop (lap 97, under green) Eckes is 4 points below the line in our
    projection: Frontstretch reported him "only three points out when green flag pit stops
    commenced". The speeding penalty on that stop ends his day."""
    board = board_at(player, 97)
    eckes = next(d for d in board.drivers if d.car == ECKES)
    assert eckes.status == "out" and -5 <= (eckes.margin or 0) < 0
    penalty = player.next_event({"penalty"})
    assert penalty is not None and penalty.cars == (ECKES,) and penalty.lap == 98


def test_rhodes_stops_under_the_last_caution_and_cycles_to_the_lead(player: Player) -> None:
    player.seek_lap(78)
    cycle = player.next_event({"pit-cycle"})
    assert cycle is not None and RHODES in cycle.cars and "under caution" in cycle.text
    assert player.seek_lap(101).order[0].car == SMITH
    assert _status(board_at(player, 101), RHODES) == "in"
    state = player.seek_lap(110)
    assert state.order[0].car == RHODES and _status(board_at(player, 110), RHODES) == "locked"
    assert state.stats[RHODES].last_stop_lap == 80  # on tyres from the lap-80 stop


def test_at_the_end_rhodes_and_sanchez_are_level(player: Player) -> None:
    board = board_at(player, 135)  # past the last lap: the results too
    assert board.final
    assert {d.car for d in board.drivers if d.status != "out"} == {HEIM, HOCEVAR, ENFINGER, RHODES}
    by = {d.car: d for d in board.drivers}
    assert by[RHODES].points == by[SANCHEZ].points == 3123
    assert by[RHODES].status == "in" and by[SANCHEZ].status == "out"
    assert by[RHODES].tiebreak and board.last_in == RHODES and board.first_out == SANCHEZ
    assert by[ECKES].points == 3119 and by[SMITH].disqualified


def test_as_run_before_the_disqualification(player: Player) -> None:
    player.seek_lap(134)
    result = player.next_event({"result"})
    assert result is not None and "as run" in result.text
    board = standings(player.state)
    assert board is not None and not board.final
    by = {d.car: d for d in board.drivers}
    assert by[RHODES].points == by[SANCHEZ].points == 3122 and by[RHODES].status == "in"


def test_cutline_standings_json_prints_the_official_outcome() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cutline.tui.cli",
            "standings",
            "replays/homestead-2023.jsonl.gz",
            "--json",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["final"] and doc["lap"] == 134
    status = {d["car"]: d["status"] for d in doc["drivers"]}
    assert {car for car, s in status.items() if s != "out"} == {HEIM, HOCEVAR, ENFINGER, RHODES}
    points = {d["car"]: d["points"] for d in doc["drivers"]}
    assert points[RHODES] == points[SANCHEZ] == 3123
    assert doc["last_in"] == RHODES and doc["first_out"] == SANCHEZ
    assert any("tiebreaker" in note for note in doc["notes"])
