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

from cutline.feed.model.messages import DECODER, Lap, RaceState  # noqa: E402
from cutline.feed.model.state import apply  # noqa: E402
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


if __name__ == "__main__":
    main()
