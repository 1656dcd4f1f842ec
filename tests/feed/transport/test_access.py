"""The server's access rules: loopback binds, and the requests refused before the handshake."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from cutline.feed.model.errors import TransportError
from cutline.feed.transport.access import check_bind, is_loopback, refusal


def test_is_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    assert not is_loopback("feed.example.com")  # a name may resolve anywhere


def test_check_bind_needs_a_token_beyond_loopback_only() -> None:
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", "s3cret")
    with pytest.raises(TransportError, match="give a token"):
        check_bind("0.0.0.0", "")


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_a_blank_token_is_refused_at_bind(host: str) -> None:
    with pytest.raises(TransportError, match="blank"):
        check_bind(host, " \t ")


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/", {}, None),
        ("/?since=12", {}, None),
        ("/feed", {}, HTTPStatus.NOT_FOUND),
        ("/?since=-1", {}, HTTPStatus.BAD_REQUEST),
        ("/?since=1&since=2", {}, HTTPStatus.BAD_REQUEST),
    ],
)
def test_refusal_without_a_token(path: str, headers: dict[str, str], status: int | None) -> None:
    refused = refusal(path, headers, None)
    assert (refused[0] if refused else None) == status


@pytest.mark.parametrize(
    ("path", "headers", "ok"),
    [
        ("/?token=s3cret", {}, True),
        ("/", {"Authorization": "Bearer s3cret"}, True),
        ("/", {"Authorization": "bearer s3cret"}, True),  # the scheme is case-insensitive
        ("/", {"Authorization": "BEARER  s3cret "}, True),
        ("/", {"Authorization": "Basic s3cret"}, False),
        ("/", {}, False),
        ("/?token=s3cre", {}, False),
        ("/?token=s3cret", {"Authorization": "Bearer wrong"}, False),  # the header wins
    ],
)
def test_refusal_with_a_token(path: str, headers: dict[str, str], ok: bool) -> None:
    refused = refusal(path, headers, b"s3cret")
    assert refused is None if ok else refused == (HTTPStatus.UNAUTHORIZED, "missing or wrong token")
