"""The dashboard keeps the fan's settings: set in the app, saved at once, applied next start."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from textual.pilot import Pilot

from cutline.feed.model.messages import RaceState
from cutline.feed.streams.delay import DelayedFeed
from cutline.feed.streams.source import FeedStatus
from cutline.tui.app import CutlineApp
from cutline.tui.dashboard import watch_preferences
from cutline.tui.settings import Alerts, Preferences, Settings, load, save
from cutline.tui.views import order_rows
from tests.support.app import HEIM, RHODES, SANCHEZ, bundled_player, screen_text, settled, until


async def opened(app: CutlineApp, pilot: Pilot[int]) -> None:
    """The paused replay taken to lap 5: the field is known and drawn."""
    app.seek_to(5)
    await until(pilot, lambda: app.state.lap == 5 and settled(app), "lap 5")


def dashboard(path: Path) -> CutlineApp:
    prefs = Preferences(path)
    return CutlineApp(bundled_player(paused=True), prefs=prefs)  # bell and alerts: the settings'


async def test_a_favourite_set_in_the_palette_is_followed_on_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    app = dashboard(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        assert app.followed()[1] == "bubble" and not path.exists()
        await pilot.press("ctrl+p", *"follow rhodes")
        await until(pilot, lambda: "follow: Ben Rhodes" in screen_text(app), "the command")
        await pilot.press("enter")
        await until(pilot, lambda: app.pinned == RHODES, "Rhodes pinned")
        assert load(path).favourites == (RHODES,)  # saved at once, not at quit
    again = dashboard(path)
    async with again.run_test(size=(120, 40)) as pilot:
        await opened(again, pilot)
        assert again.followed() == (RHODES, "pinned")
        assert "#99 Ben Rhodes" in screen_text(again)  # the follow card's title
        await pilot.press("b")  # the bubble for this session; he stays the favourite
        assert again.followed()[1] == "bubble" and load(path).favourites == (RHODES,)


def test_favourites_are_marked_in_the_running_order() -> None:
    player = bundled_player()
    player.seek_lap(20)
    rows = {r.car: r.cells["car"][1] for r in order_rows(player.state, None, SANCHEZ, False,
                                                           (RHODES, SANCHEZ))}  # fmt: skip
    assert rows[RHODES] == "favourite" and rows[SANCHEZ] == "followed" and rows[HEIM] == ""


async def test_a_corrupt_file_is_reported_with_its_line_and_the_defaults_used(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    broken = 'favourites = ["99"]\ntheme = "nord"\n\n[alerts]\nbell = maybe\n'
    path.write_text(broken)
    app = dashboard(path)
    async with app.run_test(size=(200, 40)) as pilot:
        await opened(app, pilot)
        screen = screen_text(app)
        assert "settings.toml: line 5: " in screen  # in the header's status
        assert app.prefs.settings == Settings() and app.followed()[1] == "bubble"
        assert app.theme != "nord"
        await pilot.press("g")  # a change: made for this run, never written over the broken file
        assert app.bell_alerts is False and app.prefs.settings.alerts.bell is False
        assert "settings.toml: line 5: " in screen_text(app)
    assert path.read_text() == broken


async def test_a_file_written_while_the_app_runs_is_kept_when_it_quits(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    app = dashboard(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        # The fan edits the file (or another cutline saves it) while this one runs.
        save(path, Settings(theme="nord", delay={"nascar": 42.0}))
        await pilot.press("g")  # the bell off, saved on top of what is on disk now
        assert load(path) == Settings(
            theme="nord", delay={"nascar": 42.0}, alerts=Alerts(bell=False)
        )
        await pilot.press("q")
    assert load(path).theme == "nord" and load(path).delay == {"nascar": 42.0}


async def test_a_theme_chosen_is_saved_and_set_next_time(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    app = dashboard(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(app, pilot)
        app.theme = "nord"  # as the palette's "Change theme" does
        await until(pilot, lambda: path.exists() and load(path).theme == "nord", "the save")
    again = dashboard(path)
    async with again.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: again.theme == "nord", "the saved theme")


class Live:
    """Three live laps, then silence (a feed that stays up)."""

    async def states(self) -> AsyncIterator[RaceState]:
        for lap in range(1, 4):
            yield RaceState(seq=lap, lap=lap)

    @property
    def status(self) -> FeedStatus:
        return FeedStatus(mode="live", text="live")


async def test_the_delay_is_saved_for_its_feed_and_used_next_time(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    save(path, Settings(delay={"ws://elsewhere:8765/": 9.0}))
    feed = DelayedFeed(Live())
    app = CutlineApp(feed, prefs=Preferences(path, feed="nascar"))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.state.lap == 3, "the live laps")
        await pilot.press("s", "d")  # step 5 s, up
        assert load(path).delay == {"ws://elsewhere:8765/": 9.0, "nascar": 5.0}
    prefs = watch_preferences(path, "nascar")  # what `cutline watch nascar` opens with
    assert prefs.settings.delay["nascar"] == 5.0


async def test_a_kind_of_alert_switched_off_stays_off(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    app = dashboard(path)
    app.bell = lambda: None  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"alerts caution off")
        await until(pilot, lambda: "alerts: caution off" in screen_text(app), "the command")
        await pilot.press("enter")
        await until(pilot, lambda: not app.prefs.settings.alerts.caution, "cautions off")
    assert load(path).alerts.caution is False
    again = dashboard(path)
    again.bell = lambda: None  # type: ignore[method-assign]
    async with again.run_test(size=(120, 40)) as pilot:
        again.seek_to(25)
        await until(pilot, lambda: again.state.lap == 25 and settled(again), "lap 25")
        again.player.resume()  # type: ignore[union-attr]
        await until(pilot, lambda: again.state.cautions >= 1 and settled(again), "the caution")
        again.player.pause()  # type: ignore[union-attr]
        await until(pilot, lambda: settled(again), "the last frame drawn")
        assert not any(a.kind == "caution" for a in again.fired)
        assert again.prefs.settings.alerts.pit  # the other kinds still ring
