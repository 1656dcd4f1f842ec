"""Provides the playback floor: recordings on disk, and playing them back as a live feed.

`recording` reads and writes the recording format (`integrity`: what a damaged one lacks);
`recorder` writes a live feed to one as it comes; `keyframes` indexes a recording so a seek
folds about one lap; `player` plays it paced by race time, with speed, pause and seek;
`timeline` finds the events a player can jump to (cautions, restarts, pit cycles, cut-line
changes and the rest).
"""

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
