"""``cutline`` in a real terminal: tmux runs it, keys go in, the screen comes back as text."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.paths import ROOT

TMUX = shutil.which("tmux")
PATIENCE = 30.0  # seconds for any one thing to show up

pytestmark = pytest.mark.skipif(
    TMUX is None, reason="tmux is not installed (CI's .ci/run installs it): no real terminal"
)


class Terminal:
    """One tmux session on a private server, so nothing else on the machine is touched."""

    def __init__(self, command: str, width: int = 120, height: int = 40) -> None:
        self.socket = f"cutline-test-{uuid.uuid4().hex[:8]}"
        # The command waits for a signal until the window has its size: a program started
        # before a resize may never hear of it.
        assert TMUX is not None
        gate = f"{shlex.quote(TMUX)} -L {self.socket} wait-for go; {command}"
        self._tmux("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height), gate)
        self._tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height))
        self._tmux("wait-for", "-S", "go")

    def _tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=PATIENCE,
            check=True,
        )
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "t")

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "t", *keys)

    def wait_for(self, condition: Callable[[str], bool], what: str) -> str:
        """Poll the screen until ``condition`` holds; fail (showing the screen) after PATIENCE."""
        deadline = time.monotonic() + PATIENCE
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.1)  # between looks at a real terminal: the condition decides, not this
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")

    def close(self) -> None:
        try:
            path = self._tmux("display-message", "-p", "#{socket_path}").strip()
        except subprocess.CalledProcessError:
            path = ""
        subprocess.run([TMUX or "tmux", "-L", self.socket, "kill-server"], capture_output=True)
        if path:
            Path(path).unlink(missing_ok=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    rc = tmp_path / "rc"
    # The installed package when there is one (CI); this checkout otherwise.
    run = (
        f"cd {shlex.quote(str(ROOT))} && PYTHONPATH={shlex.quote(str(ROOT))} "
        f"{shlex.quote(sys.executable)} -m tui.cli; echo $? > {shlex.quote(str(rc))}; sleep 60"
    )
    term = Terminal(f"sh -c {shlex.quote(run)}")
    try:
        yield term, rc
    finally:
        term.close()


def _lap(screen: str) -> int:
    found = re.search(r"L(\d+)/134", screen)
    assert found, screen
    return int(found.group(1))


def _any_lap(screen: str) -> int | None:
    found = re.search(r"L(\d+)/134", screen)
    return int(found.group(1)) if found else None


def test_cutline_opens_the_bundled_race_takes_keys_and_quits_cleanly(
    terminal: tuple[Terminal, Path],
) -> None:
    term, rc = terminal
    screen = term.wait_for(lambda s: "Round of 8" in s and "cut line" in s, "the dashboard")
    assert "Homestead-Miami Speedway" in screen and "following the bubble" in screen
    term.keys("Space")
    screen = term.wait_for(lambda s: "paused" in s, "the pause")
    lap = _lap(screen)
    term.keys(">")
    term.wait_for(lambda s: _lap(s) == min(lap + 10, 134), "a seek of ten laps")
    term.keys("c")
    term.wait_for(lambda s: "Δ#" in s, "the compare column")
    term.keys("?")
    term.wait_for(lambda s: "Keys" in s and "Command palette" in s, "the help screen")
    term.keys("Escape")
    term.wait_for(lambda s: "Keys" not in s, "the help screen to close")
    term.keys("q")
    term.wait_for(lambda s: rc.exists() and rc.read_text().strip() != "", "cutline to exit")
    assert rc.read_text().strip() == "0"


def test_the_log_scrolls_with_the_keyboard_in_a_real_terminal(
    terminal: tuple[Terminal, Path],
) -> None:
    term, rc = terminal
    term.wait_for(lambda s: "Race control" in s and _any_lap(s) is not None, "the dashboard")
    term.keys("Space")
    term.wait_for(lambda s: "paused" in s, "the pause")
    for _ in range(4):
        term.keys(">")
    term.wait_for(lambda s: (_any_lap(s) or 0) >= 40, "forty laps in: more log than fits")
    first = "green flag, lap 1: start"
    assert first not in term.screen()
    term.keys("Tab")  # from the running order to the log
    term.keys("Home")
    screen = term.wait_for(lambda s: first in s, "the oldest entry after Home")
    assert "newer below" in screen
    term.keys("PageDown")
    term.wait_for(lambda s: first not in s and "newer below" in s, "a page on after PageDown")
    term.keys("End")
    term.wait_for(lambda s: "newer below" not in s, "the newest entries after End")
    term.keys("q")
    term.wait_for(lambda s: rc.exists() and rc.read_text().strip() != "", "cutline to exit")
