"""Provides ``cutline replay`` (play a recording in the dashboard, or as a text ticker when the
output is not a terminal or with ``--text``; the bundled race by default) and
``cutline build-replay`` (turn a race's facts, laps and events into a recording)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cutline.tui.cmd.common import config_option, non_negative_int, on_terminal, warn

if TYPE_CHECKING:
    pass

DEFAULT_SPEED = 10.0  # a lap every ~3.5 s on a 1.5-mile oval


def speed(text: str) -> float | None:
    """A replay speed: 0.25 to 100, or "max" (as fast as possible)."""
    if text.strip().lower() == "max":
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a speed: {text!r} (0.25 to 100, or max)") from None
    if not 0.25 <= value <= 100:
        raise argparse.ArgumentTypeError(f"speed must be 0.25 to 100, or max: {text}")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "replay",
        help="play a recording (the bundled race by default)",
        description="Play a recording lap by lap: leader, flag and the cut line. "
        "With no FILE, the bundled 2023 Truck Series race at Homestead-Miami.",
    )
    p.add_argument("file", nargs="?", type=Path, help="a cutline recording (.jsonl or .jsonl.gz)")
    p.add_argument(
        "--speed",
        type=speed,
        default=argparse.SUPPRESS,  # absent: the settings' speed
        metavar="X",
        help="times real time, 0.25 to 100, or max (default: the settings' replay speed, "
        f"{DEFAULT_SPEED:g} unless set)",
    )
    p.add_argument("--from-lap", type=non_negative_int, metavar="N", help="start at lap N")
    config_option(p)
    p.add_argument(
        "--text",
        action="store_true",
        help="print a text ticker instead of opening the dashboard (the default off a terminal)",
    )
    p.set_defaults(handler=run_replay)

    b = sub.add_parser(
        "build-replay",
        help="build a recording from real race data",
        description="Turn a race's facts (JSON), its laps (CSV) and an events file (JSON) into "
        "a recording. Pit stops come from the facts' pit data when they have any, else they are "
        "inferred from the laps.",
    )
    b.add_argument("race", type=Path, metavar="RACE.json", help="the race facts")
    b.add_argument("--laps", type=Path, required=True, metavar="LAPS.csv", help="every lap")
    b.add_argument("--events", type=Path, metavar="EVENTS.json", help="penalties, incidents, tyres")
    b.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="recording")
    b.add_argument("--force", action="store_true", help="replace FILE if it exists")
    b.add_argument(
        "--pits",
        choices=("auto", "data", "infer"),
        default="auto",
        help="pit stops from the facts' pit data, inferred from the laps, or data when present",
    )
    b.set_defaults(handler=run_build)


def run_replay(args: argparse.Namespace) -> int:
    import asyncio

    import cutline.replays as replays
    from cutline.feed.playback.player import Player
    from cutline.feed.playback.recording import read_header
    from cutline.tui.cmd.running import print_ticker
    from cutline.tui.settings import Preferences, config_path

    prefs = Preferences(config_path(args.config))
    if prefs.problem:
        warn(prefs.problem)
    path = args.file if args.file is not None else replays.path()
    chosen = args.speed if "speed" in args else prefs.settings.replay_speed
    player = Player.open(path, warn=warn, speed=chosen)
    if args.from_lap is not None:
        player.seek_lap(args.from_lap)
    # A recording built from mended data says so (`cutline.feed.builder.repairs`).
    notice = read_header(path).repaired
    if not getattr(args, "text", False) and on_terminal():
        from cutline.tui.dashboard import run_replay as dashboard

        return dashboard(player, prefs, notice=notice)
    if notice:
        print(f"note: {notice}")
    asyncio.run(print_ticker(player, seen=player.state.seq))
    return 0


def run_build(args: argparse.Namespace) -> int:
    from cutline.feed.builder.build import build_file
    from cutline.feed.model.errors import BadRecording
    from cutline.feed.model.messages import Lap, Pit
    from cutline.feed.playback.integrity import Integrity
    from cutline.feed.playback.recording import read_messages, written_beside

    where = str(args.output)
    if args.output.exists() and not args.force:
        raise BadRecording(f"{args.output}: already exists; give another name or --force")
    # Built beside -o and renamed over it once it reads back as `standings` reads it: a
    # recording it would refuse is never left as built, nor put in place of one that reads.
    with written_beside(args.output) as part:
        messages = build_file(part, args.race, args.laps, args.events, pits=args.pits, warn=warn)
        integrity = Integrity(part)
        try:
            again = read_messages(part, integrity=integrity)
        except BadRecording as err:
            raise BadRecording(
                f"built a recording that does not read back: {err}".replace(str(part), where)
            ) from err
        if again != messages or not integrity.complete:
            raise BadRecording(
                f"{where}: built a recording that does not read back whole: "
                f"{(integrity.summary() or 'the messages differ').replace(str(part), where)}"
            )
    laps = max((m.lap for m in messages if isinstance(m, Lap)), default=0)
    pits = [m for m in messages if isinstance(m, Pit) and m.phase == "in"]
    how = "inferred" if any(p.inferred for p in pits) else "from the pit data"
    print(f"wrote {args.output}: {len(messages)} messages, {laps} laps, {len(pits)} stops ({how})")
    return 0
