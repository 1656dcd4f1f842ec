"""Dashboard benchmark: what one lap and one seek cost the mounted app, as multiples of Textual's
own floor measured in the same run; then a replay at 100x to the end of the race.

    python benchmarks/ui.py [RECORDING] [--size 120x40] [--no-terminal] [--max-seconds 150]

Part 1 runs twice: headless (`App.run_test`), then in a real terminal (tmux, when installed:
the app draws to a tty and its driver writes every frame). The app is mounted on the recording
with the feed worker stopped and the player set playing, and each lap is handed to it the way
the worker hands a frame. Three things are measured, interleaved so the machine's noise falls
on all of them alike, each as the process's CPU time over a window of ``WINDOW`` seconds from
the change (the change, then whatever the screen does to paint it):
  - floor: one label of the header changes (`Label.update`, no layout): Textual's own frame;
  - lap:   `CutlineApp.draw` of the next lap's frame: every panel and the transport;
  - seek:  `CutlineApp.seek_to` a lap chosen at random: the fold, the views and the draw.
An idle window (nothing changes) is printed too: it is in every figure. The views' derive for
a lap (`Frames.add`: standings, crossings, stops) is timed apart, outside the windows. So is
Textual's own share of a lap, as "rows": the running order's lines that a lap drew anew (the
median count), repainted again from their cached strips: nothing of ours but the refresh call;
and as "strip": those rows with the header's lap and stage, the progress bar and the transport's
text, the lines every lap changes whatever the race does.

Part 2, a replay at 100x: the app plays the recording at 100x real time until the race ends;
it prints frames drawn and states in per second, the CPU used, and the backlog over time (how
many messages due by the replay clock are not on screen yet, and how long the oldest waited).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import os
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from textual.widgets import Label

import cutline.replays as replays
from cutline.feed.playback.player import Player
from cutline.feed.playback.recording import read_messages
from cutline.feed.views.frame import Frame
from cutline.tui.app import CutlineApp
from cutline.tui.messages import StateChanged
from cutline.tui.screens.board import BoardScreen
from cutline.tui.widgets.running_order import RunningOrder

WINDOW = 0.06  # seconds of CPU counted after each change: the screen paints within it (60 fps)
SEEKS = 40


class _Bench(CutlineApp):
    """The dashboard, measuring itself once its panels are up; the figures go to ``results``."""

    def __init__(self, player: Player) -> None:
        super().__init__(player, notifications=False, bell=False, flash_seconds=0)
        self.bench_player = player
        self.results: dict[str, list[float]] = {}
        self.done = asyncio.Event()

    def on_board_screen_ready(self, message: BoardScreen.Ready) -> None:
        super().on_board_screen_ready(message)
        self.run_worker(self._measure(), group="bench", exit_on_error=False)

    async def _window(self, change: Any) -> float:
        start = time.process_time()
        change()
        await asyncio.sleep(WINDOW)
        return (time.process_time() - start) * 1e3

    def _every_lap(self, lines: int) -> None:
        """Repaint what every lap changes, as it is: the order's rows and four labels."""
        self.query_one(RunningOrder).refresh_lines(1, lines)
        for name in ("#lap", "#stage", "#race-progress", "#transport-text"):
            self.query_one(name).refresh()

    async def _measure(self) -> None:
        try:
            await self._run()
        finally:
            self.done.set()

    async def _run(self) -> None:
        await asyncio.sleep(0.5)  # the first frame drawn, the feed worker started
        self.workers.cancel_group(self, "feed")  # laps are handed over here instead
        await asyncio.sleep(0.2)
        player = self.bench_player
        player.resume()  # the transport shows a replay playing
        lap_label = self.query_one("#lap", Label)
        results: dict[str, list[float]] = {"floor": [], "lap": [], "seek": [], "idle": [],
                                           "derive": [], "rows": [], "strip": [],
                                           "lines": []}  # fmt: skip
        order = self.query_one(RunningOrder)
        laps = list(range(player.first_lap, player.last_lap + 1))
        rng = random.Random(13)
        seeks = iter(rng.sample(laps, min(SEEKS, len(laps))))
        self.seek_to(laps[0])
        await asyncio.sleep(0.3)
        for i, lap in enumerate(laps):
            t0 = time.process_time()
            frame: Frame = self.frames.add(player.seek_lap(lap))
            results["derive"].append((time.process_time() - t0) * 1e3)
            drawn = order.lines_drawn
            results["lap"].append(await self._window(lambda f=frame: self.draw(f)))
            results["lines"].append(order.lines_drawn - drawn)
            text = f"L{lap}/{i % 10}"
            results["floor"].append(
                await self._window(lambda t=text: lap_label.update(t, layout=False))
            )
            results["idle"].append(await self._window(lambda: None))
        lines = int(statistics.median(results["lines"]))
        for _ in range(SEEKS):
            results["rows"].append(await self._window(lambda: order.refresh_lines(1, lines)))
            results["strip"].append(await self._window(lambda: self._every_lap(lines)))
            results["floor"].append(
                await self._window(lambda: lap_label.update("rows", layout=False))
            )
        for lap in seeks:
            results["seek"].append(await self._window(lambda n=lap: self.seek_to(n)))
            results["floor"].append(
                await self._window(lambda: lap_label.update("seek", layout=False))
            )
        self.results = results


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def report(where: str, size: tuple[int, int], results: dict[str, list[float]]) -> None:
    floor = statistics.median(results["floor"])
    idle = statistics.median(results["idle"])
    print(f"{where}, {size[0]}x{size[1]}: CPU ms in the {WINDOW * 1e3:.0f} ms after each change")
    print(f"  {'':8}{'n':>5}{'median':>9}{'p95':>9}{'max':>9}{'median/floor':>14}{'p95/floor':>11}")
    for name in ("floor", "lap", "seek", "idle", "rows", "strip"):
        values = results[name]
        med, p95 = statistics.median(values), _p95(values)
        print(f"  {name:8}{len(values):5d}{med:9.2f}{p95:9.2f}{max(values):9.2f}"
              f"{med / floor:13.2f}x{p95 / floor:10.2f}x")  # fmt: skip
    lap_med, lap_p95 = statistics.median(results["lap"]), _p95(results["lap"])
    above = floor - idle
    if above > 0:
        print(f"  above idle: lap {(lap_med - idle) / above:.2f}x the floor's "
              f"({lap_med - idle:.2f} ms against {above:.2f} ms)")  # fmt: skip
    if results.get("rows"):
        rows, lines = statistics.median(results["rows"]), int(statistics.median(results["lines"]))
        strip = statistics.median(results["strip"])
        print(f"  rows: Textual repainting the {lines} lines of the order a lap draws anew,"
              f" from cached strips: {rows / floor:.2f}x the floor; with the lap, stage,"
              f" progress and transport labels: {strip / floor:.2f}x")  # fmt: skip
    derive = results["derive"]
    print(f"  derive (views for a lap, outside the window): median {statistics.median(derive):.2f}"
          f" ms, p95 {_p95(derive):.2f} ms")  # fmt: skip
    verdict = "within" if lap_med <= 3 * floor and lap_p95 <= 6 * floor else "OVER"
    print(f"  lap: median {lap_med / floor:.2f}x (target <= 3x), p95 {lap_p95 / floor:.2f}x"
          f" (target <= 6x): {verdict}")  # fmt: skip


async def headless(path: Path, size: tuple[int, int]) -> dict[str, list[float]]:
    app = _Bench(_paused(path))
    async with app.run_test(size=size):
        await asyncio.wait_for(app.done.wait(), timeout=600)
    return app.results


def _paused(path: Path) -> Player:
    player = Player.open(path, speed=100.0)
    player.pause()
    return player


def child(path: Path, out: Path) -> None:
    """Inside tmux: the same measurement with the real driver, the figures written to ``out``."""
    app = _Bench(_paused(path))

    async def finish() -> None:
        await app.done.wait()
        out.write_text(json.dumps(app.results))
        app.exit()

    app.call_later(lambda: app.run_worker(finish(), group="finish"))
    app.run()


def in_terminal(path: Path, size: tuple[int, int]) -> dict[str, list[float]] | None:
    tmux = shutil.which("tmux")
    if tmux is None:
        print("(no tmux: the real-terminal run is skipped)")
        return None
    socket = f"cutline-bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.json"
        command = " ".join(shlex.quote(part) for part in (sys.executable, __file__, str(path),
                                                         "--child", str(out)))  # fmt: skip
        base = [tmux, "-L", socket, "-f", "/dev/null"]
        run = [*base, "new-session", "-d", "-s", "b", "-x", str(size[0]), "-y", str(size[1])]
        subprocess.run([*run, f"TERM=xterm-256color {command}"], check=True, env=os.environ)
        try:
            deadline = time.monotonic() + 600
            while not out.exists() and time.monotonic() < deadline:
                time.sleep(0.5)
                alive = subprocess.run([*base, "has-session", "-t", "b"], capture_output=True)
                if alive.returncode and not out.exists():
                    break
            if not out.exists():
                print("(the real-terminal run gave no figures)")
                return None
            return dict(json.loads(out.read_text()))
        finally:
            subprocess.run([*base, "kill-server"], capture_output=True)


class _Timed(CutlineApp):
    """Records, at each frame drawn, how many messages that were due are not on screen yet."""

    due_times: list[float]  # race time of each message of the recording
    lags: list[tuple[float, int, float]]  # (wall time, messages due not drawn, oldest's wait)
    states_in = 0

    def on_state_changed(self, message: StateChanged) -> None:
        self.states_in += 1
        super().on_state_changed(message)

    def draw(self, frame: Frame) -> None:
        super().draw(frame)
        player = self.player
        assert isinstance(player, Player)
        due = bisect.bisect_right(self.due_times, player.t)  # by the replay clock
        drawn = frame.state.seq  # seq counts the messages applied (1-based, gap-free)
        behind = max(due - drawn, 0)
        oldest = player.t - self.due_times[drawn] if behind else 0.0
        self.lags.append((time.monotonic(), behind, oldest))


async def replay(path: Path, size: tuple[int, int], limit: float, speed: float) -> None:
    player = Player.open(path, speed=speed)
    app = _Timed(player, notifications=False, bell=False, flash_seconds=0)
    app.lags = []
    app.due_times = [m.t for m in read_messages(path)]
    last = len(app.due_times)
    async with app.run_test(size=size):
        wall0, cpu0 = time.monotonic(), time.process_time()
        while time.monotonic() - wall0 < limit and app.state.seq < last:
            await asyncio.sleep(0.25)  # a benchmark, not a test: it runs on the wall clock
        wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
        frames, states, lap = app.frames_drawn, app.states_in, app.state.lap
    end = "the end of the race" if app.state.seq >= last else f"lap {lap} (time limit)"
    print(f"replay at {speed:g}x ({size[0]}x{size[1]}): {wall:.1f} s to {end}")
    print(f"  frames drawn    {frames / wall:6.1f} per second ({frames} frames)")
    print(f"  states in       {states / wall:6.1f} per second ({states} states)")
    print(f"  CPU             {cpu / wall * 100:5.1f}% of one core")
    if not app.lags:
        return
    print(
        "  backlog over time (per 5 s of wall clock: worst messages due and not on screen,"
        " the oldest's wait in ms of wall clock):"
    )
    step = 5.0
    for k in range(int(wall // step) + 1):
        bucket = [(b, w) for t, b, w in app.lags if k * step <= t - wall0 < (k + 1) * step]
        if bucket:
            worst = max(b for b, _ in bucket)
            wait = max(w for _, w in bucket) / speed * 1e3
            print(
                f"    {k * step:5.0f}-{(k + 1) * step:3.0f} s  {worst:4d} messages  {wait:6.0f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("recording", nargs="?", type=Path, default=replays.path())
    parser.add_argument("--size", default="120x40", help="terminal WIDTHxHEIGHT")
    parser.add_argument("--max-seconds", type=float, default=150.0, help="cap on the 100x run")
    parser.add_argument("--speed", type=float, default=100.0)
    parser.add_argument("--no-terminal", action="store_true", help="skip the tmux run")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.recording, args.child)
        return
    width, height = (int(n) for n in args.size.split("x"))
    size = (width, height)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} on "
          f"{os.cpu_count()} cores")  # fmt: skip
    report("headless", size, asyncio.run(headless(args.recording, size)))
    if not args.no_terminal:
        found = in_terminal(args.recording, size)
        if found:
            report("real terminal (tmux)", size, found)
    asyncio.run(replay(args.recording, size, args.max_seconds, args.speed))
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at the end")


if __name__ == "__main__":
    main()
