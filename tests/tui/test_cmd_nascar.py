"""``cutline record nascar`` and ``cutline nascar check|mirror`` against a mirror on loopback."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import msgspec
import pytest

from cutline.feed.playback.recording import iter_messages, read_header
from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar.capture import raw_path, readapt
from cutline.feed.sources.nascar.lenient import decode_json
from cutline.feed.sources.nascar.mirror import (
    Mirror,
    RecordingFrames,
    RecordingSource,
    StaticSource,
    open_source,
)
from cutline.feed.sources.nascar.parse_live import parse_live_feed
from cutline.tui.cli import main
from tests.support.nascar_race import bundled
from tests.support.paths import SAMPLES

FRAME = SAMPLES / "live-feed_2026-xfinity-chicagoland_final.json"
ALSO = {
    "flags": SAMPLES / "live-flag-data_2026-xfinity-chicagoland.json",
    "pits": SAMPLES / "live-pit-data_2026-xfinity-chicagoland.json",
}


async def test_record_nascar_writes_a_recording_that_folds_to_the_frame(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "chicagoland.jsonl.gz"
    async with asyncio.timeout(60):
        async with Mirror(open_source(FRAME, also=ALSO)) as mirror:
            argv = ["record", "nascar", "--base-url", mirror.base_url, "-o", str(out)]
            assert await asyncio.to_thread(main, argv) == 0
    err = capsys.readouterr().err
    assert "the session is over" in err and f"recorded 368 messages to {out}" in err
    assert "nascar live feed http://127.0.0.1" in read_header(out).source
    assert main(["standings", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    frame = parse_live_feed(decode_json(FRAME.read_bytes())).value
    assert frame is not None
    assert [row["car"] for row in doc["order"]] == [v.car for v in frame.vehicles]
    assert doc["flag"] == "checkered" and doc["eligible"]["basis"] == "points-eligible field"
    # The raw snapshots are beside it, and re-adapt to the same messages.
    assert readapt(raw_path(out), default_season=2026) == list(iter_messages(out))
    # And it plays like any recording.
    assert await asyncio.to_thread(main, ["replay", str(out), "--speed", "max"]) == 0
    played = capsys.readouterr().out
    assert "checkered flag, lap 201: session over" in played


def test_record_without_network_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["record", "nascar", "--base-url", "http://127.0.0.1:9", "-o", str(tmp_path / "x.jsonl")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("cutline: error: cannot reach 127.0.0.1:9: no network")
    assert err.count("\n") == 1


async def test_check_reports_each_feed(capsys: pytest.CaptureFixture[str]) -> None:
    frames = RecordingFrames(bundled())
    async with asyncio.timeout(60):
        async with Mirror(RecordingSource(frames)) as mirror:
            argv = ["nascar", "check", "--base-url", mirror.base_url, "--year", "2023"]
            assert await asyncio.to_thread(main, argv) == 0
    out = capsys.readouterr().out
    for name in ("live", "flags", "pits", "stages", "live_points", "races", "standings"):
        assert f"ok   {name}: {mirror.base_url}/" in out
    assert "Baptist Health Cancer Care 200 at Homestead-Miami Speedway (series 3, race 5372" in out
    assert "--   weekend:5372" in out  # this race's own weekend feed: not there until after


async def test_check_says_what_is_missing_and_unexpected(
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc = decode_json(FRAME.read_bytes())
    doc["vehicles"][0]["new_thing"] = 1
    del doc["vehicles"][1]["delta"]
    async with asyncio.timeout(60):
        async with Mirror(StaticSource({ep.path(ep.LIVE): msgspec.json.encode(doc)})) as mirror:
            argv = ["nascar", "check", "--base-url", mirror.base_url, "--year", "2026"]
            assert await asyncio.to_thread(main, argv) == 1
    out = capsys.readouterr().out
    assert "FAIL live:" in out
    assert "vehicles[1].delta: missing; vehicle dropped" in out
    assert "missing: vehicle: delta (1 of 38)" in out
    assert "unexpected: vehicle: new key 'new_thing' (1 of 38)" in out
    assert "not fetched (optional: normal outside its session): 403 Forbidden" in out


def test_check_without_network_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nascar", "check", "--base-url", "http://127.0.0.1:9"]) == 1
    assert capsys.readouterr().err.startswith("cutline: error: cannot reach 127.0.0.1:9")


def test_mirror_of_a_file_that_is_not_a_recording_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\n")
    assert main(["nascar", "mirror", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cutline: error: ") and "not a cutline recording header" in err


def test_nascar_alone_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nascar"]) == 0
    assert "check" in capsys.readouterr().out


async def test_watch_without_the_dashboard_prints_a_ticker(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cutline.feed.sources.nascar.live import NascarFeed
    from cutline.feed.streams.source import LiveFeed
    from cutline.tui.cmd.running import print_ticker

    async with asyncio.timeout(60):
        async with Mirror(open_source(FRAME, also=ALSO)) as mirror:
            feed = NascarFeed(base_url=mirror.base_url, max_polls=1, year=lambda: 2026)
            last = await print_ticker(LiveFeed(feed))
            assert last is not None and last.lap == 201
            await feed.close()
    out = capsys.readouterr().out
    assert "yellow flag, lap 45: Stage 1 Conclusion" in out
    assert "lap 201/201 CHECKERED Brandon Jones" in out
