"""Provides the adapter from NASCAR's feed snapshots to cutline messages.

`Adapter.step(docs, t)` takes the latest decoded document of each feed (by the names of
`endpoints`) and returns the messages that say what changed since the last step, with
consecutive ``seq`` and the caller's ``t`` (seconds since the first snapshot). It is pure apart
from its own memory of what it has already said, so a raw capture re-adapted step by step gives
the same messages.

What it says, in this order within one step:

1. ``race`` when the session starts or its header changes (the field, stage ends, the context);
2. ``flag`` for each new entry of the flag history thrown before the leader's current lap;
3. ``lap`` when the running order or any car's laps change;
4. ``flag`` for the history's entries at the current lap (their reasons included), else a flag
   change in the live snapshot (the history lags or is missing);
5. ``pit`` in/out for each new pit-road visit (pre-race and post-race rows dropped);
6. ``stage`` for each newly completed stage of the stage points;
7. at the finish, ``flag`` checkered (with why: flag 9, the leader at the scheduled laps, a race
   ended short) and an as-run ``result`` (never official: DQs come after the race).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import msgspec

from cutline.feed.model.messages import (
    CarLap,
    FeedMessage,
    Flag,
    Lap,
    Pit,
    Result,
    ResultRow,
    Stage,
    StageRow,
)
from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar.codes import (
    FLAG_CODES,
    FLAG_UNKNOWN,
    RACE,
    RUN_TYPES,
    SERIES_BY_ID,
)
from cutline.feed.sources.nascar.header import header_body, race_header
from cutline.feed.sources.nascar.parse_events import (
    PitRow,
    StageResult,
    parse_pits,
    parse_stage_points,
    real_stops,
)
from cutline.feed.sources.nascar.parse_live import LiveFrame, parse_live_feed
from cutline.feed.sources.nascar.reader import DocReader, Session, flag_events

STAGE_ROWS = 10  # a `stage` message carries the top ten (the places that can score)
# pit_in_flag_status is a flag code (nascar-feeds.md §8): green or white is a green-flag stop.
_UNDER: dict[int, Literal["green", "caution"]] = {1: "green", 2: "caution", 4: "green"}
_TYRES: dict[int, Literal[0, 2, 4]] = {0: 0, 2: 2, 4: 4}


class Adapter(DocReader):
    """Turns successive snapshots of NASCAR's feeds into cutline messages.

    Args:
        default_season: the season to assume when neither the snapshot nor the race list says
            (the year of the wall clock, given by the caller).
        series: adapt only sessions of this series ("cup", "xfinity", "truck"); None: any.
    """

    def __init__(self, *, default_season: int, series: str | None = None) -> None:
        super().__init__(default_season=default_season)
        self.series = series
        self.seq = 0
        self.session: Session | None = None
        self.frame: LiveFrame | None = None  # the latest snapshot parsed
        self.over = False  # the latest snapshot shows the session over

    # -- the step -----------------------------------------------------------------------------

    def parse_live(self, doc: object) -> LiveFrame | None:
        """Parse a live snapshot, reporting its problems (the poller uses it to plan)."""
        value: LiveFrame | None = self._parse(ep.LIVE, doc, parse_live_feed)
        return value

    def wanted(self, frame: LiveFrame) -> bool:
        """Whether this snapshot's session is one to adapt (the series filter)."""
        if self.series is None:
            return True
        got = SERIES_BY_ID.get(frame.series_id, f"series {frame.series_id}")
        if got != self.series:
            self.note(
                f"waiting for a {self.series} session: the feed shows {got} "
                f"{frame.run_name or RUN_TYPES.get(frame.run_type, 'session')}"
            )
            return False
        return True

    def step(self, docs: Mapping[str, Any], t: float) -> list[FeedMessage]:
        """The messages for the latest snapshot of each feed.

        Args:
            docs: decoded documents by feed name; ``docs["live"]`` is required, the others are
                used when present.
            t: seconds since the first snapshot.

        Returns:
            The messages, possibly none. Never raises on bad input: problems become notices.
        """
        if ep.LIVE not in docs:
            return []
        frame = self.parse_live(docs[ep.LIVE])
        if frame is None or not self.wanted(frame):
            return []
        self.frame = frame
        key = (frame.series_id, frame.race_id, frame.run_id)
        if self.session is None or self.session.key != key:
            self.session = Session(key=key)
            self.forget_notes()
        session = self.session
        out: list[FeedMessage] = []
        race = race_header(self, session, frame, docs, t)
        if session.header is None or header_body(race) != header_body(session.header):
            session.header = race
            out.append(self._emit(race))
        code = FLAG_CODES.get(frame.flag, FLAG_UNKNOWN)
        self.over = code.over
        # A flag event's lap is the leader's laps completed when it was thrown: one thrown
        # before this lap goes before the lap message, one thrown after the leader completed
        # it goes after.
        out += self._flags(frame, docs, t, before_lap=True)
        out += self._lap(frame, docs, t)
        out += self._flags(frame, docs, t, before_lap=False)
        out += self._pits(frame, docs, t)
        out += self._stages(frame, docs, t)
        out += self._finish(frame, t)
        return out

    def _emit(self, msg: FeedMessage) -> FeedMessage:
        self.seq += 1
        return msgspec.structs.replace(msg, seq=self.seq)

    # -- flags --------------------------------------------------------------------------------

    def _flags(
        self, frame: LiveFrame, docs: Mapping[str, Any], t: float, *, before_lap: bool
    ) -> list[FeedMessage]:
        session = self.session
        assert session is not None
        out: list[FeedMessage] = []
        race = frame.run_type == RACE
        events = flag_events(self, docs)
        if events and events[-1].lap > frame.lap + 1:
            self.note("flag history is ahead of the live feed (another session?): ignored")
            events = ()
        for event in events[session.flag_events :]:
            if before_lap and event.lap >= frame.lap:
                break
            session.flag_events += 1
            code = FLAG_CODES.get(event.code)
            if code is None:
                self.note(f"unknown flag code {event.code} at lap {event.lap}: shown as unknown")
                continue
            if code.kind == "white":
                session.white_at = event.lap
            if code.kind is None or code.kind == session.flag or code.over and race:
                continue  # a race's end is said by _finish, with its reason
            session.flag = code.kind
            out.append(
                self._emit(Flag(seq=1, t=t, flag=code.kind, lap=event.lap, reason=event.comment))
            )
        if before_lap:
            return out
        code = FLAG_CODES.get(frame.flag, FLAG_UNKNOWN)
        if code is FLAG_UNKNOWN:
            self.note(f"unknown flag code {frame.flag} in the live feed: shown as unknown")
        if code.kind == "white" and session.white_at is None:
            session.white_at = frame.lap
        if code.kind is not None and code.kind != session.flag and not session.finished:
            if code.over and race:
                return out
            # The flag history lags or is missing: the live snapshot's flag, without a reason.
            session.flag = code.kind
            out.append(self._emit(Flag(seq=1, t=t, flag=code.kind, lap=frame.lap)))
        return out

    # -- laps ---------------------------------------------------------------------------------

    def _lap(self, frame: LiveFrame, docs: Mapping[str, Any], t: float) -> list[FeedMessage]:
        session = self.session
        assert session is not None
        sig = (
            frame.lap,
            tuple((v.car, v.pos, v.laps, v.laps_down, v.status) for v in frame.vehicles),
        )
        if sig == session.lap_sig or not frame.vehicles:
            return []
        session.lap_sig = sig
        open_stops = {car for car, n in session.pits_in if (car, n) not in session.pits_out}
        cars = []
        ahead: float | None = None
        for v in frame.vehicles:
            gap = v.gap
            # Rounded to the feed's millisecond: a float difference carries noise on the wire.
            interval = round(gap - ahead, 3) if gap is not None and ahead is not None else None
            cars.append(
                CarLap(
                    car=v.car,
                    pos=v.pos,
                    laps=v.laps,
                    gap=gap,
                    interval=max(interval, 0.0) if interval is not None else None,
                    laps_down=v.laps_down,
                    last_lap=v.last_lap,
                    best_lap=v.best_lap_time,
                    pit_road=v.car in open_stops and v.status_text == "running",
                    status=v.status_text,
                )
            )
            ahead = gap
        # The flag as said so far: a change comes as a `flag` message, with its reason.
        lap = Lap(seq=1, t=t, lap=frame.lap, cars=tuple(cars), flag=session.flag)
        return [self._emit(lap)]

    # -- pit stops ----------------------------------------------------------------------------

    def _pits(self, frame: LiveFrame, docs: Mapping[str, Any], t: float) -> list[FeedMessage]:
        session = self.session
        assert session is not None
        rows: tuple[PitRow, ...] | None = self.parsed(ep.PITS, docs, parse_pits)
        if not rows:
            return []
        final = frame.laps_in_race if frame.run_type == RACE else None
        out: list[FeedMessage] = []
        count: dict[str, int] = {}
        for row in real_stops(rows, final):
            n = count[row.car] = count.get(row.car, 0) + 1
            key = (row.car, n)
            under = _UNDER.get(row.in_flag)
            if key not in session.pits_in:
                session.pits_in.add(key)
                out.append(self._emit(_pit(row, "in", t, under)))
            if row.pit_out is not None and key not in session.pits_out:
                session.pits_out.add(key)
                tyres = _TYRES.get(row.tyres) if row.tyres is not None else None
                out.append(self._emit(_pit(row, "out", t, under, tyres, row.duration)))
        return out

    # -- stages -------------------------------------------------------------------------------

    def _stages(self, frame: LiveFrame, docs: Mapping[str, Any], t: float) -> list[FeedMessage]:
        session = self.session
        assert session is not None and session.header is not None
        stages: tuple[StageResult, ...] | None = self.parsed(ep.STAGES, docs, parse_stage_points)
        if not stages or frame.run_type != RACE:
            return []
        ends = session.header.stage_ends
        out: list[FeedMessage] = []
        for stage in stages:
            if stage.stage in session.stages or not stage.rows:
                continue
            if stage.race_id and stage.race_id != frame.race_id:
                self.note(f"stage points are for race {stage.race_id}, not {frame.race_id}")
                continue
            if stage.stage >= len(ends):
                continue  # the final stage is the race itself: the result says it
            end = ends[stage.stage - 1]
            if frame.lap < end:
                continue  # stage points of a stage not run yet: a stale file
            session.stages.add(stage.stage)
            top = tuple(StageRow(pos=r.pos, car=r.car) for r in stage.rows[:STAGE_ROWS])
            out.append(self._emit(Stage(seq=1, t=t, stage=stage.stage, lap=end, top=top)))
        return out

    # -- the finish ---------------------------------------------------------------------------

    def _finish(self, frame: LiveFrame, t: float) -> list[FeedMessage]:
        session = self.session
        assert session is not None
        if frame.run_type != RACE:
            if self.over:
                self.note(f"the session is over ({frame.run_name or 'session'}): shown as it is")
            return []
        scheduled = frame.laps_in_race
        code = FLAG_CODES.get(frame.flag, FLAG_UNKNOWN)
        reason = ""
        if code.over:
            reason = "session over"
            if frame.laps_to_go > 0:
                # A rain-shortened race ends with 9 and laps to go (nascar-feeds.md §4).
                reason = f"race ended {frame.laps_to_go} laps short of the scheduled distance"
        elif scheduled > 0 and frame.lap >= scheduled:
            # White with the leader at the scheduled laps: the leader has taken the checkered.
            # A caution then only ends the race if the white flag was shown first (overtime).
            if code.kind == "white" or (code.kind == "yellow" and session.white_at is not None):
                reason = "the leader completed the scheduled laps"
        if not reason:
            return []
        out: list[FeedMessage] = []
        if not session.finished:
            session.finished = True
            self.note(
                "the session is over: the feed shows the finish, shown (and recorded) as it is"
            )
        if session.flag != "checkered":
            session.flag = "checkered"
            out.append(self._emit(Flag(seq=1, t=t, flag="checkered", lap=frame.lap, reason=reason)))
        rows = tuple(
            ResultRow(pos=v.pos, car=v.car, laps=v.laps, status=v.status_text, laps_led=v.led)
            for v in frame.vehicles
        )
        sig = tuple((r.pos, r.car, r.laps, r.status) for r in rows)
        if rows and sig != session.result_sig:
            session.result_sig = sig
            out.append(
                self._emit(
                    Result(
                        seq=1,
                        t=t,
                        cars=rows,
                        official=False,
                        text=f"as run, from the live feed ({reason})",
                    )
                )
            )
        return out


def _pit(
    row: PitRow,
    phase: Literal["in", "out"],
    t: float,
    under: Literal["green", "caution"] | None,
    tyres: Literal[0, 2, 4] | None = None,
    duration: float | None = None,
) -> Pit:
    return Pit(
        seq=1,
        t=t,
        car=row.car,
        lap=row.lap,
        phase=phase,
        tyres=tyres,
        duration=duration,
        under=under,
        source="nascar pit data",
    )
