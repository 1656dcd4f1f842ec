"""Provides the championship context of a live NASCAR race: format, round, points entering the
race, who is locked in, and the finishes earlier in the round (the tiebreaker).

Where each part comes from:

- format: `feed.rules` for the series and season. A season no rules file covers gets no context
  (the header still marks the playoff drivers) and a note saying the rules are unknown; nothing is
  guessed.
- round: ``playoff_round`` of this race in ``race_list_basic.json`` (0: regular season, n: the
  n-th round of the format). Without the race list it is inferred from how many drivers carry a
  playoff badge, which names exactly one round of an elimination format.
- who is eligible: in a playoff round, the drivers with ``(P)``/``(C)`` or ``is_in_chase``; in the
  regular season every points-eligible driver (no ``(i)``).
- points entering the race: the season standings (``points-feed.json``). Without them there is
  no context and a note says so: no points are invented.
- locked in (win-and-in formats): a win earlier in the round (regular season: earlier this
  season), from the weekend feeds' official results, else ``winner_driver_id``.
- round finishes: the weekend feeds of the round's earlier races.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cutline.feed.model.errors import RulesError
from cutline.feed.model.messages import PlayoffContext, PlayoffDriver
from cutline.feed.rules import REGULAR_SEASON, Rules, load
from cutline.feed.sources.nascar.parse_live import LiveFrame, Vehicle
from cutline.feed.sources.nascar.parse_season import RaceListEntry, StandingRow, WeekendRace


def rules_for(series: str, season: int) -> tuple[Rules | None, str]:
    """The rules, or None and the note that says they are unknown."""
    try:
        return load(series, season), ""
    except RulesError:
        return None, (
            f"rules unknown for {series} {season}: no points or cut line are computed "
            "(no rules file covers this season)"
        )


def this_race(frame: LiveFrame, races: Sequence[RaceListEntry] | None) -> RaceListEntry | None:
    if not races:
        return None
    for entry in races:
        if entry.race_id == frame.race_id and entry.series_id == frame.series_id:
            return entry
    return None


def _round_name(rules: Rules, index: int) -> str | None:
    if index == 0:
        return REGULAR_SEASON
    if rules.format == "chase":
        # The Chase's playoff_round numbering has not been observed (no 2026 race list sample):
        # any round after the regular season is the Chase, the format's one playoff round.
        chase = [r.name for r in rules.playoffs.rounds if r.name != REGULAR_SEASON]
        return chase[0] if chase else None
    rounds = rules.playoffs.rounds
    return rounds[index - 1].name if 0 < index <= len(rounds) else None


def _round_by_badges(rules: Rules, badged: int) -> str | None:
    """The round whose field is ``badged`` drivers: only one round of a format has each size."""
    if badged == 0:
        return REGULAR_SEASON
    if rules.format == "chase":
        return _round_name(rules, 1)
    entrants = rules.playoffs.field
    for rnd in rules.playoffs.rounds:
        if entrants == badged:
            return rnd.name
        entrants = rnd.advance
    return None


def round_races(
    entry: RaceListEntry, races: Sequence[RaceListEntry]
) -> tuple[list[RaceListEntry], int]:
    """The points races of this race's round before it, and how many the round has."""
    same = [
        r
        for r in races
        if r.series_id == entry.series_id
        and r.playoff_round == entry.playoff_round
        and r.race_type in (None, 1)  # exhibitions (race_type_id 2) score no points
    ]
    same.sort(key=lambda r: (r.date, r.race_id))
    earlier = [r for r in same if (r.date, r.race_id) < (entry.date, entry.race_id)]
    return earlier, len(same)


def round_winner(race: RaceListEntry, weekend: WeekendRace | None) -> int | None:
    """The winner of an earlier race: the official result, else the race list's winner."""
    if weekend is not None:
        for row in weekend.results:
            if row.pos == 1 and not row.disqualified:
                return row.driver_id
    return race.winner_driver_id


def build_context(
    *,
    frame: LiveFrame,
    series: str,
    season: int,
    races: Sequence[RaceListEntry] | None,
    standings: Sequence[StandingRow] | None,
    weekends: Mapping[int, WeekendRace],
) -> tuple[PlayoffContext | None, list[str]]:
    """The playoff context of the race in ``frame``, and notes on what is unknown.

    Args:
        frame: the live snapshot (the field, with driver ids and badges).
        series: the rules key ("cup", "xfinity", "truck").
        season: the year.
        races: the season's race list, if fetched.
        standings: the season standings entering the race, if fetched.
        weekends: weekend feeds of earlier races in the round, by race id.

    Returns:
        The context (None when it cannot be built honestly) and the notes.
    """
    rules, note = rules_for(series, season)
    if rules is None:
        return None, [note]
    notes: list[str] = []
    entry = this_race(frame, races)
    name: str | None = None
    if entry is not None and entry.playoff_round is not None:
        name = _round_name(rules, entry.playoff_round)
        if name is None:
            notes.append(f"playoff_round {entry.playoff_round} is not a round of {rules.format}")
    badged = [v for v in frame.vehicles if v.playoff]
    if name is None:
        name = _round_by_badges(rules, len(badged))
        if name is None:
            return None, [
                *notes,
                f"playoff round unknown: {len(badged)} drivers carry a playoff badge, which "
                f"matches no round of the {series} {rules.format} format",
            ]
        notes.append(f"playoff round inferred from {len(badged)} badged drivers: {name}")
    regular = name.casefold() == REGULAR_SEASON.casefold()
    eligible: list[Vehicle] = (
        [v for v in frame.vehicles if not v.badges.ineligible] if regular else badged
    )
    if not eligible:
        return None, [*notes, "no eligible drivers in the field"]
    if standings is None:
        return None, [
            *notes,
            "points entering the race unknown (season standings unavailable): the cut line is "
            f"not computed; {len(eligible)} eligible drivers are marked in the field",
        ]
    if entry is not None and entry.winner_driver_id is not None:
        notes.append("the race list already names a winner: the standings may include this race")
    points = {row.driver_id: row for row in standings}
    missing = [v for v in eligible if v.driver_id not in points]
    if missing and not regular:
        names = ", ".join(v.driver for v in missing)
        return None, [*notes, f"season standings lack playoff drivers: {names}"]
    if missing:
        notes.append(
            "not in the season standings, so 0 points entering: "
            + ", ".join(v.driver for v in missing)
        )
    earlier: list[RaceListEntry] = []
    races_in_round = 1
    rnd = rules.round(name)
    if entry is not None and races is not None:
        earlier, races_in_round = round_races(entry, races)
    elif rnd.races:
        races_in_round = rnd.races
        notes.append("race in the round unknown (no race list): taken as the first")
    winners = {w for r in earlier if (w := round_winner(r, weekends.get(r.race_id))) is not None}
    lacking = [r.race_id for r in earlier if r.race_id not in weekends]
    if lacking and not regular:
        notes.append(
            "finishes earlier in the round unknown for race(s) "
            + ", ".join(str(r) for r in lacking)
            + ": the tiebreaker uses the finishes that are known"
        )
    drivers = []
    entering = {v.car: points[v.driver_id].points if v.driver_id in points else 0 for v in eligible}
    for v in sorted(eligible, key=lambda v: -entering[v.car]):
        finishes: tuple[int, ...] = ()
        if not regular:
            finishes = tuple(
                row.pos
                for r in earlier
                if (wk := weekends.get(r.race_id)) is not None
                for row in wk.results
                if row.driver_id == v.driver_id
            )
        drivers.append(
            PlayoffDriver(
                car=v.car,
                driver=v.driver,
                points=entering[v.car],
                round_finishes=finishes,
                locked=rules.playoffs.win_and_in and v.driver_id in winners,
            )
        )
    ctx = PlayoffContext(
        format=rules.format,
        round=rnd.name,
        race_in_round=len(earlier) + 1,
        races_in_round=max(races_in_round, len(earlier) + 1),
        drivers=tuple(drivers),
    )
    return ctx, notes
