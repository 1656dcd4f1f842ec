"""A small made-up race for testing the player's mechanics (the real race tests live beside it).

Six cars (five in the playoffs, four go through) over 12 laps, 30 s a lap: a caution on laps 5-6
with a pit cycle, a stage at lap 6, a lead change on lap 8 (car 2, in on the win), a penalty, the
result as run and an official result that disqualifies car 2 (who drops below the cut).
"""

from __future__ import annotations

from cutline.feed.model.messages import (
    CarLap,
    Entry,
    FeedMessage,
    Flag,
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

LAPS = 12
CARS = ("1", "2", "3", "4", "5", "6")
POINTS = {"1": 3050, "2": 3020, "3": 3040, "4": 3035, "5": 3030}


def race_messages() -> list[FeedMessage]:
    msgs: list[FeedMessage] = []

    def add(msg: FeedMessage) -> None:
        msgs.append(msg)

    seq = iter(range(1, 10_000))
    add(
        Race(
            seq=next(seq),
            t=0.0,
            series="truck",
            season=2023,
            track="Test Speedway",
            scheduled_laps=LAPS,
            stage_ends=(6, LAPS),
            field=tuple(Entry(car=c, driver=f"Driver {c}", playoff=c in POINTS) for c in CARS),
            playoff=PlayoffContext(
                format="elimination",
                round="Round of 8",
                race_in_round=3,
                races_in_round=3,
                drivers=tuple(
                    PlayoffDriver(car=c, driver=f"Driver {c}", points=p, round_finishes=(5, 6))
                    for c, p in POINTS.items()
                ),
            ),
        )
    )
    order = list(CARS)
    for lap in range(LAPS + 1):
        t = 30.0 * lap
        if lap == 8:
            order = ["2", "1", "3", "4", "5", "6"]  # a lead change
        flag = "yellow" if lap in (5, 6) else ("checkered" if lap == LAPS else "green")
        add(
            Lap(
                seq=next(seq),
                t=t,
                lap=lap,
                flag=None if lap == 0 else flag,  # type: ignore[arg-type]
                cars=tuple(
                    CarLap(car=c, pos=i, laps=lap, gap=0.5 * (i - 1), interval=0.5 if i > 1 else 0)
                    for i, c in enumerate(order, 1)
                ),
            )
        )
        if lap == 0:
            add(Flag(seq=next(seq), t=t, flag="green", lap=1, reason="start"))
        if lap == 4:
            add(Flag(seq=next(seq), t=t + 10, flag="yellow", lap=5, reason="debris"))
        if lap == 5:
            for k, c in enumerate(CARS):
                add(Pit(seq=next(seq), t=t + 5 + k, car=c, lap=5, phase="in", under="caution"))
                add(Pit(seq=next(seq), t=t + 20 + k, car=c, lap=5, phase="out", tyres=4))
        if lap == 6:
            top = tuple(StageRow(pos=i, car=c) for i, c in enumerate(order, 1))
            add(Stage(seq=next(seq), t=t, stage=1, lap=6, top=top))
        if lap == 6:
            add(Flag(seq=next(seq), t=t + 25, flag="green", lap=7))
        if lap == 9:
            add(
                Penalty(
                    seq=next(seq),
                    t=t + 3,
                    car="3",
                    lap=9,
                    infraction="speeding",
                    consequence="pass-through",
                )  # fmt: skip
            )
    rows = tuple(ResultRow(pos=i, car=c, laps=LAPS) for i, c in enumerate(order, 1))
    add(Result(seq=next(seq), t=30.0 * LAPS + 60, cars=rows, text="as run"))
    dq = tuple(
        ResultRow(pos=i, car=r.car, laps=LAPS, disqualified=r.car == "2")
        for i, r in enumerate(sorted(rows, key=lambda r: r.car == "2"), 1)
    )
    add(Result(seq=next(seq), t=30.0 * LAPS + 600, cars=dq, official=True))
    return msgs
