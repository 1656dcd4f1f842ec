"""Times the NASCAR adapter on a real live-feed frame, against plain JSON decoding of the same
bytes, all measured in this run and printed as ratios (``python benchmarks/nascar_adapt.py``).

A poll every 5 s leaves the adapter seconds per frame; this shows it needs milliseconds.
"""

from __future__ import annotations

import json
import sys
import timeit
from pathlib import Path

import msgspec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cutline.feed.sources.nascar.adapter import Adapter  # noqa: E402
from cutline.feed.sources.nascar.parse_live import parse_live_feed  # noqa: E402
from cutline.feed.sources.nascar.poller import digest  # noqa: E402

FRAME = ROOT / "tests" / "data" / "nascar" / "live-feed_2023-cup-atlanta_lap233-green.json"


def main() -> None:
    body = FRAME.read_bytes()
    doc = msgspec.json.decode(body)

    def adapt() -> None:
        Adapter(default_season=2023).step({"live": msgspec.json.decode(body)}, 0.0)

    cases = {
        "json.loads": lambda: json.loads(body),
        "msgspec decode": lambda: msgspec.json.decode(body),
        "content digest": lambda: digest(doc),
        "parse_live_feed": lambda: parse_live_feed(doc),
        "decode + adapt (new session)": adapt,
    }
    times = {}
    for name, fn in cases.items():
        number = 200
        times[name] = min(timeit.repeat(fn, number=number, repeat=5)) / number
    best = min(times.values())
    print(f"frame: {FRAME.name}, {len(body) / 1024:.0f} KiB, 36 cars")
    for name, t in times.items():
        print(f"{name:<30} {t * 1e3:8.3f} ms  {t / best:6.1f}x")


if __name__ == "__main__":
    main()
