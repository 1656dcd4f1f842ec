"""The follow card's "pit now" on the bundled race: a driver with no green stop of his own is
estimated from the field's median green stop at this race, and the card says whose loss it is."""

from __future__ import annotations

import statistics

from cutline.feed.model.state import apply, tyre_age
from cutline.feed.views.cycle import field_loss
from cutline.feed.views.follow import time_behind_leader
from cutline.feed.views.frame import EMPTY, Frame, derive
from cutline.feed.views.pit_rejoin import green_loss
from cutline.tui.views.follow_card import follow_view
from tests.support.nascar_race import bundled


def _frame_at(lap: int) -> Frame:
    frame = EMPTY
    state = frame.state
    for msg in bundled():
        state = apply(state, msg)
        if state.lap > lap:
            break
        frame = derive(frame, state)
    return frame


def test_pit_now_falls_back_to_the_field_median_and_says_so() -> None:
    frame = _frame_at(60)
    median = field_loss(frame.pits)
    assert median is not None  # green stops were measured before lap 60
    playoff = [e.car for e in frame.state.race.field if e.playoff] if frame.state.race else []
    without = [c for c in playoff if green_loss(frame.pits, c) is None]
    assert without
    view = follow_view(frame.state, frame.history, frame.pits, without[0], "pinned")
    pit_now = dict((label, value) for label, value, _ in view.lines)["pit now"]
    assert pit_now.startswith("~P") and f"{median:.1f} s field median loss" in pit_now
    frame = _frame_at(110)  # after the green-flag cycle: the leaders have stops of their own
    timed = {c for c, t in time_behind_leader(frame.state.order).items() if t is not None}
    own = [c for c in frame.pits.cars if green_loss(frame.pits, c) is not None and c in timed]
    view = follow_view(frame.state, frame.history, frame.pits, own[0], "pinned")
    pit_now = dict((label, value) for label, value, _ in view.lines)["pit now"]
    assert f"{green_loss(frame.pits, own[0]):.1f} s his loss" in pit_now


def test_the_card_adds_up_his_points_and_says_what_a_place_either_way_changes() -> None:
    frame = _frame_at(102)
    board = frame.history.board
    assert board is not None
    rhodes = next(d for d in board.drivers if d.car == "99")
    view = follow_view(frame.state, frame.history, frame.pits, "99", "pinned")
    lines = dict((label, value) for label, value, _ in view.lines)
    parts = f"{rhodes.entering} + {rhodes.stage_points} stage + {rhodes.finish_points} for P1"
    assert lines["points"] == f"{parts} = {rhodes.points}"
    assert rhodes.entering + rhodes.stage_points + rhodes.finish_points == rhodes.points
    # Leading, he has no place up; one place down he loses the projected win.
    assert lines["±1 place"].startswith("P2 -") and "(win)" not in lines["±1 place"]


def test_the_stint_is_his_laps_on_tyres_against_the_running_fields() -> None:
    frame = _frame_at(102)  # Rhodes took tyres under the last caution and ran long
    state = frame.state
    mine = tyre_age(state, "99")
    others = [
        tyre_age(state, r.car) for r in state.order if r.status == "running" and r.car != "99"
    ]
    ages = [a for a in others if a is not None]
    assert mine is not None and ages
    fresher = sum(a > mine for a in ages)
    older = sum(a < mine for a in ages)
    assert fresher and older  # the field is split: the test can tell the two apart
    view = follow_view(state, frame.history, frame.pits, "99", "pinned")
    lines = dict((label, value) for label, value, _ in view.lines)
    assert lines["stint"] == (
        f"fresher than {fresher}, older than {older} "
        f"(field median {statistics.median(ages):g} laps)"
    )
