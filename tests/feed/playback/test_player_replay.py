"""The player on the bundled replay: seeks and rewinds land where straight play does, pause
stops the replay clock, and a seek folds about one lap, never the race from the start."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cutline.replays as replays
from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import fold
from cutline.feed.playback.keyframes import Keyframes
from cutline.feed.playback.player import Player
from cutline.feed.playback.recording import read_messages
from tests.support.clock import FakeTime
from tests.support.folds import count_folds

MSGS = read_messages(replays.path())
FINAL = fold(MSGS)
LAST = 134


def _player(speed: float | None = None) -> tuple[Player, FakeTime]:
    ft = FakeTime()
    return Player(MSGS, speed=speed, clock=ft.clock, sleep=ft.sleep), ft


async def _play_to_end(player: Player) -> RaceState:
    states = [player.state]
    async with asyncio.timeout(30):
        states += [state async for state in player.states()]
    return states[-1]


@settings(max_examples=15, deadline=None)
@given(lap=st.integers(min_value=0, max_value=LAST))
def test_seek_then_play_to_the_end_equals_straight_through(lap: int) -> None:
    player, _ = _player()
    player.seek_lap(lap)
    assert player.lap == lap
    assert asyncio.run(_play_to_end(player)) == FINAL


def test_straight_through_at_speed_takes_the_race_time() -> None:
    player, ft = _player(speed=100.0)
    assert asyncio.run(_play_to_end(player)) == FINAL
    assert ft.now - 100.0 == pytest.approx(MSGS[-1].t / 100.0)


def test_rewind_from_the_end_to_lap_10_equals_playing_to_lap_10() -> None:
    player, _ = _player()
    asyncio.run(_play_to_end(player))
    assert player.ended and player.state == FINAL
    rewound = player.seek_lap(10)

    straight, _ = _player(speed=25.0)

    async def play_to_10() -> RaceState:
        async for state in straight.states():
            if straight.position == straight.lap_position(10):
                return state
        raise AssertionError("lap 10 never came")

    assert asyncio.run(play_to_10()) == rewound
    assert rewound.lap == 10 and rewound.order[0].car == "11"
    assert player.step_laps(-5).lap == 5 and player.rewind().lap == 0


async def test_pause_stops_time() -> None:
    player, ft = _player(speed=4.0)
    gen = player.states()
    while (await anext(gen)).lap < 40:
        pass
    player.pause()
    t, position = player.t, player.position
    ft.now += 3600.0
    waiting = asyncio.ensure_future(anext(gen))
    for _ in range(50):
        await asyncio.sleep(0)
    assert not waiting.done()
    assert player.t == t and player.position == position and player.lap == 40
    assert player.status.mode == "paused"
    player.resume()
    await asyncio.wait_for(waiting, 5)
    assert player.status.mode == "replay" and player.status.text == "replay at 4x"
    await gen.aclose()


def test_seeks_fold_about_one_lap(monkeypatch: pytest.MonkeyPatch) -> None:
    player, _ = _player()
    folded = count_folds(monkeypatch)
    keys = Keyframes(MSGS).positions
    busiest = max(b - a for a, b in zip(keys, [*keys[1:], len(MSGS)], strict=True))
    for lap in (130, 2, 77, 33, 134, 0, 100, 99, 101):
        assert player.seek_lap(lap) == fold(MSGS[: player.position])
    player.seek_time(5000.0)
    player.next_event({"penalty"})
    player.prev_event({"caution"})
    assert max(folded) <= busiest < len(MSGS) / 5


def test_status_and_progress() -> None:
    player, _ = _player(speed=1.0)
    assert player.last_lap == LAST and player.progress == 0.0
    player.seek_lap(67)
    assert 0.4 < player.progress < 0.6
    player.faster()
    assert player.status.text == "replay at 2x" and player.status.speed == 2.0
    player.seek_lap(LAST + 1)
    assert player.status.mode == "ended" and player.progress == 1.0
