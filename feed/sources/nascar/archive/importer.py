"""Provides the archive importer: one race of NASCAR's archive to a cutline recording, and the
season's list of points races.

Documents a race cannot do without (the race list, the weekend feed, the lap times) stop the
import with an error naming the document and its URL; those it can do without (the lap notes,
the pit data, the live points, the stage points, earlier weekend feeds) are noted when NASCAR
does not have them, and the recording is built from the rest. A document that fails (5xx, no
answer, garbage) stops the import: whether it exists is then unknown, and a recording built
without it could be silently wrong. The recording is written to a temporary file beside ``out``
and renamed, so nothing half-written is ever left there.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from cutline.feed.builder.build import assemble, pits_inferred, read_inputs
from cutline.feed.model.errors import BadFacts, BadRecording
from cutline.feed.model.messages import FeedMessage
from cutline.feed.playback.recording import write_recording, written_beside
from cutline.feed.rules import SERIES_BY_ID
from cutline.feed.sources.nascar.archive import convert
from cutline.feed.sources.nascar.archive.client import Archive, ArchiveError, Missing
from cutline.feed.sources.nascar.archive.playoff import compute
from cutline.feed.sources.nascar.archive.season import (
    doc_path,
    find_race,
    listing,
    points_races,
    race_list_path,
    series_id,
)
from cutline.feed.sources.nascar.lenient import Parsed
from cutline.feed.sources.nascar.parse_archive import parse_lap_notes, parse_lap_times
from cutline.feed.sources.nascar.parse_events import parse_pits, parse_stage_points, real_stops
from cutline.feed.sources.nascar.parse_season import (
    RaceListEntry,
    parse_live_points,
    parse_race_list,
    parse_weekend,
)

T = TypeVar("T")


@dataclass
class Imported:
    """An imported race: its messages, how its parts were had, what was wrong in the feeds."""

    entry: RaceListEntry
    messages: list[FeedMessage]
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)  # what the builder mended in the lap times


def season_races(archive: Archive, season: int, series: str) -> list[RaceListEntry]:
    """The series' points races of ``season``, by date.

    Raises:
        CutlineError: unknown series; ArchiveError: the season is not in the archive.
    """
    sid = series_id(series)
    what = f"race_list_basic.json of {season}"
    try:
        doc = archive.get(what, race_list_path(season))
    except Missing as err:
        raise ArchiveError(f"season {season} is not in NASCAR's archive: {err}") from None
    listed = _usable(what, archive.url(race_list_path(season)), parse_race_list(doc))
    races = points_races(listed, sid)
    if not races:
        raise ArchiveError(f"{what}: no {series} points races in season {season}")
    return races


def list_season(archive: Archive, season: int, series: str) -> list[str]:
    """The season's points races, one line each: id, date, track, round."""
    return listing(season_races(archive, season, series), SERIES_BY_ID[series_id(series)], season)


def _usable(what: str, url: str, parsed: Parsed[T]) -> T:
    if parsed.value is None:
        why = parsed.problems[0] if parsed.problems else "unreadable"
        raise ArchiveError(f"{what}: garbage from {url}: {why}")
    return parsed.value


def import_race(archive: Archive, season: int, series: str, race: str) -> Imported:
    """Import one race (``race``: NASCAR's id, or part of the track or race name).

    Raises:
        CutlineError: bad series, no such race (or several), a required document missing, or a
            document that failed; the text names the document and its URL.
    """
    races = season_races(archive, season, series)
    key = SERIES_BY_ID[series_id(series)]
    entry = find_race(races, race, f"the {season} {series} season")
    notes: list[str] = []
    problems: list[str] = []

    def doc(name: str, parse: Callable[[Any], Parsed[T]], *, need: bool) -> T | None:
        path = doc_path(name, entry, season)
        what = f"{name} of race {entry.race_id}"
        try:
            raw = archive.get(what, path)
        except Missing as err:
            if need:
                raise ArchiveError(f"{err}: the race cannot be built without it") from None
            notes.append(f"{name}: not in NASCAR's archive")
            return None
        parsed = parse(raw)
        problems.extend(f"{name}: {p}" for p in parsed.problems)
        return _usable(what, archive.url(path), parsed)

    weekend = doc("weekend-feed.json", parse_weekend, need=True)
    laps = doc("lap-times.json", parse_lap_times, need=True)
    assert weekend is not None and laps is not None
    lap_notes = doc("lap-notes.json", parse_lap_notes, need=False) or ()
    pit_rows = doc("live-pit-data.json", parse_pits, need=False)
    live = doc("live_points.json", parse_live_points, need=False)
    stages = doc("live-stage-points.json", parse_stage_points, need=False)

    def earlier(
        name: str, parse: Callable[[Any], Parsed[T]]
    ) -> Callable[[RaceListEntry], T | None]:
        """Fetches ``name`` of an earlier race: None when the archive does not have it."""

        def fetch(other: RaceListEntry) -> T | None:
            path = doc_path(name, other, season)
            what = f"{name} of race {other.race_id}"
            try:
                return _usable(what, archive.url(path), parse(archive.get(what, path)))
            except Missing:
                return None

        return fetch

    weekends = earlier("weekend-feed.json", parse_weekend)
    live_of = earlier("live_points.json", parse_live_points)
    ctx = compute(
        series=key,
        season=season,
        entry=entry,
        races=races,
        weekend=weekend,
        laps=laps,
        live=live,
        weekends=weekends,
        live_of=live_of,
    )
    notes = [*ctx.notes, *notes]
    # The official distance; the lap times can run a lap past it (nascar-feeds.md, lap-quirks).
    last = max((r.laps or 0 for r in weekend.results), default=0) or max(
        (lap for c in laps.cars for lap, _ in c.positions), default=0
    )
    pits = real_stops(pit_rows, last) if pit_rows is not None else ()
    url = archive.url(doc_path("weekend-feed.json", entry, season))
    notes_url = archive.url(doc_path("lap-notes.json", entry, season))
    facts = convert.facts(weekend, laps, stages, pits, ctx)
    events = convert.events(weekend, lap_notes, last, url, notes_url)
    with tempfile.TemporaryDirectory(prefix="cutline-import-") as tmp:
        where = Path(tmp)
        (where / "race.json").write_bytes(msgspec.json.encode(facts))
        (where / "laps.csv").write_text(convert.laps_csv(laps), encoding="utf-8")
        (where / "events.json").write_bytes(msgspec.json.encode(events))
        try:
            inputs = read_inputs(where / "race.json", where / "laps.csv", where / "events.json")
            messages = assemble(inputs)
        except BadFacts as err:
            # The inputs are ours, made from the feeds: name the feeds, not the temporary files.
            text = str(err).replace(f"{where / 'laps.csv'}", "lap-times.json (as laps)")
            text = text.replace(f"{where / 'race.json'}", "weekend-feed.json (as race facts)")
            text = text.replace(f"{where / 'events.json'}", "infractions and lap notes")
            raise ArchiveError(f"race {entry.race_id}: cannot build a recording: {text}") from None
    if pits_inferred(inputs):
        notes.append("pit stops inferred from the lap times (no pit data)")
    repairs = [r.line() for r in inputs.repairs]
    return Imported(entry, messages, notes=notes, problems=problems, repairs=repairs)


def write_atomically(out: str | Path, imported: Imported, source: str) -> None:
    """Write the recording to a temporary file beside ``out``, then rename it to ``out``."""
    out = Path(out)
    try:
        with written_beside(out) as tmp:
            write_recording(tmp, imported.messages, source=source, repairs=tuple(imported.repairs))
    except (OSError, BadRecording) as err:
        why = err.strerror if isinstance(err, OSError) and err.strerror else "cannot write there"
        raise ArchiveError(f"{out}: {why}") from None
