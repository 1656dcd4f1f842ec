"""Provides a season in NASCAR's archive: the series names a user may type, the archive paths of a
race's documents, the season's points races and finding one race by id or by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from cutline.feed.model.errors import CutlineError, RulesError
from cutline.feed.rules import REGULAR_SEASON, load
from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar.parse_season import RaceListEntry

# O'Reilly Auto Parts Series is the Xfinity Series' name from 2026; the id is the same (§2).
SERIES_IDS: Final[dict[str, int]] = {"cup": 1, "xfinity": 2, "oreilly": 2, "truck": 3}
SERIES_NAMES: Final[dict[int, str]] = {
    1: "NASCAR Cup Series",
    2: "NASCAR Xfinity Series",
    3: "NASCAR Craftsman Truck Series",
}

# The race's documents, by the name the importer gives them (nascar-feeds.md §2.2-§2.4).
DOCS: Final[dict[str, str]] = {
    "weekend-feed.json": "cacher/{year}/{s}/{race}/weekend-feed.json",
    "lap-times.json": "cacher/{year}/{s}/{race}/lap-times.json",
    "lap-notes.json": "cacher/{year}/{s}/{race}/lap-notes.json",
    "live-pit-data.json": "cacher/live/series_{s}/{race}/live-pit-data.json",
    "live_points.json": "live/feeds/series_{s}/{race}/live_points.json",
    "live-stage-points.json": "cacher/{year}/{s}/{race}/live-stage-points.json",
}


class NoSuchRace(CutlineError):
    """The race asked for is not in the season (or the text names more than one)."""


def series_id(name: str) -> int:
    """NASCAR's id of a series name ("cup", "xfinity" or "oreilly", "truck")."""
    try:
        return SERIES_IDS[name.strip().lower()]
    except KeyError:
        known = ", ".join(SERIES_IDS)
        raise CutlineError(f"unknown series {name!r}: one of {known}") from None


def race_list_path(season: int) -> str:
    return ep.path(ep.RACES, year=season)


def doc_path(doc: str, entry: RaceListEntry, season: int) -> str:
    return DOCS[doc].format(year=season, s=entry.series_id, race=entry.race_id)


def points_races(races: Sequence[RaceListEntry], series: int) -> list[RaceListEntry]:
    """The series' points races by date (exhibitions, race_type_id 2, score no points)."""
    chosen = [r for r in races if r.series_id == series and r.race_type in (None, 1)]
    return sorted(chosen, key=lambda r: (r.date, r.race_id))


def round_name(series: str, season: int, playoff_round: int | None) -> str:
    """The round's name from the season's rules; the number when no rules file covers it."""
    if playoff_round is None:
        return "round unknown"
    try:
        rules = load(series, season)
    except RulesError:
        return REGULAR_SEASON if playoff_round == 0 else f"playoff round {playoff_round}"
    if playoff_round == 0:
        return REGULAR_SEASON
    rounds = [r.name for r in rules.playoffs.rounds]
    if rules.format == "chase":
        return rounds[0] if rounds else f"playoff round {playoff_round}"
    return rounds[playoff_round - 1] if playoff_round <= len(rounds) else f"round {playoff_round}"


def listing(races: Sequence[RaceListEntry], series: str, season: int) -> list[str]:
    """One line per points race: id, date, track, round."""
    lines = []
    for r in races:
        rnd = round_name(series, season, r.playoff_round)
        lines.append(f"{r.race_id:>6}  {r.date[:10]:<10}  {r.track:<40}  {rnd}")
    return lines


def find_race(races: Sequence[RaceListEntry], query: str, where: str) -> RaceListEntry:
    """The one race whose id is ``query``, or whose track or name contains it (any case).

    Raises:
        NoSuchRace: none matches, or several do (the text lists them, one per line).
    """
    text = query.strip()
    if text.isdigit():
        for r in races:
            if r.race_id == int(text):
                return r
    needle = text.casefold()
    found = [r for r in races if needle in r.track.casefold() or needle in r.name.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NoSuchRace(f"no race {query!r} among the {len(races)} points races of {where}")
    candidates = "\n".join(f"  {r.race_id}  {r.date[:10]}  {r.track}: {r.name}" for r in found)
    raise NoSuchRace(f"{query!r} matches {len(found)} races of {where}; give the id:\n{candidates}")
