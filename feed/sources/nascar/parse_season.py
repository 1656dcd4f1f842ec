"""Provides the parsers of NASCAR's season documents: the season standings
(``cacher/{year}/{s}/points-feed.json``), live points (``live/feeds/live-points.json``, also the
archive's ``live_points.json``), the race list (``race_list_basic.json``) and the weekend feed
(``weekend-feed.json``). The adapter reads them for the championship context; the archive
importer of a later issue reads the race list, weekend feeds and live points of past seasons.

Same leniency as `lenient` sets out: one bad row is dropped and reported, never the document.
"""

from __future__ import annotations

import msgspec

from cutline.feed.sources.nascar.codes import split_name
from cutline.feed.sources.nascar.lenient import (
    BadValue,
    Parsed,
    Row,
    as_bool,
    as_int,
    as_str,
    describe_top,
    read_rows,
    stage_laps,
)

# ---------------------------------------------------------------------------------------------
# cacher/{year}/{s}/points-feed.json: the season standings
# ---------------------------------------------------------------------------------------------


class StandingRow(msgspec.Struct, frozen=True, kw_only=True):
    driver_id: int
    points: int
    driver: str = ""
    car: str = ""
    position: int | None = None
    playoff_rank: int | None = None  # 0 in the feed: not eligible
    playoff_points: int | None = None
    wins: int | None = None
    delta_playoff: int | None = None  # margin to the cut; null for winners (nascar-feeds §7.2)


def _standing(row: Row) -> StandingRow:
    name = row.get("driver_name", as_str, "")
    return StandingRow(
        driver_id=row.need("driver_id", as_int),
        points=row.need("points", as_int),
        driver=split_name(name)[0],
        car=row.get("car_no", as_str, "").strip(),
        position=row.get("position", as_int, None),
        playoff_rank=row.get("playoff_rank", as_int, None),
        playoff_points=row.get("playoff_points", as_int, None),
        wins=row.get("wins", as_int, None),
        delta_playoff=row.get("delta_playoff", as_int, None),
    )


def parse_standings(doc: object) -> Parsed[tuple[StandingRow, ...]]:
    """Parse the season standings (a bare array, one row per driver)."""
    problems: list[str] = []
    if not isinstance(doc, list):
        return Parsed(None, (f"expected an array of standings rows, got {describe_top(doc)}",))
    return Parsed(tuple(read_rows(doc, "", problems, _standing, "row")), tuple(problems))


# ---------------------------------------------------------------------------------------------
# live/feeds/live-points.json: points including the race in progress
# ---------------------------------------------------------------------------------------------


class LivePointsRow(msgspec.Struct, frozen=True, kw_only=True):
    driver_id: int
    points: int  # season total including the race in progress
    earned: int  # points_earned_this_race
    driver: str = ""
    car: str = ""
    position: int | None = None
    in_chase: bool = False  # is_in_chase, or a (P)/(C) marker
    points_eligible: bool = True
    chase_flag: bool | None = None  # is_in_chase alone (None: absent); the markers say more

    @property
    def entering(self) -> int:
        """Points entering this race (nascar-feeds.md §12.4: points - points_earned_this_race)."""
        return self.points - self.earned


def _live_points_row(row: Row) -> LivePointsRow:
    first = row.get("first_name", as_str, "").strip()
    last, badges = split_name(row.get("last_name", as_str, ""))
    read = LivePointsRow(
        driver_id=row.need("driver_id", as_int),
        points=row.need("points", as_int),
        earned=row.get("points_earned_this_race", as_int, 0),
        driver=f"{first} {last}".strip(),
        car=row.get("car_number", as_str, "").strip(),
        position=row.get("points_position", as_int, None),
        in_chase=row.get("is_in_chase", as_bool, False) or badges.playoff or badges.chase,
        points_eligible=row.get("is_points_eligible", as_bool, True),
        chase_flag=row.get("is_in_chase", as_bool, None),
    )
    for key in ("wins", "top_5", "top_10", "poles"):
        row.get(key, as_int, 0)  # strings on some rows: readable, so not a problem
    return read


def parse_live_points(doc: object) -> Parsed[tuple[LivePointsRow, ...]]:
    """Parse live points. ``wins`` and the like may be strings ("0"); ids are always 0."""
    problems: list[str] = []
    if not isinstance(doc, list):
        return Parsed(None, (f"expected an array of live points rows, got {describe_top(doc)}",))
    return Parsed(tuple(read_rows(doc, "", problems, _live_points_row, "row")), tuple(problems))


# ---------------------------------------------------------------------------------------------
# cacher/{year}/race_list_basic.json
# ---------------------------------------------------------------------------------------------


class RaceListEntry(msgspec.Struct, frozen=True, kw_only=True):
    race_id: int
    series_id: int
    season: int | None = None
    name: str = ""
    track: str = ""
    date: str = ""  # race_date, local ISO without offset: sorts as text
    scheduled_laps: int | None = None
    stage_laps: tuple[int, ...] = ()  # lengths of the stages listed (stage_1_laps, ...)
    playoff_round: int | None = None  # 0: regular season; n: the n-th playoff round
    winner_driver_id: int | None = None  # null until run
    race_type: int | None = None  # 1 points race, 2 non-points

    @property
    def stage_ends(self) -> tuple[int, ...]:
        """Stage end laps: the running sums of the stage lengths, the last at the distance."""
        ends: list[int] = []
        for laps in self.stage_laps:
            if laps > 0:
                ends.append((ends[-1] if ends else 0) + laps)
        if self.scheduled_laps and (not ends or ends[-1] < self.scheduled_laps):
            ends.append(self.scheduled_laps)  # a 4-stage race: race_list_basic lists 3
        return tuple(ends)


def _race_list_entry(row: Row) -> RaceListEntry:
    return RaceListEntry(
        race_id=row.need("race_id", as_int),
        series_id=row.need("series_id", as_int),
        season=row.get("race_season", as_int, None),
        name=row.get("race_name", as_str, ""),
        track=row.get("track_name", as_str, ""),
        date=row.get("race_date", as_str, ""),
        scheduled_laps=row.get("scheduled_laps", as_int, None),
        stage_laps=stage_laps(row),
        playoff_round=row.get("playoff_round", as_int, None),
        winner_driver_id=row.get("winner_driver_id", as_int, None),
        race_type=row.get("race_type_id", as_int, None),
    )


def parse_race_list(doc: object) -> Parsed[tuple[RaceListEntry, ...]]:
    """Parse ``race_list_basic.json``: ``{series_1: [...], series_2: [...], series_3: [...]}``."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        return Parsed(None, (f"expected an object of series, got {describe_top(doc)}",))
    races = []
    for key, items in doc.items():
        if not isinstance(items, list):
            problems.append(f"{key}: expected an array, got {describe_top(items)}")
            continue
        races += read_rows(items, key, problems, _race_list_entry, "race")
    return Parsed(tuple(races), tuple(problems))


# ---------------------------------------------------------------------------------------------
# cacher/{year}/{s}/{race_id}/weekend-feed.json
# ---------------------------------------------------------------------------------------------


class WeekendResultRow(msgspec.Struct, frozen=True, kw_only=True):
    pos: int
    driver_id: int
    car: str = ""
    driver: str = ""
    laps: int | None = None
    status: str = ""
    disqualified: bool = False
    start: int | None = None
    team: str = ""
    make: str = ""
    laps_led: int | None = None
    points: int | None = None  # points_earned in this race
    playoff_points: int | None = None  # playoff_points_earned in this race


class WeekendCaution(msgspec.Struct, frozen=True, kw_only=True):
    start_lap: int
    end_lap: int
    reason: str = ""
    comment: str = ""
    flag_state: int = 2  # 2 yellow, 3 red


class WeekendInfraction(msgspec.Struct, frozen=True, kw_only=True):
    car: str
    lap: int
    infraction: str
    penalty: str = ""
    notes: str = ""


class WeekendStage(msgspec.Struct, frozen=True, kw_only=True):
    stage: int
    cars: tuple[str, ...]  # in stage finishing order


class WeekendRace(msgspec.Struct, frozen=True, kw_only=True):
    race_id: int
    results: tuple[WeekendResultRow, ...]
    series_id: int | None = None
    season: int | None = None
    playoff_round: int | None = None
    stage_laps: tuple[int, ...] = ()
    scheduled_laps: int | None = None
    name: str = ""
    track: str = ""
    date: str = ""
    cautions: tuple[WeekendCaution, ...] = ()
    infractions: tuple[WeekendInfraction, ...] = ()
    stages: tuple[WeekendStage, ...] = ()


def _weekend_result(row: Row) -> WeekendResultRow:
    return WeekendResultRow(
        pos=row.need("finishing_position", as_int),
        driver_id=row.need("driver_id", as_int),
        car=row.get("car_number", as_str, "").strip(),
        driver=split_name(row.get("driver_fullname", as_str, ""))[0],
        laps=row.get("laps_completed", as_int, None),
        status=row.get("finishing_status", as_str, ""),
        disqualified=row.get("disqualified", as_bool, False),
        start=row.get("starting_position", as_int, None),
        team=row.get("team_name", as_str, "").strip(),
        make=row.get("car_make", as_str, ""),
        laps_led=row.get("laps_led", as_int, None),
        points=row.get("points_earned", as_int, None),
        playoff_points=row.get("playoff_points_earned", as_int, None),
    )


def _caution(row: Row) -> WeekendCaution:
    return WeekendCaution(
        start_lap=row.need("start_lap", as_int),
        end_lap=row.need("end_lap", as_int),
        reason=row.get("reason", as_str, "").strip(),
        comment=row.get("comment", as_str, "").strip(),
        flag_state=row.get("flag_state", as_int, 2),
    )


def _infraction(row: Row) -> WeekendInfraction:
    return WeekendInfraction(
        car=row.car("car_number"),
        lap=row.need("lap", as_int),
        infraction=row.need("infraction", as_str).strip(),
        penalty=row.get("penalty", as_str, "").strip(),
        notes=row.get("notes", as_str, "").strip(),
    )


def _stage(row: Row) -> WeekendStage:
    def place(r: Row) -> tuple[int, str]:
        return (r.need("finishing_position", as_int), r.car("car_number"))

    rows = read_rows(row.rows("results"), f"{row.where}.results", row.problems, place, "row")
    return WeekendStage(
        stage=row.need("stage_number", as_int), cars=tuple(c for _, c in sorted(rows))
    )


def parse_weekend(doc: object) -> Parsed[WeekendRace]:
    """Parse a weekend feed's race and its results (the practice runs are not read)."""
    problems: list[str] = []
    try:
        top = Row(doc, "", problems)
        races = top.rows("weekend_race")
        if not races:
            raise BadValue("weekend_race: missing or empty")
        race = Row(races[0], "weekend_race[0]", problems)
        race_id = race.need("race_id", as_int)
    except BadValue as err:
        return Parsed(None, (*problems, str(err)))
    results = read_rows(
        race.rows("results"), "weekend_race[0].results", problems, _weekend_result, "result"
    )
    weekend = WeekendRace(
        race_id=race_id,
        results=tuple(sorted(results, key=lambda r: r.pos)),
        series_id=race.get("series_id", as_int, None),
        season=race.get("race_season", as_int, None),
        playoff_round=race.get("playoff_round", as_int, None),
        stage_laps=stage_laps(race),
        scheduled_laps=race.get("scheduled_laps", as_int, None),
        name=race.get("race_name", as_str, ""),
        track=race.get("track_name", as_str, ""),
        date=race.get("race_date", as_str, ""),
        cautions=tuple(
            read_rows(
                race.rows("caution_segments"),
                race.at("caution_segments"),
                problems,
                _caution,
                "caution",
            )
        ),  # fmt: skip
        infractions=tuple(
            read_rows(
                race.rows("infractions"),
                race.at("infractions"),
                problems,
                _infraction,
                "infraction",
            )
        ),  # fmt: skip
        stages=tuple(
            sorted(
                read_rows(
                    race.rows("stage_results"), race.at("stage_results"), problems, _stage, "stage"
                ),
                key=lambda s: s.stage,
            )
        ),  # fmt: skip
    )
    return Parsed(weekend, tuple(problems))
