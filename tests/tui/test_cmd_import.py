"""``cutline import nascar`` against NASCAR's real archive payloads of one race, served on
NASCAR's paths from loopback: the season's list, and each bad input or failing document giving
one line and exit 2, nothing left at ``-o``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from cutline.feed.sources.nascar.archive import CACHE_ENV
from cutline.feed.sources.nascar.mirror.server import Fault
from cutline.tui.cli import main
from tests.support.archive_server import SAMPLE, archive_server, fault_on

LAPS = "cacher/2021/1/5087/lap-times.json"
WEEKEND = "cacher/2021/1/5087/weekend-feed.json"
NOTES = "cacher/2021/1/5087/lap-notes.json"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's own cache, never the user's."""
    where = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(where))
    return where


async def test_the_season_is_listed_from_the_race_list(capsys: pytest.CaptureFixture[str]) -> None:
    async with asyncio.timeout(30), archive_server() as server:
        argv = ["import", "nascar", "2021", "cup", "--base-url", server.base_url]
        assert await asyncio.to_thread(main, argv) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 1 + 36  # a heading, then the 36 points races of 2021
    doc = json.loads((SAMPLE / "race_list_basic.json").read_bytes())
    points = sorted(
        (r["race_date"], r["race_id"]) for r in doc["series_1"] if r["race_type_id"] == 1
    )
    assert [int(line.split()[0]) for line in lines[1:]] == [rid for _, rid in points]
    assert lines[1].split()[:3] == ["5009", "2021-02-14", "Daytona"]
    assert lines[-1].split()[:4] == ["5087", "2021-11-07", "Phoenix", "Raceway"]
    assert lines[-1].endswith("Championship 4")
    assert f"fetched race_list_basic.json of 2021 ({server.base_url}/" in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["2021", "f1", "5087"], "unknown series 'f1': one of cup, xfinity, oreilly, truck"),
        (["2019", "cup", "5087"], "season 2019 is not in NASCAR's archive: race_list_basic"),
        (["2021", "cup", "monaco"], "no race 'monaco' among the 36 points races of the 2021 cup"),
        (["2021", "truck", "5087"], "no race '5087' among the 22 points races of the 2021 truck"),
    ],
)
async def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    out = tmp_path / "race.jsonl.gz"
    async with asyncio.timeout(30), archive_server() as server:
        args = ["import", "nascar", *argv, "-o", str(out), "--base-url", server.base_url]
        assert await asyncio.to_thread(main, args) == 2
    err = capsys.readouterr().err
    assert f"cutline: error: {said}" in err and "Traceback" not in err
    assert not out.exists()


def test_an_output_in_no_directory_is_refused_before_any_download(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere" / "race.jsonl"
    args = ["import", "nascar", "2021", "cup", "5087", "-o", str(out), "--base-url",
            "http://127.0.0.1:9"]  # fmt: skip
    assert main(args) == 2
    assert capsys.readouterr().err == f"cutline: error: {out}: no such directory\n"


async def test_an_ambiguous_race_lists_the_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    async with asyncio.timeout(30), archive_server() as server:
        args = ["import", "nascar", "2021", "cup", "PHOENIX", "-o", "x.jsonl", "--base-url",
                server.base_url]  # fmt: skip
        assert await asyncio.to_thread(main, args) == 2
    err = capsys.readouterr().err
    assert "cutline: error: 'PHOENIX' matches 2 races of the 2021 cup season" in err
    assert "  5012  2021-03-14  Phoenix Raceway: Instacart 500" in err
    assert "  5087  2021-11-07  Phoenix Raceway: NASCAR Cup Series Championship" in err


@pytest.mark.parametrize(
    ("path", "fault", "said"),
    [
        (LAPS, Fault(status=500), "lap-times.json of race 5087: HTTP 500 from 127.0.0.1"),
        (WEEKEND, Fault(body=b"<Error>"), "weekend-feed.json of race 5087: garbage from http"),
        (NOTES, Fault(hang=True), "lap-notes.json of race 5087: no answer from 127.0.0.1"),
        (LAPS, Fault(status=404), "lap-times.json of race 5087: not in NASCAR's archive (HTTP 404"),
    ],
)
async def test_a_failing_document_is_named_with_its_url_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, fault: Fault, said: str
) -> None:
    out = tmp_path / "race.jsonl.gz"
    async with asyncio.timeout(30), archive_server(fault_on(path, fault)) as server:
        args = ["import", "nascar", "2021", "cup", "5087", "-o", str(out), "--base-url",
                server.base_url, "--retries", "0", "--timeout", "0.5"]  # fmt: skip
        assert await asyncio.to_thread(main, args) == 2
    err = capsys.readouterr().err
    error = [line for line in err.splitlines() if line.startswith("cutline: error:")]
    assert len(error) == 1 and said in error[0], err
    assert path in error[0] and "Traceback" not in err
    assert list(tmp_path.iterdir()) == [tmp_path / "cache"]  # nothing at -o, no partial file
