"""Hypothesis strategies for cutline messages: valid values only, in any order."""

from __future__ import annotations

from hypothesis import strategies as st

from cutline.feed.model.messages import (
    CarLap,
    Entry,
    FeedMessage,
    Flag,
    Incident,
    Lap,
    Penalty,
    Pit,
    PlayoffContext,
    PlayoffDriver,
    Race,
    Result,
    ResultRow,
    Stage,
    StageRow,
)

CARS = ("2", "02", "11", "19", "23", "38", "42", "98", "99", "7")  # the header's field
PLAYOFF = CARS[:8]
# Cars a feed can name that the header never listed (a late entry, a header from before a
# substitution): every message but the header draws from these too.
OUTSIDE = ("51", "84", "00")
ANY_CAR = CARS + OUTSIDE
seconds = st.floats(min_value=0, max_value=1e5, allow_nan=False, allow_infinity=False)
small = st.integers(min_value=0, max_value=200)
text = st.text(max_size=12)


def race(seq: int = 1) -> st.SearchStrategy[Race]:
    field = tuple(Entry(car=c, driver=f"Driver {c}", playoff=c in PLAYOFF) for c in CARS)
    drivers = st.lists(
        st.builds(
            PlayoffDriver,
            car=st.sampled_from(PLAYOFF),
            driver=st.just("x"),
            points=st.integers(3000, 3200),
            round_finishes=st.lists(st.integers(1, 40), max_size=2).map(tuple),
            locked=st.booleans(),
        ),
        min_size=1,
        max_size=8,
        unique_by=lambda d: d.car,
    )
    ctx = st.builds(
        PlayoffContext,
        format=st.just("elimination"),
        round=st.just("Round of 8"),
        drivers=drivers.map(tuple),
    )
    return st.builds(
        Race,
        seq=st.just(seq),
        t=seconds,
        series=st.just("truck"),
        season=st.just(2023),
        track=st.just("Homestead-Miami Speedway"),
        scheduled_laps=st.just(134),
        stage_ends=st.just((30, 60, 134)),
        field=st.just(field),
        playoff=st.one_of(st.none(), ctx),
    )


@st.composite
def lap(draw: st.DrawFn, seq: int = 1) -> Lap:
    cars = draw(st.permutations(ANY_CAR))
    n = draw(st.integers(1, len(cars)))
    leader = draw(small)
    rows = []
    for i, car in enumerate(cars[:n], 1):
        down = draw(st.integers(0, 3))
        rows.append(
            CarLap(
                car=car,
                pos=i,
                laps=max(leader - down, 0),
                laps_down=down,
                gap=None if down else draw(seconds),
                last_lap=draw(st.one_of(st.none(), seconds)),
                pit_road=draw(st.booleans()),
            )
        )
    flag = draw(st.one_of(st.none(), st.sampled_from(["green", "yellow", "white"])))
    return Lap(seq=seq, t=draw(seconds), lap=leader, cars=tuple(rows), flag=flag)


def message(seq: int = 1) -> st.SearchStrategy[FeedMessage]:
    car = st.sampled_from(ANY_CAR)
    return st.one_of(
        race(seq),
        lap(seq),
        st.builds(Flag, seq=st.just(seq), t=seconds, lap=small,
                  flag=st.sampled_from(["green", "yellow", "red", "white", "checkered"])),
        st.builds(Pit, seq=st.just(seq), t=seconds, car=car, lap=small,
                  phase=st.sampled_from(["in", "out"]),
                  tyres=st.sampled_from([None, 0, 2, 4]), inferred=st.booleans()),
        st.builds(Penalty, seq=st.just(seq), t=seconds, car=car, lap=small, infraction=text,
                  consequence=st.sampled_from(["pass-through", "tail", "disqualification"])),
        st.builds(Incident, seq=st.just(seq), t=seconds, lap=small,
                  cars=st.lists(car, min_size=1, max_size=3).map(tuple)),
        st.builds(Stage, seq=st.just(seq), t=seconds, stage=st.integers(1, 3), lap=small,
                  top=st.permutations(ANY_CAR).map(
                      lambda cs: tuple(StageRow(pos=i, car=c) for i, c in enumerate(cs[:10], 1))
                  )),
        st.builds(Result, seq=st.just(seq), t=seconds, official=st.booleans(),
                  cars=st.tuples(st.permutations(ANY_CAR), st.sets(car)).map(
                      lambda a: tuple(
                          ResultRow(pos=i, car=c, laps=134, disqualified=c in a[1])
                          for i, c in enumerate(a[0], 1)
                      )
                  )),
    )  # fmt: skip


@st.composite
def feeds(draw: st.DrawFn, max_size: int = 25) -> list[FeedMessage]:
    """A feed: a race header first, then any messages, seq rising from 1."""
    n = draw(st.integers(0, max_size))
    msgs: list[FeedMessage] = [draw(race(1))]
    for seq in range(2, n + 2):
        msgs.append(draw(message(seq)))
    return msgs
