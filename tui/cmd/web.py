"""Provides ``cutline web``: the dashboard in a browser, served by textual-serve.

``cutline web [FILE] [--speed X] [--from-lap N]`` serves a replay (the bundled race with no
FILE), ``cutline web ws://HOST:PORT/ [--wait]`` or ``cutline web nascar`` a live feed. Each
browser that opens the page gets its own dashboard, run as ``cutline replay`` or ``watch``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cutline.feed.model.errors import CutlineError
from cutline.tui.cmd.common import DASHBOARD_ENV, config_option, non_negative_int, port
from cutline.tui.cmd.live import TOKEN_ENV
from cutline.tui.cmd.replay import speed

if TYPE_CHECKING:
    from cutline.tui.web.server import WebDashboard

DEFAULT_PORT = 8000


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "web",
        help="serve the dashboard to a web browser (a replay or a live feed)",
        description="Serve the dashboard to web browsers: run this, then open the address it "
        "prints (http://127.0.0.1:8000/ by default) in a browser on this machine. Each page "
        "gets its own dashboard. Everything the page needs is served from here: no internet. "
        "To open it from another device, bind its address (--host 0.0.0.0) with a token and "
        "open http://THIS-MACHINE:PORT/?token=TOKEN.",
    )
    p.add_argument(
        "source",
        nargs="?",
        metavar="FILE|URL",
        help="a recording to replay (default: the bundled race), a feed server ws://HOST:PORT/, "
        "or nascar for NASCAR's live feed",
    )
    replay = p.add_argument_group("with a recording (as cutline replay)")
    replay.add_argument(
        "--speed",
        type=speed,
        default=argparse.SUPPRESS,
        metavar="X",
        help="times real time, 0.25 to 100, or max (default: the settings')",
    )
    replay.add_argument("--from-lap", type=non_negative_int, metavar="N", help="start at lap N")
    live = p.add_argument_group("with a live feed (as cutline watch)")
    live.add_argument("--wait", action="store_true", help="keep trying while nothing answers")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument(
        "--port", type=port, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT}; 0: any)"
    )
    p.add_argument(
        "--token",
        default=os.environ.get(TOKEN_ENV) or None,
        help=f"token a browser must present (?token=TOKEN); required to bind beyond 127.0.0.1 "
        f"(default: ${TOKEN_ENV})",
    )
    config_option(p)
    p.set_defaults(handler=run_web)


def dashboard_args(args: argparse.Namespace) -> list[str]:
    """The ``cutline`` arguments that open, for each browser, the dashboard asked for.

    Raises:
        CutlineError: the recording does not exist.
    """
    source: str | None = args.source
    config = ["--config", str(Path(args.config).resolve())] if args.config else []
    if source is not None and (source == "nascar" or source.startswith(("ws://", "wss://"))):
        return ["watch", source, *(["--wait"] if args.wait else []), *config]
    out = ["replay"]
    if source is not None:
        path = Path(source)
        if not path.is_file():
            raise CutlineError(f"{source}: no such recording")
        out.append(str(path.resolve()))
    if "speed" in args:
        out += ["--speed", "max" if args.speed is None else f"{args.speed:g}"]
    if args.from_lap is not None:
        out += ["--from-lap", str(args.from_lap)]
    return out + config


def run_web(args: argparse.Namespace) -> int:
    from cutline.feed.transport.access import check_bind

    check_bind(args.host, args.token)  # before anything else: the cheapest refusal
    from cutline.tui.web.server import WebDashboard

    argv = [sys.executable, "-m", "cutline.tui.cli", *dashboard_args(args)]
    # The served app has pipes, not a terminal: the variable tells it to open the dashboard.
    command = f"{DASHBOARD_ENV}=1 {shlex.join(argv)}"
    web = WebDashboard(command, host=args.host, port=args.port, token=args.token)
    import asyncio  # only once the command runs: `cutline --help` starts without it

    return asyncio.run(_serve(web))


async def _serve(web: WebDashboard) -> int:
    import asyncio

    from cutline.tui.cmd.running import until_stopped

    url = await web.start()
    ask = "?token=TOKEN" if web.token else ""
    _say(f"the dashboard is at {url}{ask}: open it in a web browser (Ctrl-C stops)")

    async def run() -> None:
        await asyncio.Event().wait()

    try:
        return await until_stopped(run)
    finally:
        await web.close()
        _say("stopped")


def _say(text: str) -> None:
    print(f"cutline: {text}", file=sys.stderr, flush=True)
