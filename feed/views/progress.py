"""Provides where a race stands for a timing screen: the stage running, and the order to show.

The running order is the latest lap lines until a classification arrives; then the
classification, a disqualified car at the back as it is scored (`standings.cut_line` does the same
for points), with each car's last lap line kept beside it for the timing columns.
"""

from __future__ import annotations

import msgspec

from cutline.feed.model.messages import CarLap, RaceState


class StageNow(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """The stage being run and the laps left in it."""

    stage: int  # 1-based; the last stage is the one that ends the race
    stages: int
    end: int  # its end lap
    to_go: int  # laps left in it (0 once the leader has completed its end lap)
    final: bool  # the stage that ends the race


class OrderLine(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One car on the timing screen: its place and its latest lap line, if any."""

    pos: int
    car: str
    laps: int
    line: CarLap | None
    status: str = "running"
    disqualified: bool = False
    classified: bool = False  # from a result, not a lap line


def stage_now(state: RaceState) -> StageNow | None:
    """The stage in progress (the last one once the race is run), or None before the header."""
    race = state.race
    if race is None or not race.stage_ends:
        return None
    ends = race.stage_ends
    index = next((i for i, end in enumerate(ends) if state.lap < end), len(ends) - 1)
    end = ends[index]
    return StageNow(
        stage=index + 1,
        stages=len(ends),
        end=end,
        to_go=max(end - state.lap, 0),
        final=index == len(ends) - 1,
    )


def laps_to_go(state: RaceState) -> int | None:
    """Laps left in the race as scheduled (overtime not known in advance), or None."""
    if state.race is None:
        return None
    return max(state.race.scheduled_laps - state.lap, 0)


def running_order(state: RaceState) -> tuple[OrderLine, ...]:
    """The cars in the order to show: the classification once there is one, else the lap lines."""
    lines = {row.car: row for row in state.order}
    if state.result is None:
        return tuple(
            OrderLine(pos=row.pos, car=row.car, laps=row.laps, line=row, status=row.status)
            for row in state.order
        )
    rows = sorted(state.result.cars, key=lambda r: (r.disqualified, r.pos))
    return tuple(
        OrderLine(
            pos=i,
            car=r.car,
            laps=r.laps,
            line=lines.get(r.car),
            status=r.status,
            disqualified=r.disqualified,
            classified=True,
        )
        for i, r in enumerate(rows, 1)
    )
