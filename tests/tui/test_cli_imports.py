"""`cutline --help` and `cutline standings` import nothing they do not use: no asyncio, no
websockets or httpx, no Textual or Rich (each checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import cutline.replays as replays

HEAVY = ("asyncio", "websockets", "httpx", "textual", "rich")


@pytest.mark.parametrize("argv", [["--help"], ["standings", "--help"], ["standings", "FILE"]])
def test_commands_that_need_no_loop_import_none(argv: list[str]) -> None:
    argv = [str(replays.path()) if a == "FILE" else a for a in argv]
    loaded = {m.split(".")[0] for m in _modules(argv)}
    assert "cutline" in loaded and "msgspec" in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def _modules(argv: list[str]) -> list[str]:
    probe = (
        "import contextlib, io, sys\n"
        "from cutline.tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(sys.argv[1:])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('\\n'.join(sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    return done.stdout.split()


def test_the_dashboard_command_does_import_them() -> None:
    # The check can see a heavy import: opening the dashboard's module brings Textual.
    done = subprocess.run(
        [sys.executable, "-c", "import sys, cutline.tui.app; print('\\n'.join(sys.modules))"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert {"asyncio", "textual"} <= set(done.stdout.split())
