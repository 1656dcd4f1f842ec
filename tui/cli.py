"""Provides the ``cutline`` entry point. Each subcommand lives in `tui.cmd`; Textual is imported
only by the commands that open the dashboard, so ``cutline --help`` starts fast.

Bad arguments or input files: one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from cutline.feed.model.errors import CutlineError
from cutline.tui.cmd.common import Handler

# One module per subcommand group, each with register(subparsers).
COMMAND_MODULES = (
    "cutline.tui.cmd.standings",
    "cutline.tui.cmd.replay",
    "cutline.tui.cmd.live",
    "cutline.tui.cmd.nascar",
    "cutline.tui.cmd.config",
    "cutline.tui.cmd.web",
    "cutline.tui.cmd.archive",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cutline",
        description="Live NASCAR timing against the playoff cut line.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


class _Version(argparse.Action):
    """``--version``, the package metadata read only when asked (it costs ``--help`` a lot)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help=str(kwargs.get("help", "")),
        )

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"cutline {_version()}")  # on stdout, as argparse's own version action does
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cutline")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        # No subcommand: play the bundled race.
        args = parser.parse_args(["replay"])
        handler = args.handler
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
