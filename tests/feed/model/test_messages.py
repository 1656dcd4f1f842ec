from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cutline.feed.model.errors import BadMessage
from cutline.feed.model.messages import DECODER, ENCODER, Flag, Lap, decode, encode
from tests.support.strategies import message


@given(message(seq=7))
def test_round_trip(msg: object) -> None:
    assert DECODER.decode(ENCODER.encode(msg)) == msg


@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_bad_message(data: bytes) -> None:
    try:
        decode(data)
    except BadMessage:
        pass


@given(st.text(max_size=200))
def test_any_text_decodes_or_raises_bad_message(data: str) -> None:
    try:
        decode(data)
    except BadMessage:
        pass


@pytest.mark.parametrize(
    ("frame", "where"),
    [
        (b'{"type":"lap","seq":3,"t":1,"lap":2,"cars":[{"car":"2","pos":"one","laps":1}]}',
         "$.cars[0].pos"),
        (b'{"type":"lap","seq":3,"t":1,"lap":2,"cars":[{"car":"2","laps":1}]}',
         "$.cars[0]"),
        (b'{"type":"pit","seq":3,"t":1,"car":"2","lap":4,"phase":"in","tyres":3}', "$.tyres"),
        (b'{"type":"nope","seq":3,"t":1}', "$.type"),
        (b'{"seq":3,"t":1}', "type"),
        (b'{"type":"flag","seq":0,"t":1,"flag":"green","lap":1}', "$.seq"),
        (b"not json", "malformed"),
    ],
)  # fmt: skip
def test_bad_frames_say_what_and_where(frame: bytes, where: str) -> None:
    with pytest.raises(BadMessage) as err:
        decode(frame)
    assert where in str(err.value)


def test_car_numbers_keep_leading_zeros() -> None:
    msg = decode(b'{"type":"lap","seq":1,"t":0,"lap":1,"cars":[{"car":"02","pos":1,"laps":1}]}')
    assert isinstance(msg, Lap) and msg.cars[0].car == "02"


def test_new_fields_have_defaults() -> None:
    """Older frames without optional fields keep decoding."""
    assert decode(b'{"type":"flag","seq":1,"t":0,"flag":"yellow","lap":3}') == Flag(
        seq=1, t=0.0, flag="yellow", lap=3
    )
    assert encode(Flag(seq=1, t=0, flag="green", lap=0)).startswith(b'{"type":"flag"')
