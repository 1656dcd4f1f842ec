"""Where the tests' real data lives, and a command-line runner for the installed ``cutline``."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from cutline.feed.sources.nascar.lenient import decode_json

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SAMPLES = DATA / "nascar"
# The reference race's facts ship with the package (the bundled replay is built from them).
_FACTS = Path(str(resources.files("cutline.replays").joinpath("facts")))
FACTS_RACE = _FACTS / "2023-truck-homestead.json"
FACTS_LAPS = _FACTS / "2023-truck-homestead-laps.csv"
ATLANTA = DATA / "races" / "2023-xfinity-atlanta.json"
ATLANTA_LAPS = DATA / "races" / "2023-xfinity-atlanta-laps.csv"
BUNDLED = Path(str(resources.files("cutline.replays").joinpath("homestead-2023.jsonl.gz")))
# The shared facts and samples sit beside the clone (CI: ../shared); a worktree one level deeper
# finds them a folder further up. None when absent: the tests that read them skip, saying so.
SHARED: Path | None = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "facts").is_dir()),
    None,
)


def load(name: str) -> Any:
    """One NASCAR sample payload, decoded as the feed reads it."""
    return decode_json((SAMPLES / name).read_bytes())


def cutline(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command line as a user would: a subprocess, with a bound on time."""
    return subprocess.run(
        [sys.executable, "-m", "cutline.tui.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd or ROOT,
    )


async def spawn(*args: str, stdout: bool = False) -> asyncio.subprocess.Process:
    """Start the installed command line as a user would, for a test that talks to it while it
    runs: stderr piped (the lines it says), stdout piped only when asked."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cutline.tui.cli", *args,
        stdout=asyncio.subprocess.PIPE if stdout else asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
    )  # fmt: skip
