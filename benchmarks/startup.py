"""Start-up benchmark: ``cutline --help`` (and ``cutline standings``) as whole processes, against
a Python that imports only msgspec and argparse, measured in the same run.

    python benchmarks/startup.py [--rounds 20]

The runs take turns (baseline, --help, standings, baseline, ...), so a busy moment on a shared
machine hits them alike; each prints its median and best wall time and the ratio of medians to
the baseline's. The target: ``cutline --help`` within 2x the baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import cutline.replays as replays


def _cutline() -> list[str]:
    beside = Path(sys.executable).with_name("cutline")  # the console script of this environment
    found = str(beside) if beside.exists() else shutil.which("cutline")
    return [found] if found else [sys.executable, "-m", "cutline.tui.cli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    cutline = _cutline()
    runs = {
        'python -c "import msgspec, argparse"': [sys.executable, "-c", "import msgspec, argparse"],
        "cutline --help": [*cutline, "--help"],
        "cutline standings (bundled race)": [*cutline, "standings", str(replays.path())],
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, command in runs.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    load = os.getloadavg()
    print(f"{args.rounds} rounds, interleaved; load average {load[0]:.2f} {load[1]:.2f}")
    base = statistics.median(next(iter(times.values())))
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {name:36} median {med * 1e3:7.1f} ms  best {min(ts) * 1e3:7.1f} ms"
              f"  {med / base:5.2f}x the baseline")  # fmt: skip
    ratio = statistics.median(times["cutline --help"]) / base
    print(f"cutline --help: {ratio:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
