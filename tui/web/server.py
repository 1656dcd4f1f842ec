"""Provides `WebDashboard`: the dashboard served to browsers by textual-serve.

Each browser that opens the page gets its own dashboard: textual-serve starts ``command`` (a
``cutline replay`` or ``watch``) with Textual's web driver and relays the terminal over a
websocket. The page and its scripts, styles and fonts all come from this server (textual-serve
ships them; the page here drops its one CDN link), so it works with no internet.

Access is the feed server's (`cutline.feed.transport.access`): loopback needs nothing; any other
address needs a token, presented as ``?token=`` (the page then keeps it in a cookie for its
websocket) or ``Authorization: Bearer``. Scripts and fonts are public; the page, the websocket
and downloads are not.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Final

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

from cutline.feed.transport.access import TOKEN_HEADER, check_bind, token_ok

PAGES: Final = Path(__file__).parent  # app_index.html: textual-serve's page, served locally
COOKIE: Final = "cutline_token"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebDashboard:
    """Serve ``command`` (a shell command opening the dashboard) to browsers at ``host:port``.

    Raises:
        TransportError: ``host`` is not loopback and there is no token (`check_bind`).
    """

    def __init__(
        self, command: str, *, host: str, port: int, token: str | None, title: str = "cutline"
    ) -> None:
        check_bind(host, token)
        self.host = host
        self.port = port
        self.token = token.encode() if token else None
        self.server = Server(command, host=host, port=port, title=title, templates_path=PAGES)
        self._runner: web.AppRunner | None = None

    def application(self) -> web.Application:
        """The web application: the page, its websocket, downloads and textual-serve's assets."""
        app = web.Application(middlewares=[self._access])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.server.templates_path))
        server = self.server
        app.add_routes(
            [
                web.get("/", server.handle_index, name="index"),
                web.get("/ws", server.handle_websocket, name="websocket"),
                web.get("/download/{key}", server.handle_download, name="download"),
                web.static("/static", server.statics_path, name="static"),
            ]
        )
        return app

    async def start(self) -> str:
        """Bind and serve; returns the page's URL (the port as bound, when 0 was asked)."""
        self._runner = web.AppRunner(self.application(), handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as err:
            await self._runner.cleanup()
            from cutline.feed.model.errors import TransportError

            raise TransportError(f"cannot listen on {self.host}:{self.port}: {err}") from err
        address = self._runner.addresses[0]
        self.port = int(address[1])
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @web.middleware
    async def _access(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.token is None or request.path.startswith("/static/"):
            return await handler(request)
        query = {key: request.query.getall(key) for key in request.query}
        headers: dict[str, str] = dict(request.headers)
        cookie = request.cookies.get(COOKIE)
        if cookie and TOKEN_HEADER not in headers:
            headers[TOKEN_HEADER] = f"Bearer {cookie}"
        if not token_ok(self.token, query, headers):
            raise web.HTTPUnauthorized(text="missing or wrong token: open /?token=TOKEN\n")
        response = await handler(request)
        if "token" in query and not response.prepared:
            # The page's websocket and downloads present the token as this cookie.
            response.set_cookie(COOKIE, query["token"][-1], httponly=True, samesite="Strict")
        return response
