"""Provides the timing screen at each leader lap, rebuilt from a `feed.builder.lap_table.LapTable`.

- Race time is the leader's elapsed time: the lap times of each lap's P1 car summed (lap 1 is
  timed from the green flag, so every car's sum runs on the same clock). ``leader_times()[L]``
  is when the leader completed lap L; it never steps back.
- A car's laps completed at the end of leader lap L are the laps it finishes before the leader
  finishes lap L + 1 (capped at L; at the finish, all its laps): a car that crosses the line after
  the leader has started another lap is that many laps down.
- The order is the source's: cars on more laps first, then by their position on their own last
  lap (the lap-times feed ranks every car as it completes a lap, lapped cars included; a shared
  position goes to the car that completed the lap first).
- Gaps come from the summed lap times. Summed times drift from the official order by up to a
  couple of seconds (each lap time is rounded, and under caution the order is set by the rules,
  not the clock), so a gap is never less than the gap of the car ahead: the order is the fact,
  the time is its best estimate.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Mapping

from cutline.feed.builder.lap_table import CarLaps, LapTable
from cutline.feed.model.messages import CarLap


def leader_times(table: LapTable) -> list[float]:
    """When the leader completed each lap (index 0: the start, 0.0)."""
    times = [0.0]
    for lap in range(1, table.last_lap + 1):
        leader = table.on_lap(lap)[0]
        times.append(max(times[-1], leader.elapsed[lap]))
    return times


def laps_completed(car: CarLaps, lap: int, times: list[float]) -> int:
    """The laps ``car`` has completed at the end of leader lap ``lap``."""
    if lap >= len(times) - 1:
        return min(car.laps, lap)
    # Laps it completes before the leader completes the next one (elapsed[0] is 0.0).
    done = bisect.bisect_left(car.elapsed, times[lap + 1]) - 1
    return max(0, min(done, lap, car.laps))


def timing_lines(
    table: LapTable,
    lap: int,
    times: list[float],
    *,
    pit_road: Collection[str] = (),
    out: Mapping[str, str] | None = None,
) -> tuple[CarLap, ...]:
    """Every car's line at the end of leader lap ``lap``, in running order.

    Args:
        table: the laps.
        lap: the leader lap (0: the starting order).
        times: `leader_times` of the table.
        pit_road: cars on pit road at that moment.
        out: the finishing status of cars that did not finish ("electrical", ...): shown once
            a car has stopped completing laps.
    """
    out = out or {}
    done = {car: laps_completed(c, lap, times) for car, c in table.cars.items()}
    order = sorted(
        table.cars.values(),
        key=lambda c: (-done[c.car], c.positions[done[c.car]], c.elapsed[done[c.car]], c.car),
    )
    lines: list[CarLap] = []
    gap_ahead = 0.0
    prev: CarLaps | None = None
    for pos, c in enumerate(order, 1):
        laps = done[c.car]
        down = lap - laps
        gap: float | None = None
        interval: float | None = None
        if lap > 0 and down == 0:
            gap = 0.0 if pos == 1 else max(gap_ahead, c.elapsed[laps] - times[lap])
            interval = None if pos == 1 else round(gap - gap_ahead, 3)
            gap_ahead = gap
            gap = round(gap, 3)
        elif lap > 0 and prev is not None and done[prev.car] == laps:
            interval = round(max(0.0, c.elapsed[laps] - prev.elapsed[laps]), 3)
        stopped = lap > 0 and laps == c.laps and laps_completed(c, lap - 1, times) == laps
        lines.append(
            CarLap(
                car=c.car,
                pos=pos,
                laps=laps,
                gap=gap,
                interval=interval,
                laps_down=down,
                last_lap=c.times[laps] if laps > 0 else None,
                best_lap=c.best[laps],
                pit_road=c.car in pit_road,
                status=out[c.car] if stopped and c.car in out else "running",
            )
        )
        prev = c
    return tuple(lines)
