"""The player: paced play on an injected clock, pause, speed steps, seeks and the timeline."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cutline.feed.model.messages import FeedMessage, Lap, RaceState, Snapshot, Stage
from cutline.feed.model.state import fold
from cutline.feed.playback.keyframes import Keyframes
from cutline.feed.playback.player import SPEEDS, Player
from tests.support.clock import FakeTime
from tests.support.folds import count_folds
from tests.support.synthetic import LAPS, race_messages

MSGS = race_messages()
FINAL = fold(MSGS)


def _player(
    speed: float | None = 1.0, msgs: Sequence[FeedMessage] = MSGS
) -> tuple[Player, FakeTime]:
    ft = FakeTime()
    return Player(msgs, speed=speed, clock=ft.clock, sleep=ft.sleep), ft


async def _drain(player: Player) -> list[RaceState]:
    async with asyncio.timeout(5):
        return [state async for state in player.states()]


async def test_plays_every_message_at_max_speed() -> None:
    player, ft = _player(speed=None)
    states = await _drain(player)
    assert len(states) == len(MSGS)
    assert states[-1] == FINAL == player.state == player.final_state
    assert player.ended and player.progress == 1.0 and player.status.mode == "ended"
    assert ft.now == 100.0  # no time passes at max speed


@pytest.mark.parametrize("speed", [0.25, 1.0, 4.0, 100.0])
async def test_paced_by_t(speed: float) -> None:
    player, ft = _player(speed=speed)
    await _drain(player)
    span = MSGS[-1].t - MSGS[0].t
    assert ft.now - 100.0 == pytest.approx(span / speed)
    assert player.state == FINAL


async def test_pause_stops_time() -> None:
    player, ft = _player(speed=2.0)
    gen = player.states()
    while (await anext(gen)).lap < 5:
        pass
    player.pause()
    frozen, position = player.t, player.position
    assert player.status.mode == "paused" and "paused at lap 5" in player.status.text
    ft.now += 10_000.0  # time passes on the wall clock, not in the replay
    assert player.t == frozen
    waiting = asyncio.ensure_future(anext(gen))
    for _ in range(20):
        await asyncio.sleep(0)
    assert not waiting.done() and player.position == position  # waits, does not end
    resumed_at = ft.now
    player.resume()
    await asyncio.wait_for(waiting, 5)
    due = MSGS[position].t
    # The next message comes when the replay clock reaches it, counted from the resume.
    assert ft.now - resumed_at == pytest.approx((due - frozen) / 2.0)
    await gen.aclose()


async def test_seek_while_paused_yields_at_once() -> None:
    player, _ = _player()
    player.pause()
    gen = player.states()
    waiting = asyncio.ensure_future(anext(gen))
    await asyncio.sleep(0)
    assert not waiting.done()
    player.seek_lap(7)
    state = await asyncio.wait_for(waiting, 5)
    assert state.lap == 7 and player.paused
    await gen.aclose()


@settings(max_examples=30, deadline=None)
@given(lap=st.integers(min_value=-3, max_value=LAPS + 3))
def test_seek_then_play_equals_straight_through(lap: int) -> None:
    player, _ = _player(speed=None)
    state = player.seek_lap(lap)
    assert state == fold(MSGS[: player.position])
    assert asyncio.run(_drain(player))[-1] == FINAL


@settings(max_examples=30, deadline=None)
@given(lap=st.integers(min_value=0, max_value=LAPS))
def test_rewind_from_the_end_equals_playing_to_the_lap(lap: int) -> None:
    player, _ = _player(speed=None)
    player.seek_lap(LAPS + 1)
    assert player.ended and player.state == FINAL
    rewound = player.seek_lap(lap)

    straight, _ = _player(speed=None)

    async def play_to() -> RaceState:
        async for state in straight.states():
            if straight.position == straight.lap_position(lap):
                return state
        raise AssertionError("never reached the lap")

    assert asyncio.run(play_to()) == rewound
    assert rewound.lap == lap


def test_lap_position_is_the_end_of_the_lap() -> None:
    player, _ = _player()
    pos = player.lap_position(6)
    assert isinstance(MSGS[pos - 2], Lap) and MSGS[pos - 2].lap == 6  # type: ignore[union-attr]
    assert isinstance(MSGS[pos - 1], Stage)  # stamped the same instant as the line
    assert MSGS[pos].t > MSGS[pos - 1].t  # the green flag during lap 7 is not in lap 6
    assert player.lap_position(-5) == player.lap_position(0)
    assert player.lap_position(LAPS + 1) == len(MSGS)


def test_seeks_fold_about_one_lap(monkeypatch: pytest.MonkeyPatch) -> None:
    player, _ = _player()
    folded = count_folds(monkeypatch)
    keys = Keyframes(MSGS).positions
    longest_lap = max(b - a for a, b in zip(keys, [*keys[1:], len(MSGS)], strict=True))
    for lap in (LAPS, 0, 9, 3, LAPS + 1, 1):
        player.seek_lap(lap)
        assert player.state == fold(MSGS[: player.position])
    for t in (0.0, 95.0, 1000.0, 40.0):
        player.seek_time(t)
    assert folded and max(folded) <= longest_lap


def test_seek_time() -> None:
    player, _ = _player()
    state = player.seek_time(155.0)
    assert all(m.t <= 155.0 for m in MSGS[: player.position])
    assert MSGS[player.position].t > 155.0
    assert state.lap == 5 and state.stats["1"].in_pit
    assert player.seek_time(-1).seq == 0


def test_step_laps_and_rewind() -> None:
    player, _ = _player()
    player.seek_lap(6)
    assert player.step_laps(3).lap == 9
    assert player.step_laps(-4).lap == 5
    state = player.rewind()
    assert state.lap == 0 and state.race is not None and state.flag == "green"


def test_speed_steps_and_clamps() -> None:
    player, _ = _player(speed=1.0)
    seen: list[float | None] = []
    for _ in range(len(SPEEDS) + 2):
        player.faster()
        seen.append(player.speed)
    assert seen == [2.0, 4.0, 10.0, 25.0, 50.0, 100.0] + [None] * 6
    assert player.status.text == "replay at max speed"
    player.slower()
    assert player.speed == 100.0
    for _ in range(20):
        player.slower()
    assert player.speed == 0.25 and player.status.text == "replay at 0.25x"
    player.set_speed(3.0)
    player.faster()
    assert player.speed == 4.0
    player.set_speed(3.0)
    player.slower()
    assert player.speed == 2.0
    player.set_speed(1000)
    assert player.speed == 100.0
    player.set_speed(0.01)
    assert player.speed == 0.25
    with pytest.raises(ValueError):
        player.set_speed(float("nan"))


async def test_speed_change_keeps_the_replay_clock() -> None:
    player, ft = _player(speed=1.0)
    ft.now += 50.0
    assert player.t == pytest.approx(50.0)
    player.set_speed(10.0)
    assert player.t == pytest.approx(50.0)
    ft.now += 5.0
    assert player.t == pytest.approx(100.0)


def test_events_next_and_prev() -> None:
    player, _ = _player()
    kinds = [e.kind for e in player.events()]
    for kind in ("caution", "restart", "pit-cycle", "stage", "lead", "penalty", "result"):
        assert kind in kinds, kind
    caution = player.next_event({"caution"})
    assert caution is not None and player.state.flag == "yellow"
    assert player.position == caution.index + 1
    cycle = player.next_event({"pit-cycle"})
    assert cycle is not None and "6 stops" in cycle.text and player.state.stats["1"].in_pit
    penalty = player.next_event({"penalty"})
    assert penalty is not None and penalty.cars == ("3",)
    assert player.prev_event({"caution"}) == caution
    assert player.prev_event({"caution"}) is None and player.position == caution.index + 1
    player.seek_lap(LAPS + 1)
    assert player.next_event() is None and player.ended
    last = player.prev_event()
    assert last is not None and last.kind in ("result", "cut")


def test_cut_line_changes_are_events() -> None:
    player, _ = _player()
    cuts = [e for e in player.events() if e.kind == "cut"]
    # Driver 2 takes the lead on lap 8 (in on the win) and is then disqualified.
    assert any(e.cars == ("2",) and e.lap == 8 for e in cuts)
    assert any(e.cars == ("2",) and "drops below" in e.text for e in cuts)


async def test_messages_forward_then_snapshot_on_seek() -> None:
    player, _ = _player(speed=None)
    gen = player.messages()
    first = [await anext(gen) for _ in range(5)]
    assert first == MSGS[:5]
    player.seek_lap(2)
    snap = await anext(gen)
    assert isinstance(snap, Snapshot) and snap.state == fold(MSGS[: player.lap_position(2)])
    assert await anext(gen) == MSGS[player.lap_position(2)]
    await gen.aclose()


def test_open_reads_a_recording(tmp_path: object) -> None:
    from pathlib import Path

    from cutline.feed.playback.recording import write_recording

    path = Path(str(tmp_path)) / "r.jsonl.gz"
    write_recording(path, MSGS)
    player = Player.open(path, speed=None)
    assert player.final_state == FINAL and player.last_lap == LAPS


def test_empty_recording() -> None:
    player, _ = _player(msgs=[])
    assert player.ended and player.progress == 1.0
    assert asyncio.run(_drain(player)) == []
    assert player.seek_lap(3) == RaceState() and player.last_lap == 0
