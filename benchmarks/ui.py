"""Dashboard benchmark: the cost of one lap on the mounted app, and a replay at 100x, headless.

    python benchmarks/ui.py [RECORDING] [--size 120x40] [--seconds 20]

Part 1, one full lap update: the app is mounted headless on a paused player; for every lap of
the race, the end-of-lap state is handed to the app the way the feed worker does it, and three
costs are timed apart:
  - derive: `views.frame.derive` (standings, crossings, margins, measured stops);
  - update: `CutlineApp.draw`, every panel diffed and updated (cells touched are counted);
  - paint:  the screen's own refresh (layout where needed, compositor), what a frame costs after.
Printed as median / p95 / max in milliseconds, and update+paint against the 5 ms target.

Part 2, a replay at 100x: the app plays the recording at 100x real time for ``--seconds``; it
prints the frames drawn per second, the states ingested per second, the CPU used, and the
backlog: how far the drawn state's race time trails the replay clock, at the start and at the
end of the run and at worst. A backlog that grows from the first half to the second is the
failure this looks for. The recording defaults to the bundled race.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import replays  # noqa: E402
from cutline.feed.playback.player import Player  # noqa: E402
from cutline.feed.playback.recording import read_messages  # noqa: E402
from cutline.feed.views.frame import Frame  # noqa: E402
from cutline.tui.app import CutlineApp  # noqa: E402
from cutline.tui.widgets.running_order import RunningOrder  # noqa: E402

TARGET_MS = 5.0


def _stats(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"median {statistics.median(values):6.2f}  p95 {p95:6.2f}  max {values[-1]:6.2f}"


async def lap_updates(path: Path, size: tuple[int, int]) -> None:
    player = Player.open(path, speed=None)
    player.pause()
    states = [player.seek_lap(lap) for lap in range(player.first_lap, player.last_lap + 1)]
    app = CutlineApp(player, notifications=False, bell=False, flash_seconds=0)
    derive: list[float] = []
    update: list[float] = []
    paint: list[float] = []
    table: list[float] = []
    cells: list[int] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        painting = _time_paint(app.screen)
        order = app.query_one(RunningOrder)
        table_time = [0.0]
        table_lines = order.render_lines

        def timed_table(crop: Any) -> Any:
            start = time.perf_counter()
            try:
                return table_lines(crop)
            finally:
                table_time[0] += time.perf_counter() - start

        order.render_lines = timed_table  # type: ignore[method-assign]
        for state in states:
            t0 = time.perf_counter()
            frame = app.frames.add(state)
            t1 = time.perf_counter()
            before = order.cells_updated
            app.draw(frame)
            t2 = time.perf_counter()
            # The screen paints on its own turn of the loop: time what its update does then.
            painting[0] = table_time[0] = 0.0
            await pilot.pause()
            table.append(table_time[0] * 1e3)
            derive.append((t1 - t0) * 1e3)
            update.append((t2 - t1) * 1e3)
            paint.append(painting[0] * 1e3)
            cells.append(order.cells_updated - before)
    total = [d + u + p for d, u, p in zip(derive[1:], update[1:], paint[1:], strict=True)]
    print(f"one full lap update, {len(states)} laps, {size[0]}x{size[1]} (ms):")
    print(f"  derive          {_stats(derive[1:])}")
    print(f"  update          {_stats(update[1:])}")
    print(f"  paint           {_stats(paint[1:])}")
    print(f"   of which table {_stats(table[1:])}  (Textual's DataTable drawing its rows)")
    work = [d + u for d, u in zip(derive[1:], update[1:], strict=True)]
    print(
        f"  derive + update {_stats(work)}   target <= {TARGET_MS:g} ms: "
        f"{sum(t <= TARGET_MS for t in work)}/{len(work)} laps within"
    )
    print(
        f"  all three       {_stats(total)}   "
        f"{sum(t <= TARGET_MS for t in total)}/{len(total)} laps within {TARGET_MS:g} ms"
    )
    print(
        f"  cells touched per lap: median {statistics.median(cells[1:]):.0f} of "
        f"{len(states[-1].order) * len(order.columns)} shown"
    )
    worst = sorted(range(1, len(total) + 1), key=lambda i: -total[i - 1])[:3]
    print("  slowest laps: " + ", ".join(f"L{states[i].lap} {total[i - 1]:.1f} ms" for i in worst))


def _time_paint(screen: Any) -> list[float]:
    """Time the screen's layout and compositor passes (what a frame costs after the update)."""
    total = [0.0]
    depth = [0]

    def timed(method: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            depth[0] += 1
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1
                if not depth[0]:  # the layout pass calls the compositor: count it once
                    total[0] += time.perf_counter() - start

        return run

    screen._refresh_layout = timed(screen._refresh_layout)
    screen._compositor_refresh = timed(screen._compositor_refresh)
    return total


class _Timed(CutlineApp):
    """Records, at each frame drawn, how many messages that were due are not on screen yet."""

    due_times: list[float]  # race time of each message of the recording
    lags: list[tuple[int, float]]  # (messages due and not drawn, race seconds the oldest waits)
    ingested = 0

    def ingest(self, state):  # type: ignore[no-untyped-def]
        self.ingested += 1
        super().ingest(state)

    def draw(self, frame: Frame) -> None:
        super().draw(frame)
        player = self.player
        assert isinstance(player, Player)
        due = bisect.bisect_right(self.due_times, player.t)  # by the replay clock
        drawn = frame.state.seq  # seq counts the messages applied (1-based, gap-free)
        behind = max(due - drawn, 0)
        oldest = player.t - self.due_times[drawn] if behind else 0.0
        self.lags.append((behind, oldest))


async def replay(path: Path, size: tuple[int, int], seconds: float, speed: float) -> None:
    player = Player.open(path, speed=speed)
    app = _Timed(player, notifications=False, bell=False, flash_seconds=0)
    app.lags = []
    app.due_times = [m.t for m in read_messages(path)]
    async with app.run_test(size=size):
        wall0, cpu0 = time.monotonic(), time.process_time()
        await asyncio.sleep(seconds)  # a benchmark, not a test: it runs for a wall-clock time
        wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
        frames, ingested, lap = app.frames_drawn, app.ingested, app.state.lap
    lags = [behind for behind, _ in app.lags]
    waits = [wait for _, wait in app.lags]
    half = len(lags) // 2
    print(f"replay at {speed:g}x for {wall:.1f} s ({size[0]}x{size[1]}), to lap {lap}:")
    print(f"  frames drawn    {frames / wall:6.1f} per second ({frames} frames)")
    print(f"  states in       {ingested / wall:6.1f} per second ({ingested} states)")
    print(f"  CPU             {cpu / wall * 100:5.1f}% of one core")
    if lags:
        print(
            f"  backlog at each frame (messages due by the replay clock, not yet on screen):"
            f" start {lags[0]}, end {lags[-1]}, worst {max(lags)}; worst in the first half "
            f"{max(lags[:half] or [0])}, in the second {max(lags[half:])}; the oldest waited "
            f"at worst {max(waits):.2f} s of race time ({max(waits) / speed * 1e3:.0f} ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("recording", nargs="?", type=Path, default=replays.path())
    parser.add_argument("--size", default="120x40", help="terminal WIDTHxHEIGHT")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the 100x run")
    parser.add_argument("--speed", type=float, default=100.0)
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    asyncio.run(lap_updates(args.recording, (width, height)))
    asyncio.run(replay(args.recording, (width, height), args.seconds, args.speed))


if __name__ == "__main__":
    main()
