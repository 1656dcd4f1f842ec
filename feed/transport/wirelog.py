"""Provides `WireLog`: websockets' own log lines about the server's connections, turned into the
server's one-line reports, each naming its client, and `peer`, a connection's address."""

from __future__ import annotations

import logging
import sys
import traceback
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Final


def peer(ws: object) -> str:
    """A connection's address as ``host:port`` ("client" when it has none any more)."""
    try:
        host, port = ws.remote_address[:2]  # type: ignore[attr-defined]
    except (AttributeError, TypeError, ValueError, ReferenceError):
        return "client"
    return f"{host}:{port}"


class WireLog(logging.LoggerAdapter[logging.Logger]):
    """websockets' log, as the server reports: a warning or an error about a connection is one
    line naming the client (never a traceback), and once per client and kind. A client that
    resets mid-handshake, or vanishes while a message is being broadcast to it, would otherwise
    print a traceback, or a line per message, that says nothing of who it was."""

    SEEN: Final = 4096  # connections remembered for the once-per-client rule

    def __init__(self, report: Callable[[str], None], log: logging.Logger) -> None:
        super().__init__(log, {})
        self._report = report
        self._seen: OrderedDict[tuple[object, str], None] = OrderedDict()

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        if level < logging.WARNING:
            if self.logger.isEnabledFor(level):
                self.logger.log(level, msg, *args, extra=kwargs.get("extra"))
            return
        ws = (kwargs.get("extra") or {}).get("websocket")
        try:
            key = (getattr(ws, "id", None), str(msg))
        except ReferenceError:  # websockets hands us a weak proxy of the connection
            key, ws = (None, str(msg)), None
        if key in self._seen:
            return
        self._seen[key] = None
        if len(self._seen) > self.SEEN:
            self._seen.popitem(last=False)
        text = str(msg) % args if args else str(msg)
        exc = sys.exception() if kwargs.get("exc_info") else None
        if exc is not None:
            text = f"{text}: {traceback.format_exception_only(exc)[-1].strip()}"
        self._report(f"{peer(ws) if ws is not None else 'server'}: {text}")
