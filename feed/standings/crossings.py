"""Provides the crossings of the cut line: who changed sides between two boards, and on what lap.

A crossing is projected (as if the race ended now) until the result: the words say so. Taking
the lead puts a driver in with a win, which the next pass can take away: both are crossings,
and neither is "clinched" (an earlier win, or the official win, is).
"""

from __future__ import annotations

import msgspec

from cutline.feed.standings.cut_line import Standings
from cutline.feed.standings.projection import Status
from cutline.feed.standings.wording import LEADING


class Crossing(msgspec.Struct, frozen=True, kw_only=True):
    """A driver changing sides of the cut line between two boards."""

    car: str
    driver: str
    now: Status
    before: Status
    lap: int
    how: str = ""  # why the driver is locked now (``locked_by``), or ""
    was: str = ""  # why he was locked before, or ""
    final: bool = False  # the board after is the official result

    @property
    def text(self) -> str:
        on = f"on lap {self.lap}"
        if self.now == "locked":
            if self.how == LEADING:
                return f"{self.driver} leads on lap {self.lap}: in with a win (projected)"
            return f"{self.driver} clinches {on}: {self.how}"
        lost = self.was == LEADING
        if self.now == "out":
            what = "loses the lead and drops" if lost else "drops"
            return f"{self.driver} {what} below the cut line {on}" + self._projected
        if lost:
            return f"{self.driver} loses the lead {on}: no longer in with a win, in on points" + (
                self._projected
            )
        return f"{self.driver} moves above the cut line {on}" + self._projected

    @property
    def _projected(self) -> str:
        return "" if self.final else " (projected)"


def crossings(before: Standings | None, now: Standings) -> list[Crossing]:
    """The drivers whose side or lock changed from ``before`` to ``now`` (nobody without a
    ``before``): a lock gained or lost, or a lead turned into a win, is news at the line."""
    if before is None:
        return []
    old = {d.car: d for d in before.drivers}
    found: list[Crossing] = []
    for d in now.drivers:
        was = old.get(d.car)
        if was is None or (was.status, was.locked_by) == (d.status, d.locked_by):
            continue
        if was.status != "out" and d.status != "out" and "locked" not in (was.status, d.status):
            continue
        found.append(
            Crossing(
                car=d.car,
                driver=d.driver,
                now=d.status,
                before=was.status,
                lap=now.lap,
                how=d.locked_by,
                was=was.locked_by,
                final=now.final,
            )
        )
    return found
