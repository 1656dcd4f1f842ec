"""The intake of what a client sends: the request's ``since`` and its control frames."""

from __future__ import annotations

import pytest

from cutline.feed.model.messages import Resume, Subscribe
from cutline.feed.transport.control import Pace, Rejection, close_reason, read_control, since


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


def test_a_huge_since_is_refused_and_never_echoed_whole() -> None:
    with pytest.raises(ValueError, match="since must be") as info:
        since("/?since=" + "7" * 4300)
    assert len(str(info.value)) < 120
    with pytest.raises(ValueError, match="at most 19 digits"):
        since("/?since=" + "1" * 20)
    assert since("/?since=" + "9" * 19) == int("9" * 19)


def test_a_close_reason_fits_a_control_frame() -> None:
    assert close_reason("short") == "short"
    long = close_reason("é" * 100)
    assert len(long.encode()) <= 123 and long.endswith("...")


def test_pace_takes_a_burst_then_the_rate() -> None:
    pace = Pace(rate=10.0, burst=3)
    assert [pace.take(0.0) for _ in range(4)] == [True, True, True, False]
    assert not pace.take(0.05)  # half a token back
    assert pace.take(0.15) and not pace.take(0.15)
    assert all(pace.take(t / 10) for t in range(20, 30))  # 10 a second, sustained
