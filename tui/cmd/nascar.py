"""Provides ``cutline nascar check|mirror`` and the NASCAR halves of ``record`` and ``watch``.

``cutline record nascar`` and ``cutline watch nascar`` belong to the ``record``/``watch``
commands (`cutline.tui.cmd.live`, which also take websocket URLs); when their target is the word
``nascar`` they hand the parsed arguments to `record_nascar` / `watch_nascar`, after
`add_source_arguments` has added the NASCAR options to their parsers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cutline.feed.model.errors import CutlineError
from cutline.feed.rules import SERIES
from cutline.tui.cmd.common import on_terminal, port, seconds, warn

DEFAULT_BASE_URL = (
    "https://cf.nascar.com"  # = cutline.feed.sources.nascar.endpoints.DEFAULT_BASE_URL
)


def _also(text: str) -> tuple[str, str]:
    name, sep, path = text.partition("=")
    if not sep or not name or not path:
        raise argparse.ArgumentTypeError(f"expected NAME=FILE (flags=..., pits=...): {text!r}")
    return name, path


def add_source_arguments(p: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """The options of a NASCAR live source, for ``record nascar`` and ``watch nascar``."""
    p.add_argument(
        "--base-url",
        default=DEFAULT_BASE_URL,
        metavar="URL",
        help=f"where NASCAR's feeds are (default {DEFAULT_BASE_URL}; a mirror for testing)",
    )
    p.add_argument(
        "--series",
        choices=SERIES,
        help="follow only sessions of this series (default: whatever is on track)",
    )
    p.add_argument(
        "--interval",
        type=seconds,
        default=5.0,
        metavar="S",
        help="seconds between polls while live (default 5, never under 3)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "nascar",
        help="NASCAR's own timing feed: check it, or mirror a recording on its paths",
        description="Tools for NASCAR's public live-timing feed (cf.nascar.com).",
    )
    nsub = p.add_subparsers(dest="nascar_command", metavar="COMMAND")
    p.set_defaults(handler=lambda args: _help(p))

    c = nsub.add_parser(
        "check",
        help="fetch each feed once and say what parsed, what is missing, what is unexpected",
        description="The canary: fetch each NASCAR feed once and run it through the parsers. "
        "Exit 0 when everything fetched parsed as expected, 1 when something did not (or "
        "nothing answers at the base URL).",
    )
    c.add_argument("--base-url", default=DEFAULT_BASE_URL, metavar="URL")
    c.add_argument("--year", type=int, help="season for the season feeds (default: this year)")
    c.set_defaults(handler=check)

    m = nsub.add_parser(
        "mirror",
        help="serve a recording (or a captured frame) over HTTP on NASCAR's paths",
        description="Serve SOURCE on NASCAR's feed paths: a cutline recording one frame per "
        "lap, a raw capture (*.raw.jsonl.gz) as captured, or a captured live-feed JSON frame.",
    )
    m.add_argument("source", type=Path, help="recording, raw capture or live-feed JSON")
    m.add_argument("--port", type=port, default=8080, help="port (default 8080; 0: any free)")
    m.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    m.add_argument("--speed", type=seconds, default=1.0, metavar="X", help="race time speed")
    m.add_argument(
        "--also",
        type=_also,
        action="append",
        default=[],
        metavar="NAME=FILE",
        help="with a JSON frame: also serve flags=FILE, pits=FILE, stages=FILE",
    )
    m.set_defaults(handler=mirror)


def _help(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 0


def _interval(args: argparse.Namespace) -> float:
    interval: float = getattr(args, "interval", 5.0)
    if interval < 3.0:
        warn(f"--interval {interval:g} s is under the 3 s floor: polling every 3 s")
    return interval


def _feed(args: argparse.Namespace, *, raw: Path | None, recorder: bool) -> Any:
    from cutline.feed.sources.nascar.live import NascarFeed

    return NascarFeed(
        base_url=args.base_url,
        series=getattr(args, "series", None),
        interval=_interval(args),
        raw_path=raw,
        stop_when_over=recorder,
        fail_fast=recorder,
        on_notice=warn if recorder else None,
    )


def record_nascar(args: argparse.Namespace) -> int:
    """``cutline record nascar -o FILE [--base-url URL] [--series S] [--interval S]``.

    Polls until the feed shows the session over (or Ctrl-C / SIGTERM), writing each message to
    FILE (a cutline recording, playable by ``cutline replay``) and each changed raw snapshot to
    the sidecar (`cutline.feed.sources.nascar.capture.raw_path`), which `readapt` can run through a
    better adapter. Exit 0 when stopped cleanly; 1, with one line, when nothing answers at the
    base URL on the first try (a 403, "not live yet", is waited out instead).
    """
    import asyncio

    from cutline.feed.playback.recording import Writer
    from cutline.feed.sources.nascar.capture import raw_path
    from cutline.tui.cmd.running import until_stopped

    out: Path = args.output
    if out.exists() and not getattr(args, "force", False):
        raise CutlineError(f"{out}: already exists; give another name or --force")
    raw = raw_path(out)
    source = f"nascar live feed {args.base_url}; raw snapshots: {raw.name}"
    count = 0

    async def record() -> None:
        nonlocal count
        feed = _feed(args, raw=raw, recorder=True)
        try:
            with Writer(out, source=source) as writer:
                async for msg in feed.messages():
                    writer.write(msg)
                    count += 1
        finally:
            await feed.close()

    code = asyncio.run(until_stopped(record))
    if code != 0:
        return code
    print(f"cutline: recorded {count} messages to {out} (raw snapshots: {raw})", file=sys.stderr)
    return 0


def watch_nascar(args: argparse.Namespace) -> int:
    """``cutline watch nascar [--series S] [--base-url URL] [--interval S] [--record FILE]``.

    Opens the dashboard on whatever session NASCAR's live feed shows, the cut line live. A
    finished session is shown as it is, the status saying it is over. Off a terminal, a text
    ticker (one line per lap, the flags and stages) stands in for it.
    """
    import asyncio

    from cutline.feed.sources.nascar.capture import raw_path
    from cutline.feed.streams.source import LiveFeed
    from cutline.tui.cmd.running import print_ticker, until_stopped

    record: Path | None = getattr(args, "record", None)
    dashboard = on_terminal()
    feed = _feed(args, raw=raw_path(record) if record else None, recorder=False)
    if not dashboard:
        feed.on_notice = warn  # no status bar: the notices go to stderr
    source: Any = feed
    if record is not None:
        from cutline.feed.playback.recorder import Recorder

        overwrite = bool(getattr(args, "force", False))
        source = Recorder(feed, record, overwrite=overwrite, label=f"nascar {args.base_url}")
    if dashboard:
        from cutline.tui.dashboard import run_live, watch_preferences

        prefs = watch_preferences(getattr(args, "config", None), "nascar")
        return int(run_live(LiveFeed(source), record=record, prefs=prefs))
    return asyncio.run(until_stopped(lambda: print_ticker(LiveFeed(source))))


def check(args: argparse.Namespace) -> int:
    """``cutline nascar check [--base-url URL] [--year Y]``: the canary."""
    import asyncio
    import datetime

    from cutline.feed.model.errors import FeedUnavailable
    from cutline.feed.sources.nascar.canary import report_lines, run_check
    from cutline.feed.sources.nascar.poller import Poller

    year = args.year or datetime.datetime.now(datetime.UTC).year

    async def run() -> list[Any]:
        poller = Poller(base_url=args.base_url)
        try:
            return await run_check(poller, year=year)
        finally:
            await poller.close()

    checks = asyncio.run(run())
    live = checks[0]
    if not live.fetched and live.status is None:  # no answer at all: one line, not a report
        print(f"cutline: error: {FeedUnavailable(live.error)}", file=sys.stderr)
        return 1
    for line in report_lines(checks):
        print(line)
    return 0 if all(c.ok for c in checks) else 1


def mirror(args: argparse.Namespace) -> int:
    """``cutline nascar mirror SOURCE [--port P] [--speed X]``: serve until interrupted."""
    import asyncio

    from cutline.feed.sources.nascar.mirror import Mirror, open_source
    from cutline.tui.cmd.running import until_stopped

    source = open_source(args.source, also=dict(args.also))

    async def run() -> None:
        server = Mirror(source, speed=args.speed, host=args.host, port=args.port)
        try:
            await server.start()
        except OSError as err:
            raise CutlineError(f"cannot listen on {args.host}:{args.port}: {err}") from err
        print(
            f"serving {source.describe()} at {server.base_url} (speed {args.speed:g}x); "
            f"try: cutline watch nascar --base-url {server.base_url}",
            flush=True,
        )
        try:
            await server.serve_forever()
        finally:
            await server.close()

    # SIGINT or SIGTERM: the server closes and the command exits 0, as `serve` does.
    return asyncio.run(until_stopped(run))
