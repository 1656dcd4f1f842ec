"""Provides what every panel's view is made of: cells tagged with a role, and number formats.

A tag (``in``, ``out``, ``followed``...) names a role; the widgets turn it into a theme style.
"""

from __future__ import annotations

from typing import Literal

Tag = Literal[
    "", "in", "out", "locked", "followed", "favourite", "dim", "pen", "up", "down", "warn"
]
Cell = tuple[str, Tag]
FollowMode = Literal["bubble", "pinned", "leader"]


def seconds(value: float | None, *, sign: bool = False) -> str:
    if value is None:
        return ""
    return f"{value:+.3f}" if sign else f"{value:.3f}"


def gain(gained: int | None) -> Cell:
    """Places gained since the start, tagged up or down."""
    if gained is None or gained == 0:
        return ("" if gained is None else "0", "")
    return (f"{gained:+d}", "up" if gained > 0 else "down")
