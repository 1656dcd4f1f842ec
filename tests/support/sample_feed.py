"""Provides a realistic feed for transport tests: the 2023 Truck Homestead race from the facts
(header, every lap's running order from the laps file, stages, both results) with a few pit stops,
numbered 1..N with no gaps. Built once per process; callers slice it."""

from __future__ import annotations

import csv
import functools
from collections import defaultdict

import msgspec

from cutline.feed.builder.facts import (
    header,
    read_facts,
    result_as_run,
    result_official,
    stage_messages,
)
from cutline.feed.model.messages import CarLap, FeedMessage, Flag, Lap, Pit
from tests.support.paths import FACTS_LAPS, FACTS_RACE

LAP_SECONDS = 33.0


@functools.cache
def race_messages() -> tuple[FeedMessage, ...]:
    """The whole race as messages, ``seq`` 1..N and ``t`` rising."""
    facts = read_facts(FACTS_RACE)
    by_lap: dict[int, list[tuple[int, str]]] = defaultdict(list)
    with FACTS_LAPS.open() as fh:
        for row in csv.DictReader(fh):
            by_lap[int(row["lap"])].append((int(row["position"]), row["car"]))
    stages = {s.lap: s for s in stage_messages(facts, seq=1)}
    done: dict[str, int] = defaultdict(int)
    body: list[FeedMessage] = [header(facts)]
    body.append(Flag(seq=1, t=0.0, flag="green", lap=0))
    for lap in sorted(by_lap):
        rows = sorted(by_lap[lap])
        cars = []
        for pos, car in rows:
            if lap > 0:
                done[car] += 1
            cars.append(CarLap(car=car, pos=pos, laps=done[car], last_lap=LAP_SECONDS + pos / 10))
        t = lap * LAP_SECONDS
        body.append(Lap(seq=1, t=t, lap=lap, cars=tuple(cars)))
        if lap and lap % 40 == 0:  # a round of stops for the cars in 5th and 9th
            for _, car in rows[4:9:4]:
                body.append(Pit(seq=1, t=t, car=car, lap=lap, phase="in", under="green"))
                body.append(Pit(seq=1, t=t, car=car, lap=lap, phase="out", tyres=4, fuel=True))
        if lap in stages:
            body.append(stages[lap])
    t_end = max(by_lap) * LAP_SECONDS
    body.append(result_as_run(facts, seq=1, t=t_end))
    body.append(result_official(facts, seq=1, t=t_end + 1))
    return tuple(
        msgspec.structs.replace(msg, seq=i, t=max(msg.t, 0.0)) for i, msg in enumerate(body, 1)
    )


@functools.cache
def another_race() -> tuple[FeedMessage, ...]:
    """Another race, from NASCAR's live feed (the 2023 Cup race at Atlanta, at lap 233): a few
    messages, so its seq is far below `race_messages`' (the case a seq alone cannot tell)."""
    from cutline.feed.sources.nascar.adapter import Adapter
    from tests.support.paths import load

    live = load("live-feed_2023-cup-atlanta_lap233-green.json")
    return tuple(Adapter(default_season=2023).step({"live": live}, 0.0))
