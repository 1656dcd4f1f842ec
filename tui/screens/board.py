"""Provides the board: the one screen of the dashboard, every panel, and how a frame reaches them.

The app decides what is followed and when a frame is drawn; the board hands each panel the view
of the frame (`cutline.tui.views`) and keeps the race control log in step with the state's log.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer

from cutline.feed.views.cycle import cycled
from cutline.feed.views.frame import Frame
from cutline.tui.views import (
    FollowMode,
    HeaderView,
    TransportView,
    cut_view,
    follow_view,
    log_lines,
    order_rows,
)
from cutline.tui.views.race_log import WHO
from cutline.tui.widgets.cut_line import CutLine
from cutline.tui.widgets.follow_card import FollowCard
from cutline.tui.widgets.race_header import RaceHeader
from cutline.tui.widgets.race_log import RaceLog
from cutline.tui.widgets.running_order import RunningOrder
from cutline.tui.widgets.transport import Transport


class BoardScreen(Screen[None]):
    """Header, running order, cut line, follow card, race control log, transport, footer."""

    class Ready(Message):
        """The panels are mounted: frames can come."""

    def __init__(self, *, flash_seconds: float = 1.5) -> None:
        super().__init__()
        self.flash_seconds = flash_seconds
        self._log_seen = (0, 0, 0, 0)  # the state's log, line changes, strategy, odds swings shown

    def compose(self) -> ComposeResult:
        yield RaceHeader(id="header")
        with Horizontal(id="main"):
            yield RunningOrder(id="order")
            with Vertical(id="side"):
                yield CutLine(id="cut", flash_seconds=self.flash_seconds)
                yield FollowCard(id="follow")
        yield RaceLog(id="log")
        yield Transport(id="transport")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RaceLog).set_kind("all")
        self.query_one(RunningOrder).focus()
        self.post_message(self.Ready())

    def show(
        self,
        frame: Frame,
        before: Frame | None,
        car: str | None,
        mode: FollowMode,
        compare: bool,
        favourites: tuple[str, ...] = (),
    ) -> None:
        """Hand every panel its view of ``frame`` (``before``: the frame shown until now)."""
        state, history = frame.state, frame.history
        cycle = cycled(state, frame.cycle, frame.pits)
        rows = order_rows(state, history.board, car, compare, favourites)
        self.query_one(RunningOrder).show(rows, car, compare)
        chances = frame.odds.odds
        # No header yet (or the feed restarted): the field is unknown, not without a title fight.
        problem = history.problem or ("" if state.race else "waiting for the race header")
        cut = cut_view(history.board, car, problem, chances, cycle)
        self.query_one(CutLine).show(cut)
        self.query_one(FollowCard).show(
            follow_view(state, history, frame.pits, car, mode, frame.odds, cycle)
        )
        playoff = [e.car for e in state.race.field if e.playoff] if state.race else []
        self.query_one(RaceLog).set_scope(playoff, car)
        self._show_log(before, frame)

    def _show_log(self, before: Frame | None, frame: Frame) -> None:
        log = self.query_one(RaceLog)
        state, history = frame.state, frame.history
        story = frame.strategy.lines
        swings = frame.odds.swings
        seen_log, seen_changes, seen_story, seen_swings = self._log_seen
        back = before is not None and state.seq < before.state.seq
        if (
            back
            or seen_log > len(state.log)
            or seen_changes > len(history.changes)
            or seen_story > len(story)
            or seen_swings > len(swings)
        ):
            log.reset(log_lines(state, history, story=story, swings=swings))
        else:
            since = (seen_log, seen_changes, seen_story)
            new = log_lines(state, history, since, story, swings[seen_swings:])
            if new:
                log.add(new)
        self._log_seen = (len(state.log), len(history.changes), len(story), len(swings))

    def action_cycle_log_who(self) -> None:
        log = self.query_one(RaceLog)
        who = WHO[(WHO.index(log.filter.who) + 1) % len(WHO)]
        log.set_filter(replace(log.filter, who=who))

    def action_toggle_log_pits(self) -> None:
        log = self.query_one(RaceLog)
        log.set_filter(replace(log.filter, every_pit=not log.filter.every_pit))

    def show_status(self, header: HeaderView, transport: TransportView) -> None:
        self.query_one(RaceHeader).show(header)
        self.query_one(Transport).show(transport.progress, transport.state, transport.text)

    def flash(self) -> None:
        """A driver crossed the cut line."""
        self.query_one(CutLine).flash()
