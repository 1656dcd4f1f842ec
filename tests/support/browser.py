"""A headless Chromium driven over the DevTools protocol (a websocket, no Playwright): open a
page, read its terminal's text through xterm.js's own API, press keys, take a screenshot.

The browser gets no way out: every host name but loopback resolves to nothing, and every
request it makes is recorded, so a test can show that a page needed nothing from the internet.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)

# The terminal's lines, read through xterm.js's public buffer API. textual.js keeps its
# terminal in a closure; DevTools' queryObjects finds the object holding it.
READ_TERMINAL = """function () {
  const holder = this.find((o) => o && o.terminal && o.terminal.buffer && "websocket_url" in o);
  if (!holder) return null;
  const term = holder.terminal, buffer = term.buffer.active, lines = [];
  for (let i = 0; i < term.rows; i++) {
    const line = buffer.getLine(buffer.viewportY + i);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""


class Page:
    """One page target of the browser, spoken to over its DevTools websocket."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.requests: list[str] = []  # every URL the page asked for
        self._ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        await self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(await self.ws.recv())
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            if message.get("id") == number:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def terminal_text(self) -> str:
        proto = await self.call("Runtime.evaluate", expression="Object.prototype")
        found = await self.call(
            "Runtime.queryObjects", prototypeObjectId=proto["result"]["objectId"]
        )
        array = found["objects"]["objectId"]
        try:
            text = await self.call("Runtime.callFunctionOn", functionDeclaration=READ_TERMINAL,
                                   objectId=array, returnByValue=True)  # fmt: skip
        finally:
            await self.call("Runtime.releaseObject", objectId=array)
        return str(text["result"].get("value") or "")

    async def press(self, key: str, code: str, text: str) -> None:
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        for kind in ("keyDown", "keyUp"):
            extra = {"text": text} if kind == "keyDown" else {}
            await self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, **extra)

    async def screenshot(self, path: Path) -> Path:
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


@contextlib.asynccontextmanager
async def chromium(profile: Path, *, width: int = 1400, height: int = 900) -> AsyncIterator[Page]:
    """A headless Chromium with a blank page; closed (the process ended) on the way out."""
    assert CHROMIUM is not None
    args = [
        CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-extensions", "--disable-background-networking", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # no internet to be had
        f"--user-data-dir={profile}", "--remote-debugging-port=0",
        f"--window-size={width},{height}", "about:blank",
    ]  # fmt: skip
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        async with asyncio.timeout(30):
            while not port_file.exists() or not port_file.read_text().strip():
                await asyncio.sleep(0.05)  # Chromium writes the file once it listens
            port = int(port_file.read_text().split()[0])
            async with httpx.AsyncClient() as http:
                targets = (await http.get(f"http://127.0.0.1:{port}/json/list")).json()
        url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        async with connect(url, max_size=None) as ws:
            page = Page(ws)
            await page.call("Network.enable")
            await page.call("Page.enable")
            await page.call("Runtime.enable")
            yield page
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
