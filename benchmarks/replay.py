"""Replay benchmark: fold the bundled race, and seek against playing from the start.

Run from the repository root:

    python benchmarks/replay.py [--seed N] [--repeat N]

Prints, all measured in this run (each time the best of ``--repeat`` tries):

- decode: reading and decoding the bundled recording;
- fold: ``fold`` over all its messages (target: under 50 ms);
- player start: `Player` indexing the recording (one fold keeping a keyframe per lap);
- a seek to a random lap from the end of the race, against folding from the start to that lap
  (target: the seek at most 1/20 of a full fold);
- the builder (facts + laps CSV to messages) on the largest real race at hand (the most lap rows
  in ``../shared/facts/races``, a 500-lap Cup race there; else the bundled race's facts), against
  reading the same CSV with the stdlib ``csv`` module (target: the build under 1 s).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import replays  # noqa: E402
from cutline.feed.builder.build import build  # noqa: E402
from cutline.feed.model.state import fold  # noqa: E402
from cutline.feed.playback.player import Player  # noqa: E402
from cutline.feed.playback.recording import read_messages  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None, help="for the random lap")
    parser.add_argument("--repeat", type=int, default=20, help="tries per measurement")
    args = parser.parse_args()

    path = replays.path()
    messages = read_messages(path)
    player = Player(messages, speed=None)
    lap = random.Random(args.seed).randint(1, player.last_lap)
    target = player.lap_position(lap)

    decode = best(lambda: read_messages(path), args.repeat)
    full = best(lambda: fold(messages), args.repeat)
    start = best(lambda: Player(messages, speed=None), args.repeat)
    from_start = best(lambda: fold(messages[:target]), args.repeat)

    def seek() -> None:
        player.seek_position(len(messages))  # from the end of the race...
        player.seek_lap(lap)  # ...back to the lap (the timed part is both seeks)

    seek_time = best(seek, args.repeat)
    ms = 1000.0
    print(f"bundled race: {len(messages)} messages, {player.last_lap} laps ({path.name})")
    print(f"decode the recording:      {decode * ms:8.2f} ms")
    print(f"fold the whole race:       {full * ms:8.2f} ms   (target < 50 ms)")
    print(f"player start (keyframes):  {start * ms:8.2f} ms")
    print(f"play from the start to lap {lap:>3}: {from_start * ms:8.3f} ms")
    print(
        f"seek end -> lap {lap:>3} (two seeks): {seek_time * ms:8.3f} ms   "
        f"= 1/{full / seek_time:.0f} of a full fold (target <= 1/20), "
        f"{from_start / seek_time:.0f}x faster than playing from the start"
    )
    build_race(max(1, args.repeat // 4))
    return 0


def largest_race() -> tuple[Path, Path]:
    """The facts and laps of the real race with the most lap rows (shared facts, else bundled)."""
    folders = [p / "shared" / "facts" / "races" for p in (ROOT.parent, ROOT.parent.parent)]
    shared = next((f for f in folders if f.is_dir()), None)
    found = sorted(shared.glob("*-laps.csv")) if shared else []
    if not found:
        facts = ROOT / "replays" / "facts" / "2023-truck-homestead.json"
        return facts, facts.with_name("2023-truck-homestead-laps.csv")
    laps = max(found, key=lambda p: (p.stat().st_size, p.name))
    return laps.with_name(laps.name.removesuffix("-laps.csv") + ".json"), laps


def build_race(repeat: int) -> None:
    facts, laps = largest_race()

    def read_csv() -> None:
        with laps.open(newline="") as f:
            list(csv.DictReader(f))

    messages = build(facts, laps)
    rows = sum(1 for _ in laps.open()) - 1
    baseline = best(read_csv, repeat)
    built = best(lambda: build(facts, laps), repeat)
    print(f"largest real race: {facts.stem}, {rows} lap rows -> {len(messages)} messages")
    print(f"read its laps CSV (stdlib csv): {baseline * 1000:8.1f} ms")
    print(
        f"build the race:                 {built * 1000:8.1f} ms   (target < 1 s), "
        f"{built / baseline:.1f}x the CSV read"
    )


if __name__ == "__main__":
    sys.exit(main())
