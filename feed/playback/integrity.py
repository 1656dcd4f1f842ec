"""Provides `Integrity`: what reading a recording found wrong with it, so that a damaged file is
never folded into a shorter or different race in silence.

A recording is whole when its gzip stream (if any) ends properly, its last line ends with a
newline, and its ``seq`` rises by one per line (a snapshot may restart it: a recorder that met a
gap or a restarted server writes one). Anything else is a problem, reported once with its line
number (the first ``LISTED``; the rest are counted in the summary); `summary` says what the
race reaches: ``recording ends at lap 25 of 134: truncated``.
A damaged recording still plays up to the damage: readable, but incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cutline.feed.model.messages import FeedMessage, Lap, Race, Snapshot

# What each problem is called in the summary, in this order.
KINDS = ("truncated", "seq jumps", "out of order")
# Problems listed line by line; past them only counted: a shuffled file has one per line, and
# a long recording would otherwise put tens of thousands of lines on stderr (and in memory).
LISTED = 20


@dataclass
class Integrity:
    """The problems met while reading one recording, and how far its race got."""

    path: Path
    problems: list[str] = field(default_factory=list)
    # The problems that are only an end cut short, as a writer killed mid-line leaves a file
    # (a last line, or a gzip stream, cut short): such a file can be resumed after its last
    # whole line (`resume`); any other problem cannot.
    cuts: list[str] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    unlisted: int = 0  # problems past the first LISTED, counted only
    last_seq: int = 0
    lap: int = 0
    scheduled: int | None = None

    @property
    def complete(self) -> bool:
        return not self.problems

    def problem(self, lineno: int, kind: str, text: str) -> str:
        """Note one problem; its line (``file:line: text``), listed among the first ``LISTED``."""
        line = f"{self.path}:{lineno}: {text}"
        if len(self.problems) < LISTED:
            self.problems.append(line)
        else:
            self.unlisted += 1
        self.kinds.add(kind)
        return line

    def cut(self, lineno: int, text: str) -> str:
        """Note that the file ends cut short at ``lineno``; its line (``file:line: text``)."""
        line = self.problem(lineno, "truncated", text)
        self.cuts.append(line)
        return line

    def observe(self, lineno: int, msg: FeedMessage) -> str | None:
        """Take one message in file order; the problem its ``seq`` shows, if any."""
        found: str | None = None
        if isinstance(msg, Snapshot):
            # A snapshot restarts the count whatever its seq (a resync, a new feed).
            self.lap = msg.state.lap
            if msg.state.race is not None:
                self.scheduled = msg.state.race.scheduled_laps
        elif self.last_seq and msg.seq <= self.last_seq:
            found = self.problem(
                lineno, "out of order", f"seq {msg.seq} after {self.last_seq}: out of order"
            )
        elif self.last_seq and msg.seq != self.last_seq + 1:
            found = self.problem(
                lineno,
                "seq jumps",
                f"seq jumps from {self.last_seq} to {msg.seq}: "
                f"{msg.seq - self.last_seq - 1} messages missing",
            )
        if isinstance(msg, Race):
            self.scheduled = msg.scheduled_laps
        elif isinstance(msg, Lap):
            self.lap = max(self.lap, msg.lap)
        self.last_seq = max(self.last_seq, msg.seq) if found else msg.seq
        return found

    def summary(self) -> str | None:
        """One line for a damaged recording (None for a whole one): the lap its race reaches
        and what is wrong."""
        if self.complete:
            return None
        of = f" of {self.scheduled}" if self.scheduled else ""
        what = ", ".join(kind for kind in KINDS if kind in self.kinds)
        more = f" ({self.unlisted:,} more problems not listed)" if self.unlisted else ""
        return f"{self.path}: recording ends at lap {self.lap}{of}: {what}{more}"
