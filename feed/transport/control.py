"""Provides the intake of what a client sends: the ``since`` of its request, and its control frames.

A client may send only `Subscribe` or `Resume` (`messages.Control`), in text frames of at most
``MAX_CONTROL`` bytes. Anything else is answered by a `Rejection`: the close code and reason
the server closes that client with (1003 binary, 1008 not a control message); the server and
the other clients go on. Nothing here touches a socket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple
from urllib.parse import parse_qs, urlsplit

from websockets.frames import CloseCode

from cutline.feed.model.errors import BadMessage
from cutline.feed.model.messages import Control, decode_control

MAX_CONTROL: Final = 512  # bytes; a control message is a few dozen
CONTROL_RATE: Final = 10.0  # control messages per second a client is answered at, sustained
CONTROL_BURST: Final = 20  # and in a burst (a client asks once per gap or reconnection)
MAX_SINCE_DIGITS: Final = 19  # a seq fits in 63 bits

# Codes websockets closes with for the client's own faults (a frame over MAX_CONTROL, bad
# UTF-8, a protocol error); a missed pong or a server-side close is not the client's fault.
CLIENT_FAULTS: Final = frozenset(
    {CloseCode.PROTOCOL_ERROR, CloseCode.INVALID_DATA, CloseCode.MESSAGE_TOO_BIG}
)


class Rejection(NamedTuple):
    """A frame a client must not send: close it with ``code`` and ``reason``."""

    code: int
    reason: str


def read_control(frame: str | bytes) -> Control | Rejection:
    """The control message in ``frame``, or how to close a client that sent it."""
    if isinstance(frame, bytes):
        return Rejection(CloseCode.UNSUPPORTED_DATA, "binary frame: send text")
    try:
        return decode_control(frame)
    except BadMessage as err:
        return Rejection(CloseCode.POLICY_VIOLATION, str(err))


def since(path: str) -> int | None:
    """The ``since`` query parameter of a request path.

    Raises:
        ValueError: present but not one whole number >= 0.
    """
    values = parse_qs(urlsplit(path).query, keep_blank_values=True).get("since")
    if not values:
        return None
    if (
        len(values) > 1
        or not values[0].isascii()
        or not values[0].isdigit()
        or len(values[0]) > MAX_SINCE_DIGITS
    ):
        # Never echo what was sent whole: it goes to the log.
        shown = repr(values[0][:24]) + ("..." if len(values[0]) > 24 or len(values) > 1 else "")
        raise ValueError(f"since must be one whole number >= 0 of at most 19 digits, not {shown}")
    return int(values[0])


@dataclass
class Pace:
    """A token bucket for one client's control messages: a client over it is closed with 1013
    (a client asks once per gap or reconnection; a flood is a client that never reads).

    Args:
        rate: messages per second, sustained.
        burst: messages taken at once after a quiet spell.
    """

    rate: float = CONTROL_RATE
    burst: int = CONTROL_BURST
    _tokens: float = -1.0
    _at: float = 0.0

    def take(self, now: float) -> bool:
        """Whether a message that arrived at ``now`` is within the rate (and count it)."""
        if self._tokens < 0:
            self._tokens, self._at = float(self.burst), now
        self._tokens = min(float(self.burst), self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True


# The handshake's response names the feed: a client that joins before its first message has no
# snapshot to learn it from (and its recording's header must name it).
FEED_HEADER: Final = "X-Cutline-Feed"


def feed_of(path: str) -> str:
    """The ``feed`` query parameter of a request path: the id of the feed the client's state
    came from ("" when absent, or not one short token)."""
    values = parse_qs(urlsplit(path).query).get("feed", [])
    if len(values) != 1 or len(values[0]) > 64:
        return ""
    return values[0]


def close_reason(text: str) -> str:
    """A close reason fits in 123 bytes of UTF-8 (RFC 6455, 5.5: control frames carry 125)."""
    data = text.encode()
    if len(data) <= 123:
        return text
    return data[:120].decode(errors="ignore") + "..."
