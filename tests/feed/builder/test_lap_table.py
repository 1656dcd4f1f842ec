"""Reading a laps CSV: the real file reads, and every kind of bad file names the file, the line
and the field."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from cutline.feed.builder.lap_table import LapTable, read_laps
from cutline.feed.model.errors import BadFacts
from tests.support.archive import phoenix_laps_csv
from tests.support.paths import ATLANTA_LAPS, FACTS_LAPS

HEADER = "lap,car,driver,position,lap_time,lap_speed\n"
GOOD = HEADER + "0,1,A,1,,\n0,2,B,2,,\n1,1,A,1,30.5,150\n1,2,B,2,31.0,149\n2,1,A,1,30.0,151\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "laps.csv"
    path.write_text(text)
    return path


def test_reads_the_reference_race() -> None:
    table = read_laps(FACTS_LAPS)
    assert len(table.cars) == 34 and table.last_lap == 134
    hocevar = table.cars["42"]
    assert hocevar.laps == 134 and hocevar.positions[0] == 2 and hocevar.positions[134] == 1
    assert hocevar.times[1] == 35.609
    assert hocevar.elapsed[2] == pytest.approx(35.609 + 33.577)
    assert table.cars["12"].laps == 50  # out with an electrical problem
    assert [c.car for c in table.on_lap(134)][:3] == ["42", "38", "99"]


def test_a_shared_position_goes_to_the_first_across() -> None:
    # The live feed gives two cars P3 on Atlanta's last lap (its crash finish).
    table = read_laps(ATLANTA_LAPS)
    third = [c for c in table.on_lap(163) if c.positions[163] == 3]
    assert len(third) == 2
    order = table.on_lap(163)
    assert order.index(third[0]) < order.index(third[1])
    assert third[0].elapsed[163] <= third[1].elapsed[163]


def test_small_file(tmp_path: Path) -> None:
    table = read_laps(_write(tmp_path, GOOD), {"1", "2"})
    assert table.last_lap == 2 and table.cars["2"].laps == 1
    assert table.cars["1"].elapsed == [0.0, 30.5, 60.5]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("lap,car,position\n0,1,1\n", ":1: missing column(s): lap_time"),
        (GOOD + "x,1,A,1,30,1\n", ":7: lap: not a whole number: 'x'"),
        (GOOD + "3,1,A,0,30,1\n", ":7: position: must be 1 or more: 0"),
        (GOOD + "3,1,A,1,fast,1\n", ":7: lap_time: not a number of seconds: 'fast'"),
        (GOOD + "3,1,A,1,-2,1\n", ":7: lap_time: must be 0 seconds or more"),
        (GOOD + "3,,Z,3,30,1\n", ":7: car: empty"),
        (HEADER, ": no laps"),
    ],
)
def test_bad_files_name_the_line_and_field(tmp_path: Path, text: str, where: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(BadFacts) as info:
        read_laps(path, {"1", "2"})
    assert str(info.value).startswith(str(path))
    assert where in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadFacts, match="laps.csv: No such file"):
        read_laps(tmp_path / "laps.csv")


def test_not_text(tmp_path: Path) -> None:
    path = tmp_path / "laps.csv"
    path.write_bytes(b"\xff\xfe\x00lap")
    with pytest.raises(BadFacts, match="not UTF-8"):
        read_laps(path)


# Real timing data has holes; each is repaired and reported, never refused.


def _repairs(table: LapTable) -> dict[str, list[tuple[str, int | None]]]:
    return {r.kind: list(r.places) for r in table.repairs}


def test_a_missing_lap_is_interpolated_and_reported(tmp_path: Path) -> None:
    text = GOOD + "2,2,B,2,32.0,1\n3,1,A,1,29.0,1\n3,2,B,2,34.0,1\n"
    text = text.replace("2,1,A,1,30.0,151\n", "")  # car 1 loses lap 2 (a timing dropout)
    table = read_laps(_write(tmp_path, text), {"1", "2"})
    car = table.cars["1"]
    assert car.laps == 3 and car.times[2] == pytest.approx((30.5 + 29.0) / 2)
    assert car.positions[2] == car.positions[1]  # the lap before's position
    assert _repairs(table) == {"missing-laps": [("1", 2)]}
    assert table.repairs[0].line().startswith("1 lap missing (1 car: #1 lap 2)")


def test_blank_and_zero_times_are_interpolated(tmp_path: Path) -> None:
    text = GOOD + "2,2,B,2,0,1\n3,2,B,2,33.0,1\n3,1,A,1,,1\n"
    table = read_laps(_write(tmp_path, text), {"1", "2"})
    assert table.cars["2"].times[2] == pytest.approx((31.0 + 33.0) / 2)
    assert table.cars["1"].times[3] == pytest.approx(30.0)  # the last lap: the one before
    assert _repairs(table) == {"blank-times": [("1", 3), ("2", 2)]}  # car by car


def test_repeated_rows_keep_the_first_and_strangers_are_dropped(tmp_path: Path) -> None:
    text = GOOD + "2,1,A,1,99.0,1\n1,9,Z,3,30.0,1\n"
    table = read_laps(_write(tmp_path, text), {"1", "2"})
    assert table.cars["1"].times[2] == 30.0 and "9" not in table.cars
    assert _repairs(table) == {"duplicate-rows": [("1", 2)], "not-in-field": [("9", 1)]}


def test_lap_0_missing_starts_where_lap_1_ran(tmp_path: Path) -> None:
    table = read_laps(_write(tmp_path, GOOD.replace("0,2,B,2,,\n", "")), {"1", "2"})
    assert table.cars["2"].positions[:2] == [2, 2]
    assert _repairs(table) == {"no-lap-0": [("2", 0)]}


def test_the_official_result_is_final_for_the_laps(tmp_path: Path) -> None:
    # Car 1 has a stray row after a long gap; car 2's file stops a lap short of its result.
    text = GOOD + "9,1,A,1,30.0,1\n"
    table = read_laps(_write(tmp_path, text), {"1", "2"}, {"1": 2, "2": 2})
    assert table.cars["1"].laps == 2 and table.cars["2"].laps == 1
    assert _repairs(table) == {"past-result": [("1", 9)], "short-of-result": [("2", 2)]}


def test_the_real_phoenix_archive_has_its_dropouts_filled(tmp_path: Path) -> None:
    # NASCAR's 2021 Phoenix lap-times.json: every car skips lap numbers (Larson: 145, 147, 150).
    path, gaps = phoenix_laps_csv(tmp_path)
    table = read_laps(path)
    assert len(table.cars) == 39
    missing = [r for r in table.repairs if r.kind == "missing-laps"]
    assert [r.kind for r in table.repairs] == ["missing-laps"]
    assert sorted(missing[0].places) == sorted(gaps)
    assert len(missing[0].cars) == 36  # every car that ran past lap 140
    larson = table.cars["5"]
    assert larson.laps == 312 and all(math.isfinite(t) and t > 0 for t in larson.times[1:])
    assert larson.times[145] == pytest.approx((73.301 + 28.114) / 2)
