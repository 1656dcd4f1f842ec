"""Hand-built races for standings tests: a field, a playoff context and running orders."""

from __future__ import annotations

from collections.abc import Sequence

from cutline.feed.model.messages import (
    CarLap,
    Entry,
    FeedMessage,
    Lap,
    PlayoffContext,
    PlayoffDriver,
    Race,
    Result,
    ResultRow,
    Stage,
    StageRow,
)
from cutline.feed.model.state import fold
from cutline.feed.standings.cut_line import DriverStanding, Standings, standings

# Eight playoff drivers in a Truck Round of 8 (4 go through); cars 1..8, points 3100 - 5*(n-1).
ROUND_OF_8 = {str(n): 3100 - 5 * (n - 1) for n in range(1, 9)}


class Scenario:
    """A race of ``size`` cars numbered "1".."size"; playoff drivers are given by car."""

    def __init__(
        self,
        playoff: dict[str, int],
        *,
        size: int = 20,
        series: str = "truck",
        season: int = 2023,
        round: str = "Round of 8",
        fmt: str = "elimination",
        locked: Sequence[str] = (),
        finishes: dict[str, tuple[int, ...]] | None = None,
        ineligible: Sequence[str] = (),
    ) -> None:
        self.cars = [str(i) for i in range(1, size + 1)]
        field = tuple(
            Entry(car=c, driver=f"Driver {c}", playoff=c in playoff,
                  points_eligible=c not in ineligible)
            for c in self.cars
        )  # fmt: skip
        ctx = PlayoffContext(
            format=fmt,
            round=round,
            drivers=tuple(
                PlayoffDriver(car=c, driver=f"Driver {c}", points=p, locked=c in locked,
                              round_finishes=(finishes or {}).get(c, ()))
                for c, p in playoff.items()
            ),
        )  # fmt: skip
        self.msgs: list[FeedMessage] = [
            Race(seq=1, t=0, series=series, season=season, track="Test", scheduled_laps=100,
                 stage_ends=(25, 50, 100), field=field, playoff=ctx)
        ]  # fmt: skip

    @property
    def seq(self) -> int:
        return len(self.msgs) + 1

    def lap(self, lap: int, order: Sequence[str], laps_down: dict[str, int] | None = None) -> None:
        rest = [c for c in self.cars if c not in order]
        down = laps_down or {}
        rows = tuple(
            CarLap(car=c, pos=i, laps=lap - down.get(c, 0), laps_down=down.get(c, 0))
            for i, c in enumerate([*order, *rest], 1)
        )
        self.msgs.append(Lap(seq=self.seq, t=float(lap), lap=lap, cars=rows))

    def stage(self, number: int, order: Sequence[str]) -> None:
        top = tuple(StageRow(pos=i, car=c) for i, c in enumerate(order[:10], 1))
        self.msgs.append(Stage(seq=self.seq, t=0, stage=number, lap=25 * number, top=top))

    def result(self, order: Sequence[str], dq: Sequence[str] = (), official: bool = True) -> None:
        rest = [c for c in self.cars if c not in order]
        rows = tuple(
            ResultRow(pos=i, car=c, laps=100, disqualified=c in dq)
            for i, c in enumerate([*order, *rest], 1)
        )
        self.msgs.append(Result(seq=self.seq, t=0, cars=rows, official=official))

    def board(self) -> Standings:
        board = standings(fold(self.msgs))
        assert board is not None
        return board

    def by_car(self) -> dict[str, object]:
        return {d.car: d for d in self.board().drivers}


def drivers(s: Scenario) -> dict[str, DriverStanding]:
    """The scenario's board by car."""
    return {d.car: d for d in s.board().drivers}
