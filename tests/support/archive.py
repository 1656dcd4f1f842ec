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
