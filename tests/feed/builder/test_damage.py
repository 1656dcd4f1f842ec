"""The reference race's lap file damaged at random (rows dropped, repeated, shuffled, times
blanked): the builder builds and its warnings count exactly what was damaged, or it refuses with
one line (`BadFacts`); it never raises anything else."""

from __future__ import annotations

import csv
import io
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cutline.feed.builder.build import assemble, read_inputs
from cutline.feed.builder.repairs import Repair, count
from cutline.feed.model.errors import BadFacts
from cutline.feed.model.state import fold
from tests.support.paths import FACTS_LAPS, FACTS_RACE, cutline

HEADER, *ROWS = FACTS_LAPS.read_text().splitlines(keepends=True)
N = len(ROWS)
# Each car's rows in the file: a car that loses every row leaves the lap table (it stays in the
# official result, "with no laps"), and its rows are counted there.
ROWS_OF: dict[str, int] = {}
for _row in ROWS:
    ROWS_OF[_row.split(",")[1]] = ROWS_OF.get(_row.split(",")[1], 0) + 1

indices = st.lists(st.integers(0, N - 1), max_size=40, unique=True)


def _blank(row: str) -> str:
    fields = next(csv.reader(io.StringIO(row)))
    fields[4] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drop=indices, blank=indices, repeat=indices, shuffle=st.booleans(), seed=st.integers())
def test_damaged_laps_build_with_counted_warnings_or_one_line(
    drop: list[int], blank: list[int], repeat: list[int], shuffle: bool, seed: int
) -> None:
    dropped = set(drop)
    rows = {i: ROWS[i] for i in range(N) if i not in dropped}
    blanked = [i for i in blank if i in rows and not rows[i].startswith("0,")]
    for i in blanked:
        rows[i] = _blank(rows[i])
    repeated = [rows[i] for i in repeat if i in rows]
    lines = [*rows.values(), *repeated]
    if shuffle:
        random.Random(seed).shuffle(lines)
    with tempfile.TemporaryDirectory() as folder:
        laps = Path(folder) / "laps.csv"
        laps.write_text(HEADER + "".join(lines))
        try:
            inputs = read_inputs(FACTS_RACE, laps)
        except BadFacts as err:
            assert "\n" not in str(err) and str(err)
            return
    state = fold(assemble(inputs))
    assert state.result is not None and state.result.official
    repairs = inputs.repairs
    assert count(repairs, "duplicate-rows") == len(repeated)
    assert count(repairs, "blank-times") == len(blanked)
    gone_cars = [car for r in repairs if r.kind == "no-laps" for car, _ in r.places]
    assert (
        count(repairs, "missing-laps")
        + count(repairs, "no-lap-0")
        + count(repairs, "short-of-result")
        + sum(ROWS_OF[car] for car in gone_cars)
    ) == len(dropped)
    kinds = {"duplicate-rows", "blank-times", "missing-laps", "no-lap-0", "short-of-result"}
    assert {r.kind for r in repairs} <= kinds | {"no-laps"}
    assert all(isinstance(r, Repair) and r.count > 0 for r in repairs)


def test_a_lap_file_with_nothing_left_is_refused_in_one_line(tmp_path: Path) -> None:
    laps = tmp_path / "laps.csv"
    laps.write_text(HEADER)
    done = cutline("build-replay", str(FACTS_RACE), "--laps", str(laps), "-o", str(tmp_path / "x"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("cutline: error:")
    assert "no laps" in done.stderr and not done.stdout
