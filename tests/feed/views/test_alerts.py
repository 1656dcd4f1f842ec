"""Alerts between two states: cautions for all, crossings, stops and penalties for one car."""

from __future__ import annotations

from cutline.feed.model.messages import Entry, Flag, Penalty, Pit, Race, RaceState
from cutline.feed.model.state import apply
from cutline.feed.views.alerts import alerts
from cutline.feed.views.history import LineChange

FIELD = (Entry(car="1", driver="Ann"), Entry(car="2", driver="Bo"))
RACE = Race(seq=1, t=0, series="truck", season=2023, track="T", scheduled_laps=100,
            stage_ends=(100,), field=FIELD)  # fmt: skip


def test_caution_for_everyone_stops_and_penalties_for_the_followed_car() -> None:
    before = apply(apply(RaceState(), RACE), Flag(seq=2, t=0, flag="green", lap=0))
    now = apply(before, Flag(seq=3, t=1, flag="yellow", lap=5, reason="debris"))
    now = apply(now, Pit(seq=4, t=2, car="1", lap=5, phase="in"))
    now = apply(now, Pit(seq=5, t=2, car="2", lap=5, phase="in"))
    now = apply(now, Penalty(seq=6, t=3, car="1", lap=5, infraction="speeding",
                             consequence="tail"))  # fmt: skip
    got = [(a.kind, a.car) for a in alerts(before, now, (), "1")]
    assert got == [("caution", None), ("pit", "1"), ("penalty", "1")]
    assert alerts(before, now, (), "1")[0].text == "Caution: yellow flag, lap 5: debris"
    assert [a.kind for a in alerts(before, now, (), None)] == ["caution"]
    assert alerts(now, now, (), "1") == []


def test_crossings_of_the_followed_car_only() -> None:
    state = apply(RaceState(), RACE)
    changes = [
        LineChange(seq=2, t=0, lap=3, car="1", driver="Ann", now="in", before="out"),
        LineChange(seq=2, t=0, lap=3, car="2", driver="Bo", now="out", before="in"),
    ]
    assert [(a.kind, a.text) for a in alerts(state, state, changes, "2")] == [
        ("crossing", "Bo drops below the cut line on lap 3 (projected)")
    ]
