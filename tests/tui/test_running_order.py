"""The running order's columns give way by priority on a narrow table."""

from __future__ import annotations

from tui.widgets.running_order import NARROW_DRIVER, WIDE_DRIVER, RunningOrder


def _keys(width: int, compare: bool = False) -> list[str]:
    return [key for key, _ in RunningOrder().columns_for(width, compare)]


def test_everything_fits_a_wide_table() -> None:
    assert _keys(200) == ["pos", "car", "driver", "int", "gap", "last", "pit", "tyre", "led",
                          "gain", "pen"]  # fmt: skip
    assert "cmp" in _keys(200, compare=True)


def test_columns_drop_least_important_first_and_names_shrink_last() -> None:
    medium = RunningOrder().columns_for(60, False)
    assert [k for k, _ in medium] == ["pos", "car", "driver", "int", "gap", "pen"]
    assert dict(medium)["driver"] == WIDE_DRIVER  # full names before the last lap and the rest
    narrow = RunningOrder().columns_for(38, False)
    assert [k for k, _ in narrow] == ["pos", "car", "driver", "gap"]  # the gap before names
    assert NARROW_DRIVER <= dict(narrow)["driver"] < WIDE_DRIVER
    assert _keys(38, compare=True) == ["pos", "car", "driver", "gap"]
    assert _keys(48, compare=True) == ["pos", "car", "driver", "gap", "cmp"]
