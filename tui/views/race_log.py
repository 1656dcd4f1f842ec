"""Provides the race control log's view: the state's log, the cut-line changes, the strategy
lines and the swings in the odds to advance, in order, and what a reader filters it to: a kind,
the playoff drivers or the followed one, and the pit stops of the rest of the field folded into
one line per caution or green run."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

from cutline.feed.model.messages import RaceState
from cutline.feed.standings.breakdown import stage_banked
from cutline.feed.views.history import History
from cutline.feed.views.odds_trail import Swing
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
    "odds",
    "strategy",
    "result",
)


@dataclass(frozen=True, order=True)
class LogLine:
    seq: int
    order: int  # ties within one seq: the state's log first, the cut-line changes, the swings
    lap: int
    kind: str
    text: str
    cars: tuple[str, ...] = field(default=(), compare=False)


def log_lines(
    state: RaceState,
    history: History,
    since: tuple[int, int, int] = (0, 0, 0),
    story: tuple[StoryLine, ...] = (),
    swings: tuple[Swing, ...] = (),
) -> list[LogLine]:
    """The log entries, cut-line changes and strategy lines, from index ``since`` of each, and
    the odds' ``swings`` (the caller passes the new ones), in feed order."""
    lines = [
        LogLine(seq=e.seq, order=0, lap=e.lap, kind=e.kind, text=e.text, cars=e.cars)
        for e in state.log[since[0] :]
        if e.kind != "race"
    ]
    # Under each stage's end, the stage points each playoff driver banked.
    stages = {s.seq: s for s in state.stages}
    for e in state.log[since[0] :]:
        stage = stages.get(e.seq) if e.kind == "stage" else None
        banked = stage_banked(state, stage) if stage is not None else None
        if stage is not None and banked:
            cars = tuple(r.car for r in stage.top)
            lines.append(LogLine(seq=e.seq, order=1, lap=e.lap, kind="stage", text=banked,
                                 cars=cars))  # fmt: skip
    lines += [
        LogLine(seq=c.seq, order=1, lap=c.lap, kind="cut", text=c.text, cars=(c.car,))
        for c in history.changes[since[1] :]
    ]
    lines += [
        LogLine(seq=e.seq, order=2, lap=e.lap, kind=e.kind, text=e.text, cars=e.cars)
        for e in story[since[2] :]
    ]
    lines += [
        LogLine(seq=w.seq, order=3, lap=w.lap, kind="odds", text=w.text, cars=(w.car,))
        for w in swings
    ]
    lines.sort()
    return lines


def log_matches(line: LogLine, kind: str) -> bool:
    return kind == "all" or line.kind == kind or (kind == "flag" and line.kind == "gap")


Who = Literal["everyone", "playoff", "followed"]
WHO: tuple[Who, ...] = ("everyone", "playoff", "followed")


@dataclass(frozen=True)
class LogFilter:
    kind: str = "all"
    who: Who = "everyone"
    every_pit: bool = False  # False: other cars' stops folded, one line per caution or run

    def title(self) -> str:
        parts = [self.kind]
        if self.who != "everyone":
            parts.append("playoff drivers" if self.who == "playoff" else "followed driver")
        if not self.every_pit:
            parts.append("other stops folded")
        return " · ".join(parts)


def shown_lines(
    lines: Sequence[LogLine], filt: LogFilter, playoff: Collection[str], followed: str | None
) -> list[LogLine]:
    """The lines ``filt`` lets through, in order. Lines about no car in particular (flags,
    stages, the result) stay under every "who": they frame the story."""
    mine = set(playoff) if filt.who == "playoff" else {followed} if filt.who == "followed" else None
    keep = set(playoff) | {followed}  # whose stops are never folded
    out: list[LogLine] = []
    folded: list[LogLine] = []
    under = ""
    for line in lines:
        if line.kind == "flag":
            _fold(out, folded, under)
            under = line.text.split(" ", 1)[0]  # "yellow flag, lap 80": the flag out now
        if not log_matches(line, filt.kind):
            continue
        if mine is not None and line.cars and not mine.intersection(line.cars):
            continue
        if line.kind == "pit" and not filt.every_pit and not keep.intersection(line.cars):
            folded.append(line)
            continue
        out.append(line)
    _fold(out, folded, under)
    return out


def _fold(out: list[LogLine], folded: list[LogLine], flag: str) -> None:
    """One line for the other cars' pit lines since the last flag, where the last of them was."""
    if not folded:
        return
    cars = list(dict.fromkeys(car for line in folded for car in line.cars))
    first, last = folded[0].lap, folded[-1].lap
    laps = f"L{first}" if first == last else f"L{first}-{last}"
    under = {"yellow": " under caution", "green": " under green"}.get(flag, "")
    n = len(cars)
    text = f"{n} other car{'' if n == 1 else 's'} pitted{under} ({laps}, p shows each): " + (
        ", ".join(f"#{c}" for c in cars)
    )
    end = folded[-1]
    out.append(LogLine(seq=end.seq, order=end.order, lap=end.lap, kind="pit", text=text,
                       cars=tuple(cars)))  # fmt: skip
    folded.clear()
