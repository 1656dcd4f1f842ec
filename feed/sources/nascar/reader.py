"""Provides `DocReader`: the adapter's memory of the documents it parsed and the problems it
reported, and `Session`, what it has said about the current session.

A document is parsed once (the same object gives the cached value); a problem is reported once
per session, since it would otherwise repeat on every poll.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from cutline.feed.model.messages import FlagKind, Race
from cutline.feed.sources.nascar import endpoints as ep
from cutline.feed.sources.nascar.lenient import Parsed
from cutline.feed.sources.nascar.parse_events import FlagEvent, parse_flags


class Session(msgspec.Struct, kw_only=True):
    """What the adapter has said about the current session."""

    key: tuple[int, int, int]  # series, race id, run id
    header: Race | None = None
    stage_ends: dict[int, int] = {}  # stage number -> end lap, as learned
    flag: FlagKind | None = None
    flag_events: int = 0  # flag-history entries consumed
    white_at: int | None = None  # leader lap when the white flag was shown
    lap_sig: tuple[Any, ...] = ()
    pits_in: set[tuple[str, int]] = set()
    pits_out: set[tuple[str, int]] = set()
    stages: set[int] = set()
    finished: bool = False
    result_sig: tuple[Any, ...] = ()


class DocReader:
    """Parses each feed's document once and reports each problem once per session.

    Args:
        default_season: the season to assume when neither the snapshot nor the race list says.
    """

    def __init__(self, *, default_season: int) -> None:
        self.default_season = default_season
        self.notices: list[str] = []  # new since the caller last cleared it
        self.problems = 0  # distinct problems reported
        self._said: set[str] = set()
        self._cache: dict[str, tuple[object, Any]] = {}  # name -> (document, parsed value)

    def forget_notes(self) -> None:
        """A new session: its problems are reported afresh."""
        self._said.clear()

    def note(self, text: str) -> None:
        """Report ``text`` once per session (a problem repeats on every poll otherwise)."""
        if text not in self._said:
            self._said.add(text)
            self.notices.append(text)

    def _problems(self, name: str, parsed: Parsed[Any]) -> None:
        for text in parsed.problems:
            if f"{name}: {text}" not in self._said:
                self.problems += 1
            self.note(f"{name}: {text}")

    def take_notices(self) -> list[str]:
        out, self.notices = self.notices, []
        return out

    def _parse(self, name: str, doc: object, parse: Any) -> Any:
        """Parse ``doc`` once: the same document object gives the cached value."""
        cached = self._cache.get(name)
        if cached is not None and cached[0] is doc:
            return cached[1]
        parsed: Parsed[Any] = parse(doc)
        self._problems(name, parsed)
        self._cache[name] = (doc, parsed.value)
        return parsed.value

    def parsed(self, name: str, docs: Mapping[str, Any], parse: Any) -> Any:
        if name not in docs or docs[name] is None:
            return None
        return self._parse(name, docs[name], parse)


def flag_events(reader: DocReader, docs: Mapping[str, Any]) -> tuple[FlagEvent, ...]:
    """The flag history, or none."""
    events: tuple[FlagEvent, ...] | None = reader.parsed(ep.FLAGS, docs, parse_flags)
    return events or ()
