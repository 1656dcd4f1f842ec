"""``cutline replay``, ``cutline build-replay`` and ``cutline`` with no arguments."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

import cutline.replays as replays
import cutline.tui.cmd.replay
from cutline.feed.playback.recording import read_messages
from cutline.tui.cli import main
from tests.support.paths import ROOT

FACTS = ROOT / "replays" / "facts"


def test_replay_prints_a_line_per_lap(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "--speed", "max", "--from-lap", "130"]) == 0
    out = capsys.readouterr().out.splitlines()
    laps = [line for line in out if line.startswith("lap ")]
    assert [line.split()[1] for line in laps[:5]] == [f"{n}/134" for n in range(130, 135)]
    assert laps[0].startswith("lap 130/134 GREEN     Carson Hocevar")
    assert "cut: Rhodes +1 in, Sanchez -1 out" in laps[0]
    assert any("disqualified: Zane Smith" in line for line in out)
    assert "Rhodes +0 in, Sanchez +0 out (tiebreaker)" in laps[-1]


def test_replay_of_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", str(tmp_path / "nope.jsonl.gz")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("cutline: error: ") and "nope.jsonl.gz" in err


@pytest.mark.parametrize("speed", ["0", "101", "fast"])
def test_bad_speed(speed: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["replay", "--speed", speed])
    assert info.value.code == 2 and "speed" in capsys.readouterr().err


def test_no_arguments_plays_the_bundled_race(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[argparse.Namespace] = []

    def fake(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(cutline.tui.cmd.replay, "run_replay", fake)
    assert main([]) == 0
    assert seen and seen[0].command == "replay" and seen[0].file is None
    # No --speed: the settings' replay speed decides (10 unless set).
    assert "speed" not in seen[0] and seen[0].from_lap is None


def test_build_replay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "homestead.jsonl.gz"
    args = [
        "build-replay",
        str(FACTS / "2023-truck-homestead.json"),
        "--laps",
        str(FACTS / "2023-truck-homestead-laps.csv"),
        "--events",
        str(ROOT / "replays" / "homestead-2023.events.json"),
        "-o",
        str(out),
    ]
    assert main(args) == 0
    assert "134 laps, 119 stops (from the pit data)" in capsys.readouterr().out
    assert out.read_bytes() == replays.path().read_bytes()
    # -o is never replaced silently.
    assert main([*args, "--pits", "infer"]) == 2
    assert "already exists; give another name or --force" in capsys.readouterr().err
    assert out.read_bytes() == replays.path().read_bytes()
    assert main([*args, "--pits", "infer", "--force"]) == 0
    assert "stops (inferred)" in capsys.readouterr().out
    assert len(read_messages(out)) > 300


def test_build_replay_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "laps.csv"
    bad.write_text("lap,car\n0,2\n")
    code = main(
        [
            "build-replay",
            str(FACTS / "2023-truck-homestead.json"),
            "--laps",
            str(bad),
            "-o",
            str(tmp_path / "x.jsonl.gz"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "laps.csv:1: missing column(s): position, lap_time" in err


def test_build_replay_never_leaves_a_recording_that_does_not_read_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A track name past the line limit: the builder writes it, the reader refuses the line.
    facts = json.loads((FACTS / "2023-truck-homestead.json").read_text())
    facts["race"]["track"] = "X" * (17 * 2**20)
    race = tmp_path / "race.json"
    race.write_text(json.dumps(facts))
    out = tmp_path / "out.jsonl"
    args = ["build-replay", str(race), "--laps", str(FACTS / "2023-truck-homestead-laps.csv")]
    assert main([*args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"does not read back: {out}:1: a line over the" in err
    assert list(tmp_path.iterdir()) == [race]
    # --force replaces a recording only with one that reads back.
    out.write_bytes(replays.path().read_bytes())
    assert main([*args, "-o", str(out), "--force"]) == 2
    assert out.read_bytes() == replays.path().read_bytes()
    assert sorted(tmp_path.iterdir()) == sorted([race, out])
