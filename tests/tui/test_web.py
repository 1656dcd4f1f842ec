"""``cutline web``: the dashboard served to a real headless Chromium, and the access check."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, Page, chromium
from tests.support.paths import ROOT, cutline

PATIENCE = 60.0  # seconds for the page, then the dashboard, to show (a shared, busy machine)
ARTIFACTS = ROOT / "test-artifacts"  # kept after the run (ignored by git)


@contextlib.asynccontextmanager
async def web(*args: str) -> AsyncIterator[str]:
    """``cutline web ARGS --port 0``, yielding the page's URL; stopped (SIGTERM) on the way out."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cutline.tui.cli", "web", *args, "--port", "0",
        stderr=asyncio.subprocess.PIPE, cwd=ROOT,
    )  # fmt: skip
    assert process.stderr is not None
    try:
        async with asyncio.timeout(PATIENCE):
            line = (await process.stderr.readline()).decode()
        found = re.search(r"http://\S+?/(?=[:?\s])", line)
        assert found, f"no address in {line!r}"
        yield found.group()
    finally:
        if process.returncode is None:
            process.terminate()
        async with asyncio.timeout(PATIENCE):
            rest = (await process.stderr.read()).decode()
            code = await process.wait()
        assert code == 0, rest
        assert "stopped" in rest and "Traceback" not in rest


async def until(page: Page, holds: Callable[[str], bool], what: str) -> str:
    """Read the page's terminal until ``holds(text)``; fail with the last text seen."""
    text = ""
    try:
        async with asyncio.timeout(PATIENCE):
            while not holds(text := await page.terminal_text()):
                await asyncio.sleep(0.2)  # between looks at a real browser: the text decides
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}; the page showed:\n{text}") from None
    return text


@pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium (CI's .ci/run installs Debian's package): no browser"
)
async def test_the_dashboard_in_a_headless_browser(tmp_path: Path) -> None:
    async with web("--speed", "0.5") as url, chromium(tmp_path / "profile") as page:
        await page.call("Page.navigate", url=url)
        text = await until(page, lambda t: "Rhodes" in t and "Sanchez" in t, "the cut line")
        assert "Homestead-Miami Speedway" in text  # the race, in the header
        assert "Cut line" in text or "cut line" in text.lower()
        await page.press(" ", "Space", " ")
        text = await until(page, lambda t: "paused" in t, "the transport to say paused")
        ARTIFACTS.mkdir(exist_ok=True)
        shot = await page.screenshot(ARTIFACTS / "web-dashboard.png")
        print(f"screenshot: {shot}")
        assert shot.stat().st_size > 10_000
        # Everything the page asked for came from cutline web itself: it needs no internet.
        assert page.requests and all(r.startswith(url) for r in page.requests), page.requests


def test_binding_beyond_loopback_needs_a_token() -> None:
    done = cutline("web", "--host", "0.0.0.0")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("cutline: error: binding")
    assert "token" in done.stderr


def test_a_missing_recording_is_one_line(tmp_path: Path) -> None:
    done = cutline("web", str(tmp_path / "nope.jsonl"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "nope.jsonl" in done.stderr


async def test_beyond_loopback_the_page_and_its_websocket_need_the_token() -> None:
    import httpx

    from cutline.tui.web.server import COOKIE, WebDashboard

    # Bound to loopback with a token: the check is the same one a public address gets.
    server = WebDashboard("true", host="127.0.0.1", port=0, token="s3cret")
    url = await server.start()
    try:
        async with httpx.AsyncClient(base_url=url) as http:
            assert (await http.get("/")).status_code == 401
            assert (await http.get("/?token=wrong")).status_code == 401
            assert (await http.get("/ws")).status_code == 401
            page = await http.get("/?token=s3cret")
            assert page.status_code == 200 and "textual-terminal" in page.text
            assert page.cookies.get(COOKIE) == "s3cret"  # the websocket presents it
            assert "fonts.googleapis" not in page.text
            bearer = await http.get("/", headers={"Authorization": "Bearer s3cret"})
            assert bearer.status_code == 200
        async with httpx.AsyncClient(base_url=url) as stranger:
            # Scripts and fonts are textual-serve's, public.
            script = await stranger.get("/static/js/textual.js")
            assert script.status_code == 200 and len(script.content) > 100_000
    finally:
        await server.close()
