"""Provides NASCAR-shaped documents built from a cutline recording: one frame per lap, each with
the live feed, the flag history, the pit data, the stage points, the season standings, the race
list and the weekend feeds of the round's earlier races, as NASCAR would publish them.

Every document starts from a shape of `shapes` (the keys and value types of the real
payloads), and carries the real feeds' quirks, so the poller and the adapter meet them in tests:
car numbers as strings, a negative whole ``delta`` for laps down, ``laps_led`` as ranges with the
pole-sitter's starting at lap 0, each car's ``pit_stops`` opened by two all-zero rows, pre-race
and post-race rows in the pit data, name markers in the names.

What a recording does not know is filled honestly, never guessed into the data the adapter
reads: counters the messages do not carry are 0, driver ids are numbered from the car order,
and the round's earlier races get made-up ids (this race's id minus one, two...) and carry only
what the header says about them (the playoff drivers' finishes, the winner when one of them won).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from cutline.feed.model.messages import (
    FeedMessage,
    Flag,
    FlagKind,
    Lap,
    Pit,
    RaceState,
)
from cutline.feed.model.state import apply
from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar import shapes as shapes
from cutline.feed.sources.nascar.codes import SERIES_IDS
from cutline.feed.sources.nascar.mirror.event_docs import (
    flags_doc,
    pit_out,
    pit_row,
    pits_doc,
    stage_points_doc,
)
from cutline.feed.sources.nascar.mirror.frame import (
    DEFAULT_LAP_SECONDS,
    FLAG_CODE,
    Docs,
    Frame,
)
from cutline.feed.sources.nascar.mirror.live_doc import live_doc
from cutline.feed.sources.nascar.mirror.season_docs import (
    earlier_races,
    live_points_doc,
    race_list_doc,
    standings_doc,
    weekend_doc,
)


class RecordingFrames:
    """The documents of each lap of a recording.

    Args:
        messages: the recording's messages, header first.
    """

    def __init__(self, messages: Sequence[FeedMessage]) -> None:
        self.frames: list[Frame] = []
        self._cache: dict[int, dict[str, bytes]] = {}
        state = RaceState()
        flags: list[tuple[int, int, float, str]] = [(0, 8, 0.0, "")]
        pits: list[dict[str, Any]] = []
        open_pit: dict[str, dict[str, Any]] = {}
        led: dict[str, list[list[int]]] = {}
        t0: float | None = None
        flag: FlagKind | None = None
        pending: RaceState | None = None
        pending_t = 0.0

        def close_frame() -> None:
            if pending is not None:
                self.frames.append(
                    Frame(
                        t=pending_t,
                        state=state,
                        flags=tuple(flags),
                        pits=tuple(dict(p) for p in pits),
                        led={c: tuple((a, b) for a, b in r) for c, r in led.items()},
                    )
                )

        for msg in messages:
            if isinstance(msg, Lap):
                close_frame()
                if t0 is None:
                    t0 = msg.t
                pending, pending_t = state, msg.t - t0
                if msg.cars and msg.lap > state.lap:
                    leader = min(msg.cars, key=lambda c: c.pos).car
                    ranges = led.setdefault(leader, [])
                    first = 0 if not led or sum(len(r) for r in led.values()) == 0 else msg.lap
                    if ranges and ranges[-1][1] == state.lap:
                        ranges[-1][1] = msg.lap
                    else:
                        ranges.append([first, msg.lap])
            new = apply(state, msg)
            if new.flag != flag and new.flag is not None:
                flag = new.flag
                reason = msg.reason if isinstance(msg, Flag) else ""
                lap = msg.lap if isinstance(msg, Flag) else new.lap
                elapsed = (msg.t - t0) if t0 is not None else 0.0
                flags.append((lap, FLAG_CODE[flag], round(elapsed, 3), reason))
            if isinstance(msg, Pit):
                elapsed = round((msg.t - t0) if t0 is not None else 0.0, 3)
                row = open_pit.pop(msg.car, None)
                if row is None:
                    row = pit_row(msg, new, elapsed)
                    pits.append(row)
                if msg.phase == "in":
                    open_pit[msg.car] = row
                else:
                    pit_out(row, msg, elapsed)
            state = new
        close_frame()
        if not self.frames:
            return
        times = [f.t for f in self.frames]
        if any(b <= a for a, b in zip(times, times[1:], strict=False)):
            for i, frame in enumerate(self.frames):  # laps without time: a fixed pace
                frame.t = i * DEFAULT_LAP_SECONDS

    def __len__(self) -> int:
        return len(self.frames)

    def index_at(self, race_time: float) -> int:
        """The frame showing at ``race_time`` seconds after the first lap."""
        lo, hi = 0, len(self.frames) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.frames[mid].t <= race_time:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def docs(self, index: int) -> Docs:
        """Every document of frame ``index``, by feed name."""
        return build_docs(self.frames[index])

    def paths(self, index: int) -> dict[str, bytes]:
        """The bodies of frame ``index`` by URL path (built once per frame)."""
        cached = self._cache.get(index)
        if cached is not None:
            return cached
        frame = self.frames[index]
        race = frame.state.race
        ids = {"series": 0, "race_id": 0, "year": 0}
        if race is not None:
            ids = {
                "series": SERIES_IDS.get(race.series, 0),
                "race_id": race.race_id or 0,
                "year": race.season,
            }
        out = {
            ep.path(name, **ids): msgspec.json.encode(doc) for name, doc in self.docs(index).items()
        }
        self._cache[index] = out
        return out


def build_docs(frame: Frame) -> Docs:
    """Every document of one frame, by feed name (``weekend:<id>`` for the weekend feeds)."""
    state = frame.state
    race = state.race
    if race is None:
        return {ep.LIVE: shapes.LIVE_FEED.new(flag_state=8)}
    docs: Docs = {
        ep.LIVE: live_doc(frame),
        ep.FLAGS: flags_doc(frame),
        ep.PITS: pits_doc(frame),
        ep.STAGES: stage_points_doc(frame),
        ep.RACES: race_list_doc(race),
    }
    standings = standings_doc(state)
    if standings is not None:
        docs[ep.STANDINGS] = standings
        docs[ep.LIVE_POINTS] = live_points_doc(state)
    for k, rid in enumerate(earlier_races(race)):
        docs[ep.weekend(rid)] = weekend_doc(race, k, rid)
    return docs
