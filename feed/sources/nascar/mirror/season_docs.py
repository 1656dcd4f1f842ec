"""Provides the mirror's season documents: the standings (``points-feed.json``), live points
(``live-points.json``), the race list (``race_list_basic.json``) and the weekend feeds of the
round's earlier races, which get made-up ids (this race's id minus one, two...) and carry only
what the header says about them (the playoff drivers' finishes, the winner when one of them won).
"""

from __future__ import annotations

from typing import Any

from cutline.feed.model.messages import (
    Race,
    RaceState,
)
from cutline.feed.rules import REGULAR_SEASON
from cutline.feed.sources.nascar import shapes as shapes
from cutline.feed.sources.nascar.codes import SERIES_IDS
from cutline.feed.sources.nascar.mirror.frame import (
    driver_id,
    first_last,
    make_of,
    marked_name,
    rules_of,
)


def standings_doc(state: RaceState) -> list[dict[str, Any]] | None:
    race = state.race
    if race is None or race.playoff is None:
        return None
    drivers = sorted(race.playoff.drivers, key=lambda d: -d.points)
    rows = []
    for i, d in enumerate(drivers, 1):
        first, last = first_last(d.driver)
        rows.append(
            shapes.STANDINGS_ROW.new(
                position=i,
                driver_name=d.driver,
                points=d.points,
                playoff_rank=i,
                delta_next=d.points - drivers[i - 2].points if i > 1 else 0,
                delta_leader=d.points - drivers[0].points,
                driver_id=driver_id(race, d.car),
                driver_first_name=first,
                driver_last_name=last,
                car_no=d.car,
                manufacturer=make_of(state, d.car),
            )
        )
    return rows


def live_points_doc(state: RaceState) -> list[dict[str, Any]] | None:
    race = state.race
    if race is None or race.playoff is None:
        return None
    drivers = sorted(race.playoff.drivers, key=lambda d: -d.points)
    return [
        shapes.LIVE_POINTS_ROW.new(
            car_number=d.car,
            delta_leader=d.points - drivers[0].points,
            delta_next=d.points - drivers[i - 2].points if i > 1 else 0,
            first_name=first_last(d.driver)[0],
            driver_id=driver_id(race, d.car),
            is_in_chase=True,
            is_points_eligible=True,
            last_name=first_last(marked_name(state, d.car))[1],
            points=d.points,  # as at the start: nothing earned this race yet
            points_position=i,
        )
        for i, d in enumerate(drivers, 1)
    ]


def _round_index(race: Race) -> int:
    ctx, rules = race.playoff, rules_of(race)
    if ctx is None or rules is None or ctx.round.casefold() == REGULAR_SEASON.casefold():
        return 0
    names = [r.name.casefold() for r in rules.playoffs.rounds if r.name != REGULAR_SEASON]
    return names.index(ctx.round.casefold()) + 1 if ctx.round.casefold() in names else 0


def earlier_races(race: Race) -> list[int]:
    """Made-up ids of the round's races before this one, oldest first."""
    ctx = race.playoff
    before = (ctx.race_in_round - 1) if ctx is not None else 0
    rid = race.race_id or 0
    return [rid - before + i for i in range(before)]


def later_races(race: Race) -> list[int]:
    """Made-up ids of the round's races after this one."""
    ctx = race.playoff
    after = max(0, ctx.races_in_round - ctx.race_in_round) if ctx is not None else 0
    rid = race.race_id or 0
    return [rid + 1 + i for i in range(after)]


def _winner(race: Race, k: int) -> int | None:
    """The driver id of the winner of the k-th earlier race, if a playoff driver won it."""
    ctx = race.playoff
    if ctx is None:
        return None
    for d in ctx.drivers:
        if len(d.round_finishes) > k and d.round_finishes[k] == 1:
            return driver_id(race, d.car)
    locked = [d for d in ctx.drivers if d.locked and 1 not in d.round_finishes]
    # A driver locked in by a win whose finishes are not given: the win is put in the
    # round's first races, one each.
    if k < len(locked):
        return driver_id(race, locked[k].car)
    return None


def race_list_doc(race: Race) -> dict[str, Any]:
    ends = race.stage_ends or (race.scheduled_laps,)
    lengths = [b - a for a, b in zip((0, *ends), ends, strict=False)][:3]
    lengths += [0] * (3 - len(lengths))
    series_id = SERIES_IDS.get(race.series, 0)
    index = _round_index(race)
    ids = earlier_races(race)
    entries = []
    for k, rid in enumerate([*ids, race.race_id or 0, *later_races(race)]):
        current = k == len(ids)
        run = k < len(ids)
        day = 7 * (k + 1)
        entries.append(
            shapes.RACE_LIST_ENTRY.new(
                race_id=rid,
                series_id=series_id,
                race_season=race.season,
                race_name=race.name if current else f"race {k + 1} of the round",
                track_name=race.track if current else "",
                race_date=f"{race.season}-01-{day:02d}T12:00:00",
                date_scheduled=f"{race.season}-01-{day:02d}T12:00:00",
                scheduled_laps=race.scheduled_laps if current else 0,
                stage_1_laps=lengths[0] if current else 0,
                stage_2_laps=lengths[1] if current else 0,
                stage_3_laps=lengths[2] if current else 0,
                playoff_round=index,
                winner_driver_id=_winner(race, k) if run else None,
            )
        )
    out: dict[str, Any] = {"series_1": [], "series_2": [], "series_3": []}
    out[f"series_{series_id}"] = entries
    return out


def weekend_doc(race: Race, k: int, rid: int) -> dict[str, Any]:
    ctx = race.playoff
    results = []
    if ctx is not None:
        for d in ctx.drivers:
            if len(d.round_finishes) > k:
                results.append(
                    shapes.WEEKEND_RESULT.new(
                        finishing_position=d.round_finishes[k],
                        car_number=d.car,
                        driver_fullname=d.driver,
                        driver_id=driver_id(race, d.car),
                        series_id=SERIES_IDS.get(race.series, 0),
                        race_season=race.season,
                        race_id=rid,
                        official_car_number=d.car,
                    )
                )
    results.sort(key=lambda r: r["finishing_position"])
    return shapes.WEEKEND_FEED.new(
        weekend_race=[
            shapes.WEEKEND_RACE.new(
                race_id=rid,
                series_id=SERIES_IDS.get(race.series, 0),
                race_season=race.season,
                race_name=f"earlier race {k + 1} of the round",
                results=results,
                playoff_round=_round_index(race),
                inspection_complete=True,
            )
        ]
    )
