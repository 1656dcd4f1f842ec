"""The stage in progress and the order a timing screen shows."""

from __future__ import annotations

import pytest

from cutline.feed.model.messages import CarLap, Entry, Race, RaceState, Result, ResultRow
from cutline.feed.views.progress import laps_to_go, running_order, stage_now

RACE = Race(seq=1, t=0, series="truck", season=2023, track="T", scheduled_laps=134,
            stage_ends=(30, 60, 134), field=(Entry(car="1", driver="A"),))  # fmt: skip


@pytest.mark.parametrize(
    ("lap", "stage", "to_go", "final"),
    [(0, 1, 30, False), (29, 1, 1, False), (30, 2, 30, False), (100, 3, 34, True),
     (134, 3, 0, True)],
)  # fmt: skip
def test_stage_now(lap: int, stage: int, to_go: int, final: bool) -> None:
    now = stage_now(RaceState(race=RACE, lap=lap))
    assert now is not None
    assert (now.stage, now.to_go, now.final, now.stages) == (stage, to_go, final, 3)
    assert laps_to_go(RaceState(race=RACE, lap=lap)) == 134 - lap


def test_no_header_no_stage() -> None:
    assert stage_now(RaceState()) is None and laps_to_go(RaceState()) is None


def test_running_order_follows_the_classification_with_the_dq_last() -> None:
    order = (CarLap(car="1", pos=1, laps=9), CarLap(car="2", pos=2, laps=9, gap=1.0))
    state = RaceState(order=order)
    assert [(o.pos, o.car, o.classified) for o in running_order(state)] == [
        (1, "1", False),
        (2, "2", False),
    ]
    result = Result(seq=2, t=0, cars=(ResultRow(pos=1, car="1", disqualified=True),
                                      ResultRow(pos=2, car="2")))  # fmt: skip
    shown = running_order(RaceState(order=order, result=result))
    assert [(o.pos, o.car, o.disqualified) for o in shown] == [(1, "2", False), (2, "1", True)]
    assert shown[0].line is order[1]
