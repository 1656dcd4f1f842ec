"""The odds over the laps of the real reference race: one value per lap, the swings in the log,
held while cars are on pit road, trimmed by a seek back."""

from __future__ import annotations

import pytest

import cutline.replays as replays
from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import apply
from cutline.feed.playback.recording import read_messages
from cutline.feed.views.frame import EMPTY, Frame, derive
from cutline.feed.views.odds_trail import SWING, OddsTrail, odds_series, track

RHODES = "99"


@pytest.fixture(scope="module")
def frames() -> list[Frame]:
    state, frame = RaceState(), EMPTY
    out = []
    for msg in read_messages(replays.path()):
        state = apply(state, msg)
        frame = derive(frame, state)
        out.append(frame)
    return out


def test_one_value_per_lap_and_exact_at_the_flag(frames: list[Frame]) -> None:
    trail = frames[-1].odds
    assert trail.final and trail.odds is not None and trail.odds.exact
    series = trail.series[RHODES]
    laps = [lap for lap, _ in series]
    assert laps == sorted(set(laps))  # one per lap, rising
    assert series[-1] == (134, 1.0)
    # Odds wait while a playoff driver is on pit road, so some laps have none; most have one.
    assert 100 <= len(laps) < 134
    assert odds_series(trail, RHODES)[-1] == 1.0


def test_swings_go_into_the_log_with_what_happened(frames: list[Frame]) -> None:
    swings = frames[-1].odds.swings
    assert swings
    for s in swings:
        assert abs(s.after - s.before) > SWING
        assert f"{s.before:.0%} → {s.after:.0%}" in s.text
    # Rhodes is out with 10 laps to go on the lap-80 caution's tyres, and in at the flag.
    assert any(s.car == RHODES and s.after > s.before for s in swings)
    # Penalties and stops are named when they are the driver's own news.
    assert any("after his penalty" in s.text or "as he pits" in s.text for s in swings)


def test_the_odds_hold_while_a_playoff_driver_is_on_pit_road(frames: list[Frame]) -> None:
    playoff = set(frames[-1].odds.series)
    held = [
        f
        for f in frames
        if f.state.result is None and any(r.pit_road and r.car in playoff for r in f.state.order)
    ]
    assert held
    assert any(f.odds.lap < f.state.lap for f in held)  # the lap's odds wait for the stop


def test_the_odds_are_worked_out_once_a_lap(frames: list[Frame]) -> None:
    # Between two laps the same Odds object is carried, not worked out again per message.
    distinct = {id(f.odds.odds) for f in frames if f.odds.odds is not None}
    assert len(distinct) <= 134 + 2  # a lap each, the result's and the official's


def test_a_seek_back_trims_the_trail(frames: list[Frame]) -> None:
    last = frames[-1]
    early = next(f for f in frames if f.state.lap == 40)
    back = track(last.odds, early.state, early.history.board)
    assert all(lap <= 40 for series in back.series.values() for lap, _ in series)
    assert all(s.seq <= early.state.seq for s in back.swings)
    assert back.odds is not None and back.odds.lap == 40


def test_no_swing_across_a_seek_that_skipped_laps(frames: list[Frame]) -> None:
    at_30 = next(f for f in frames if f.state.lap == 30)
    at_130 = next(f for f in frames if f.state.lap == 130 and f.state.result is None)
    trail = track(at_30.odds, at_130.state, at_130.history.board)
    assert trail.swings == at_30.odds.swings  # 100 laps apart: a hole, not a swing


def test_no_board_no_odds() -> None:
    trail = track(OddsTrail(), RaceState(), None)
    assert trail.odds is None and trail.series == {}
