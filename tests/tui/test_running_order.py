"""The running order: columns give way by priority; an update redraws only the lines it changed."""

from __future__ import annotations

from textual.app import App, ComposeResult

from cutline.tui.views import COLUMNS, OrderRow
from cutline.tui.widgets.order_layout import NARROW_DRIVER, WIDE_DRIVER
from cutline.tui.widgets.running_order import RunningOrder
from tests.support.app import screen_text


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
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield RunningOrder()

    def on_running_order_driver_followed(self, message: RunningOrder.DriverFollowed) -> None:
        self.chosen.append(message.car)


async def test_a_changed_cell_redraws_its_line_only() -> None:
    app = _Board()
    async with app.run_test(size=(100, 20)) as pilot:
        order = app.query_one(RunningOrder)
        rows = _rows(12)
        order.show(rows, None, False)
        await pilot.pause()
        before = app.export_screenshot()
        drawn = order.lines_drawn
        cells = dict(rows[3].cells) | {"gap": ("+9.9", "")}
        rows[3] = OrderRow(rows[3].car, rows[3].pos, cells)
        order.show(rows, None, False)
        await pilot.pause()
        assert order.lines_drawn - drawn == 1
        assert "+9.9" in app.export_screenshot() != before
        # Two cars swap places: those two lines only, each shown where it now is.
        drawn = order.lines_drawn
        rows[5], rows[6] = rows[6], rows[5]
        order.show(rows, None, False)
        await pilot.pause()
        assert order.lines_drawn - drawn == 2
        assert [order.row_cells(i)[1] for i in range(len(rows))] == [r.car for r in rows]
        # What the cache kept is what a table drawn from scratch shows.
        kept = app.export_screenshot()
        fresh = _Board()
        async with fresh.run_test(size=(100, 20)) as again:
            fresh.query_one(RunningOrder).show(rows, None, False)
            await again.pause()
            assert fresh.export_screenshot() == kept


async def test_the_cursor_follows_its_car_and_chooses_it() -> None:
    app = _Board()
    async with app.run_test(size=(60, 8)) as pilot:
        order = app.query_one(RunningOrder)
        order.focus()
        rows = _rows(12, gap="+1.0")
        order.show(rows, rows[9].car, False)
        await pilot.pause()
        assert order.cursor_car == rows[9].car and order.scroll_offset.y > 0  # scrolled to it
        assert rows[9].cells["driver"][0] in screen_text(app)
        rows.insert(0, rows.pop(9))  # it takes the lead: the cursor goes with it
        order.show(rows, rows[0].car, False)
        await pilot.pause()
        assert order.cursor_row == 0 and order.scroll_offset.y == 0
        await pilot.press("down", "down", "enter")
        assert order.cursor_car == rows[2].car
        await pilot.press("ctrl+end")
        assert order.cursor_car == rows[-1].car
        await pilot.pause()
        assert app.chosen == [rows[2].car]


async def test_long_names_are_cut_with_an_ellipsis() -> None:
    app = _Board()
    async with app.run_test(size=(44, 10)) as pilot:
        order = app.query_one(RunningOrder)
        rows = _rows(3)
        cells = dict(rows[1].cells) | {"driver": ("A Driver With A Very Long Name", "followed")}
        rows[1] = OrderRow(rows[1].car, rows[1].pos, cells)
        order.show(rows, None, False)
        await pilot.pause()
        line = "".join(s.text for s in order.render_lines(order.region.reset_offset)[2])
        assert "A Driver With" in line and "Long Name" not in line, line
        assert line.split("A Driver With", 1)[1].split()[-2].endswith("…"), line


async def test_focus_and_theme_restyle_the_rows_drawn() -> None:
    app = _Board()
    async with app.run_test(size=(60, 10)) as pilot:
        order = app.query_one(RunningOrder)
        order.show(_rows(5), None, False)
        order.focus()
        await pilot.pause()
        focused = app.export_screenshot()
        app.set_focus(None)
        await pilot.pause()
        blurred = app.export_screenshot()
        assert blurred != focused  # the cursor row and the tint follow the focus
        app.theme = "textual-light"
        await pilot.pause()
        assert app.export_screenshot() != blurred
        app.theme = "textual-dark"
        await pilot.pause()
        assert app.export_screenshot() == blurred  # nothing stale kept from the other theme
