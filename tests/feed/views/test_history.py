"""The cut line over time: boards, crossings with their seq, one margin per lap, seeks back."""

from __future__ import annotations

from cutline.feed.model.messages import (
    CarLap,
    Entry,
    FeedMessage,
    Lap,
    PlayoffContext,
    PlayoffDriver,
    Race,
    RaceState,
)
from cutline.feed.model.state import apply
from cutline.feed.views.history import History, advance, margin_series

CARS = [str(i) for i in range(1, 11)]
POINTS = {"1": 3005, "2": 3004, "3": 3003, "4": 3002, "5": 3001, "6": 3000}


def _race() -> Race:
    field = tuple(Entry(car=c, driver=f"Driver {c}", playoff=c in POINTS) for c in CARS)
    ctx = PlayoffContext(
        format="elimination",
        round="Round of 8",
        drivers=tuple(PlayoffDriver(car=c, driver=f"Driver {c}", points=p)
                      for c, p in POINTS.items()),
    )  # fmt: skip
    return Race(seq=1, t=0, series="truck", season=2023, track="T", scheduled_laps=100,
                stage_ends=(25, 50, 100), field=field, playoff=ctx)  # fmt: skip


def _lap(seq: int, lap: int, order: list[str]) -> Lap:
    rows = tuple(CarLap(car=c, pos=i, laps=lap) for i, c in enumerate(order, 1))
    return Lap(seq=seq, t=float(seq), lap=lap, cars=rows)


# A non-playoff car leads throughout, so nobody is locked in by leading.
ORDER_A = ["10", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
ORDER_B = ["10", "6", "1", "2", "3", "4", "5", "7", "8", "9"]  # 6 from last to P2


def _fold(msgs: list[FeedMessage]) -> tuple[list[RaceState], History]:
    state, history, states = RaceState(), History(), []
    for msg in msgs:
        state = apply(state, msg)
        history = advance(history, state)
        states.append(state)
    return states, history


def test_crossings_are_logged_with_the_state_that_showed_them() -> None:
    msgs: list[FeedMessage] = [_race(), _lap(2, 1, ORDER_A), _lap(3, 2, ORDER_A)]
    msgs.append(_lap(4, 3, ORDER_B))
    _, history = _fold(msgs)
    assert history.board is not None
    assert [(c.seq, c.car, c.before, c.now) for c in history.changes] == [
        (4, "6", "out", "in"),
        (4, "4", "in", "out"),
    ]
    assert history.changes[0].text == "Driver 6 moves above the cut line on lap 3 (projected)"


def test_one_margin_per_lap_the_last_board_of_the_lap_wins() -> None:
    msgs: list[FeedMessage] = [_race(), _lap(2, 1, ORDER_A), _lap(3, 1, ORDER_B)]
    msgs.append(_lap(4, 2, ORDER_B))
    _, history = _fold(msgs)
    laps = [lap for lap, _ in history.margins["6"]]
    assert laps == [0, 1, 2]
    assert margin_series(history, "6")[1] == margin_series(history, "6")[2] > 0


def test_a_state_that_changes_nothing_on_the_board_is_cheap() -> None:
    states, history = _fold([_race(), _lap(2, 1, ORDER_A)])
    again = advance(history, states[-1])
    assert again.board is history.board


def test_seeking_back_trims_crossings_and_margins() -> None:
    msgs: list[FeedMessage] = [_race(), _lap(2, 1, ORDER_A), _lap(3, 2, ORDER_A)]
    msgs += [_lap(4, 3, ORDER_B), _lap(5, 4, ORDER_B)]
    states, history = _fold(msgs)
    assert len(history.changes) == 2
    back = advance(history, states[2])  # lap 2, before the crossing
    assert back.changes == ()
    assert [lap for lap, _ in back.margins["6"]] == [0, 1, 2]
    assert back.board is not None and back.lap == 2
    # Going forward again finds the crossing again.
    again = advance(advance(back, states[3]), states[4])
    assert [c.car for c in again.changes] == ["6", "4"]


def test_no_rules_for_the_race_is_a_problem_not_an_error() -> None:
    race = _race()
    odd = Race(**{f: getattr(race, f) for f in race.__struct_fields__ if f != "season"},
               season=1999)  # fmt: skip
    _, history = _fold([odd])
    assert history.board is None and "1999" in history.problem
