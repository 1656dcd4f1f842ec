"""Provides cutline's source for NASCAR's public live-timing feeds, and a mirror of them.

The plan, from the wire in: ``endpoints`` (the feeds' names and URL paths) and ``codes`` (the code
tables: flags, statuses, series, makes, name markers); ``lenient`` (the lenient-reading toolkit:
`decode_json`, the readers of one value, `Row`, `read_rows`) under the per-document parsers
``parse_live`` (the live feed), ``parse_events`` (flag history, pit data, stage points),
``parse_season`` (standings, live points, race list, weekend feed) and ``parse_archive`` (archive
feeds kept for the archive importer); ``shape`` / ``shapes`` (the documents' keys and types, and
the check against them); ``context`` (the championship context of a race), ``reader`` (each
document parsed once, each problem said once), ``header`` (the ``race`` message) and ``adapter``
(snapshots to cutline messages); ``poller`` (polite HTTP), ``live`` (`NascarFeed`, the `Source`),
``capture`` (the raw sidecar and its re-adaptation), ``canary`` (the check of every feed) and the
``mirror`` sub-package (a local HTTP server on NASCAR's paths, serving a recording lap by lap).
"""

from cutline.feed.sources.nascar.adapter import Adapter
from cutline.feed.sources.nascar.canary import report_lines, run_check
from cutline.feed.sources.nascar.capture import raw_path, readapt
from cutline.feed.sources.nascar.endpoints import DEFAULT_BASE_URL
from cutline.feed.sources.nascar.lenient import decode_json
from cutline.feed.sources.nascar.live import NascarFeed
from cutline.feed.sources.nascar.mirror import (
    Mirror,
    RecordingFrames,
    RecordingSource,
    StaticSource,
    open_source,
)
from cutline.feed.sources.nascar.parse_live import parse_live_feed
from cutline.feed.sources.nascar.poller import Poller

__all__ = [
    "DEFAULT_BASE_URL",
    "Adapter",
    "Mirror",
    "NascarFeed",
    "Poller",
    "RecordingFrames",
    "RecordingSource",
    "StaticSource",
    "decode_json",
    "open_source",
    "parse_live_feed",
    "raw_path",
    "readapt",
    "report_lines",
    "run_check",
]
