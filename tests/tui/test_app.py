"""The dashboard driven through the Pilot on the bundled race (the real 2023 Homestead finale)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from textual.widgets import Sparkline

from cutline.feed.model.errors import BadRecording, FeedUnavailable
from cutline.feed.model.messages import RaceState
from cutline.feed.model.state import fold
from cutline.feed.playback.recording import read_messages
from cutline.feed.streams.delay import DelayedFeed
from cutline.feed.streams.source import FeedStatus
from cutline.feed.views.frame import EMPTY, derive
from cutline.tui.app import CutlineApp
from cutline.tui.messages import StateChanged
from cutline.tui.views.race_log import LogFilter
from cutline.tui.widgets.cut_line import CutLine
from cutline.tui.widgets.race_log import RaceLog
from cutline.tui.widgets.running_order import RunningOrder
from tests.support.app import (
    HEIM,
    RHODES,
    SANCHEZ,
    bundled_player,
    panel_text,
    screen_text,
    settled,
    until,
)
from tests.support.paths import BUNDLED


async def test_keys_change_speed_and_pause() -> None:
    player = bundled_player(speed=1.0)
    app = CutlineApp(player, notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("plus")
        assert player.speed == 2.0
        await pilot.press("plus", "plus")
        assert player.speed == 10.0
        await pilot.press("minus")
        assert player.speed == 4.0
        await pilot.press("space")
        assert player.paused
        await until(pilot, lambda: "paused" in screen_text(app), "the paused status")
        await pilot.press("space")
        assert not player.paused
        await until(pilot, lambda: "▶ 4×" in screen_text(app), "the transport to show 4x")


async def test_keys_seek_by_lap_and_by_event() -> None:
    player = bundled_player(paused=True)
    app = CutlineApp(player, notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("full_stop")
        await until(pilot, lambda: app.state.lap == 1 and settled(app), "lap 1")
        await pilot.press("greater_than_sign")
        await until(pilot, lambda: app.state.lap == 11 and settled(app), "lap 11")
        assert "L11/134" in screen_text(app)
        await pilot.press("less_than_sign", "comma")
        await until(pilot, lambda: app.state.lap == 0 and settled(app), "back to lap 0")
        await pilot.press("right_square_bracket")  # the first event: Sanchez leads lap 1
        await until(pilot, lambda: app.state.lap == 1 and settled(app), "the first event")
        await pilot.press("right_square_bracket")  # the next: Heim takes the lead
        await until(pilot, lambda: app.state.lap == 6 and settled(app), "the next event")
        assert app.state.order[0].car == HEIM
        # The forward seeks folded every lap on the way: the margin chart has no hole.
        assert [lap for lap, _ in app.history.margins[RHODES]] == list(range(0, 7))


async def test_follow_a_driver_with_the_cursor_then_back_to_the_bubble() -> None:
    player = bundled_player(paused=True)
    app = CutlineApp(player, notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seek_to(40)
        await until(pilot, lambda: app.state.lap == 40 and settled(app), "lap 40")
        bubble = app.history.board.bubble if app.history.board else None
        assert app.followed() == (bubble, "bubble")
        order = app.query_one(RunningOrder)
        assert order.cursor_car == bubble  # the cursor goes to the followed car
        await pilot.press("ctrl+home")  # the leader's row
        await pilot.press("f")
        leader = app.state.order[0].car
        assert app.followed() == (leader, "pinned")
        await until(pilot, lambda: f"#{leader} " in screen_text(app), "the pinned card")
        await pilot.press("b")
        assert app.followed() == (bubble, "bubble")


async def test_follow_from_the_command_palette() -> None:
    player = bundled_player(paused=True)
    app = CutlineApp(player, notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seek_to(10)
        await until(pilot, lambda: app.state.lap == 10 and settled(app), "lap 10")
        await pilot.press("ctrl+p")
        await pilot.press(*"follow rhodes")
        await until(pilot, lambda: "follow: Ben Rhodes" in screen_text(app), "the command")
        await pilot.press("enter")
        await until(pilot, lambda: app.pinned == RHODES, "Rhodes pinned")
        await pilot.press("ctrl+p")
        await pilot.press(*"jump 50")
        await until(pilot, lambda: "jump: to lap 50" in screen_text(app), "the jump command")
        await pilot.press("enter")
        await until(pilot, lambda: app.state.lap == 50 and settled(app), "lap 50")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_final_board_shows_the_tie_and_the_tiebreak(size: tuple[int, int]) -> None:
    app = CutlineApp(bundled_player(), notifications=False, bell=False)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.state.result is not None and app.state.result.official
                    and settled(app), "the official result")  # fmt: skip
        board = app.history.board
        assert board is not None and board.final
        by_car = {d.car: d for d in board.drivers}
        assert by_car[RHODES].points == by_car[SANCHEZ].points == 3123
        assert (by_car[RHODES].status, by_car[SANCHEZ].status) == ("in", "out")
        lines = [line.strip("│┃ ") for line in panel_text(app, "#cut")]
        row = {name: next(i for i, line in enumerate(lines) if name in line and " 3" in line)
               for name in ("Heim", "Hocevar", "Enfinger", "Rhodes", "Sanchez", "Eckes",
                            "Majeski", "Smith")}  # fmt: skip
        for name in ("Heim", "Hocevar", "Enfinger", "Rhodes"):
            assert "ADVANCES" in lines[row[name]], name
        for name in ("Sanchez", "Eckes", "Majeski", "Smith"):
            assert "ELIMINATED" in lines[row[name]], name
        assert "TB" in lines[row["Rhodes"]] and "TB" in lines[row["Sanchez"]]
        for name in ("Rhodes", "Sanchez"):
            assert "3123" in lines[row[name]] and " +0 " in lines[row[name]], name
        assert "cut line" in lines[row["Rhodes"] + 1] and row["Sanchez"] == row["Rhodes"] + 2
        notes = " ".join(" ".join(lines[row["Smith"] + 1 :]).split())
        # The tie's note whole, not cut, at every size; then the DQ and the next round.
        assert (
            "note: Ben Rhodes and Nicholas Sanchez are level on 3123: Ben Rhodes is ahead on the"
            " tiebreaker, best finish in the round (2, 2, 7 against 7, 9, 17)"
        ) in notes
        assert "Zane Smith disqualified" in notes
        assert "Championship 4: Corey Heim, Carson Hocevar, Grant Enfinger, Ben Rhodes" in notes


async def test_following_the_bubble_switches_driver_when_the_bubble_changes() -> None:
    seen: list[tuple[str | None, str | None]] = []

    class Recording(CutlineApp):
        def draw(self, frame) -> None:  # type: ignore[no-untyped-def]
            super().draw(frame)
            board = frame.history.board
            seen.append((self.followed()[0], board.bubble if board else None))

    app = Recording(bundled_player(), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.state.result is not None and app.state.result.official
                    and settled(app), "the end of the race")  # fmt: skip
    bubbles = [bubble for followed, bubble in seen if bubble is not None]
    assert all(followed == bubble for followed, bubble in seen if bubble is not None)
    assert len(set(bubbles)) >= 2, bubbles
    assert seen[-1][0] == SANCHEZ  # first out at the end, a place from getting in


async def test_alerts_fire_when_the_followed_driver_crosses_the_line() -> None:
    rang: list[int] = []
    app = CutlineApp(bundled_player(), notifications=True, bell=True)
    app.bell = lambda: rang.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        app.follow(RHODES)
        await until(pilot, lambda: app.state.result is not None and app.state.result.official
                    and settled(app), "the end of the race")  # fmt: skip
        crossings = [a for a in app.fired if a.kind == "crossing"]
        assert crossings and all(a.car == RHODES for a in crossings)
        assert any("Ben Rhodes moves above the cut line" in a.text for a in crossings)
        assert any(a.kind == "caution" for a in app.fired)
        assert any(a.kind == "pit" and a.car == RHODES for a in app.fired)
        assert len(rang) == len(app.fired)
        shown = [n.message for n in app._notifications]
        assert any("Ben Rhodes moves above the cut line" in m for m in shown)


async def test_alerts_can_be_switched_off() -> None:
    rang: list[int] = []
    app = CutlineApp(bundled_player(paused=True), notifications=True, bell=True)
    app.bell = lambda: rang.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "g")
        assert not app.notify_alerts and not app.bell_alerts
        app.seek_to(25)
        await until(pilot, lambda: app.state.lap == 25 and settled(app), "lap 25")
        app.player.resume()  # type: ignore[union-attr]
        await until(pilot, lambda: app.state.cautions >= 1 and settled(app), "the caution")
        assert any(a.kind == "caution" for a in app.fired) and rang == []


async def test_an_emptied_board_raises_no_alerts_for_the_race_that_fills_it() -> None:
    """A live feed restarted on another race empties the board; the new race's first frame
    holds what was already there, not news, as when the dashboard opens on it."""
    app = CutlineApp(bundled_player(paused=True), notifications=True, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.follow(RHODES)
        app.seek_to(40)
        await until(pilot, lambda: app.state.lap == 40 and settled(app), "lap 40")
        fired = list(app.fired)
        app.draw(EMPTY)
        app.draw(derive(EMPTY, fold(read_messages(BUNDLED))))  # the whole race at once
        assert app.fired == fired
        # The same step from a frame of the race is news: the test can fail.
        app.draw(derive(EMPTY, fold(read_messages(BUNDLED)[:200])))
        app.draw(derive(EMPTY, fold(read_messages(BUNDLED))))
        assert len(app.fired) > len(fired)


async def test_updates_touch_only_changed_cells() -> None:
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False)
    async with app.run_test(size=(200, 60)) as pilot:
        app.seek_to(20)
        await until(pilot, lambda: app.state.lap == 20 and settled(app), "lap 20")
        order = app.query_one(RunningOrder)
        before = order.cells_updated
        assert app._shown is not None
        app.draw(app._shown)  # the same frame again
        assert order.cells_updated == before
        app.seek_to(21)
        await until(pilot, lambda: app.state.lap == 21 and settled(app), "lap 21")
        touched = order.cells_updated - before
        full = order.row_count * len(order.columns)
        assert 0 < touched < full / 2
        assert order.row_count == len(app.state.order) == 34


async def test_a_newer_state_replaces_a_queued_one() -> None:
    first, second = StateChanged(None), StateChanged(None)  # type: ignore[arg-type]
    assert first.can_replace(second)


async def test_feed_errors_go_to_the_status_line() -> None:
    class Broken:
        async def states(self) -> AsyncIterator[RaceState]:
            yield RaceState(seq=1)
            raise BadRecording("race.jsonl:7: bad message: Expected `int`")

        @property
        def status(self) -> FeedStatus:
            return FeedStatus(mode="live", text="live")

    app = CutlineApp(Broken(), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "race.jsonl:7" in screen_text(app), "the error in the header")
        assert app.is_running


async def test_live_delay_keys_and_calibration() -> None:
    class Live:
        def __init__(self) -> None:
            self.laps = [RaceState(seq=i, lap=i) for i in range(1, 4)]

        async def states(self) -> AsyncIterator[RaceState]:
            for state in self.laps:
                yield state

        @property
        def status(self) -> FeedStatus:
            return FeedStatus(mode="live", text="live")

    feed = DelayedFeed(Live())
    app = CutlineApp(feed, notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.state.lap == 3, "the live laps")
        await pilot.press("d", "d")
        assert feed.delay == 2.0
        await pilot.press("s", "d")  # step 5 s
        assert feed.delay == 7.0
        await pilot.press("s", "D")  # step 30 s, down: clamped at 0
        assert feed.delay == 0.0
        await pilot.press("k")
        assert feed.delay >= 0.0 and len(feed.crossings) == 2
        await until(pilot, lambda: "delay" in screen_text(app), "the delay on screen")
        await pilot.press("space")  # replay keys do nothing live
        assert app.check_action("toggle_pause", ()) is False


async def test_help_screen_compare_column_and_log_filter() -> None:
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False)
    async with app.run_test(size=(200, 60)) as pilot:
        app.seek_to(40)
        await until(pilot, lambda: app.state.lap == 40 and settled(app), "lap 40")
        await pilot.press("question_mark")
        await until(pilot, lambda: "Keys" in screen_text(app), "the help screen")
        assert "Follow" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("c")
        followed = app.followed()[0]
        await until(pilot, lambda: f"Δ#{followed}" in screen_text(app), "the compare column")
        log = app.query_one(RaceLog)
        await pilot.press("l")
        assert log.kind == "pit"
        assert log.lines_shown and all(line.kind == "pit" for line in log.lines_shown)
        sparkline = app.query_one(Sparkline)
        assert sparkline.data is not None and len(sparkline.data) == 41
        assert not app.query_one(CutLine).has_class("-flash")


async def test_a_live_feed_that_fails_before_its_first_state_ends_the_app() -> None:
    class Refused:
        async def states(self) -> AsyncIterator[RaceState]:
            raise FeedUnavailable("ws://127.0.0.1:9/: connection refused")
            yield RaceState()  # pragma: no cover - makes this an async generator

        @property
        def status(self) -> FeedStatus:
            return FeedStatus(mode="connecting", text="connecting")

    app = CutlineApp(DelayedFeed(Refused()), fail_fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.failure is not None, "the failure")
    assert isinstance(app.failure, FeedUnavailable) and app.return_code == 1


async def test_a_theme_change_restyles_the_table_in_place() -> None:
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seek_to(12)
        await until(pilot, lambda: app.state.lap == 12 and settled(app), "lap 12")
        order = app.query_one(RunningOrder)
        dark = order.get_component_rich_style("running-order--out")
        app.theme = "textual-light"
        await pilot.pause()
        assert order.get_component_rich_style("running-order--out") != dark
        assert order.row_count == len(app.state.order) and order.cursor_car == app.followed()[0]


async def test_a_replay_opened_part_way_charts_the_laps_before() -> None:
    player = bundled_player(paused=True)
    player.seek_lap(30)
    app = CutlineApp(player, notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.state.lap == 30 and settled(app), "lap 30")
        assert [lap for lap, _ in app.history.margins[RHODES]] == list(range(0, 31))


async def test_the_log_scrolls_with_the_keyboard() -> None:
    app = CutlineApp(bundled_player(), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.state.result is not None and settled(app), "the end")
        log = app.screen.query_one(RaceLog)
        log.focus()
        await pilot.press("pageup")
        assert log.back == log.content_size.height - 1
        await pilot.press("up", "up")
        assert log.back == log.content_size.height + 1
        await pilot.press("home")
        assert log.back == len(log.lines_shown) - log.content_size.height
        assert "Race control" in " ".join(panel_text(app, "#log")[0].split())
        await pilot.press("end")
        assert log.back == 0


async def test_the_delay_keys_say_why_they_do_nothing_in_a_replay() -> None:
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("d", "D", "s", "k"):
            before = len(app._notifications)
            await pilot.press(key)
            await pilot.pause()
            assert len(app._notifications) == before + 1, key
            last = list(app._notifications)[-1]
            assert "for a live feed" in last.message
        assert app.delayed is None


async def test_the_log_filters_by_whom_and_folds_the_other_stops() -> None:
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seek_to(90)
        await until(pilot, lambda: app.state.lap == 90 and settled(app), "lap 90")
        log = app.screen.query_one(RaceLog)
        assert app.state.race is not None
        playoff = {e.car for e in app.state.race.field if e.playoff}
        folded = list(log.lines_shown)
        assert any("other cars pitted under caution" in x.text for x in folded)
        await pilot.press("p")  # every stop, one by one
        assert len(log.lines_shown) > len(folded) and "folded" not in str(log.border_title)
        await pilot.press("w")  # the playoff drivers only
        assert all(playoff & set(x.cars) for x in log.lines_shown if x.cars)
        assert "playoff drivers" in " ".join(panel_text(app, "#log")[0].split())
        await pilot.press("w")  # the followed driver only
        followed, _ = app.followed()
        assert followed is not None
        assert all(followed in x.cars for x in log.lines_shown if x.cars)
        await pilot.press("w")
        assert log.filter.who == "everyone"


async def test_the_points_screen_breaks_down_any_playoff_drivers_points() -> None:
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seek_to(999)
        await until(pilot, lambda: app.state.result is not None and settled(app), "the end")
        app.follow("2")  # Sanchez, level with Rhodes and out on the tiebreaker
        await pilot.pause()
        await pilot.press("i")
        await until(pilot, lambda: "points entering" in screen_text(app), "the points screen")
        text = screen_text(app)
        assert "Nicholas Sanchez · points" in text and "eliminated on the tiebreaker" in text
        assert "(+1) IN" in text  # one place more and he was in
        await pilot.press("right")
        await until(pilot, lambda: "Nicholas Sanchez · points" not in screen_text(app), "next")
        await pilot.press("escape")
        await until(pilot, lambda: "points entering" not in screen_text(app), "closed")


async def test_a_lead_is_never_a_lock_in_the_log_and_rhodes_leads_in_with_a_win_at_102() -> None:
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seek_to(102)
        await until(pilot, lambda: app.state.lap == 102 and settled(app), "lap 102")
        rhodes = [line for line in panel_text(app, "#cut") if "Ben Rhodes" in line]
        below = panel_text(app, "#cut")
        at = next(i for i, line in enumerate(below) if "Ben Rhodes" in line)
        assert rhodes and "in with a win (leading)" in below[at + 1], below
        app.seek_to(999)
        await until(pilot, lambda: app.state.result is not None and settled(app), "the end")
        log = app.screen.query_one(RaceLog)
        log.set_filter(LogFilter(every_pit=True))
        text = [x.text for x in log.lines_shown]
        assert any("leads on lap" in t for t in text)
        for t in text:
            if "locks in" in t or "clinch" in t:
                # Only Heim's earlier win in the round, or Hocevar's official one, clinch.
                assert "Corey Heim" in t or "Carson Hocevar" in t, t
