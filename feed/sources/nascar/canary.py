"""Provides the canary: fetch each NASCAR feed once, run it through the parsers and the shapes,
and say what parsed, what was missing and what was unexpected.

It is the first thing to run when the upstream feed changes: a renamed key, a number turned
string, a new flag code or a new path shows here before it shows as a wrong cut line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar import shapes
from cutline.feed.sources.nascar.context import this_race
from cutline.feed.sources.nascar.header import season_of
from cutline.feed.sources.nascar.lenient import Parsed
from cutline.feed.sources.nascar.parse_events import (
    parse_flags,
    parse_pits,
    parse_stage_points,
    real_stops,
)
from cutline.feed.sources.nascar.parse_live import LiveFrame, parse_live_feed
from cutline.feed.sources.nascar.parse_season import (
    parse_live_points,
    parse_race_list,
    parse_standings,
    parse_weekend,
)
from cutline.feed.sources.nascar.poller import Poller
from cutline.feed.sources.nascar.shape import Shape, ShapeReport


def shape_reports(name: str, doc: Any) -> dict[str, ShapeReport]:
    """Check every object of a document against its shape, by shape name."""
    reports: dict[str, ShapeReport] = {}

    def check(shape: Shape, obj: object) -> None:
        reports.setdefault(shape.name, ShapeReport()).check(shape, obj)

    def each(shape: Shape, items: object) -> list[Any]:
        rows = items if isinstance(items, list) else []
        for item in rows:
            check(shape, item)
        return [r for r in rows if isinstance(r, dict)]

    base = name.partition(":")[0]
    if base == ep.LIVE and isinstance(doc, dict):
        check(shapes.LIVE_FEED, doc)
        if isinstance(doc.get("stage"), dict):
            check(shapes.STAGE, doc["stage"])
        for v in each(shapes.VEHICLE, doc.get("vehicles")):
            check(shapes.DRIVER, v.get("driver"))
            each(shapes.LAPS_LED, v.get("laps_led"))
            each(shapes.VEHICLE_PIT_STOP, v.get("pit_stops"))
    elif base == ep.FLAGS:
        each(shapes.FLAG_EVENT, doc.get("FlagStates") if isinstance(doc, dict) else doc)
    elif base == ep.PITS:
        each(shapes.PIT_ROW, doc)
    elif base == ep.STAGES:
        for stage in each(shapes.STAGE_POINTS, doc):
            each(shapes.STAGE_POINTS_ROW, stage.get("results"))
    elif base == ep.LIVE_POINTS:
        each(shapes.LIVE_POINTS_ROW, doc)
    elif base == ep.STANDINGS:
        each(shapes.STANDINGS_ROW, doc)
    elif base == ep.RACES and isinstance(doc, dict):
        for items in doc.values():
            each(shapes.RACE_LIST_ENTRY, items)
    elif base == ep.WEEKEND and isinstance(doc, dict):
        check(shapes.WEEKEND_FEED, doc)
        for race in each(shapes.WEEKEND_RACE, doc.get("weekend_race")):
            each(shapes.WEEKEND_RESULT, race.get("results"))
    return reports


@dataclass
class Check:
    """One feed's result."""

    name: str
    url: str
    fetched: bool
    required: bool
    error: str = ""
    status: int | None = None  # HTTP status; None when no answer came
    summary: str = ""
    problems: tuple[str, ...] = ()
    missing: list[str] = field(default_factory=list)  # "shape: key (n of m)"
    unexpected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        if not self.fetched:
            return not self.required
        return not self.problems and not self.unexpected and not self.error


def _shape_lines(reports: dict[str, ShapeReport]) -> tuple[list[str], list[str]]:
    missing: list[str] = []
    unexpected: list[str] = []
    for shape, rep in reports.items():
        for key, n in rep.missing.items():
            missing.append(f"{shape}: {key} ({n} of {rep.objects})")
        for key, n in rep.unexpected.items():
            unexpected.append(f"{shape}: new key {key!r} ({n} of {rep.objects})")
        for key, kinds in rep.odd_kinds.items():
            unexpected.append(f"{shape}: {key} is {'/'.join(sorted(kinds))}")
    return missing, unexpected


def _summary(name: str, value: Any, frame: LiveFrame | None) -> str:
    base = name.partition(":")[0]
    if value is None:
        return "unusable"
    if base == ep.LIVE:
        f: LiveFrame = value
        laps = f"lap {f.lap}" + (f"/{f.laps_in_race}" if f.run_type == 3 else "")
        return (
            f"{f.run_name} at {f.track_name} (series {f.series_id}, race {f.race_id}, "
            f"run type {f.run_type}): {laps}, flag {f.flag} ({f.flag_text}), "
            f"{len(f.vehicles)} vehicles"
        )
    if base == ep.PITS:
        final = frame.laps_in_race if frame is not None and frame.run_type == 3 else None
        kept = real_stops(value, final)
        return f"{len(value)} rows, {len(kept)} pit stops (pre-race and post-race rows dropped)"
    if base == ep.RACES:
        found = frame is not None and this_race(frame, value) is not None
        return f"{len(value)} races" + ("; this race is listed" if found else "")
    if base == ep.WEEKEND:
        return f"race {value.race_id}: {len(value.results)} results"
    if isinstance(value, tuple):
        return f"{len(value)} rows"
    return "parsed"


_PARSERS: dict[str, Callable[[Any], Parsed[Any]]] = {
    ep.LIVE: parse_live_feed,
    ep.FLAGS: parse_flags,
    ep.PITS: parse_pits,
    ep.STAGES: parse_stage_points,
    ep.LIVE_POINTS: parse_live_points,
    ep.STANDINGS: parse_standings,
    ep.RACES: parse_race_list,
    ep.WEEKEND: parse_weekend,
}


def check_doc(name: str, url: str, doc: Any, frame: LiveFrame | None, required: bool) -> Check:
    """Parse and shape-check one fetched document."""
    parsed = _PARSERS[name.partition(":")[0]](doc)
    missing, unexpected = _shape_lines(shape_reports(name, doc))
    return Check(
        name=name,
        url=url,
        fetched=True,
        required=required,
        summary=_summary(name, parsed.value, frame),
        problems=parsed.problems,
        missing=missing,
        unexpected=unexpected,
        error="" if parsed.value is not None else "; ".join(parsed.problems[-1:]),
        status=200,
    )


async def run_check(poller: Poller, *, year: int) -> list[Check]:
    """Fetch each feed once (one request at a time) and check it; only the live feed when it
    got no answer at all (each other request would wait out the same deadline).

    Args:
        poller: the poller to fetch with (its base URL says where).
        year: the season to ask the season feeds for when the live feed does not say.
    """
    checks: list[Check] = []
    frame: LiveFrame | None = None

    async def one(name: str, required: bool, **ids: int) -> Any:
        fetch = await poller.fetch(name, **ids)
        if fetch.outcome == "error":
            checks.append(
                Check(name, fetch.url, False, required, error=fetch.error, status=fetch.status)
            )
            return None
        checks.append(check_doc(name, fetch.url, fetch.doc, frame, required))
        return fetch.doc

    doc = await one(ep.LIVE, True)
    if checks[0].status is None and not checks[0].fetched:
        # No answer at all (nothing listening, the deadline, a cap): the next requests go to
        # the same host and would each wait out the deadline too, for a report nobody reads.
        return checks
    if doc is not None:
        frame = parse_live_feed(doc).value
    series = frame.series_id if frame else 0
    race_id = frame.race_id if frame else 0
    season = season_of(frame, year) if frame else year
    await one(ep.FLAGS, True)
    if frame is not None:
        await one(ep.PITS, frame.run_type == 3, series=series, race_id=race_id)
    await one(ep.STAGES, False)
    await one(ep.LIVE_POINTS, False)
    await one(ep.RACES, False, year=season)
    if frame is not None:
        await one(ep.STANDINGS, False, year=season, series=series)
        await one(ep.weekend(race_id), False, year=season, series=series)
    return checks


def report_lines(checks: list[Check], *, limit: int = 8) -> list[str]:
    """The canary's report as text lines."""
    lines: list[str] = []
    for c in checks:
        mark = "ok  " if c.ok and c.fetched else ("--  " if c.ok else "FAIL")
        lines.append(f"{mark} {c.name}: {c.url}")
        if not c.fetched:
            why = "required" if c.required else "optional: normal outside its session"
            lines.append(f"       not fetched ({why}): {c.error}")
            continue
        lines.append(f"       parsed: {c.summary}")
        for label, items in (
            ("problems", list(c.problems)),
            ("missing", c.missing),
            ("unexpected", c.unexpected),
        ):
            if items:
                shown = items[:limit]
                more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
                lines.append(f"       {label}: " + "; ".join(shown) + more)
    return lines
