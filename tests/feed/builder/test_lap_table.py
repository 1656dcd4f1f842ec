"""Reading a laps CSV: the real file reads, and every kind of bad file names the file, the line
and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from cutline.feed.builder.lap_table import read_laps
from cutline.feed.model.errors import BadFacts
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
        (GOOD + "3,1,A,1,,1\n", ":7: lap_time: not a number of seconds: ''"),
        (GOOD + "3,1,A,1,-2,1\n", ":7: lap_time: must be more than 0 seconds"),
        (GOOD + "2,1,A,1,30,1\n", ":7: car 1 lap 2 is listed twice (line 6)"),
        (GOOD + "4,1,A,1,30,1\n", ":7: car 1 has lap 4 but no lap 3"),
        (GOOD + "3,9,Z,3,30,1\n", ":7: car: '9' is not in the race's field"),
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
