#!/usr/bin/env python3
"""Turn the 2023 Xfinity Atlanta race (NASCAR race 5314) in NASCAR's live-feed JSON into a second
race in the schema of the facts (``races/*.json`` + ``*-laps.csv``), for the replay builder tests.

Standard library only. Reads three captures in ``tests/data/nascar/`` (copied unchanged from
``../shared/samples/nascar/``; their sources are in that folder's README) and writes
``tests/data/races/2023-xfinity-atlanta.json`` and ``...-laps.csv``. Run from the repository root:

    python tests/data/tools/atlanta_to_facts.py

What is copied and what is derived is written into the JSON's notes.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SAMPLES = HERE / "nascar"
OUT = HERE / "races"
MAKES = {"Chv": "Chevrolet", "Tyt": "Toyota", "Frd": "Ford"}
MARKERS = re.compile(r"\s*(\(i\)|#|\(P\))\s*")
# race_list_basic_2023.json (../shared/samples/nascar/): race 5314, "Stages 40/80/163 Laps".
RACE = {
    "series": "NASCAR Xfinity Series",
    "series_id": 2,
    "season": 2023,
    "race_id": 5314,
    "name": "RAPTOR King of Tough 250",
    "track": "Atlanta Motor Speedway",
    "date": "2023-03-18",
    "scheduled_laps": 163,
    "actual_laps": 163,
    "stage_lengths_laps": [40, 40, 83],
    "stage_end_laps": [40, 80, 163],
    "playoff_round": None,
    "source": "../shared/samples/nascar/race_list_basic_2023.json (race 5314)",
}


def load(name: str) -> object:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8-sig"))


def main() -> None:
    laps_doc = load("lap-times_2023-xfinity-atlanta.json")
    flags_doc = load("live-flag-data_2023-xfinity-atlanta.json")
    stages_doc = load("live-stage-points_2023-xfinity-atlanta.json")
    assert isinstance(laps_doc, dict) and isinstance(flags_doc, dict)
    assert isinstance(stages_doc, list)
    cars = laps_doc["laps"]

    rows = []
    for car in cars:
        for lap in car["Laps"]:
            rows.append(
                {
                    "lap": lap["Lap"],
                    "car": car["Number"],
                    "driver": car["FullName"],
                    "position": lap["RunningPos"],
                    "lap_time": "" if lap["LapTime"] is None else lap["LapTime"],
                    "lap_speed": "" if lap["LapSpeed"] is None else lap["LapSpeed"],
                }
            )
    rows.sort(key=lambda r: (r["lap"], r["position"]))

    field = []
    for car in cars:
        name = car["FullName"]
        field.append(
            {
                "car": car["Number"],
                "driver": MARKERS.sub(" ", name).strip(),
                "team": "",
                "make": MAKES.get(car["Manufacturer"], car["Manufacturer"]),
                "playoff_eligible": False,
                "rookie": "#" in name,
                "points_ineligible": "(i)" in name,
            }
        )
    names = {f["car"]: f["driver"] for f in field}

    last = max(len(c["Laps"]) - 1 for c in cars)
    result = []
    for car in sorted(cars, key=lambda c: c["RunningPos"]):
        laps = len(car["Laps"]) - 1
        led = sum(1 for lap in car["Laps"] if lap["Lap"] > 0 and lap["RunningPos"] == 1)
        result.append(
            {
                "pos": car["RunningPos"],
                "car": car["Number"],
                "driver": names[car["Number"]],
                "on_track_pos": car["RunningPos"],
                "start": car["Laps"][0]["RunningPos"],
                "laps": laps,
                "status": "Running" if laps >= last - 5 else "Out",
                "laps_led": led,
                "disqualified": False,
            }
        )

    # flags[L] is the flag as the leader completes lap L. A run of yellow L = a..b: the yellow
    # waved during lap a, laps a+1..b+1 were run at caution pace, green waved as the leader
    # completed b+1. The facts count a caution from its first lap wholly at caution pace.
    states = {f["LapsCompleted"]: f["FlagState"] for f in laps_doc["flags"]}
    comments = {
        f["lap_number"]: (f["comment"] or "").strip()
        for f in flags_doc["FlagStates"]
        if f["flag_state"] == 2
    }
    cautions = []
    lap = 1
    while lap <= last:
        if states.get(lap) != 2:
            lap += 1
            continue
        first = lap
        while states.get(lap + 1) == 2:
            lap += 1
        cautions.append(
            {
                "start_lap": first + 1,
                "end_lap": min(lap + 1, last),
                "reason": "",
                "comment": comments.get(first - 1, ""),
                "flag_state": 2,
            }
        )
        lap += 1

    stages = []
    for stage in stages_doc:
        top = sorted(stage["results"], key=lambda r: r["position"])[:10]
        stages.append(
            {
                "stage": stage["stage_number"],
                "end_lap": RACE["stage_end_laps"][stage["stage_number"] - 1],
                "top10": [
                    {
                        "pos": r["position"],
                        "car": r["vehicle_number"],
                        "driver": names.get(r["vehicle_number"], r["full_name"]),
                    }
                    for r in top
                ],
            }
        )

    doc = {
        "_about": (
            "A second race in the schema of ../shared/facts/races/, made by "
            "tests/data/tools/atlanta_to_facts.py from NASCAR live-feed captures of the 2023 "
            "Xfinity race at Atlanta (race 5314): lap-times (every lap, position, flags), "
            "live-flag-data (caution comments) and live-stage-points, copied in "
            "tests/data/samples/ from ../shared/samples/nascar/ (sources in its README). For the "
            "replay builder tests only: no playoff context (a regular-season race)."
        ),
        "race": RACE,
        "field": field,
        "field_note": "from lap-times: number, name (markers # rookie, (i) ineligible), make code",
        "stages": stages,
        "stages_source": "live-stage-points_2023-xfinity-atlanta.json",
        "result": result,
        "result_note": (
            "DERIVED, not the official result (no result feed was captured): the order and laps "
            "of the lap-times feed's final running positions; laps_led counted from the laps; "
            "status 'Out' for cars that stopped more than 5 laps short (the reason is unknown)."
        ),
        "cautions": cautions,
        "cautions_note": (
            "from lap-times flags[] (flag as the leader completes each lap), in the facts' "
            "convention: start_lap is the first lap wholly at caution pace; comments from "
            "live-flag-data"
        ),
        "leaders": [],
        "pit_stops": [],
        "pit_stops_note": "none: the tests infer the stops from the laps",
        "pre_race_playoff": None,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "2023-xfinity-atlanta.json").write_text(json.dumps(doc, indent=2) + "\n")
    with (OUT / "2023-xfinity-atlanta-laps.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(
            fh, ["lap", "car", "driver", "position", "lap_time", "lap_speed"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
