"""Provides the parsers of NASCAR's live race-event documents beside the live feed: the flag
history (``live/feeds/live-flag-data.json``), the pit data
(``cacher/live/series_{s}/{race_id}/live-pit-data.json``, also an archive feed) and the stage
points (``live/feeds/live-stage-points.json``).

Same leniency as `lenient` sets out: one bad row is dropped and reported, never the document.
"""

from __future__ import annotations

from typing import Any

import msgspec

from cutline.feed.sources.nascar.codes import FLAG_CODES, split_name
from cutline.feed.sources.nascar.lenient import (
    BadValue,
    Parsed,
    Row,
    as_bool,
    as_float,
    as_int,
    as_str,
    describe,
    read_rows,
    unknown,
)

# ---------------------------------------------------------------------------------------------
# live/feeds/live-flag-data.json
# ---------------------------------------------------------------------------------------------


class FlagEvent(msgspec.Struct, frozen=True, kw_only=True):
    lap: int
    code: int
    elapsed: float = 0.0
    comment: str = ""
    beneficiary: str = ""  # the free-pass car, unpadded


def _bare_array(doc: object, wrapper: str, problems: list[str]) -> list[Any] | None:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and isinstance(doc.get(wrapper), list):
        # rNascar23's example wraps the history as {"FlagStates": [...]}; the feed is bare.
        problems.append(f"wrapped in {{{wrapper!r}: [...]}}; the live feed is a bare array")
        return list(doc[wrapper])
    return None


def _flag_event(row: Row) -> FlagEvent:
    return FlagEvent(
        lap=row.need("lap_number", as_int),
        code=row.need("flag_state", as_int),
        elapsed=row.get("elapsed_time", as_float, 0.0),
        comment=row.get("comment", as_str, "").strip(),
        beneficiary=row.get("beneficiary", as_str, "").strip(),
    )


def parse_flags(doc: object) -> Parsed[tuple[FlagEvent, ...]]:
    """Parse the flag history (a bare array, one object per flag change)."""
    problems: list[str] = []
    rows = _bare_array(doc, "FlagStates", problems)
    if rows is None:
        return Parsed(None, (f"expected an array of flag events, got {describe(doc)}",))
    events = []
    for i, item in enumerate(rows):
        try:
            event = _flag_event(Row(item, f"[{i}]", problems))
        except BadValue as err:
            problems.append(f"{err}; event dropped")
            continue
        if event.code not in FLAG_CODES:
            problems.append(f"[{i}]: unknown flag code {event.code} at lap {event.lap}")
        events.append(event)
    return Parsed(tuple(events), tuple(problems))


# ---------------------------------------------------------------------------------------------
# cacher/live/series_{s}/{race_id}/live-pit-data.json
# ---------------------------------------------------------------------------------------------


class PitRow(msgspec.Struct, frozen=True, kw_only=True):
    """One pit-road visit. None where the feed says -1 (unknown)."""

    car: str
    leader_lap: int
    lap: int  # lap_count: the car's lap
    in_flag: int
    pit_in: float
    out_flag: int = 0
    pit_out: float | None = None  # None: not out yet, or unknown
    duration: float | None = None  # stationary time in the box
    total: float | None = None
    stop_type: str = ""
    tyres: int | None = None  # 0, 2 or 4; None when the tyre flags are odd
    driver: str = ""

    @property
    def pre_race(self) -> bool:
        # nascar-feeds.md §8: rows with flag 8 at lap 0 are pre-race pit-road visits.
        return self.lap == 0 and self.leader_lap == 0


def _tyres(row: Row) -> int | None:
    keys = (
        "left_front_tire_changed",
        "left_rear_tire_changed",
        "right_front_tire_changed",
        "right_rear_tire_changed",
    )
    if not all(k in row.obj for k in keys):
        return None
    changed = sum(1 for k in keys if row.get(k, as_bool, False))
    return changed if changed in (0, 2, 4) else None


def _pit_row(row: Row) -> PitRow:
    out = unknown(row.get("pit_out_race_time", as_float, -1.0))
    duration = unknown(row.get("pit_stop_duration", as_float, -1.0))
    total = unknown(row.get("total_duration", as_float, -1.0))
    return PitRow(
        car=row.car("vehicle_number"),
        leader_lap=row.need("leader_lap", as_int),
        lap=row.need("lap_count", as_int),
        in_flag=row.get("pit_in_flag_status", as_int, 0),
        out_flag=row.get("pit_out_flag_status", as_int, 0),
        pit_in=row.need("pit_in_race_time", as_float),
        # A stop in progress is expected to show 0 for pit-out (nascar-feeds §3.4).
        pit_out=out if out else None,
        duration=duration if duration is None or duration > 0 else None,
        total=total if total else None,
        stop_type=row.get("pit_stop_type", as_str, ""),
        tyres=_tyres(row),
        driver=split_name(row.get("driver_name", as_str, ""))[0],
    )


def parse_pits(doc: object) -> Parsed[tuple[PitRow, ...]]:
    """Parse the pit data (a bare array of pit-road visits, in time order)."""
    problems: list[str] = []
    if not isinstance(doc, list):
        return Parsed(None, (f"expected an array of pit rows, got {describe(doc)}",))
    rows = read_rows(doc, "", problems, _pit_row, "pit row")
    return Parsed(tuple(rows), tuple(problems))


def real_stops(rows: tuple[PitRow, ...], final_lap: int | None) -> tuple[PitRow, ...]:
    """The rows that are pit stops: pre-race visits and post-race pit-road entries dropped.

    Args:
        rows: the pit data.
        final_lap: the leader lap the race ends on, when known.
    """
    kept = []
    for row in rows:
        if row.pre_race:
            continue
        # nascar-feeds.md §3.4/§8: after the finish, cars drive down pit road and the feed logs
        # a "stop" at the leader's final lap (35 rows at 201 in Chicagoland 2026).
        if final_lap is not None and final_lap > 0 and row.leader_lap >= final_lap:
            continue
        kept.append(row)
    return tuple(kept)


# ---------------------------------------------------------------------------------------------
# live/feeds/live-stage-points.json
# ---------------------------------------------------------------------------------------------


class StageResultRow(msgspec.Struct, frozen=True, kw_only=True):
    pos: int
    car: str
    driver_id: int | None = None
    driver: str = ""
    points: int | None = None


class StageResult(msgspec.Struct, frozen=True, kw_only=True):
    stage: int
    rows: tuple[StageResultRow, ...]
    race_id: int | None = None


def _stage_result_row(r: Row) -> StageResultRow:
    return StageResultRow(
        pos=r.need("position", as_int),
        car=r.car("vehicle_number"),
        driver_id=r.get("driver_id", as_int, None),
        driver=split_name(r.get("full_name", as_str, ""))[0],
        points=r.get("stage_points", as_int, None),
    )


def parse_stage_points(doc: object) -> Parsed[tuple[StageResult, ...]]:
    """Parse the stage points (one object per completed stage, the whole field listed)."""
    problems: list[str] = []
    if not isinstance(doc, list):
        return Parsed(None, (f"expected an array of stages, got {describe(doc)}",))

    def stage(row: Row) -> StageResult:
        number = row.need("stage_number", as_int)
        results = read_rows(
            row.rows("results"), f"{row.where}.results", problems, _stage_result_row, "row"
        )
        return StageResult(
            stage=number,
            rows=tuple(sorted(results, key=lambda r: r.pos)),
            race_id=row.get("race_id", as_int, None),
        )

    stages = read_rows(doc, "", problems, stage, "stage")
    return Parsed(tuple(sorted(stages, key=lambda s: s.stage)), tuple(problems))
