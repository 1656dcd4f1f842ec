"""Provides the playoff context of an archived race, computed from the archive, never guessed.

- The round: the race's ``playoff_round`` (race list, weekend feed), named by the season's rules.
- The playoff field: ``is_in_chase`` in the race's live points, when it names exactly as many
  drivers of the race as the round has; else the drivers through from the previous round
  (`cutline.feed.sources.nascar.archive.advance`); else the ``(P)``/``(C)`` markers of the lap
  times, the last resort (in the real 2023-2025 data they also mark owner-playoff entries and
  drivers already eliminated, in 12 of 20 races), again only when the count is the round's. In
  the regular season: every points-eligible driver of the race. Otherwise there is no context.
- Points entering the race: ``points - points_earned_this_race`` in the race's live points;
  without them, folded from the earlier weekend feeds: the round's flat reset (a round decided by
  the finish) plus the points of the round's earlier races, or in the regular season every
  earlier race's points. A playoff round with a seeded reset needs the regular-season bonus,
  which no rules file holds: then the points are unknown and there is no context.
- Earlier finishes in the round (the tiebreaker) and round wins (locks): the round's earlier
  weekend feeds; a missing one is named in a note (its winner then comes from the race list).

`Context.notes` say which method gave each part; they go into the recording's header.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cutline.feed.builder.facts import (
    FactsEarlierRace,
    FactsPlayoffComputed,
    FactsPreRace,
    FactsPreRaceDriver,
    FactsRoundDriver,
)
from cutline.feed.rules import REGULAR_SEASON, Rules
from cutline.feed.sources.nascar.archive.advance import LivePoints, advanced, field_size
from cutline.feed.sources.nascar.archive.season import round_name
from cutline.feed.sources.nascar.context import round_races, round_winner, rules_for
from cutline.feed.sources.nascar.parse_archive import LapTimes
from cutline.feed.sources.nascar.parse_season import (
    LivePointsRow,
    RaceListEntry,
    WeekendRace,
    WeekendResultRow,
)

Weekends = Callable[[RaceListEntry], WeekendRace | None]  # None: the archive does not have it


@dataclass
class Context:
    """What the header needs: the round, who is in it, and their points entering the race."""

    round: str | None = None
    race_in_round: int = 1
    races_in_round: int = 1
    pre_race: FactsPreRace | None = None
    computed: FactsPlayoffComputed | None = None
    playoff_cars: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def _playoff_field(
    rules: Rules,
    index: int,
    results: Sequence[WeekendResultRow],
    live: Sequence[LivePointsRow] | None,
    laps: LapTimes,
    notes: list[str],
    through: Callable[[], tuple[set[int] | None, str]],
) -> list[WeekendResultRow] | None:
    size = field_size(rules, index)
    in_race = {r.driver_id: r for r in results}
    if live is not None:
        flagged = [in_race[p.driver_id] for p in live if p.chase_flag and p.driver_id in in_race]
        if flagged and (size is None or len(flagged) == size):
            notes.append(f"playoff field: is_in_chase in the race's live points ({len(flagged)})")
            return flagged
        notes.append(f"is_in_chase names {len(flagged)} drivers of the race, not {size}")
    ids, how = through()
    if ids is not None:
        computed = [r for r in results if r.driver_id in ids]
        if len(computed) == len(ids):
            notes.append(how)
            return computed
        how = f"{len(ids) - len(computed)} of the drivers through from the last round did not race"
    notes.append(f"playoff field not computed from the previous round: {how}")
    marked_ids = {c.driver_id for c in laps.cars if c.badges.playoff or c.badges.chase}
    marked = [r for r in results if r.driver_id in marked_ids]
    if marked and (size is None or len(marked) == size):
        notes.append(
            f"playoff field: the (P)/(C) markers of the lap times ({len(marked)}), the last "
            "resort: they can also mark owner-playoff entries and eliminated drivers"
        )
        return marked
    notes.append(
        f"playoff field unknown: {len(marked)} drivers carry a playoff marker, not the round's "
        f"{size}; no cut line is computed"
    )
    return None


def compute(
    *,
    series: str,
    season: int,
    entry: RaceListEntry,
    races: Sequence[RaceListEntry],
    weekend: WeekendRace,
    laps: LapTimes,
    live: Sequence[LivePointsRow] | None,
    weekends: Weekends,
    live_of: LivePoints = lambda _: None,
) -> Context:
    """The playoff context of ``entry``, and notes saying how each part was had.

    Args:
        series, season: the rules key and the year.
        entry: the race in the race list; races: the season's race list.
        weekend: the race's weekend feed; laps: its lap times (for the markers).
        live: the race's live points (None: NASCAR does not have them).
        weekends: fetches an earlier race's weekend feed (None when the archive lacks it).
        live_of: fetches an earlier race's live points (None when the archive lacks them).
    """
    out = Context()
    rules, note = rules_for(series, season)
    index = entry.playoff_round if entry.playoff_round is not None else weekend.playoff_round
    if rules is None or index is None:
        out.notes.append(note or "playoff round unknown: neither feed gives playoff_round")
        return out
    name = round_name(series, season, index)
    out.round = name
    regular = name == REGULAR_SEASON
    results = weekend.results
    if regular:
        eligible = [r for r in results if not _ineligible(r, laps)]
        out.notes.append(f"regular season: {len(eligible)} points-eligible drivers")
    else:

        def through() -> tuple[set[int] | None, str]:
            return advanced(rules, index, entry.series_id, races, live_of, weekends)

        found = _playoff_field(rules, index, results, live, laps, out.notes, through)
        if found is None:
            return out
        eligible = found
    out.playoff_cars = {r.car for r in eligible} if not regular else set()
    earlier, count = round_races(entry, races)
    out.race_in_round, out.races_in_round = len(earlier) + 1, max(count, len(earlier) + 1)
    earlier_docs = {r.race_id: weekends(r) for r in earlier}
    lacking = [str(r.race_id) for r in earlier if earlier_docs[r.race_id] is None]
    if lacking:
        out.notes.append(
            "finishes earlier in the round unknown for race(s) "
            + ", ".join(lacking)
            + " (weekend feed not in the archive): the tiebreaker uses those that are known"
        )
    entering = _entering(rules, name, entry, races, eligible, live, earlier_docs, weekends, out)
    if entering is None:
        return out
    winners = {w for r in earlier if (w := round_winner(r, earlier_docs[r.race_id])) is not None}
    drivers, rounds = [], []
    for r in sorted(eligible, key=lambda r: (-entering[r.driver_id], r.pos)):
        locked = rules.playoffs.win_and_in and not regular and r.driver_id in winners
        drivers.append(
            FactsPreRaceDriver(
                driver=r.driver, car=r.car, pre_race_total=entering[r.driver_id], locked_in=locked
            )
        )
        finishes = [
            FactsEarlierRace(race_id=rid, finish=row.pos)
            for rid, wk in earlier_docs.items()
            if wk is not None and not regular
            for row in wk.results
            if row.driver_id == r.driver_id
        ]
        rounds.append(FactsRoundDriver(driver=r.driver, car=r.car, earlier_round_races=finishes))
    out.pre_race = FactsPreRace(drivers=drivers)
    out.computed = FactsPlayoffComputed(drivers=rounds)
    return out


def _ineligible(row: WeekendResultRow, laps: LapTimes) -> bool:
    return any(c.driver_id == row.driver_id and c.badges.ineligible for c in laps.cars)


def _entering(
    rules: Rules,
    name: str,
    entry: RaceListEntry,
    races: Sequence[RaceListEntry],
    eligible: Sequence[WeekendResultRow],
    live: Sequence[LivePointsRow] | None,
    earlier: dict[int, WeekendRace | None],
    weekends: Weekends,
    out: Context,
) -> dict[int, int] | None:
    """Points entering the race by driver id (None: unknown, with a note saying why)."""
    if live is not None:
        rows = {p.driver_id: p for p in live}
        if all(r.driver_id in rows for r in eligible):
            out.notes.append("points entering: live points (points - points_earned_this_race)")
            return {r.driver_id: rows[r.driver_id].entering for r in eligible}
        out.notes.append("the race's live points lack some drivers of the field")
    if name == REGULAR_SEASON:
        before = [
            r
            for r in races
            if r.series_id == entry.series_id
            and r.race_type in (None, 1)
            and r.playoff_round == 0
            and (r.date, r.race_id) < (entry.date, entry.race_id)
        ]
        docs = {r.race_id: weekends(r) for r in before}
        base = {r.driver_id: 0 for r in eligible}
        what = f"the season's {len(before)} earlier weekend feeds"
    else:
        rnd = rules.round(name)
        if rnd.decided_by != "finish" or rnd.reset is None:
            out.notes.append(
                "points entering unknown: no live points, and folding the season needs the "
                "regular-season bonus, which no rules file holds; no cut line is computed"
            )
            return None
        docs = earlier
        base = {r.driver_id: rnd.reset for r in eligible}
        what = f"the round's flat reset ({rnd.reset}) and its earlier weekend feeds"
    lacking = [str(rid) for rid, doc in docs.items() if doc is None]
    if lacking:
        out.notes.append(f"points entering unknown: weekend feed(s) {', '.join(lacking)} missing")
        return None
    for doc in docs.values():
        assert doc is not None
        for row in doc.results:
            if row.driver_id in base:
                base[row.driver_id] += row.points or 0
    out.notes.append(
        f"points entering: folded from {what} (penalties outside the results are not in them)"
    )
    return base
