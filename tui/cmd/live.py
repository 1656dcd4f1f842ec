"""Provides ``cutline serve``, ``cutline watch`` and ``cutline record``: a feed over websockets.

Exit codes: 0 after a clean stop (SIGINT or SIGTERM), 1 when nothing answers at the feed's
address, 2 for bad input (arguments, files, a bad URL or token, a port in use). One line on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cutline.feed.model.errors import CutlineError, FeedUnavailable
from cutline.tui.cmd.common import config_option, on_terminal, port, positive_int, warn
from cutline.tui.cmd.replay import speed

if TYPE_CHECKING:
    from cutline.feed.model.messages import FeedMessage
    from cutline.feed.playback.recorder import Recorder
    from cutline.feed.streams.source import FeedStatus, Source
    from cutline.feed.transport.client import Client
    from cutline.feed.transport.server import FeedServer

TOKEN_ENV = "CUTLINE_TOKEN"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _serve_parser(sub)
    _watch_parser(sub)
    _record_parser(sub)


# ---------------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------------


def _token_option(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--token",
        default=os.environ.get(TOKEN_ENV) or None,
        help=f"{what} (default: ${TOKEN_ENV}; an option shows in the process list)",
    )


def _serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="publish a recording as a live feed over websockets",
        description="Play a recording at a chosen speed and publish it to any number of "
        "websocket clients (`cutline watch ws://HOST:PORT/`). Late joiners get a snapshot; "
        "reconnecting clients get what they missed. Stops cleanly on Ctrl-C or SIGTERM.",
    )
    p.add_argument("source", type=Path, metavar="FILE", help="a recording (.jsonl or .jsonl.gz)")
    p.add_argument(
        "--speed",
        type=speed,
        default=1.0,
        metavar="X",
        help="times real time, 0.25 to 100, or max (default 1: real time)",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=port, default=8765, help="TCP port (default 8765; 0: any)")
    _token_option(p, "token clients must present; required to bind beyond 127.0.0.1")
    p.add_argument(
        "--ring", type=positive_int, default=2048, help="messages kept for resuming clients"
    )
    p.set_defaults(handler=run_serve)


def _client_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "url",
        metavar="URL",
        help="the feed server, ws://HOST:PORT/, or the word nascar for NASCAR's own live feed",
    )
    _token_option(p, "token the server asks for")
    p.add_argument(
        "--wait",
        action="store_true",
        help="keep trying while nothing answers at URL (default: give up at once the first "
        "time; once connected, it always reconnects)",
    )


def _watch_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "watch",
        help="open the dashboard on a live feed: a cutline server (ws://) or NASCAR's (nascar)",
        description="Open the dashboard on a live feed. It reconnects forever and resumes "
        "where it left off.",
    )
    _client_options(p)
    p.add_argument("--record", type=Path, metavar="FILE", help="also record the feed to FILE")
    p.add_argument("--force", action="store_true", help="let --record replace an existing file")
    config_option(p)
    _nascar_options(p)
    p.set_defaults(handler=run_watch)


def _record_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "record",
        help="record a live feed (ws:// or nascar) to a file, without a UI",
        description="Append every message applied from a live feed to a recording, flushed "
        "per message: killed at any moment, the file replays up to its last complete line. "
        "Stops cleanly on Ctrl-C or SIGTERM.",
    )
    _client_options(p)
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="the recording to write"
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument(
        "--append",
        action="store_true",
        help="resume FILE, a recording of this feed cut short (the recorder killed): keep its "
        "whole lines, drop a last one cut short, go on from its last seq; refused (FILE left "
        "as it is) if it is not a recording, is damaged elsewhere, or the server now serves "
        "another feed. A .gz killed mid-write is rewritten (its whole lines into a temporary "
        "file, renamed over it): a cut gzip stream cannot be continued",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="print a line per message recorded")
    p.add_argument(
        "--follow",
        action="store_true",
        help="when the server restarts on another feed, go on in FILE.2.jsonl (else stop, exit 1)",
    )
    _nascar_options(p)
    p.set_defaults(handler=run_record)


def _nascar_options(p: argparse.ArgumentParser) -> None:
    from cutline.tui.cmd.nascar import add_source_arguments

    group = p.add_argument_group("with URL nascar")
    add_source_arguments(group)


# ---------------------------------------------------------------------------------------------
# Handlers
# ---------------------------------------------------------------------------------------------


def run_serve(args: argparse.Namespace) -> int:
    import asyncio

    from cutline.feed.transport.access import check_bind
    from cutline.feed.transport.server import FeedServer

    check_bind(args.host, args.token)  # before the recording is read: the cheaper refusal
    from cutline.feed.playback.player import Player

    player = Player.open(args.source, speed=args.speed, warn=warn)
    server = FeedServer(
        player, host=args.host, port=args.port, token=args.token, ring=args.ring, warn=warn
    )
    speed = "max speed" if args.speed is None else f"{args.speed:g}x"
    return asyncio.run(_serve(server, f"{args.source} at {speed}"))


async def _serve(server: FeedServer, what: str) -> int:
    import asyncio

    from cutline.tui.cmd.running import until_stopped

    await server.start()
    _say(f"serving {what} on {server.url} (Ctrl-C stops)")

    async def run() -> None:
        await server.finished()  # a source that crashed is a bug: let it show
        _say(f"replay ended at seq {server.state.seq}; serving the final state (Ctrl-C stops)")
        await asyncio.Event().wait()

    try:
        return await until_stopped(run)
    finally:
        await server.close()
        _say(f"stopped: {server.published} messages published")


def run_record(args: argparse.Namespace) -> int:
    import asyncio

    if args.append and (args.force or args.url == "nascar"):
        raise CutlineError(
            "--append resumes a recording of a ws:// feed: not with --force, nor for nascar"
        )
    if args.url == "nascar":
        from cutline.tui.cmd.nascar import record_nascar

        return record_nascar(args)
    from cutline.feed.playback.recorder import Recorder
    from cutline.feed.playback.resume import examine
    from cutline.feed.transport.access import redacted
    from cutline.feed.transport.client import Client

    resume = examine(args.output) if args.append else None
    if resume is not None:
        _say(f"resuming {resume.path} after seq {resume.state.seq} ({resume.messages} messages)")
    client = Client(
        args.url,
        token=args.token,
        retry_first=args.wait,
        on_status=_print_status,
        state=resume.state if resume else None,
        feed=resume.header.feed if resume else "",
    )
    recorder = Recorder(
        client,
        args.output,
        overwrite=args.force,
        label=redacted(args.url),
        follow=args.follow,
        say=_say,
        resume=resume,
        feed_id=lambda: client.feed,
    )
    return asyncio.run(_record(recorder, client, verbose=args.verbose))


async def _record(recorder: Recorder, client: Client, *, verbose: bool) -> int:
    def each(msg: FeedMessage) -> None:
        if verbose:
            print(f"seq {msg.seq} {type(msg).__name__.lower()}", file=sys.stderr, flush=True)

    code = await _until_stopped(recorder, each)
    if code != 0 and not recorder.written:
        return code
    _say(f"recorded {recorder.written} messages to {recorder.path} (last seq {recorder.last_seq})")
    _say_skipped(client.status)
    return code


def _say_skipped(status: FeedStatus) -> None:
    if status.errors:
        frames = "frame" if status.errors == 1 else "frames"
        _say(f"{status.errors} bad {frames} skipped; last: {status.last_error}")


def run_watch(args: argparse.Namespace) -> int:
    import asyncio

    from cutline.tui.cmd.running import print_ticker, until_stopped

    if args.url == "nascar":
        from cutline.tui.cmd.nascar import watch_nascar

        return watch_nascar(args)
    from cutline.feed.playback.recorder import Recorder
    from cutline.feed.streams.source import LiveFeed
    from cutline.feed.transport.access import redacted
    from cutline.feed.transport.client import Client

    dashboard = on_terminal()
    on_status = None if dashboard else _print_status
    client = Client(args.url, token=args.token, retry_first=args.wait, on_status=on_status)
    source: Source = client
    if args.record is not None:
        # Watching goes on through a restart: the recording moves on to FILE.2.jsonl.
        source = Recorder(
            client,
            args.record,
            overwrite=args.force,
            label=redacted(args.url),
            follow=True,
            say=None if dashboard else _say,
            feed_id=lambda: client.feed,
        )
    if dashboard:
        # The dashboard folds the feed and shows its status; `source` already records when
        # --record is given, so `record` is only the path to show.
        from cutline.tui.dashboard import run_live, watch_preferences

        prefs = watch_preferences(args.config, args.url)
        try:
            return int(
                run_live(LiveFeed(source, folded_by=client), record=args.record, prefs=prefs)
            )
        except FeedUnavailable as err:  # nothing answered before the first state
            print(f"cutline: error: {err}", file=sys.stderr)
            return 1
    # Off a terminal (piped, or under a test): one line per lap instead of the dashboard.
    code = asyncio.run(until_stopped(lambda: print_ticker(LiveFeed(source, folded_by=client))))
    _say_skipped(client.status)
    return code


async def _until_stopped(source: Source, each: Callable[[FeedMessage], None]) -> int:
    from cutline.tui.cmd.running import until_stopped

    async def run() -> None:
        async for msg in source.messages():
            each(msg)

    return await until_stopped(run)


def _print_status(status: FeedStatus) -> None:
    if status.mode != "failed":  # a failure is printed once, as the error on the way out
        _say(status.text)


def _say(text: str) -> None:
    print(f"cutline: {text}", file=sys.stderr, flush=True)
