"""Provides `CutlineApp`: the dashboard. It owns the feed worker and hands each panel its view.

One async worker loops over the feed's frames (`feed.playback.frames`: each state with the
history and the pit book folded up to it, so no crossing or stop is missed) and posts
`StateChanged`. The app derives nothing itself: it keeps the worker, the actions and the
panels. Frames are
coalesced: a queued `StateChanged` is replaced by the next one, and the panels are drawn at most
once per `FRAME` seconds, from the newest state. A draw touches only what changed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from cutline.feed.model.messages import RaceState
from cutline.feed.playback.frames import Controls, Frames, ReplayFrames
from cutline.feed.streams.delay import DelayedFeed
from cutline.feed.streams.source import FeedStatus, StateFeed
from cutline.feed.views.alerts import Alert
from cutline.feed.views.frame import Frame
from cutline.feed.views.history import History
from cutline.tui import broadcast_delay, settings
from cutline.tui.alerting import ring
from cutline.tui.broadcast_delay import DELAY_STEPS
from cutline.tui.commands import CutlineCommands
from cutline.tui.keys import KEYS, LIVE_ACTIONS, REPLAY_ACTIONS
from cutline.tui.messages import FeedProblem, StateChanged
from cutline.tui.remember import apply_settings, remember
from cutline.tui.screens.board import BoardScreen
from cutline.tui.screens.help import HelpScreen
from cutline.tui.screens.points import PointsScreen
from cutline.tui.settings import Preferences
from cutline.tui.views import LOG_KINDS, FollowMode, header_view, live_transport, replay_transport
from cutline.tui.widgets.race_log import RaceLog
from cutline.tui.widgets.running_order import RunningOrder

FRAME = 1 / 30  # seconds: the most often the panels are redrawn


class CutlineApp(App[int]):
    """The live order against the cut line, following the bubble driver."""

    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "cutline"
    SCREENS: ClassVar[dict[str, Any]] = {"help": HelpScreen}
    COMMANDS = App.COMMANDS | {CutlineCommands}
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-normal"),
        (170, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [
        (0, "-short"),
        (32, "-tall"),
        (50, "-very-tall"),
    ]
    BINDINGS = KEYS
    REPLAY_ACTIONS = REPLAY_ACTIONS
    LIVE_ACTIONS = LIVE_ACTIONS

    def __init__(
        self,
        feed: StateFeed,
        *,
        bell: bool = True,
        notifications: bool = True,
        flash_seconds: float = 1.5,
        fail_fast: bool = False,
        prefs: Preferences | None = None,
        notice: str = "",
    ) -> None:
        super().__init__()
        self.prefs = prefs if prefs is not None else Preferences()  # None: nothing is saved
        self.fail_fast = fail_fast  # a feed that fails before its first state ends the app
        self.notice = notice  # said once the board is up ("lap data repaired: ...")
        self.failure: BaseException | None = None
        self.feed = feed
        self.player: Controls | None = feed if isinstance(feed, Controls) else None
        self.frames = Frames(feed) if self.player is None else ReplayFrames(self.player, feed)
        self.delayed: DelayedFeed | None = feed if isinstance(feed, DelayedFeed) else None
        alerts_set = self.prefs.settings.alerts
        self.bell_alerts = bell and alerts_set.bell
        self.notify_alerts = notifications and alerts_set.notifications
        self.flash_seconds = flash_seconds
        self.state = RaceState()
        self.pinned: str | None = None
        self._favourite_due = bool(self.prefs.settings.favourites)  # pinned once the field is known
        self.compare = False
        self.fired: list[Alert] = []  # alerts raised, newest last (tests and the log read it)
        self.frames_drawn = 0
        self.problem = ""
        self._pending: Frame | None = None
        self._shown: Frame | None = None
        self._frame_timer: Timer | None = None
        self._last_draw = 0.0
        self.quiet_next = False  # the next frame comes from a seek: no alerts, no flash
        self.delay_step = 0  # which of `broadcast_delay.DELAY_STEPS` a delay key moves by
        self._feed_done = False
        self._board_up = False  # the board's panels are mounted
        self._opened_at: tuple[int, float] | None = None  # (lap, race time) opened part way
        if self.player is not None and self.player.lap > 0:
            self._opened_at = (self.player.lap, self.player.state.t)

    @property
    def history(self) -> History:
        """The cut line's history up to the newest frame folded (drawn or not)."""
        return self.frames.frame.history

    def get_default_screen(self) -> BoardScreen:
        return BoardScreen(flash_seconds=self.flash_seconds)

    @property
    def board(self) -> BoardScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, BoardScreen)
        return screen

    def on_board_screen_ready(self, message: BoardScreen.Ready) -> None:
        # After the first refresh: every panel mounted and laid out before its first view.
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        self._board_up = True
        apply_settings(self)
        if isinstance(self.frames, ReplayFrames) and self._opened_at is not None:
            # A replay opened part way (--from-lap): fold the laps before it for the charts.
            self._after_seek(self.frames.open_part_way())
        self.run_feed()
        self._draw_pending()  # a seek made before the panels were up
        if self.player is None:
            self.set_interval(1.0, self._tick)
        self._draw_status()
        if self.notice:
            self.notify(self.notice, title="Recording", timeout=10)

    # -- the feed --------------------------------------------------------------------------

    @work(exclusive=True, group="feed", exit_on_error=False)
    async def run_feed(self) -> None:
        self._feed_done = False
        self.problem = ""
        yielded = time.monotonic()
        async for frame in self.frames.frames():
            self.post_message(StateChanged(frame))
            now = time.monotonic()
            if now - yielded >= FRAME:
                # A replay at full speed may never wait: let the screen have the loop.
                await asyncio.sleep(0)
                yielded = time.monotonic()
        self.post_message(FeedProblem("feed ended", ended=True))

    def on_state_changed(self, message: StateChanged) -> None:
        self._pending = message.frame
        if self._frame_timer is not None or not self._board_up:
            return
        wait = self._last_draw + FRAME - time.monotonic()
        if wait <= 0:
            self._draw_pending()
        else:
            self._frame_timer = self.set_timer(wait, self._draw_pending)

    def on_feed_problem(self, message: FeedProblem) -> None:
        if message.ended:
            self._feed_done = True
        else:
            self.problem = message.text
        self._draw_status()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "feed":
            return
        if event.state == WorkerState.ERROR:
            self._feed_done = True
            error = event.worker.error
            if self.fail_fast and self._shown is None and error is not None:
                self.failure = error
                self.exit(1, return_code=1)
                return
            self.problem = f"feed error: {error}"
            self.notify(str(error), title="Feed error", severity="error", timeout=10)
            self._draw_status()

    # -- drawing ---------------------------------------------------------------------------

    @property
    def frame_pending(self) -> bool:
        """A frame is queued or waiting for its turn (tests wait for this to clear)."""
        return self._pending is not None or self._frame_timer is not None

    def _draw_pending(self) -> None:
        self._frame_timer = None
        frame, self._pending = self._pending, None
        if frame is not None and self.screen_stack:  # none left while the app shuts down
            self.draw(frame)

    def followed(self) -> tuple[str | None, FollowMode]:
        """The followed car and why: pinned, the bubble, or the leader when there is no board."""
        if self.pinned is not None:
            return self.pinned, "pinned"
        board = self.history.board if self._shown is None else self._shown.history.board
        if board is not None and board.bubble is not None:
            return board.bubble, "bubble"
        state = self._shown.state if self._shown is not None else self.state
        return (state.order[0].car if state.order else None), "leader"

    def draw(self, frame: Frame) -> None:
        """Show ``frame`` on the board, then raise the alerts it brings."""
        before = self._shown
        self._shown = frame
        if self._favourite_due and frame.state.race is not None:
            self._favourite_due = False
            self.pinned = self.prefs.favourite_in(frame.state)
        self.state = frame.state
        self._last_draw = time.monotonic()
        self.frames_drawn += 1
        car, mode = self.followed()
        with self.batch_update():
            self.board.show(frame, before, car, mode, self.compare, self.prefs.settings.favourites)
            self._draw_status()
        ring(self, before, frame, car)

    def _tick(self) -> None:
        """Once a second, live: the status moves without states (reconnecting in N s), and a
        feed restarted on another race that has sent nothing yet empties the board."""
        if (empty := self.frames.restarted()) is not None:
            self.post_message(StateChanged(empty))
        self._draw_status()

    def _draw_status(self) -> None:
        if not self._board_up or not self.screen_stack:
            return
        status = self.feed.status
        if self.problem:
            status = FeedStatus(mode="failed", text=self.problem, errors=status.errors)
        if self.prefs.problem:  # the settings file could not be used: say so until it is fixed
            text = f"{self.prefs.problem} · {status.text or status.mode}"
            status = FeedStatus(mode=status.mode, text=text, errors=status.errors)
        player = self.player
        if player is not None:
            ended = self._feed_done or status.mode == "ended"
            transport = replay_transport(player.progress, player.lap, player.last_lap,
                                         player.speed, player.paused, ended)  # fmt: skip
        else:
            delay = self.delayed.delay if self.delayed is not None else None
            transport = live_transport(delay, DELAY_STEPS[self.delay_step])
        self.board.show_status(header_view(self.state, status), transport)

    refresh_status = _draw_status  # a setting changed (`tui.remember`): the status may too

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.REPLAY_ACTIONS:
            return self.player is not None
        # The delay keys run in a replay too, only to say why they do nothing there.
        return True

    def action_help(self) -> None:
        self.push_screen("help")

    def _play(self, control: Callable[[Controls], None]) -> None:
        """A replay control (pause, speed), then the transport shows it."""
        if self.player is not None:
            control(self.player)
            self._draw_status()

    def action_toggle_pause(self) -> None:
        self._play(lambda player: player.toggle_pause())

    def action_faster(self) -> None:
        self._play(lambda player: player.faster())

    def action_slower(self) -> None:
        self._play(lambda player: player.slower())

    def set_speed(self, speed: float | None) -> None:
        self._play(lambda player: player.set_speed(speed))

    def action_seek(self, laps: int) -> None:
        if self.player is not None:
            self.seek_to(self.player.lap + laps)

    def seek_to(self, lap: int) -> None:
        if isinstance(self.frames, ReplayFrames):
            self._after_seek(self.frames.seek_lap(lap))

    def action_event(self, direction: int) -> None:
        if not isinstance(self.frames, ReplayFrames):
            return
        frame, event = self.frames.jump_event(direction)
        if event is None:
            self.notify("no more events that way", timeout=2)
            return
        self._after_seek(frame)
        text = getattr(event, "text", "")
        if text:
            self.notify(f"L{getattr(event, 'lap', '?')}: {text}", title="Jumped to", timeout=3)

    def _after_seek(self, frame: Frame) -> None:
        self.quiet_next = True
        self.post_message(StateChanged(frame))
        if self._feed_done:
            self.run_feed()

    def action_delay(self, direction: int) -> None:
        broadcast_delay.nudge_by_step(self, direction)

    def nudge_delay(self, seconds: float) -> None:
        broadcast_delay.nudge(self, seconds)

    def action_delay_step(self) -> None:
        broadcast_delay.next_step(self)

    def action_calibrate(self) -> None:
        broadcast_delay.calibrate(self)

    def follow(self, car: str) -> None:
        """Pin ``car`` to the follow card (and the compare column); he is followed on start."""
        self.pinned = car
        remember(self, settings.favourite_first(car))
        self._redraw()

    def action_follow_cursor(self) -> None:
        car = self.query_one(RunningOrder).cursor_car
        if car is not None:
            self.follow(car)

    def on_running_order_driver_followed(self, message: RunningOrder.DriverFollowed) -> None:
        self.follow(message.car)

    def action_follow_bubble(self) -> None:
        self.pinned = None
        self._redraw()

    def action_toggle_compare(self) -> None:
        self.compare = not self.compare
        self._redraw()

    def action_cycle_log(self) -> None:
        log = self.query_one(RaceLog)
        self.set_log_kind(LOG_KINDS[(LOG_KINDS.index(log.kind) + 1) % len(LOG_KINDS)])

    def set_log_kind(self, kind: str) -> None:
        self.query_one(RaceLog).set_kind(kind)

    def action_points(self) -> None:
        frame = self._shown or self.frames.frame  # what is on screen
        board = frame.history.board
        car, _ = self.followed()
        playoff = [d.car for d in board.drivers] if board else []
        if playoff:
            first = car if car in playoff else playoff[0]
            self.push_screen(PointsScreen(frame.state, board, first))
        else:
            self.notify("no cut line for this race: no points to break down", timeout=3)

    def action_toggle_log(self) -> None:
        # Short screens hide the log by default, taller ones show it: the class flips that.
        self.screen.toggle_class("-log-toggled")

    def action_toggle_notify(self) -> None:
        self.notify_alerts = not self.notify_alerts
        remember(self, settings.alert("notifications", self.notify_alerts))
        self.notify(f"alert notifications {'on' if self.notify_alerts else 'off'}", timeout=2)

    def action_toggle_bell(self) -> None:
        self.bell_alerts = not self.bell_alerts
        remember(self, settings.alert("bell", self.bell_alerts))
        self.notify(f"alert bell {'on' if self.bell_alerts else 'off'}", timeout=2)

    def _redraw(self) -> None:
        if self._shown is not None:
            self.quiet_next = True
            self.draw(self._shown)
