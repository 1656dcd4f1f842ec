"""The dashboard says what the recording's header says of its data (a built race's repairs)."""

from __future__ import annotations

from cutline.tui.app import CutlineApp
from tests.support.app import bundled_player, until


async def test_a_notice_is_shown_once_the_board_is_up() -> None:
    notice = "lap data repaired: 34 cars, 34 laps missing"
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False, notice=notice)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: bool(app._notifications), "the notice")
        assert [n.message for n in app._notifications] == [notice]


async def test_no_notice_for_clean_data() -> None:
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app._board_up, "the board")
        await pilot.pause()  # a notice would be posted by now, and handled here
        assert not list(app._notifications)
