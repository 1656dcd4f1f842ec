"""Provides the crossings of the cut line: who changed sides between two boards, and on what lap.

A move between "in" and "locked" is only a crossing when the driver locks in; losing a lock
while staying in (the leader passed, still in on points) is not news at the line.
"""

from __future__ import annotations

import msgspec

from cutline.feed.standings.cut_line import Standings
from cutline.feed.standings.projection import Status


class Crossing(msgspec.Struct, frozen=True, kw_only=True):
    """A driver changing sides of the cut line between two boards."""

    car: str
    driver: str
    now: Status
    before: Status
    lap: int

    @property
    def text(self) -> str:
        if self.now == "out":
            return f"{self.driver} drops below the cut line on lap {self.lap}"
        if self.before == "out":
            how = "locks in" if self.now == "locked" else "moves above the cut line"
            return f"{self.driver} {how} on lap {self.lap}"
        return f"{self.driver} locks in on lap {self.lap}"


def crossings(before: Standings | None, now: Standings) -> list[Crossing]:
    """The drivers whose status changed from ``before`` to ``now`` (nobody without a ``before``)."""
    if before is None:
        return []
    old = {d.car: d.status for d in before.drivers}
    return [
        Crossing(car=d.car, driver=d.driver, now=d.status, before=old[d.car], lap=now.lap)
        for d in now.drivers
        if d.car in old
        and old[d.car] != d.status
        and not (old[d.car] != "out" and d.status != "out" and d.status != "locked")
    ]
