"""Provides the bounds on every JSON document cutline reads: a size and a nesting depth, checked
before any decoder recurses.

msgspec, the stdlib and our own walkers all recurse per level of nesting: about 2 KB of
``[[[…]]]`` is enough to raise `RecursionError` somewhere. `check` refuses such a document
first, in C-speed passes over the bytes (strings are blanked so that brackets inside them do not
count), so a reader turns it into its usual one-line error.
"""

from __future__ import annotations

import itertools
import operator
import re
from typing import Final

from cutline.feed.model.errors import BadMessage

MAX_DEPTH: Final = 64  # levels of [ and {; our deepest message (a snapshot) has about 6
MAX_DOCUMENT: Final = 64 * 2**20  # bytes: a NASCAR document or a facts file is a few MB at most

# A string left open runs to the end of the document, as a decoder reads it. Matching it there
# keeps this one linear pass: a pattern that needs the closing quote is tried again from every
# quote after it fails, so 65 brackets and an open string of escaped quotes (\"\"...) took 20 s
# at 64 KB and over an hour at 1 MB, with the event loop of a client or server stuck meanwhile.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_BRACKETS = bytes(range(256)).translate(None, b"[]{}")  # every byte but the brackets
# Openers count 2 and closers 0, so that "value - 1" is the change of depth.
_DEPTH_STEP = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


class TooBig(BadMessage):
    """A JSON document over the size or depth bound (a `BadMessage`, so readers report it)."""


def depth(data: bytes | str) -> int:
    """The deepest nesting of arrays and objects in ``data`` (brackets in strings ignored)."""
    raw = data.encode() if isinstance(data, str) else data
    if raw.count(b"[") + raw.count(b"{") == 0:
        return 0
    brackets = _STRING.sub(b"", raw).translate(None, _BRACKETS).translate(_DEPTH_STEP)
    if not brackets:
        return 0
    # depth after the i-th bracket = (sum of steps so far) - i
    running = itertools.accumulate(brackets)
    return int(max(map(operator.sub, running, itertools.count(1))))


def check(data: bytes | str, *, max_bytes: int = MAX_DOCUMENT, max_depth: int = MAX_DEPTH) -> None:
    """Refuse a document over ``max_bytes`` or nested deeper than ``max_depth``.

    Raises:
        TooBig: which bound, with the figure.
    """
    if len(data) > max_bytes:
        raise TooBig(f"document of {len(data):,} bytes is over the {max_bytes:,}-byte limit")
    raw = data.encode() if isinstance(data, str) else data
    # Cheap first: a document with few brackets cannot be deep.
    if raw.count(b"[") + raw.count(b"{") <= max_depth:
        return
    found = depth(raw)
    if found > max_depth:
        raise TooBig(f"JSON nested {found} levels deep; the limit is {max_depth}")
