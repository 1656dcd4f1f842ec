"""Provides what the subcommands share: argument types and the warning printer."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Handler = Callable[[argparse.Namespace], int]
N = TypeVar("N", int, float)


DASHBOARD_ENV = "CUTLINE_DASHBOARD"  # "1": open the dashboard on pipes (`cutline web` serving it)


def on_terminal() -> bool:
    """Both ends are a terminal: the dashboard can run (else the commands print text).

    textual-serve runs the dashboard on pipes, its driver speaking to the browser: ``cutline
    web`` sets `DASHBOARD_ENV` for it.
    """
    if os.environ.get(DASHBOARD_ENV) == "1":
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def warn(text: str) -> None:
    """Print a warning on stderr (input that was survived, such as a skipped line)."""
    print(f"cutline: warning: {text}", file=sys.stderr)


def checked(
    kind: Callable[[str], N], what: str, ok: Callable[[N], bool], rule: str
) -> Callable[[str], N]:
    """An argparse type: ``kind(text)``, refused with "not {what}" or "{rule}: value"."""

    def parse(text: str) -> N:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if not ok(value):
            raise argparse.ArgumentTypeError(f"{rule}: {value:g}")
        return value

    return parse


non_negative_int = checked(int, "a whole number", lambda n: n >= 0, "must be 0 or more")
positive_int = checked(int, "a whole number", lambda n: n >= 1, "must be 1 or more")
port = checked(
    int, "a port number", lambda n: 0 <= n <= 65535, "a port is 0..65535 (0: any free port)"
)
seconds = checked(float, "a number of seconds", lambda x: x > 0, "must be more than 0")


def config_option(p: argparse.ArgumentParser) -> None:
    """``--config FILE``: the settings file (`cutline.tui.settings`)."""
    p.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the settings file (default: $CUTLINE_CONFIG, else settings.toml in the user "
        "config directory; `cutline config` prints it)",
    )
