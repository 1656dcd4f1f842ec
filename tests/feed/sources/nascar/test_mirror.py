"""The mirror: its frames look like NASCAR's real ones (keys, value types, quirks), and a whole
race served over real HTTP on loopback, polled by the poller and adapted, folds to the same
running order, flags and cut line at every lap as the recording it was served from."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from cutline.feed.model.messages import FeedMessage, Incident, Penalty, Pit, RaceState, Result
from cutline.feed.model.state import apply
from cutline.feed.playback.recording import iter_messages, write_recording
from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar import shapes
from cutline.feed.sources.nascar.capture import raw_path, readapt
from cutline.feed.sources.nascar.live import NascarFeed
from cutline.feed.sources.nascar.mirror import (
    Fault,
    Mirror,
    RecordingFrames,
    RecordingSource,
    StaticSource,
    open_source,
)
from cutline.feed.sources.nascar.parse_live import parse_live_feed
from cutline.feed.sources.nascar.poller import Poller
from cutline.feed.sources.nascar.shape import Shape
from cutline.feed.standings.cut_line import standings
from tests.support.clock import FakeTime
from tests.support.nascar_race import bundled, race_messages
from tests.support.paths import SAMPLES, load


def jtype(value: object) -> str:
    """The JSON type of a value, telling integers from decimals."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return {str: "str", list: "list", dict: "dict", type(None): "null"}[type(value)]


def objects(shape: Shape, doc: Any) -> Iterator[dict[str, Any]]:
    """Every object of ``shape`` in a document (the walk the canary does)."""
    if shape is shapes.LIVE_FEED:
        yield doc
    elif shape is shapes.STAGE:
        yield doc["stage"]
    elif shape is shapes.VEHICLE:
        yield from doc["vehicles"]
    elif shape is shapes.DRIVER:
        yield from (v["driver"] for v in doc["vehicles"])
    elif shape is shapes.LAPS_LED:
        yield from (r for v in doc["vehicles"] for r in v["laps_led"])
    elif shape is shapes.VEHICLE_PIT_STOP:
        yield from (s for v in doc["vehicles"] for s in v["pit_stops"])
    elif shape in (shapes.FLAG_EVENT, shapes.PIT_ROW, shapes.STAGE_POINTS):
        yield from doc
    elif shape is shapes.STAGE_POINTS_ROW:
        yield from (r for s in doc for r in s["results"])
    elif shape in (shapes.LIVE_POINTS_ROW, shapes.STANDINGS_ROW):
        yield from doc
    elif shape is shapes.RACE_LIST_ENTRY:
        yield from (r for rows in doc.values() for r in rows)
    elif shape is shapes.WEEKEND_FEED:
        yield doc
    elif shape is shapes.WEEKEND_RACE:
        yield from doc["weekend_race"]
    elif shape is shapes.WEEKEND_RESULT:
        yield from (r for race in doc["weekend_race"] for r in race["results"])


# Each shape, the feed it belongs to, and the real samples of that feed (newest schema first).
REAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "live feed": ("live", (
        "live-feed_2026-xfinity-chicagoland_final.json",
        "live-feed_2025-cup-darlington_final.json",
        "live-feed_2023-cup-atlanta_lap233-green.json",
        "live-feed_2023-cup-cota_final-practice.json",
    )),
    "flag event": ("flags", (
        "live-flag-data_2026-xfinity-chicagoland.json",
        "live-flag-data_2022-cup-phoenix-championship.json",
    )),
    "pit row": ("pits", (
        "live-pit-data_2026-xfinity-chicagoland.json",
        "live-pit-data_2023-xfinity-atlanta.json",
    )),
    "stage points": ("stages", (
        "live-stage-points_2023-xfinity-atlanta.json",
        "live-stage-points_2021-cup-phoenix-championship.json",
    )),
    "live points row": ("live_points", (
        "live_points_2023-cup-after-atlanta.json",
        "live_points_2021-cup-phoenix-championship.json",
    )),
    "season standings row": ("standings", ("points-feed_2019-xfinity.json",)),
    "race list entry": ("races", ("race_list_basic_2023.json",)),
    "weekend feed": ("weekend", ("weekend-feed_2021-cup-phoenix-championship.json",)),
}  # fmt: skip
FEED_SHAPES: dict[str, tuple[Shape, ...]] = {
    "live": (
        shapes.LIVE_FEED,
        shapes.STAGE,
        shapes.VEHICLE,
        shapes.DRIVER,
        shapes.LAPS_LED,
        shapes.VEHICLE_PIT_STOP,
    ),
    "flags": (shapes.FLAG_EVENT,),
    "pits": (shapes.PIT_ROW,),
    "stages": (shapes.STAGE_POINTS, shapes.STAGE_POINTS_ROW),
    "live_points": (shapes.LIVE_POINTS_ROW,),
    "standings": (shapes.STANDINGS_ROW,),
    "races": (shapes.RACE_LIST_ENTRY,),
    "weekend": (shapes.WEEKEND_FEED, shapes.WEEKEND_RACE, shapes.WEEKEND_RESULT),
}


def real_schema() -> dict[str, tuple[set[str], dict[str, set[str]]]]:
    """Per shape: the keys of the newest real sample, and every JSON type seen per key."""
    out: dict[str, tuple[set[str], dict[str, set[str]]]] = {}
    for feed, files in REAL.values():
        for shape in FEED_SHAPES[feed]:
            keys: set[str] | None = None
            types: dict[str, set[str]] = defaultdict(set)
            for name in files:
                for obj in objects(shape, load(name)):
                    if keys is None:
                        keys = set(obj)
                    for key, value in obj.items():
                        types[key].add(jtype(value))
            assert keys is not None, shape.name
            out[shape.name] = (keys, types)
    return out


def test_the_shapes_are_the_real_payloads_keys() -> None:
    for name, (keys, types) in real_schema().items():
        shape = next(s for s in shapes.SHAPES if s.name == name)
        assert set(shape.defaults) == keys, name
        for key, default in shape.defaults.items():
            if default is not None:
                assert jtype(default) in types[key] or not types[key] - {"null"}, (name, key)


def live_view(messages: list[FeedMessage]) -> list[FeedMessage]:
    """What a live feed can carry of a recording: no penalties or incidents (nascar-feeds.md
    §1.10: they are published after the fact), nothing after the race (a post-race DQ)."""
    out: list[FeedMessage] = []
    for msg in messages:
        if isinstance(msg, Result) and msg.official:
            break
        if isinstance(msg, Penalty | Incident):
            continue
        out.append(msgspec.structs.replace(msg, seq=len(out) + 1))
    return out


@pytest.fixture(scope="module")
def frames() -> RecordingFrames:
    return RecordingFrames(bundled())  # the whole replay: its penalties and DQ included


def test_every_mirror_frame_has_the_keys_and_value_types_of_the_real_frames(
    frames: RecordingFrames,
) -> None:
    schema = real_schema()
    seen: set[str] = set()
    for i in range(len(frames)):
        docs = frames.docs(i)
        for name, doc in docs.items():
            feed = name.partition(":")[0]
            for shape in FEED_SHAPES[feed]:
                keys, types = schema[shape.name]
                for obj in objects(shape, doc):
                    seen.add(shape.name)
                    assert set(obj) == keys, (i, shape.name, set(obj) ^ keys)
                    for key, value in obj.items():
                        assert jtype(value) in types[key], (i, shape.name, key, value)
    assert seen == {s.name for s in shapes.SHAPES}


def test_mirror_frames_carry_the_real_quirks(frames: RecordingFrames) -> None:
    first, last = frames.docs(1), frames.docs(len(frames) - 1)
    cars = last["live"]["vehicles"]
    assert all(isinstance(v["vehicle_number"], str) for v in cars)
    assert {"02", "04"} <= {v["vehicle_number"] for v in cars}  # leading zeros kept
    lapped = [v for v in cars if v["delta"] < 0]
    assert lapped and all(float(v["delta"]).is_integer() for v in lapped)
    pole = next(v for v in first["live"]["vehicles"] if v["laps_led"])
    assert pole["laps_led"][0]["start_lap"] == 0  # the pole-sitter's range starts at lap 0
    for v in cars:  # every car's pit list opens with all-zero rows
        assert [s["pit_in_lap_count"] for s in v["pit_stops"][:2]] == [0, 0]
    stops = [s for v in cars for s in v["pit_stops"][2:]]  # the real stops follow
    assert stops and all(s["pit_in_lap_count"] > 0 and s["pit_out_elapsed_time"] > 0 for s in stops)
    pits = last["pits"]
    assert sum(p["pit_in_flag_status"] == 8 and p["lap_count"] == 0 for p in pits) == 34
    post = [p for p in pits if p["leader_lap"] == 134]
    assert post and all(p["pit_out_race_time"] == -1 for p in post)
    names = {v["vehicle_number"]: v["driver"]["full_name"] for v in cars}
    assert names["11"] == "Corey Heim (P)" and names["25"].endswith("(i)")
    assert last["live"]["flag_state"] == 9 and first["flags"][0]["flag_state"] == 8


def per_lap(messages: list[FeedMessage]) -> dict[int, RaceState]:
    """The state at the end of each lap: after the lap and everything before the next one."""
    out: dict[int, RaceState] = {}
    state = RaceState()
    for msg in messages:
        state = apply(state, msg)
        out[state.lap] = state
    return out


def picture(state: RaceState) -> tuple[Any, ...]:
    board = standings(state)
    cut = None
    if board is not None:
        cut = (
            board.round,
            board.last_in,
            board.first_out,
            tuple((d.car, d.status, d.points, d.margin, d.positions_needed) for d in board.drivers),
        )
    result = None
    if state.result is not None:
        result = tuple((r.pos, r.car, r.laps) for r in state.result.cars)
    return (tuple((r.car, r.pos) for r in state.order), state.flag, state.cautions, cut, result)


async def through_the_mirror(
    source: list[FeedMessage], raw: Path, season: int
) -> list[FeedMessage]:
    """Serve ``source`` on loopback, poll it with the poller and adapt it, on a fake clock."""
    clock = FakeTime(now=1000.0)
    async with asyncio.timeout(60):
        async with Mirror(RecordingSource(RecordingFrames(source)), speed=4.0, clock=clock) as m:
            poller = Poller(base_url=m.base_url, clock=clock, sleep=clock.sleep, rand=lambda: 0.9)
            feed = NascarFeed(
                base_url=m.base_url,
                poller=poller,
                stop_when_over=True,
                raw_path=raw,
                year=lambda: season,
            )
            adapted = [msg async for msg in feed.messages()]
            await feed.close()
    return adapted


def assert_same_race(source: list[FeedMessage], adapted: list[FeedMessage]) -> None:
    assert [msg.seq for msg in adapted] == list(range(1, len(adapted) + 1))
    want, got = per_lap(source), per_lap(adapted)
    assert sorted(want) == sorted(got)
    for lap in want:
        assert picture(got[lap]) == picture(want[lap]), f"lap {lap}"


async def test_a_whole_race_through_the_mirror_folds_the_same_at_every_lap(
    tmp_path: Path,
) -> None:
    source = live_view(bundled())
    raw = tmp_path / "race.raw.jsonl.gz"
    adapted = await through_the_mirror(source, raw, 2023)
    assert_same_race(source, adapted)
    assert sorted(per_lap(adapted)) == list(range(135))
    final = standings(per_lap(adapted)[134])
    assert final is not None and not final.final  # as run: the DQ comes after the race
    assert (final.last_in, final.first_out) == ("99", "2")
    assert sum(isinstance(m, Pit) for m in adapted) > 200  # the real stops came through
    # The raw capture re-adapts to the same messages, and the recording plays.
    assert readapt(raw, default_season=2023) == adapted
    out = tmp_path / "race.jsonl.gz"
    write_recording(out, adapted, source="test")
    assert list(iter_messages(out)) == adapted
    assert raw_path(out) == raw


async def test_the_facts_built_race_through_the_mirror_folds_the_same_at_every_lap(
    tmp_path: Path,
) -> None:
    """A second recording of the race, built independently of the replay builder."""
    source = race_messages()
    adapted = await through_the_mirror(source, tmp_path / "facts.raw.jsonl.gz", 2023)
    assert_same_race(source, adapted)


LIVE_SAMPLES = sorted(p.name for p in SAMPLES.glob("live-feed_*.json"))


@pytest.mark.parametrize("name", LIVE_SAMPLES)
async def test_each_real_frame_served_by_the_mirror_parses(name: str) -> None:
    body = (SAMPLES / name).read_bytes()
    expected = parse_live_feed(msgspec.json.decode(body)).value
    assert expected is not None
    async with asyncio.timeout(30):
        async with Mirror(StaticSource({ep.path(ep.LIVE): body})) as m:
            feed = NascarFeed(base_url=m.base_url, max_polls=1, year=lambda: 2026)
            msgs = [msg async for msg in feed.messages()]
            await feed.close()
    state = RaceState()
    for msg in msgs:
        state = apply(state, msg)
    assert state.race is not None and state.race.race_id == expected.race_id
    assert [r.car for r in state.order] == [v.car for v in expected.vehicles]


async def test_server_failures_are_survived_with_backoff_and_reported() -> None:
    faults = {
        1: Fault(status=403),
        2: Fault(status=500),
        3: Fault(body=b"<html>not json</html>"),
        4: Fault(hang=True),
    }
    clock = FakeTime(now=1000.0)
    body = (SAMPLES / "live-feed_2023-cup-atlanta_lap233-green.json").read_bytes()
    notices: list[str] = []

    def fault(path: str, n: int) -> Fault | None:
        return faults.get(n) if path == ep.path(ep.LIVE) else None

    async with asyncio.timeout(30):
        async with Mirror(StaticSource({ep.path(ep.LIVE): body}), faults=fault) as m:
            poller = Poller(
                base_url=m.base_url, clock=clock, sleep=clock.sleep, rand=lambda: 0.5, timeout=0.2
            )
            feed = NascarFeed(
                base_url=m.base_url, poller=poller, max_polls=5, on_notice=notices.append
            )
            msgs = [msg async for msg in feed.messages()]
            await feed.close()
    assert clock.slept[:4] == [10, 20, 40, 80]
    assert notices[0].startswith("403 Forbidden from 127.0.0.1")
    assert "not live yet, or throttled" in notices[0]
    assert notices[1].startswith("HTTP 500 from 127.0.0.1")
    assert notices[2].startswith("garbage from http://127.0.0.1")
    assert notices[3].startswith("no answer from 127.0.0.1")
    assert msgs and feed.status.mode == "live"


async def test_the_mirror_answers_like_the_cdn() -> None:
    body = (SAMPLES / "live-feed_2023-cup-atlanta_lap233-green.json").read_bytes()
    async with asyncio.timeout(30):
        async with Mirror(StaticSource({ep.path(ep.LIVE): body})) as m:
            async with httpx.AsyncClient() as client:
                ok = await client.get(f"{m.base_url}/{ep.path(ep.LIVE)}")
                same = await client.get(
                    f"{m.base_url}/{ep.path(ep.LIVE)}",
                    headers={"If-None-Match": ok.headers["ETag"]},
                )
                missing = await client.get(f"{m.base_url}/live/feeds/nothing.json")
    assert ok.status_code == 200 and ok.content == body
    assert same.status_code == 304
    assert missing.status_code == 403 and b"AccessDenied" in missing.content


def test_open_source_knows_recordings_captures_and_frames(tmp_path: Path) -> None:
    rec = tmp_path / "race.jsonl.gz"
    write_recording(rec, bundled())
    assert "135 laps" in open_source(rec).describe()
    frame = SAMPLES / "live-feed_2026-xfinity-chicagoland_final.json"
    src = open_source(frame, also={"pits": SAMPLES / "live-pit-data_2026-xfinity-chicagoland.json"})
    assert "cacher/live/series_2/5651/live-pit-data.json" in src.bodies(0)
