"""Race 5087 (2021 Cup Championship, Phoenix) imported from NASCAR's real archive payloads served
on NASCAR's paths on loopback, with `cutline import nascar`, and the recording folded."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from cutline.feed.model.messages import Lap, Race
from cutline.feed.model.state import fold
from cutline.feed.playback.recording import read_header, read_messages
from cutline.feed.sources.nascar.archive import CACHE_ENV
from cutline.feed.sources.nascar.mirror.server import Fault
from cutline.feed.standings import standings
from cutline.tui.cli import main
from tests.support.archive_server import SAMPLE, archive_server, fault_on

FOUR = {"5": "Kyle Larson", "19": "Martin Truex Jr", "11": "Denny Hamlin", "9": "Chase Elliott"}


def _weekend() -> dict[str, object]:
    doc = json.loads((SAMPLE / "weekend-feed.json").read_bytes())
    race: dict[str, object] = doc["weekend_race"][0]
    return race


def _official_order() -> list[str]:
    rows = _weekend()["results"]
    assert isinstance(rows, list)
    return [r["car_number"] for r in sorted(rows, key=lambda r: r["finishing_position"])]


def _earlier_weekends_404(path: str, _n: int) -> Fault | None:
    if path.endswith("/weekend-feed.json") and "/5087/" not in path:
        return Fault(status=404)
    return None


async def _import(out: Path, base_url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    argv = ["import", "nascar", "2021", "cup", "5087", "-o", str(out), "--base-url", base_url]
    code = await asyncio.to_thread(main, argv)
    return code, capsys.readouterr().err


async def test_race_5087_folds_to_the_official_result_and_the_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    out = tmp_path / "phoenix-2021.jsonl.gz"
    async with asyncio.timeout(120), archive_server(_earlier_weekends_404) as server:
        code, err = await _import(out, server.base_url, capsys)
        asked = list(server.log)
    assert code == 0, err
    assert "imported race 5087 (NASCAR Cup Series Championship, Phoenix Raceway, 2021-11-07)" in err
    assert "points entering: live points (points - points_earned_this_race)" in err
    assert "lap-times.json: " in err  # the lap table's repairs are reported (real gaps)
    assert all(status == 200 for _, status in asked)  # no earlier weekend feed was needed

    messages = read_messages(out)
    state = fold(messages)
    assert state.result is not None and state.result.official
    assert [r.car for r in state.result.cars] == _official_order()  # every car
    assert state.lap == 312
    race = state.race
    assert isinstance(race, Race) and race.playoff is not None
    assert race.playoff.round == "Championship 4"
    assert {d.car: d.points for d in race.playoff.drivers} == dict.fromkeys(FOUR, 5000)
    assert {e.car for e in race.field if e.playoff} == set(FOUR)
    board = standings(state)
    assert board is not None and board.final
    champion = [d for d in board.drivers if d.status != "out"]
    assert [(d.car, d.driver) for d in champion] == [("5", "Kyle Larson")]
    header = read_header(out)
    assert "cutline import nascar 2021 cup 5087" in header.source
    assert "playoff field: is_in_chase in the race's live points (4)" in header.source

    # Mid-race, the board is the four by running position.
    lap_200 = next(i for i, m in enumerate(messages) if isinstance(m, Lap) and m.lap == 200)
    mid = fold(messages[: lap_200 + 1])
    running = [c.car for c in mid.order if c.car in FOUR]
    assert len(running) == 4
    board = standings(mid)
    assert board is not None and [d.car for d in board.drivers] == running


async def test_a_second_import_with_the_server_gone_comes_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    async with asyncio.timeout(120):
        async with archive_server() as server:
            code, _ = await _import(first, server.base_url, capsys)
            assert code == 0
        code, err = await _import(second, server.base_url, capsys)
    assert code == 0, err
    assert "fetched" not in err and err.count("cutline: cached ") == 7
    assert read_messages(second) == read_messages(first)


async def test_without_live_points_the_context_is_folded_and_the_header_says_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    out = tmp_path / "phoenix.jsonl"
    live = "live/feeds/series_1/5087/live_points.json"
    async with asyncio.timeout(120), archive_server(fault_on(live, Fault(status=403))) as server:
        code, err = await _import(out, server.base_url, capsys)
    assert code == 0, err
    assert "cutline: live_points.json: not in NASCAR's archive" in err
    source = read_header(out).source
    assert "the (P)/(C) markers of the lap times (4), the last resort" in source
    assert "points entering: folded from the round's flat reset (5000)" in source
    state = fold(read_messages(out))
    assert state.race is not None and state.race.playoff is not None
    assert {d.car: d.points for d in state.race.playoff.drivers} == dict.fromkeys(FOUR, 5000)
