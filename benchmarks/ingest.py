"""Ingest benchmark: decode + fold + standings over a whole race, against baselines in one run.

    python benchmarks/ingest.py [RECORDING] [--repeat N]

Prints messages per second for
  - cutline: decode every frame and fold it with `apply`;
  - the same, then the standings of the final state (what `cutline standings` does);
  - the same, with the standings worked out after every lap (what a dashboard frame needs);
  - raw msgspec decode of the same bytes (the typed DECODER, nothing else);
  - stdlib `json.loads` of the same bytes into dicts, with a dict-per-car update;
and each as a ratio to raw decode, plus the time to fold the whole race. The recording defaults
to the bundled race.

Then how the costs grow, each against the small case in the same run (the runs take turns):
  - standings of the same race (the final state) with 8, 16 and 40 eligible drivers: the real
    Round of 8, then the next cars of the field added to it, same round and cut (4 through), so
    only the number of drivers changes. No real 16-driver field exists for this race (the 2023
    Truck playoffs had 10 drivers), so the 9th to 16th enter as far below this race's eighth as
    the real 2023 Cup Round of 16's 9th to 16th entered its finale below its 8th (Bristol, race
    5302: `pre_race_playoff` in the facts' `races/2023-cup-bristol-r16.json`), unscaled: both
    series pay the same points per place (40 to the winner, 35 to second, ...). That is how a
    real round of 16 is spread: a few points apart near the middle, 50 back at the foot. The
    17th to 40th are made up (3 points apart below the 16th), for the growth only;
  - folding 1,000 and 16,000 log-producing messages (pit in/out) after the race's header: a log
    copied on every append makes the second cost far more than 16 times the first.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402

from cutline.feed.model.messages import (  # noqa: E402
    DECODER,
    FeedMessage,
    Lap,
    Pit,
    PlayoffDriver,
    RaceState,
)
from cutline.feed.model.state import apply, fold  # noqa: E402
from cutline.feed.standings.cut_line import standings  # noqa: E402


def frames(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return [line for line in data.split(b"\n")[1:] if line.strip()]


def cutline_full(lines: list[bytes]) -> object:
    state = RaceState()
    board = None
    for line in lines:
        msg = DECODER.decode(line)
        state = apply(state, msg)
        if isinstance(msg, Lap):
            board = standings(state)
    return board


def cutline_fold(lines: list[bytes]) -> object:
    state = RaceState()
    for line in lines:
        state = apply(state, DECODER.decode(line))
    return state


def cutline_fold_then_standings(lines: list[bytes]) -> object:
    return standings(cutline_fold(lines))  # type: ignore[arg-type]


def raw_decode(lines: list[bytes]) -> object:
    decode = DECODER.decode
    last = None
    for line in lines:
        last = decode(line)
    return last


def stdlib_json(lines: list[bytes]) -> object:
    cars: dict[str, dict[str, object]] = {}
    for line in lines:
        doc = json.loads(line)
        if doc.get("type") == "lap":
            for row in doc["cars"]:
                cars[row["car"]] = row
    return cars


def best_of(
    runs: dict[str, Callable[[list[bytes]], object]], lines: list[bytes], repeat: int
) -> dict[str, float]:
    """Best time of each run; the runs take turns, so a busy moment hits them all alike."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, fn in runs.items():
            start = time.perf_counter()
            fn(lines)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("recording", nargs="?", type=Path,
                        default=ROOT / "replays" / "homestead-2023.jsonl.gz")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    lines = frames(args.recording)
    n = len(lines)
    laps = sum(1 for line in lines if b'"type":"lap"' in line)
    print(f"{args.recording.name}: {n} messages ({laps} laps), {sum(map(len, lines))} bytes; "
          f"best of {args.repeat}")  # fmt: skip
    runs = {
        "raw msgspec decode": raw_decode,
        "cutline decode + fold": cutline_fold,
        "cutline decode + fold, standings at end": cutline_fold_then_standings,
        "cutline decode + fold + standings/lap": cutline_full,
        "stdlib json + dicts": stdlib_json,
    }
    results = best_of(runs, lines, args.repeat)
    base = results["raw msgspec decode"]
    for name, secs in results.items():
        print(f"  {name:<40} {n / secs:>12,.0f} msg/s  {secs * 1000:8.2f} ms  "
              f"{base / secs:5.2f}x raw decode")  # fmt: skip
    board_times = []
    state = RaceState()
    for line in lines:
        state = apply(state, DECODER.decode(line))
    for _ in range(args.repeat):
        start = time.perf_counter()
        standings(state)
        board_times.append(time.perf_counter() - start)
    print(
        f"  whole race folded (decode + fold): {results['cutline decode + fold'] * 1000:.1f} ms"
        f" (target < 50 ms); one standings: {statistics.median(board_times) * 1e3:.3f} ms"
    )
    growth(lines, args.repeat)


# The real 2023 Cup Round of 16 finale (Bristol, race 5302): its 16 drivers' points entering,
# best first (`pre_race_playoff` in ../shared/facts/races/2023-cup-bristol-r16.json, rebuilt from
# NASCAR's results; facts/races/outcomes.json has its published outcome, which it matches).
ROUND_OF_16_ENTERING = (2116, 2111, 2104, 2103, 2089, 2082, 2081, 2074,
                        2069, 2069, 2068, 2062, 2056, 2044, 2041, 2023)  # fmt: skip
PADDING = "9th-16th spaced as the 2023 Cup Round of 16 (Bristol); 17th-40th made up"


def with_drivers(state: RaceState, count: int) -> RaceState:
    """``state`` with ``count`` eligible drivers: the real ones, then the next cars of the field,
    entering as far below the real eighth as the Round of 16's 9th to 16th were below its 8th,
    then 3 points apart (no earlier finishes in the round: none are known for them)."""
    race = state.race
    assert race is not None and race.playoff is not None
    ctx = race.playoff
    real = list(ctx.drivers)[:count]
    floor = min(d.points for d in ctx.drivers)
    eighth = ROUND_OF_16_ENTERING[7]
    below = [eighth - p for p in ROUND_OF_16_ENTERING[8:]]
    taken = {d.car for d in real}
    extra = [e for e in race.field if e.car not in taken][: count - len(real)]
    for i, e in enumerate(extra):
        gap = below[i] if i < len(below) else below[-1] + 3 * (i + 1 - len(below))
        real.append(PlayoffDriver(car=e.car, driver=e.driver, points=floor - gap))
    ctx = msgspec.structs.replace(ctx, drivers=tuple(real))
    return msgspec.structs.replace(state, race=msgspec.structs.replace(race, playoff=ctx))


def pit_messages(header: FeedMessage, count: int) -> list[FeedMessage]:
    """The race's header, then ``count`` pit messages (in, out, in...), each a log line."""
    race = header
    cars = [e.car for e in race.field] if hasattr(race, "field") else ["1"]
    msgs: list[FeedMessage] = [msgspec.structs.replace(race, seq=1)]
    for i in range(count):
        msgs.append(Pit(seq=i + 2, t=float(i), car=cars[(i // 2) % len(cars)], lap=1 + i // 80,
                        phase="in" if i % 2 == 0 else "out"))  # fmt: skip
    return msgs


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def growth(lines: list[bytes], repeat: int) -> None:
    state = cutline_fold(lines)
    assert isinstance(state, RaceState)
    boards = {n: with_drivers(state, n) for n in (8, 16, 40)}
    times: dict[int, list[float]] = {n: [] for n in boards}
    for _ in range(repeat):  # interleaved: a busy moment hits every size alike
        for n, board_state in boards.items():
            start = time.perf_counter()
            standings(board_state)
            times[n].append(time.perf_counter() - start)
    base = statistics.median(times[8])
    print(f"standings of the final state, by eligible drivers (median; {PADDING}):")
    for n, ts in times.items():
        med = statistics.median(ts)
        target = "  (target <= 2x)" if n == 16 else ""
        print(
            f"  {n:3d} drivers {med * 1e3:8.3f} ms  {med / base:5.2f}x the 8-driver board{target}"
        )
    header = DECODER.decode(lines[0])
    small, large = pit_messages(header, 1_000), pit_messages(header, 16_000)
    folds: dict[str, list[float]] = {"1,000": [], "16,000": []}
    for _ in range(max(repeat // 8, 3)):
        for name, msgs in (("1,000", small), ("16,000", large)):
            start = time.perf_counter()
            folded = fold(msgs)
            folds[name].append(time.perf_counter() - start)
    assert len(folded.log) >= 16_000
    one, sixteen = statistics.median(folds["1,000"]), statistics.median(folds["16,000"])
    print("folding log-producing messages (median):")
    print(f"  1,000   {one * 1e3:8.2f} ms")
    print(f"  16,000  {sixteen * 1e3:8.2f} ms  {sixteen / one:5.2f}x the 1,000 (target <= 20x)")


if __name__ == "__main__":
    main()
