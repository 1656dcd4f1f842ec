"""The keyframes of a recording: replay times, the nearest keyframe, the end of each lap."""

from __future__ import annotations

from cutline.feed.model.messages import Flag, Lap, RaceState
from cutline.feed.model.state import fold
from cutline.feed.playback.keyframes import Keyframes
from tests.support.synthetic import LAPS, race_messages

MSGS = race_messages()


def test_a_keyframe_before_every_lap_holds_the_state_there() -> None:
    frames = Keyframes(MSGS)
    assert frames.positions[0] == 0
    assert all(isinstance(MSGS[p], Lap) for p in frames.positions[1:])
    for p in (0, 5, len(MSGS) // 2, len(MSGS)):
        start, state = frames.nearest(p)
        assert start <= p and start in frames.positions
        assert state == fold(MSGS[:start])
    assert frames.final == fold(MSGS)


def test_times_never_fall_even_when_a_recording_steps_back() -> None:
    msgs = [Flag(seq=1, t=10.0, lap=0, flag="green"), Flag(seq=2, t=5.0, lap=0, flag="yellow")]
    assert Keyframes(msgs).times == [10.0, 10.0]


def test_lap_end_clamps_below_the_first_lap_and_above_the_last() -> None:
    frames = Keyframes(MSGS)
    assert (frames.first_lap, frames.last_lap) == (0, LAPS)
    assert frames.lap_end(-5) == frames.lap_end(0)
    assert frames.lap_end(LAPS + 1) == len(MSGS)


def test_an_empty_recording_has_one_keyframe_and_no_laps() -> None:
    frames = Keyframes([])
    assert frames.nearest(0) == (0, RaceState())
    assert frames.lap_end(3) == 0 and frames.lap_end(0) == 0
