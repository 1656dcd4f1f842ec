"""Provides the archive tests' server: the real payloads of every archive feed of one race
(2021 Cup Championship, Phoenix, race 5087, in ``../shared/samples/nascar/``) served on NASCAR's
paths by the mirror's HTTP server on loopback, with faults where a test wants them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cutline.feed.sources.nascar.mirror import Mirror, StaticSource
from cutline.feed.sources.nascar.mirror.server import Fault
from tests.support.paths import SHARED

SAMPLE_NAME = "samples/nascar/archive-2021-cup-5087"


def _sample_dir() -> Path:
    found = SHARED / SAMPLE_NAME if SHARED else None
    if found is None or not found.is_dir():
        raise AssertionError(f"../shared/{SAMPLE_NAME} not found beside the repository")
    return found


SAMPLE = _sample_dir()
RACE = 5087
# NASCAR's path of each file (the sample's README names the URL each came from).
PATHS = {
    "cacher/2021/race_list_basic.json": "race_list_basic.json",
    "cacher/2021/1/5087/weekend-feed.json": "weekend-feed.json",
    "cacher/2021/1/5087/lap-times.json": "lap-times.json",
    "cacher/2021/1/5087/lap-notes.json": "lap-notes.json",
    "cacher/live/series_1/5087/live-pit-data.json": "live-pit-data.json",
    "live/feeds/series_1/5087/live_points.json": "live_points.json",
    "cacher/2021/1/5087/live-stage-points.json": "live-stage-points.json",
}
Faults = Callable[[str, int], Fault | None]


def archive_server(faults: Faults | None = None) -> Mirror:
    """The server (``async with``); anything else is answered 403, as NASCAR's CDN does."""
    bodies = {path: (SAMPLE / name).read_bytes() for path, name in PATHS.items()}
    return Mirror(StaticSource(bodies, "the 2021 Phoenix archive"), faults=faults)


def fault_on(path: str, fault: Fault) -> Faults:
    """Faults that hit every request for ``path`` and nothing else."""
    return lambda asked, _n: fault if asked == path else None
