"""The house's plan holds: `cutline.feed` never imports Textual or Rich, and no floor of it
imports one above it. The floors, lowest first (a floor may import only floors at or below it):

    model      the wire model and the fold (messages, state, errors)
    rules      the points rules and playoff formats, as data
    standings  the cut line, eligibility, places needed
    views      what the views derive (frames, follow, pit loss and rejoin, history, alerts)
    streams    the `Source` protocol, live feeds, the broadcast delay
    playback   recording files, the player, its timeline and keyframes, the recorder tee
    builder    real race data to a recording (facts, lap table, timing screen, pit inference)
    transport  the websockets server and client, and their pieces that do no I/O
    sources    other feeds turned into messages (NASCAR's)
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import cutline.feed

FLOORS = (
    "model",
    "rules",
    "standings",
    "views",
    "streams",
    "playback",
    "builder",
    "transport",
    "sources",
)
FEED = Path(cutline.feed.__path__[0])


def modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(cutline.feed.__path__, "cutline.feed.")]


def test_feed_holds_only_floors() -> None:
    top = {p.stem for p in FEED.glob("*.py")} - {"__init__"}
    dirs = {p.name for p in FEED.iterdir() if (p / "__init__.py").exists()}
    assert top == set() and dirs == set(FLOORS)


def test_no_floor_imports_one_above_it() -> None:
    wrong: list[str] = []
    for path in FEED.rglob("*.py"):
        floor = path.relative_to(FEED).parts[0]
        if floor == "__init__.py":
            continue
        rank = FLOORS.index(floor)
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[:2] == ["cutline", "tui"]:
                    wrong.append(f"{path.relative_to(FEED)} imports {name}")
                if parts[:2] == ["cutline", "feed"] and len(parts) > 2:
                    if FLOORS.index(parts[2]) > rank:
                        wrong.append(f"{path.relative_to(FEED)} ({floor}) imports {name}")
    assert wrong == []


def test_feed_never_imports_textual_or_rich() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {modules()!r}: importlib.import_module(m)\n"
        "print(' '.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(out.stdout.split())
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich")}
    assert len(modules()) > 40  # the walk found the package, not an empty folder
