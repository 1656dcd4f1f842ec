"""The command line, run as a user runs it: a subprocess, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cutline.feed.builder.facts import (
    header,
    read_facts,
    result_as_run,
    result_official,
    stage_messages,
)
from cutline.feed.model.messages import FeedMessage
from cutline.feed.playback.recording import write_recording
from tests.support.paths import BUNDLED, FACTS_RACE, ROOT, cutline


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    facts = read_facts(FACTS_RACE)
    msgs: list[FeedMessage] = [header(facts), *stage_messages(facts, seq=2)]
    msgs.append(result_as_run(facts, seq=len(msgs) + 1))
    msgs.append(result_official(facts, seq=len(msgs) + 1))
    path = tmp_path / "reference.jsonl.gz"
    write_recording(path, msgs)
    return path


def test_standings_json_gives_the_official_outcome(reference: Path) -> None:
    out = cutline("standings", str(reference), "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["format"] == "elimination" and doc["cut_size"] == 4
    drivers = {d["driver"]: d for d in doc["drivers"]}
    through = [d["driver"] for d in doc["drivers"] if d["status"] != "out"]
    assert sorted(through) == ["Ben Rhodes", "Carson Hocevar", "Corey Heim", "Grant Enfinger"]
    assert drivers["Ben Rhodes"]["points"] == drivers["Nicholas Sanchez"]["points"] == 3123
    assert drivers["Ben Rhodes"]["tiebreak"] and drivers["Ben Rhodes"]["status"] == "in"
    assert drivers["Nicholas Sanchez"]["status"] == "out"
    assert drivers["Corey Heim"]["status"] == "locked"
    assert doc["order"][0] == {"pos": 1, "car": "42", "driver": "Carson Hocevar", "laps": 134,
                               "status": "running"}  # fmt: skip
    assert doc["order"][-1]["driver"] == "Zane Smith"
    assert any("tiebreaker" in n for n in doc["notes"])


def test_standings_table_marks_the_tiebreak_and_the_line(reference: Path) -> None:
    out = cutline("standings", str(reference))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    rhodes = next(i for i, line in enumerate(lines) if "Ben Rhodes" in line)
    assert "ADVANCES on the tiebreaker" in lines[rhodes] and "cut line" in lines[rhodes + 1]
    assert "Nicholas Sanchez" in lines[rhodes + 2]
    assert "ELIMINATED on the tiebreaker" in lines[rhodes + 2]
    assert (
        lines[-1] == "note: Championship 4: Corey Heim, Carson Hocevar, Grant Enfinger, Ben Rhodes"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["standings", "missing.jsonl"], "missing.jsonl: No such file or directory"),
        (["standings", "x", "--at-lap", "-3"], "must be 0 or more"),
        (["standings"], "the following arguments are required"),
        (["nonsense"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    out = cutline(*args, cwd=tmp_path)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("cutline")


def test_a_corrupt_recording_names_the_line(tmp_path: Path, reference: Path) -> None:
    import gzip

    lines = gzip.decompress(reference.read_bytes()).split(b"\n")
    lines[2] = b"{oops"
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\n".join(lines))
    out = cutline("standings", str(bad))
    assert out.returncode == 2 and f"{bad}:3: bad message" in out.stderr


def test_help_does_not_import_textual() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from cutline.tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr


def test_feed_never_imports_textual_or_rich() -> None:
    code = (
        "import sys, pkgutil, importlib, feed\n"
        "for m in pkgutil.walk_packages(feed.__path__, 'feed.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr


def test_standings_json_carries_the_odds_to_advance() -> None:
    # The bundled race at lap 97: every playoff driver's chance, between 0 and 1, summing to
    # the four places; the official result makes them exactly 0 or 1.
    out = cutline("standings", str(BUNDLED), "--at-lap", "97", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    chances = {d["driver"]: d["advance_probability"] for d in doc["drivers"]}
    assert all(0.0 <= p <= 1.0 for p in chances.values())
    assert sum(chances.values()) == pytest.approx(4, abs=0.01)
    assert chances["Corey Heim"] == 1.0  # locked in by his Bristol win
    assert not doc["odds"]["exact"] and doc["odds"]["simulated_races"] > 0
    final = json.loads(cutline("standings", str(BUNDLED), "--json").stdout)
    verdict = {d["driver"]: d["advance_probability"] for d in final["drivers"]}
    assert final["odds"]["exact"]
    assert {n for n, p in verdict.items() if p == 1.0} == {
        "Ben Rhodes",
        "Carson Hocevar",
        "Corey Heim",
        "Grant Enfinger",
    }
    assert {p for p in verdict.values()} == {0.0, 1.0}


def test_standings_table_has_an_odds_column() -> None:
    out = cutline("standings", str(BUNDLED), "--at-lap", "97")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "odds" in next(line for line in lines if "driver" in line and "margin" in line)
    heim = next(line for line in lines if "Corey Heim" in line)
    assert " 100% " in heim
    assert any(line.startswith("odds: the chance to be in at the flag") for line in lines)
