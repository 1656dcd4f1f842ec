"""The intake of what a client sends: the request's ``since`` and its control frames."""

from __future__ import annotations

import pytest

from cutline.feed.model.messages import Resume, Subscribe
from cutline.feed.transport.control import Rejection, close_reason, read_control, since


def test_subscribe_and_resume_are_read() -> None:
    assert isinstance(read_control('{"op":"subscribe"}'), Subscribe)
    assert read_control('{"op":"resume","since":7}') == Resume(since=7)


@pytest.mark.parametrize(
    ("frame", "code"), [(b'{"op":"subscribe"}', 1003), ("hello", 1008), ('{"op":"stop"}', 1008)]
)
def test_anything_else_is_rejected_with_a_close_code(frame: str | bytes, code: int) -> None:
    rejected = read_control(frame)
    assert isinstance(rejected, Rejection) and rejected.code == code and rejected.reason


def test_since_is_one_whole_number_or_absent() -> None:
    assert since("/") is None and since("/?since=0") == 0 and since("/?since=42") == 42
    for bad in ("/?since=", "/?since=x", "/?since=1&since=2", "/?since=%C2%B2"):
        with pytest.raises(ValueError, match="since must be"):
            since(bad)


def test_a_close_reason_fits_a_control_frame() -> None:
    assert close_reason("short") == "short"
    long = close_reason("é" * 100)
    assert len(long.encode()) <= 123 and long.endswith("...")
