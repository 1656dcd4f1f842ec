"""Provides the race control log's view: the state's log and the cut-line changes, in order."""

from __future__ import annotations

from dataclasses import dataclass, field

from cutline.feed.model.messages import RaceState
from cutline.feed.views.history import History
from cutline.feed.views.strategy import StoryLine

LOG_KINDS: tuple[str, ...] = (
    "all",
    "pit",
    "penalty",
    "incident",
    "flag",
    "stage",
    "lead",
    "cut",
    "strategy",
    "result",
)


@dataclass(frozen=True, order=True)
class LogLine:
    seq: int
    order: int  # ties within one seq: the state's log first, then the cut-line changes
    lap: int
    kind: str
    text: str
    cars: tuple[str, ...] = field(default=(), compare=False)


def log_lines(
    state: RaceState,
    history: History,
    since: tuple[int, int, int] = (0, 0, 0),
    story: tuple[StoryLine, ...] = (),
) -> list[LogLine]:
    """The log entries, cut-line changes and strategy lines, from index ``since`` of each, in
    feed order."""
    lines = [
        LogLine(seq=e.seq, order=0, lap=e.lap, kind=e.kind, text=e.text, cars=e.cars)
        for e in state.log[since[0] :]
        if e.kind != "race"
    ]
    lines += [
        LogLine(seq=c.seq, order=1, lap=c.lap, kind="cut", text=c.text, cars=(c.car,))
        for c in history.changes[since[1] :]
    ]
    lines += [
        LogLine(seq=e.seq, order=2, lap=e.lap, kind=e.kind, text=e.text, cars=e.cars)
        for e in story[since[2] :]
    ]
    lines.sort()
    return lines


def log_matches(line: LogLine, kind: str) -> bool:
    return kind == "all" or line.kind == kind or (kind == "flag" and line.kind == "gap")
