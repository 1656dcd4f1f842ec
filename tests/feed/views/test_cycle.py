"""The cycled order on the bundled race: during the green-flag stops around laps 95-105, where
each car runs once every car has stopped, checked against the order the field reached."""

from __future__ import annotations

import pytest

import cutline.replays as replays
from cutline.feed.playback.player import Player
from cutline.feed.views.cycle import MIN_SPLIT, SPLIT_SHARE, Cycled, cycled, split
from cutline.feed.views.frame import EMPTY, Frame, derive

PLAYOFF = ("11", "42", "23", "99", "2", "19", "98", "38")


@pytest.fixture(scope="module")
def frames() -> dict[int, tuple[Frame, Cycled | None]]:
    player = Player.open(replays.path(), speed=None)
    frame, out = EMPTY, {}
    for lap in range(0, 130):
        frame = derive(frame, player.seek_lap(lap))
        out[lap] = (frame, cycled(frame.state, frame.cycle, frame.pits))
    return out


@pytest.mark.parametrize("lap", [96, 100, 103])
def test_the_cycled_order_is_nearer_the_order_reached_than_the_raw_order(frames, lap) -> None:  # type: ignore[no-untyped-def]
    """Projected places against the places when the cycle completed, car by car for the playoff
    drivers; the projection must be nearer than the running order it was made from."""
    frame, cycle = frames[lap]
    assert cycle is not None and cycle.board is not None
    done_lap, reached = frames[129][0].cycle.completed[-1]
    assert lap < done_lap <= 115
    actual = {car: i for i, car in enumerate(reached, 1)}
    rows = {r.car: r for r in cycle.rows}
    off = {car: rows[car].cycled - actual[car] for car in PLAYOFF}
    raw = {car: rows[car].pos - actual[car] for car in PLAYOFF}
    print(f"lap {lap} -> lap {done_lap}: cycled off {off}; raw off {raw}")
    assert sum(map(abs, off.values())) < sum(map(abs, raw.values()))
    # The leader after the cycle is the one the projection named: Rhodes, on the lap-80 tyres.
    assert cycle.rows[0].car == reached[0] == "99"


def test_the_cycle_ends_when_every_running_car_has_stopped(frames) -> None:  # type: ignore[no-untyped-def]
    done_lap, _ = frames[129][0].cycle.completed[-1]
    assert frames[done_lap + 1][1] is None
    assert frames[done_lap - 3][1] is not None


@pytest.mark.parametrize("lap", [67, 74, 85, 92])
def test_a_few_cars_stopping_under_a_caution_is_no_cycle(frames, lap) -> None:  # type: ignore[no-untyped-def]
    """After the cautions of laps 61-67, 69-74 and 79-84 only backmarkers (and, at lap 80,
    Rhodes) stopped: under a quarter of the lead-lap cars and of the playoff drivers."""
    frame, cycle = frames[lap]
    running = {r.car for r in frame.state.order if r.status == "running"}
    stopped = running & frame.cycle.stopped.keys()
    assert MIN_SPLIT <= len(stopped) < len(running)  # enough to have opened one before the rule
    lead = frame.cycle.lead
    assert lead and len(lead & stopped) < SPLIT_SHARE * len(lead)
    assert len(set(PLAYOFF) & stopped) < SPLIT_SHARE * len(PLAYOFF)
    assert cycle is None and not split(frame.cycle, frame.state)


def test_most_of_the_field_stopping_under_a_caution_is_a_cycle(frames) -> None:  # type: ignore[no-untyped-def]
    """Under the lap-53 caution most of the lead lap pitted and a few stayed out: a split."""
    frame, cycle = frames[58]
    lead = frame.cycle.lead
    assert len(lead & frame.cycle.stopped.keys()) >= SPLIT_SHARE * len(lead)
    assert cycle is not None and split(frame.cycle, frame.state)
