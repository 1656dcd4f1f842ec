"""Provides the playback floor: recordings on disk, and playing them back as a live feed.

`recording` reads and writes the recording format (`integrity`: what a damaged one lacks);
`recorder` writes a live feed to one as it comes (`resume`: going on with one cut short);
`keyframes` indexes a recording so a seek folds about one lap; `player` plays it paced by race
time, with speed, pause and seek; `frames` folds the views over a feed; `timeline` finds the
events a player can jump to (cautions, restarts, pit cycles, cut-line changes and the rest).

Its names load on first use (PEP 562): reading a recording (`cutline standings`) does not
import the player's asyncio.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cutline.feed.playback.integrity import Integrity
    from cutline.feed.playback.keyframes import Keyframes
    from cutline.feed.playback.player import (
        MAX_SPEED,
        MIN_SPEED,
        SPEEDS,
        Player,
        clamp_speed,
        speed_text,
    )
    from cutline.feed.playback.recorder import Recorder
    from cutline.feed.playback.recording import (
        Header,
        Writer,
        iter_messages,
        read_header,
        read_messages,
        write_recording,
    )
    from cutline.feed.playback.timeline import KINDS, Event, timeline

__all__ = [
    "KINDS",
    "MAX_SPEED",
    "MIN_SPEED",
    "SPEEDS",
    "Event",
    "Header",
    "Integrity",
    "Keyframes",
    "Player",
    "Recorder",
    "Writer",
    "clamp_speed",
    "iter_messages",
    "read_header",
    "read_messages",
    "speed_text",
    "timeline",
    "write_recording",
]

_HOME = {
    "Integrity": "integrity",
    "Keyframes": "keyframes",
    **dict.fromkeys(
        ("MAX_SPEED", "MIN_SPEED", "SPEEDS", "Player", "clamp_speed", "speed_text"), "player"
    ),  # fmt: skip
    "Recorder": "recorder",
    **dict.fromkeys(
        ("Header", "Writer", "iter_messages", "read_header", "read_messages", "write_recording"),
        "recording",
    ),  # fmt: skip
    **dict.fromkeys(("KINDS", "Event", "timeline"), "timeline"),
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
