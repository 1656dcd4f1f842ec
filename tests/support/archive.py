"""NASCAR's real 2021 Phoenix archive (``shared/samples/nascar/archive-2021-cup-5087``) turned
into the builder's lap-file schema, and the lap numbers its timing dropped."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.support.paths import SHARED

FIELDS = ("lap", "car", "driver", "position", "lap_time", "lap_speed")


def phoenix_archive() -> Path:
    """The archive's folder, or a skip naming what is missing."""
    folder = SHARED / "samples" / "nascar" / "archive-2021-cup-5087" if SHARED else None
    if folder is None or not folder.is_dir():
        pytest.skip(
            "the shared samples (../shared/samples/nascar/archive-2021-cup-5087) are absent"
        )
    return folder


def phoenix_laps_csv(tmp_path: Path) -> tuple[Path, list[tuple[str, int]]]:
    """Write the archive's ``lap-times.json`` as a laps CSV, as given (gaps and all).

    Returns:
        The CSV, and every (car, lap) missing between a car's lap 0 and its last lap.
    """
    doc = json.loads((phoenix_archive() / "lap-times.json").read_text())
    path = tmp_path / "phoenix-laps.csv"
    gaps: list[tuple[str, int]] = []
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FIELDS)
        for car in doc["laps"]:
            number, laps = car["Number"], car["Laps"]
            for row in laps:
                time, speed = row["LapTime"], row["LapSpeed"]
                writer.writerow(
                    [
                        row["Lap"],
                        number,
                        car["FullName"],
                        row["RunningPos"],
                        time or "",
                        speed or "",
                    ]
                )
            seen = {row["Lap"] for row in laps}
            gaps += [(number, lap) for lap in range(max(seen)) if lap not in seen]
    return path, gaps


# The Championship 4 of 2021, each reset to 5,000 (the archive's README; the Cup rules' reset).
CHAMPIONSHIP_4 = ("5", "11", "19", "9")


def phoenix_facts(tmp_path: Path) -> Path:
    """The archive's ``weekend-feed.json`` in the facts schema: the race, the field, the stages,
    the official result, the cautions, and the Championship 4 entering the race (no pit data: the
    builder infers the stops)."""
    race = json.loads((phoenix_archive() / "weekend-feed.json").read_text())["weekend_race"][0]
    results = race["results"]
    stage_lengths = [race[f"stage_{i}_laps"] for i in range(1, 5) if race[f"stage_{i}_laps"]]
    ends = [sum(stage_lengths[: i + 1]) for i in range(len(stage_lengths))]
    names = {r["car_number"]: r["driver_fullname"] for r in results}
    facts = {
        "race": {
            "series": "NASCAR Cup Series",
            "series_id": race["series_id"],
            "season": race["race_season"],
            "race_id": race["race_id"],
            "name": race["race_name"],
            "track": race["track_name"],
            "scheduled_laps": race["scheduled_laps"],
            "stage_end_laps": ends,
            "playoff_round": "Championship 4",
            "race_in_round": 1,
            "races_in_round": 1,
        },
        "field": [
            {
                "car": r["car_number"],
                "driver": r["driver_fullname"],
                "team": r["team_name"],
                "make": r["car_make"],
                "playoff_eligible": r["car_number"] in CHAMPIONSHIP_4,
            }
            for r in results
        ],
        "stages": [
            {
                "stage": s["stage_number"],
                "end_lap": ends[s["stage_number"] - 1],
                "top10": [
                    {"pos": row["finishing_position"], "car": row["car_number"]}
                    for row in s["results"]
                ],
            }
            for s in race["stage_results"]
        ],
        "result": [
            {
                "pos": r["finishing_position"],
                "car": r["car_number"],
                "driver": r["driver_fullname"],
                "on_track_pos": r["finishing_position"],
                "start": r["starting_position"],
                "laps": r["laps_completed"],
                "status": r["finishing_status"],
                "laps_led": r["laps_led"],
                "disqualified": r["disqualified"],
            }
            for r in sorted(results, key=lambda r: r["finishing_position"])
        ],
        "cautions": [
            {k: c[k] for k in ("start_lap", "end_lap", "reason", "comment", "flag_state")}
            for c in race["caution_segments"]
        ],
        "pre_race_playoff": {
            "drivers": [
                {"driver": names[car], "car": car, "pre_race_total": 5000} for car in CHAMPIONSHIP_4
            ]
        },
    }
    path = tmp_path / "phoenix.json"
    path.write_text(json.dumps(facts))
    return path
