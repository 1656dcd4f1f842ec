"""The running order's columns give way by priority on a narrow table."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from cutline.tui.views import COLUMNS, OrderRow
from cutline.tui.widgets.running_order import NARROW_DRIVER, WIDE_DRIVER, RunningOrder


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


def _rows(n: int, gap: str = "+0.1") -> list[OrderRow]:
    names = [f"Driver {i}" for i in range(n)]
    return [
        OrderRow(str(10 + i), i + 1, {key: ("", "") for key, *_ in COLUMNS}
                 | {"pos": (str(i + 1), ""), "car": (str(10 + i), ""),
                    "driver": (names[i], ""), "gap": (gap if i else "", "")})
        for i in range(n)
    ]  # fmt: skip


class _Board(App[None]):
    def compose(self) -> ComposeResult:
        yield RunningOrder()


def _count_rows(order: RunningOrder) -> list[str]:
    """Record the data rows whose lines DataTable renders again (missed its line cache)."""
    rendered: list[str] = []
    render = order._render_line_in_row

    def counted(row_key: RowKey, *args: Any, **kwargs: Any) -> Any:
        if isinstance(row_key.value, str):  # not the header
            rendered.append(row_key.value)
        return render(row_key, *args, **kwargs)

    order._render_line_in_row = counted  # type: ignore[method-assign]
    return rendered


async def test_a_changed_cell_re_renders_its_row_only() -> None:
    app = _Board()
    async with app.run_test(size=(100, 20)) as pilot:
        order = app.query_one(RunningOrder)
        rows = _rows(12)
        order.show(rows, None, False)
        await pilot.pause()
        before = app.export_screenshot()
        rendered = _count_rows(order)
        cells = dict(rows[3].cells) | {"gap": ("+9.9", "")}
        rows[3] = OrderRow(rows[3].car, rows[3].pos, cells)
        cached = set(order._cell_render_cache.keys())
        order.show(rows, None, False)
        assert {key[1] for key in cached - set(order._cell_render_cache.keys())} == {"gap"}
        await pilot.pause()
        assert rendered == [rows[3].car]  # DataTable's `update_cell` re-renders every row
        assert "+9.9" in app.export_screenshot() != before
        rendered.clear()
        # Two cars swap places: those two rows only, each shown where it now is.
        rows[5], rows[6] = rows[6], rows[5]
        order.show(rows, None, False)
        await pilot.pause()
        assert sorted(rendered) == sorted([rows[5].car, rows[6].car])
        assert [order.get_row_at(i)[1].plain for i in range(len(rows))] == [r.car for r in rows]
        assert order.get_row_index(rows[5].car) == 5
        # What the caches kept is what a table drawn from scratch shows.
        kept = [list(order.render_line(y)) for y in range(order.size.height)]
        order._clear_caches()
        assert kept == [list(order.render_line(y)) for y in range(order.size.height)]


async def test_cells_render_as_data_table_renders_them() -> None:
    app = _Board()
    async with app.run_test(size=(60, 16)) as pilot:
        order = app.query_one(RunningOrder)
        rows = _rows(6)
        long = "A Driver With A Long Name"  # cut with an ellipsis
        cells = dict(rows[2].cells) | {"driver": (long, "followed"), "gap": ("+1.5", "down")}
        rows[2] = OrderRow(rows[2].car, rows[2].pos, cells)
        order.show(rows, None, False)
        await pilot.pause()

        def chars(lines: list[list[Segment]]) -> list[tuple[str, Style | None]]:
            return [(ch, seg.style or None) for seg in lines[0] for ch in seg.text]

        for row in range(order.row_count):
            for column, col in enumerate(order.ordered_columns):
                width = col.get_render_width(order)
                for base in (order.rich_style, order._get_row_style(row, order.rich_style)):
                    for cursor, hover in ((False, False), (True, False), (False, True)):
                        args = (row, column, base, width, cursor, hover)
                        order._cell_render_cache.clear()
                        fast = order._render_cell(*args)
                        order._cell_render_cache.clear()
                        assert chars(fast) == chars(DataTable._render_cell(order, *args))
        assert "…" in "".join(seg.text for seg in order._render_cell(2, 2, Style(), 16)[0])
