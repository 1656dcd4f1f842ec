"""Provides ``cutline import nascar SEASON SERIES [RACE] -o FILE``: any race of NASCAR's archive
to a recording, or the season's points races when no race is given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cutline.feed.model.errors import CutlineError
from cutline.tui.cmd.common import non_negative_int, positive_int, seconds, warn

DEFAULT_BASE_URL = "https://cf.nascar.com"  # = cutline.feed.sources.nascar.DEFAULT_BASE_URL
_BAR = 24


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import",
        help="import a past race from an archive (NASCAR's) as a recording",
        description="Import a past race as a cutline recording.",
    )
    isub = p.add_subparsers(dest="import_source", metavar="SOURCE")
    p.set_defaults(handler=lambda args: _help(p))
    n = isub.add_parser(
        "nascar",
        help="a race of NASCAR's public archive (2017 on)",
        description="Import a race of NASCAR's public archive: every lap's running order and "
        "times, flags, pit stops, stages, penalties, the result and the playoff context. With "
        "no RACE, list the season's points races. Downloads are cached (--refresh to re-fetch).",
        epilog="example: cutline import nascar 2021 cup 5087 -o phoenix-2021.jsonl.gz",
    )
    n.add_argument("season", type=positive_int, metavar="SEASON", help="the year, e.g. 2021")
    n.add_argument("series", metavar="SERIES", help="cup, xfinity (also oreilly) or truck")
    n.add_argument(
        "race",
        nargs="?",
        metavar="RACE",
        help="NASCAR's race id, or part of the track or race name (any case)",
    )
    n.add_argument("-o", "--output", type=Path, metavar="FILE", help="the recording to write")
    n.add_argument(
        "--base-url",
        default=DEFAULT_BASE_URL,
        metavar="URL",
        help=f"where NASCAR's archive is (default {DEFAULT_BASE_URL}; a mirror for testing)",
    )
    n.add_argument("--refresh", action="store_true", help="fetch again what is cached")
    n.add_argument("--cache-dir", type=Path, metavar="DIR", help="where downloads are kept")
    n.add_argument(
        "--timeout", type=seconds, default=30.0, metavar="S", help="per request (default 30)"
    )
    n.add_argument(
        "--retries",
        type=non_negative_int,
        default=2,
        metavar="N",
        help="retries of a failed request, after 10 s then 20 s (default 2)",
    )
    n.set_defaults(handler=import_nascar)


def _help(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return 2


class _Progress:
    """One line per document off a terminal; a bar redrawn in place on one."""

    def __init__(self, expected: int) -> None:
        self.done = 0
        self.expected = expected
        self.tty = sys.stderr.isatty()

    def __call__(self, what: str, url: str, how: str) -> None:
        self.done += 1
        self.expected = max(self.expected, self.done)
        if not self.tty:
            print(f"cutline: {how} {what} ({url})", file=sys.stderr, flush=True)
            return
        filled = _BAR * self.done // self.expected
        bar = "#" * filled + "-" * (_BAR - filled)
        line = f"[{bar}] {self.done}/{self.expected} {how} {what}"
        print(f"\r{line[:100]:<100}", end="", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.tty and self.done:
            print(file=sys.stderr)


def import_nascar(args: argparse.Namespace) -> int:
    from cutline.feed.sources.nascar.archive import (
        Archive,
        cache_root,
        import_race,
        list_season,
        write_atomically,
    )

    if args.race is not None and args.output is None:
        raise CutlineError("import nascar: -o FILE is required to import a race")
    if args.output is not None and not args.output.resolve().parent.is_dir():
        raise CutlineError(f"{args.output}: no such directory")
    progress = _Progress(1 if args.race is None else 7)
    archive = Archive(
        args.base_url,
        cache_dir=args.cache_dir or cache_root(),
        refresh=args.refresh,
        timeout=args.timeout,
        retries=args.retries,
        progress=progress,
    )
    try:
        if args.race is None:
            lines = list_season(archive, args.season, args.series)
            progress.end()
            print(f"{'id':>6}  {'date':<10}  {'track':<40}  round")
            print("\n".join(lines))
            return 0
        imported = import_race(archive, args.season, args.series, args.race)
    finally:
        progress.end()
    entry = imported.entry
    source = (
        f"cutline import nascar {args.season} {args.series} {entry.race_id} from "
        f"{args.base_url}; " + "; ".join(imported.notes)
    )
    write_atomically(args.output, imported, source)
    for note in imported.notes:
        print(f"cutline: {note}", file=sys.stderr)
    for repair in imported.repairs:
        warn(f"lap-times.json: {repair}")
    if imported.problems:
        warn(f"{len(imported.problems)} feed problem(s) survived, first: {imported.problems[0]}")
    print(
        f"cutline: imported race {entry.race_id} ({entry.name}, {entry.track}, "
        f"{entry.date[:10]}): {len(imported.messages)} messages to {args.output}",
        file=sys.stderr,
    )
    return 0
