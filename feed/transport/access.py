"""Provides the access rules of the feed server: where it may bind, and which requests it takes.

A server bound beyond loopback must have a token (`check_bind`). Every request is checked
before the handshake completes (`refusal`): the path, the ``since`` parameter and, when the
server has one, the token, compared in constant time. A refused request gets an HTTP error and
never a byte of the feed. Nothing here touches a socket: the server answers with what it gets.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Mapping
from http import HTTPStatus
from typing import Final
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

from cutline.feed.model.errors import TransportError
from cutline.feed.transport.control import since

LOOPBACK: Final = "127.0.0.1"
TOKEN_HEADER: Final = "Authorization"  # "Bearer TOKEN"; or ?token=TOKEN in the URL


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_bind(host: str, token: str | None) -> None:
    """Refuse to expose a feed beyond this machine without a token.

    Raises:
        TransportError: ``host`` is not loopback and ``token`` is empty, or a token is given
            that is only white space (it could never be presented in a header).
    """
    if token and not token.strip():
        raise TransportError("the token is blank: give one that is not only spaces")
    if not token and not is_loopback(host):
        raise TransportError(
            f"binding {host} exposes the feed beyond this machine: give a token "
            "(--token or CUTLINE_TOKEN), or bind 127.0.0.1"
        )


def token_ok(token: bytes, query: Mapping[str, list[str]], headers: Mapping[str, str]) -> bool:
    """Whether the request presents ``token``, in its ``Authorization`` header or its query."""
    given = ""
    scheme, _, credentials = headers.get(TOKEN_HEADER, "").strip().partition(" ")
    if scheme.lower() == "bearer":  # RFC 9110, 11.1: the scheme is case-insensitive
        given = credentials.strip()
    elif query.get("token"):
        given = query["token"][-1]
    # compare_digest: the time taken does not say how much of the token was right.
    return hmac.compare_digest(given.encode(), token)


def refusal(
    path: str, headers: Mapping[str, str], token: bytes | None
) -> tuple[HTTPStatus, str] | None:
    """Why a request for ``path`` is refused (the HTTP status and a text), or None to take it."""
    url = urlsplit(path)
    if url.path not in ("", "/"):
        return HTTPStatus.NOT_FOUND, f"no feed at {url.path}; use /"
    query = parse_qs(url.query, keep_blank_values=True)
    if token is not None and not token_ok(token, query, headers):
        return HTTPStatus.UNAUTHORIZED, "missing or wrong token"
    try:
        since(path)
    except ValueError as err:
        return HTTPStatus.BAD_REQUEST, str(err)
    return None


def redacted(url: str) -> str:
    """``url`` fit to print or store: a ``token`` in its query is replaced by ``***``."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not any(key == "token" for key, _ in query):
        return url
    query = [(key, "***" if key == "token" else value) for key, value in query]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))
