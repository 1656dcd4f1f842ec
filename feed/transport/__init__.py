"""Provides the transport floor: a feed published over websockets, followed by clients, and the
access rules for it.

`server` does the I/O of publishing one feed to many clients, `client` of following one; what
they decide without I/O lives beside them: `intake` (the client's judgement of each frame),
`backlog` (the state and the ring of recent frames), `control` (what a client may send),
`wirelog` (websockets' own lines, one per client) and
`access` (where the server may bind and which requests it takes). The names are loaded on first
use, so importing a light module of this floor never loads websockets.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cutline.feed.transport.access import LOOPBACK, check_bind, is_loopback
    from cutline.feed.transport.backlog import RING, Backlog
    from cutline.feed.transport.client import Client, backoff
    from cutline.feed.transport.control import MAX_CONTROL
    from cutline.feed.transport.intake import Intake, Verdict
    from cutline.feed.transport.server import DEFAULT_PORT, MAX_BACKLOG, FeedServer

_HOME = {
    "DEFAULT_PORT": "server",
    "MAX_BACKLOG": "server",
    "FeedServer": "server",
    "LOOPBACK": "access",
    "check_bind": "access",
    "is_loopback": "access",
    "RING": "backlog",
    "Backlog": "backlog",
    "MAX_CONTROL": "control",
    "Client": "client",
    "backoff": "client",
    "Intake": "intake",
    "Verdict": "intake",
}

__all__ = [
    "DEFAULT_PORT",
    "LOOPBACK",
    "MAX_BACKLOG",
    "MAX_CONTROL",
    "RING",
    "Backlog",
    "Client",
    "FeedServer",
    "Intake",
    "Verdict",
    "backoff",
    "check_bind",
    "is_loopback",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # once loaded, a plain attribute: no second lookup
    return value
