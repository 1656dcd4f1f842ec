"""Provides the lenient-reading toolkit the NASCAR parsers share: `decode_json`, the readers of one
value (`as_int`, `as_float`, `as_str`, `as_bool`, `as_car`), `Row` (one JSON object read leniently)
and `read_rows` (an array read row by row, a bad row dropped and reported).

Leniency, as ``../shared/docs/nascar-feeds.md`` §12 asks:

- numbers may come as int, float or string ("0" in ``wins``, "155.142" in ``LapSpeed``);
- car numbers are strings and keep their leading zeros ("02" and "2" are different cars);
- one bad row (a vehicle, a pit row, a flag event) is dropped and reported, never the frame;
- an unknown code (flag, status) is kept, reported and shown as unknown, never a crash.

Every parser takes the decoded JSON (``msgspec.json.decode`` without a type) and returns a
`Parsed`: the value (None when the document as a whole is unusable) and the problems seen, each a
line that says where (``vehicles[3].running_position: ...``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import msgspec

from cutline.feed.model.bounded import TooBig, check

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A parsed document: the value (None: unusable as a whole) and what was wrong in it."""

    value: T | None
    problems: tuple[str, ...] = ()


class BadValue(Exception):
    """A value that cannot be read; the row holding it is dropped (internal to the parsers)."""


def decode_json(body: bytes) -> Any:
    """Decode a response body to plain Python values.

    Raises:
        BadValue: the body is not JSON (an S3 error page, a truncated transfer), or it is too
            big or nested too deep (`cutline.feed.model.bounded.check`).
    """
    try:
        check(body)
    except TooBig as err:
        raise BadValue(str(err)) from err
    try:
        return msgspec.json.decode(body)
    except msgspec.DecodeError as err:
        start = body[:60].decode("utf-8", "replace").strip()
        raise BadValue(f"not JSON ({err}); starts {start!r}") from err


def describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def as_int(value: object, where: str) -> int:
    """An int from an int, an integral float (``-1.0``) or a numeric string."""
    if isinstance(value, bool):
        raise BadValue(f"{where}: expected a number, got {describe(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            try:
                number = float(value.strip())
            except ValueError:
                pass
            else:
                if number.is_integer():
                    return int(number)
    raise BadValue(f"{where}: expected a whole number, got {describe(value)}")


def as_float(value: object, where: str) -> float:
    """A float from an int, a float or a numeric string."""
    if isinstance(value, bool):
        raise BadValue(f"{where}: expected a number, got {describe(value)}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise BadValue(f"{where}: expected a number, got {describe(value)}")


def as_str(value: object, where: str) -> str:
    """A string; a number is accepted as its decimal text."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise BadValue(f"{where}: expected a string, got {describe(value)}")


def as_bool(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise BadValue(f"{where}: expected true or false, got {describe(value)}")


def as_car(value: object, where: str, problems: list[str]) -> str:
    """A car number as a string. A number is accepted but reported: its leading zeros are lost."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        problems.append(f"{where}: car number {value} is a number, not a string")
        return str(value)
    raise BadValue(f"{where}: expected a car number, got {describe(value)}")


class Row:
    """One JSON object read leniently: required fields raise `BadValue`, optional ones fall back
    to a default and note a problem."""

    def __init__(self, obj: object, where: str, problems: list[str]) -> None:
        if not isinstance(obj, dict):
            raise BadValue(f"{where}: expected an object, got {describe(obj)}")
        self.obj: dict[str, Any] = obj
        self.where = where
        self.problems = problems

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def need(self, key: str, conv: Callable[[object, str], T]) -> T:
        if key not in self.obj or self.obj[key] is None:
            raise BadValue(f"{self.at(key)}: missing")
        return conv(self.obj[key], self.at(key))

    def get(self, key: str, conv: Callable[[object, str], T], default: T) -> T:
        value = self.obj.get(key)
        if value is None:
            return default
        try:
            return conv(value, self.at(key))
        except BadValue as err:
            self.problems.append(f"{err} (used {default!r})")
            return default

    def car(self, key: str) -> str:
        if key not in self.obj:
            raise BadValue(f"{self.at(key)}: missing")
        return as_car(self.obj[key], self.at(key), self.problems)

    def rows(self, key: str) -> list[Any]:
        value = self.obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append(f"{self.at(key)}: expected an array, got {describe(value)}")
            return []
        return value


def unknown(value: float, unknown_at: float = -1) -> float | None:
    """None for the feed's "unknown" marker (-1 in the pit data, nascar-feeds.md §8)."""
    return None if value == unknown_at else value


def read_rows(
    items: Iterable[object], where: str, problems: list[str], read: Callable[[Row], T], what: str
) -> list[T]:
    """Each item of an array read by `read`; an item it cannot read is dropped and reported.

    Args:
        items: the array's items.
        where: the array's place in the document ("" for a bare array, "vehicles").
        problems: where to report.
        read: reads one row; raises `BadValue` for a row it cannot do without.
        what: the name of a row in the report ("row", "pit row").
    """
    out = []
    for i, item in enumerate(items):
        try:
            out.append(read(Row(item, f"{where}[{i}]", problems)))
        except BadValue as err:
            problems.append(f"{err}; {what} dropped")
    return out


def stage_laps(row: Row) -> tuple[int, ...]:
    """The lengths of the stages a race row lists (``stage_1_laps``... as far as they go)."""
    return tuple(
        row.get(f"stage_{n}_laps", as_int, 0) for n in (1, 2, 3, 4) if f"stage_{n}_laps" in row.obj
    )


def describe_top(doc: object) -> str:
    """What a document is, for a report that it is not the array or object expected."""
    if isinstance(doc, dict):
        return "an object"
    if isinstance(doc, list):
        return "an array"
    return repr(doc)[:40]
