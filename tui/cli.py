"""Provides the ``cutline`` command line. Textual is imported only by the commands that open
the dashboard, so ``cutline --help`` and the text commands start fast.

Bad arguments or input files: one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from feed.errors import CutlineError

Handler = Callable[[argparse.Namespace], int]


def _standings(args: argparse.Namespace) -> int:
    from feed.messages import Lap, RaceState
    from feed.recording import iter_messages
    from feed.report import board_json, board_text
    from feed.standings import standings
    from feed.state import apply

    state = RaceState()
    for msg in iter_messages(args.file, warn=_warn):
        if args.at_lap is not None and isinstance(msg, Lap) and msg.lap > args.at_lap:
            break
        state = apply(state, msg)
    board = standings(state)
    if args.json:
        print(json.dumps(board_json(state, board), indent=2))
    else:
        print(board_text(state, board))
    return 0


def _warn(text: str) -> None:
    print(f"cutline: warning: {text}", file=sys.stderr)


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cutline",
        description="Live NASCAR timing against the playoff cut line.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "standings",
        help="fold a recording and print the cut-line table",
        description="Fold a recording and print the cut line: who is in, who is out, by how much.",
    )
    p.add_argument("file", type=Path, help="a cutline recording (.jsonl or .jsonl.gz)")
    p.add_argument("--at-lap", type=_non_negative_int, metavar="N", help="stop after lap N")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=_standings)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return handler(args)
    except CutlineError as err:
        print(f"cutline: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
