"""Provides what the subcommands share: argument types and the warning printer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

Handler = Callable[[argparse.Namespace], int]


def on_terminal() -> bool:
    """Both ends are a terminal: the dashboard can run (else the commands print text)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def warn(text: str) -> None:
    """Print a warning on stderr (input that was survived, such as a skipped line)."""
    print(f"cutline: warning: {text}", file=sys.stderr)


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value}")
    return value
