"""Provides the points and championship-format rules, read from the TOML files beside this module.

One file per series and format, each listing the seasons it covers. A new season is a new file
(or a new entry in ``seasons``) and a test, not new code. A value the sources lack is absent
from the file, so it decodes as None, and the code that needs it says "unknown".
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Literal

import msgspec

from cutline.feed.model.errors import RulesError

__all__ = [
    "REGULAR_SEASON",
    "SERIES",
    "SERIES_BY_ID",
    "About",
    "Disqualification",
    "PlayoffPoints",
    "Playoffs",
    "Points",
    "Round",
    "Rules",
    "all_rules",
    "load",
]

# NASCAR's series ids (nascar-feeds.md §2) to the rules keys; the facts and the feeds use the ids.
SERIES_BY_ID: dict[int, str] = {1: "cup", 2: "xfinity", 3: "truck"}
SERIES: tuple[str, ...] = tuple(SERIES_BY_ID.values())
REGULAR_SEASON = "Regular season"


class PlayoffPoints(msgspec.Struct, frozen=True, kw_only=True):
    race_win: int
    stage_win: int
    added_in_round: bool = False
    sources: tuple[str, ...] = ()


class Points(msgspec.Struct, frozen=True, kw_only=True):
    finishing: tuple[int, ...]  # P1 first
    below_table: int
    stage: tuple[int, ...]  # stage P1 first
    ineligible: str = ""
    playoff: PlayoffPoints | None = None  # None: the format has no playoff points
    sources: tuple[str, ...] = ()


class Disqualification(msgspec.Struct, frozen=True, kw_only=True):
    position: Literal["last"]
    points: Literal["last-place"]
    stage_points: Literal["forfeited", "kept"]
    win: Literal["lost", "kept"]
    caveat: str = ""
    sources: tuple[str, ...] = ()


class Round(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    advance: int  # how many go through (1 for a title decided in the round)
    races: int | None = None
    reset: int | None = None
    reset_table: tuple[int, ...] | None = None  # per seed, when the reset is seeded
    decided_by: Literal["points", "finish"] = "points"


class Playoffs(msgspec.Struct, frozen=True, kw_only=True):
    field: int
    win_and_in: bool
    rounds: tuple[Round, ...]
    tiebreakers: tuple[Literal["best-finish-in-round"], ...] | None = None  # None: unknown
    tiebreakers_confidence: str = ""
    carry_over: str = ""
    field_conflict: str = ""
    sources: tuple[str, ...] = ()


class About(msgspec.Struct, frozen=True, kw_only=True):
    unknown: tuple[str, ...] = ()


class Rules(msgspec.Struct, frozen=True, kw_only=True):
    """One series' points and championship format for the seasons listed."""

    series: str
    format: Literal["elimination", "chase"]
    seasons: tuple[int, ...]
    points: Points
    disqualification: Disqualification
    playoffs: Playoffs
    about: About = About()

    def finishing_points(self, pos: int) -> int:
        """Points for finishing in place ``pos`` (1-based)."""
        if pos <= len(self.points.finishing):
            return self.points.finishing[pos - 1]
        return self.points.below_table

    def stage_points(self, pos: int) -> int:
        """Points for place ``pos`` in a stage that pays (0 outside the paying places)."""
        return self.points.stage[pos - 1] if pos <= len(self.points.stage) else 0

    def round(self, name: str) -> Round:
        """The round called ``name``; "Regular season" is the whole playoff field.

        Raises:
            RulesError: the format has no such round.
        """
        for one in self.playoffs.rounds:
            if one.name.casefold() == name.casefold():
                return one
        if name.casefold() == REGULAR_SEASON.casefold():
            return Round(name=REGULAR_SEASON, advance=self.playoffs.field)
        known = ", ".join(r.name for r in self.playoffs.rounds)
        raise RulesError(
            f"{self.series} {self.format} has no round {name!r} (rounds: {known}, {REGULAR_SEASON})"
        )


@functools.cache
def all_rules() -> tuple[tuple[str, Rules], ...]:
    """Every rules file shipped with cutline, as (file name, rules), decoded once.

    Raises:
        RulesError: a file is malformed (its name and the field path are in the text).
    """
    found: list[tuple[str, Rules]] = []
    for item in sorted(resources.files(__name__).iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".toml"):
            continue
        try:
            found.append((item.name, msgspec.toml.decode(item.read_bytes(), type=Rules)))
        except (OSError, msgspec.DecodeError) as err:
            raise RulesError(f"rules file {item.name}: {err}") from err
    return tuple(found)


@functools.cache
def load(series: str, season: int) -> Rules:
    """The rules for a series in a season.

    Args:
        series: "cup", "xfinity" or "truck".
        season: the year.

    Returns:
        The rules whose file lists ``season``.

    Raises:
        RulesError: no rules file covers that series and season.
    """
    for _, rules in all_rules():
        if rules.series == series and season in rules.seasons:
            return rules
    covered = sorted({f"{r.series} {s}" for _, r in all_rules() for s in r.seasons})
    raise RulesError(f"no rules for {series} {season}; rules cover: {', '.join(covered)}")
