from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cutline.feed.model.messages import (
    CarLap,
    Entry,
    FeedMessage,
    Flag,
    Lap,
    Pit,
    Race,
    RaceState,
    Result,
    ResultRow,
)
from cutline.feed.model.state import apply, fold, positions_gained, snapshot, tyre_age
from tests.support.nascar_race import bundled
from tests.support.strategies import feeds


def _race(seq: int = 1) -> Race:
    field = tuple(Entry(car=c, driver=f"D{c}") for c in ("1", "2", "3"))
    return Race(seq=seq, t=0, series="truck", season=2023, track="T", scheduled_laps=10,
                stage_ends=(3, 6, 10), field=field)  # fmt: skip


def _lap(seq: int, lap: int, order: tuple[str, ...], **kw: object) -> Lap:
    cars = tuple(CarLap(car=c, pos=i, laps=lap) for i, c in enumerate(order, 1))
    return Lap(seq=seq, t=float(seq), lap=lap, cars=cars, **kw)  # type: ignore[arg-type]


def test_laps_led_lead_changes_and_positions_gained() -> None:
    msgs: list[FeedMessage] = [
        _race(),
        _lap(2, 0, ("1", "2", "3")),
        _lap(3, 1, ("1", "2", "3")),
        _lap(4, 2, ("2", "1", "3")),
        _lap(5, 3, ("3", "2", "1")),
    ]
    state = fold(msgs)
    assert {c: s.laps_led for c, s in state.stats.items()} == {"1": 1, "2": 1, "3": 1}
    assert state.lead_changes == 2
    assert positions_gained(state, "3") == 2 and positions_gained(state, "1") == -2
    assert [e.kind for e in state.log].count("lead") == 2


def test_duplicate_is_ignored_and_a_gap_is_reported() -> None:
    msgs: list[FeedMessage] = [_race(), _lap(2, 1, ("1", "2", "3"))]
    state = fold(msgs)
    assert apply(state, msgs[1]) is state
    after_gap = apply(state, _lap(5, 2, ("1", "2", "3")))
    assert after_gap.gaps == ((3, 5),) and after_gap.seq == 5
    assert after_gap.log[-1].kind == "gap" and "3..4" in after_gap.log[-1].text
    assert after_gap.stats["1"].laps_led == 2


def test_pit_stops_and_tyre_age() -> None:
    msgs: list[FeedMessage] = [
        _race(),
        _lap(2, 5, ("1", "2", "3")),
        Pit(seq=3, t=3, car="2", lap=5, phase="in", under="caution"),
        Pit(seq=4, t=4, car="2", lap=5, phase="out", tyres=2, duration=11.5),
        Pit(seq=5, t=5, car="3", lap=5, phase="in"),
        Pit(seq=6, t=6, car="3", lap=5, phase="out", tyres=0),
        Pit(seq=7, t=7, car="1", lap=5, phase="out"),  # joined mid-stop: counted, tyres unknown
        _lap(8, 9, ("1", "2", "3")),
    ]
    state = fold(msgs)
    assert {c: s.stops for c, s in state.stats.items()} == {"1": 1, "2": 1, "3": 1}
    assert tyre_age(state, "2") == 4 and state.stats["2"].tyres_known
    assert tyre_age(state, "3") == 9  # fuel only: the tyres are the ones from the start
    assert tyre_age(state, "1") == 4 and not state.stats["1"].tyres_known


def test_flags_count_cautions_once() -> None:
    msgs: list[FeedMessage] = [
        _race(),
        Flag(seq=2, t=1, flag="green", lap=0),
        Flag(seq=3, t=2, flag="yellow", lap=4, reason="debris"),
        _lap(4, 5, ("1", "2", "3"), flag="yellow"),
        Flag(seq=5, t=3, flag="green", lap=7),
    ]
    state = fold(msgs)
    assert state.cautions == 1 and state.flag == "green"
    assert [e.text for e in state.log if e.kind == "flag"][1] == "yellow flag, lap 4: debris"


def test_a_later_result_replaces_an_earlier_one() -> None:
    rows = (ResultRow(pos=1, car="1"), ResultRow(pos=2, car="2"))
    dq = (ResultRow(pos=1, car="2"), ResultRow(pos=2, car="1", disqualified=True))
    state = fold(
        [_race(), Result(seq=2, t=1, cars=rows), Result(seq=3, t=2, cars=dq, official=True)]
    )
    assert state.result is not None and state.result.official and state.result.cars == dq
    assert "disqualified: D1" in state.log[-1].text


@settings(max_examples=60, deadline=None)
@given(feeds(max_size=15))
def test_any_valid_feed_folds_and_applying_twice_equals_once(msgs: list[FeedMessage]) -> None:
    state = fold(msgs)
    assert fold(msgs, state) == state
    assert state.seq == msgs[-1].seq


@settings(max_examples=60, deadline=None)
@given(feeds(max_size=15), st.data())
def test_snapshot_plus_the_rest_equals_the_full_fold(
    msgs: list[FeedMessage], data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(msgs)))
    prefix = fold(msgs[:cut])
    resumed = fold(msgs[cut:], apply(RaceState(), snapshot(prefix)) if cut else None)
    assert resumed == fold(msgs)


@settings(max_examples=25, deadline=None)
@given(feeds(max_size=10))
def test_snapshot_survives_the_wire(msgs: list[FeedMessage]) -> None:
    from cutline.feed.model.messages import decode, encode

    state = fold(msgs)
    assert apply(RaceState(), decode(encode(snapshot(state)))) == state


def test_a_snapshot_resets_the_state_even_with_a_lower_seq() -> None:
    early = fold([_race(), _lap(2, 1, ("1", "2", "3"))])
    late = fold([_race(), _lap(2, 1, ("1", "2", "3")), _lap(3, 2, ("2", "1", "3"))])
    assert apply(late, snapshot(early)) == early  # a replay rewound, a feed started over


def test_a_leader_outside_the_header_field_is_counted_with_the_car_count_unchanged() -> None:
    # The same number of cars as before, so no starting places are taken: the new leader has
    # no stats yet and must get them rather than stop the fold.
    state = fold([_race(), _lap(2, 1, ("1", "2", "3")), _lap(3, 2, ("9", "2", "3"))])
    assert state.lap == 2
    assert state.stats["9"].laps_led == 1
    assert state.lead_changes == 1


def test_a_pit_line_never_names_a_lap_other_than_its_tag_as_the_race_lap() -> None:
    state = fold(bundled())
    pits = [e for e in state.log if e.kind == "pit" and " pits " in e.text]
    assert len(pits) > 100
    own = 0
    for e in pits:
        m = re.search(r"pits on (his )?lap (\d+)", e.text)
        assert m is not None, e.text
        if m.group(1):
            own += int(m.group(2)) != e.lap  # a lapped car's own lap, said to be his
        else:
            assert int(m.group(2)) == e.lap, (e.lap, e.text)
    assert own > 0  # the bundled race has lapped cars stopping
