"""Provides the paths of NASCAR's feeds that cutline reads, by name, relative to the base URL.

The names are shared by the poller, the raw capture, the adapter, the canary and the mirror. The
base URL is a setting (``DEFAULT_BASE_URL``), so tests and users can point everything at a mirror.
Evidence for each path is in ``../shared/docs/nascar-feeds.md`` §2.
"""

from __future__ import annotations

from typing import Final

DEFAULT_BASE_URL: Final = "https://cf.nascar.com"

LIVE: Final = "live"  # the snapshot of whatever session is on track now
FLAGS: Final = "flags"  # the flag-change history of that session
PITS: Final = "pits"  # every pit-road visit of a race (series and race id in the path)
STAGES: Final = "stages"  # stage results so far
STANDINGS: Final = "standings"  # season standings (points entering the race)
RACES: Final = "races"  # the season's race list (playoff round, stages, winners)
WEEKEND: Final = "weekend"  # one race's weekend feed (results): "weekend:<race_id>"
LIVE_POINTS: Final = "live_points"  # points including the race in progress (canary only)

_TEMPLATES: Final[dict[str, str]] = {
    LIVE: "live/feeds/live-feed.json",  # [seen] 7 frames
    FLAGS: "live/feeds/live-flag-data.json",  # [seen] bare array
    # The per-race pit path is the one with real samples; live/feeds/live-pit-data.json is a
    # claim only (nascar-feeds.md §2.1).
    PITS: "cacher/live/series_{series}/{race_id}/live-pit-data.json",
    STAGES: "live/feeds/live-stage-points.json",  # [seen via rNascar23] / [claim]
    STANDINGS: "cacher/{year}/{series}/points-feed.json",  # [seen] 2019 Xfinity
    RACES: "cacher/{year}/race_list_basic.json",  # [seen] 2023
    WEEKEND: "cacher/{year}/{series}/{race_id}/weekend-feed.json",  # [seen] 2021 Phoenix
    LIVE_POINTS: "live/feeds/live-points.json",  # [code] raceday, Spotter, TICK
}


def path(name: str, *, series: int = 0, race_id: int = 0, year: int = 0) -> str:
    """The path of a feed, ids filled in (``"weekend:5372"`` names race 5372's weekend feed)."""
    base, _, arg = name.partition(":")
    if base == WEEKEND and arg:
        race_id = int(arg)
    return _TEMPLATES[base].format(series=series, race_id=race_id, year=year)


def url(base_url: str, name: str, **ids: int) -> str:
    return base_url.rstrip("/") + "/" + path(name, **ids)


def weekend(race_id: int) -> str:
    """The name of one race's weekend feed."""
    return f"{WEEKEND}:{race_id}"
