"""Provides `Log`: the race control log as a persistent list, shared by every state that has it.

Each state's log is the log before it plus its new entries: a node holds one entry and the
node before it, so appending copies nothing (a tuple copied on every append made folding a
race quadratic in its log), and every state and replay keyframe along a race shares the same
nodes (one copy of the log, not one per keyframe). It reads as a read-only sequence; what the
views ask of it (its length, the newest entries, the entries since N) walks only from the end.
On the wire it is a plain JSON array (`ENCODER`/`DECODER` convert it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import msgspec


class LogEntry(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    seq: int
    t: float
    lap: int
    kind: str  # "flag", "pit", "penalty", "incident", "stage", "result", "lead", "race", "gap"
    text: str
    cars: tuple[str, ...] = ()


class Log(Sequence[LogEntry]):
    """An append-only, immutable log: ``log + (entry,)`` is a new log sharing this one."""

    __slots__ = ("_before", "_entry", "_len")

    def __init__(self, entries: Iterable[LogEntry] = ()) -> None:
        self._before: Log | None = None
        self._entry: LogEntry | None = None
        self._len = 0
        tail = self
        for entry in entries:
            tail = tail._then(entry)
        self._before, self._entry, self._len = tail._before, tail._entry, tail._len

    def _then(self, entry: LogEntry) -> Log:
        node = Log.__new__(Log)
        node._before, node._entry, node._len = (self if self._len else None), entry, self._len + 1
        return node

    def __add__(self, more: Iterable[LogEntry]) -> Log:
        log = self
        for entry in more:
            log = log._then(entry)
        return log

    def __len__(self) -> int:
        return self._len

    def __reversed__(self) -> Iterator[LogEntry]:
        node: Log | None = self
        while node is not None and node._entry is not None:
            yield node._entry
            node = node._before

    def __iter__(self) -> Iterator[LogEntry]:
        return iter(self.newest(self._len)[::-1])

    def newest(self, n: int) -> list[LogEntry]:
        """The ``n`` newest entries, newest first."""
        out: list[LogEntry] = []
        for entry in reversed(self):
            if len(out) >= n:
                break
            out.append(entry)
        return out

    @overload
    def __getitem__(self, index: int) -> LogEntry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[LogEntry, ...]: ...

    def __getitem__(self, index: int | slice) -> LogEntry | tuple[LogEntry, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._len)
            if step != 1:
                return tuple(self)[index]
            if stop <= start:
                return ()
            # Walk back from the end to ``stop``, then take what lies between.
            newest = self.newest(self._len - start)
            return tuple(newest[self._len - stop :][::-1])
        i = index + self._len if index < 0 else index
        if not 0 <= i < self._len:
            raise IndexError("log index out of range")
        return self.newest(self._len - i)[-1]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Log):
            return other is self or (len(other) == self._len and tuple(other) == tuple(self))
        if isinstance(other, tuple):
            return other == tuple(self)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Log({list(self)!r})"


EMPTY = Log()


def enc_hook(obj: Any) -> Any:
    """`ENCODER`'s hook: a log goes on the wire as an array of its entries."""
    if isinstance(obj, Log):
        return tuple(obj)
    raise NotImplementedError(f"cannot encode {type(obj).__name__}")


def dec_hook(kind: type, obj: Any) -> Any:
    """`DECODER`'s hook: an array of entries comes back as a log."""
    if kind is Log:
        return Log(msgspec.convert(obj, tuple[LogEntry, ...]))
    raise NotImplementedError(f"cannot decode {kind.__name__}")
