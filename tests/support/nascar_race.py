"""A full-race cutline recording for the NASCAR mirror tests, built from the reference race's
facts and its lap-by-lap CSV (until ``replays/homestead-2023.jsonl.gz`` lands on main).

Header from `feed.builder.facts.header`; one `lap` per lap from the CSV positions (cars that have
stopped completing laps keep their last lap, behind the cars still running); the cautions, white
and checkered as `flag` messages; the stage classifications after their end laps; the as-run
result after the last lap. ``t`` is the leader's cumulative lap time.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from msgspec.structs import replace

from cutline.feed.builder.facts import header, read_facts, result_as_run, stage_messages
from cutline.feed.model.messages import CarLap, FeedMessage, Flag, Lap
from cutline.feed.playback.recording import iter_messages, write_recording
from tests.support.paths import BUNDLED, FACTS_LAPS, FACTS_RACE


def race_messages() -> list[FeedMessage]:
    facts = read_facts(FACTS_RACE)
    rows: dict[int, list[dict[str, str]]] = defaultdict(list)
    with FACTS_LAPS.open(newline="") as fh:
        for row in csv.DictReader(fh):
            rows[int(row["lap"])].append(row)
    stages = {s.lap: s for s in stage_messages(facts, seq=1)}
    yellow = {c.start_lap: c for c in facts.cautions}
    green = {c.end_lap for c in facts.cautions}
    last_lap = max(rows)
    out: list[FeedMessage] = [header(facts)]
    out.append(Flag(seq=1, t=0.0, flag="green", lap=0))
    last: dict[str, tuple[int, int]] = {}  # car -> (last lap completed, position then)
    t = 0.0
    for lap in sorted(rows):
        here = sorted(rows[lap], key=lambda r: int(r["position"]))
        if lap > 0:
            t += float(here[0]["lap_time"] or 0.0)
        for r in here:
            last[r["car"]] = (lap, int(r["position"]))
        running = [r["car"] for r in here]
        behind = sorted(
            (car for car in last if car not in running),
            key=lambda car: (-last[car][0], last[car][1]),
        )
        cars = [CarLap(car=car, pos=i, laps=lap) for i, car in enumerate(running, 1)]
        cars += [
            CarLap(car=car, pos=len(cars) + i, laps=last[car][0], laps_down=lap - last[car][0])
            for i, car in enumerate(behind, 1)
        ]
        out.append(Lap(seq=1, t=round(t, 3), lap=lap, cars=tuple(cars)))
        if lap in yellow:
            c = yellow[lap]
            out.append(Flag(seq=1, t=round(t, 3), flag="yellow", lap=lap, reason=c.comment))
        if lap in green:
            out.append(Flag(seq=1, t=round(t, 3), flag="green", lap=lap))
        if lap in stages:
            out.append(replace(stages[lap], t=round(t, 3)))
        if lap == last_lap - 1:
            out.append(Flag(seq=1, t=round(t, 3), flag="white", lap=lap))
        if lap == last_lap:
            out.append(Flag(seq=1, t=round(t, 3), flag="checkered", lap=lap))
            out.append(result_as_run(facts, seq=1, t=round(t, 3)))
    return [replace(m, seq=i) for i, m in enumerate(out, 1)]


def write_race(path: Path) -> Path:
    write_recording(path, race_messages(), source="tests: facts 2023-truck-homestead + laps CSV")
    return path


def bundled() -> list[FeedMessage]:
    """Every message of the bundled replay."""
    return list(iter_messages(BUNDLED))
