"""Provides the code tables of NASCAR's public feeds, as data: flag states, vehicle statuses,
run types, series ids, makes and the name markers.

Every table cites the evidence in ``../shared/docs/nascar-feeds.md``. A code not in a table is
"unknown": the parsers report it and go on, never crash (nascar-api #6 broke a whole race's notes
on one unexpected flag code).
"""

from __future__ import annotations

import re
from typing import Final

import msgspec

from cutline.feed import rules
from cutline.feed.model.messages import FlagKind


class FlagCode(msgspec.Struct, frozen=True, kw_only=True):
    """What one ``flag_state`` value means."""

    kind: FlagKind | None  # the cutline flag; None: no flag to show (pre-race)
    text: str
    over: bool = False  # the session is over
    evidence: str = ""


# nascar-feeds.md §5, from real flag histories and lap-by-lap flags, not from any one peer's
# enum (raceday maps 8 = finished and 9 = white, which the data contradict).
FLAG_CODES: Final[dict[int, FlagCode]] = {
    1: FlagCode(kind="green", text="green", evidence="every green period"),
    2: FlagCode(kind="yellow", text="caution", evidence="every caution, stage ends included"),
    3: FlagCode(kind="red", text="red", evidence="no sample; every enum agrees"),
    4: FlagCode(kind="white", text="white", evidence="the last lap is run under it"),
    5: FlagCode(
        kind="checkered",
        text="checkered",
        evidence="never observed; 'checkered' in rNascar23.Sdk, nascar-api and TICK",
    ),
    8: FlagCode(kind=None, text="pre-race (hot track)", evidence="first event of every history"),
    9: FlagCode(
        kind="checkered",
        text="session over (cold track)",
        over=True,
        evidence="the last event, about 4 min after the finish; every final frame",
    ),
}

# Flag codes never seen in a race but present in peers' enums: reported, shown as "unknown".
FLAG_UNKNOWN = FlagCode(kind=None, text="unknown flag code")

# nascar-feeds.md §3.2: 1 running, 3 out of the race, 6 seen 2019 (rNascar23.Sdk: garage);
# 2 (in pits) comes from rNascar23.Sdk's enum only.
VEHICLE_STATUS: Final[dict[int, str]] = {1: "running", 2: "pit road", 3: "out", 6: "garage"}

# run_type: 1 practice, 2 qualifying, 3 race (rNascar23.Sdk RunTypes; 1 and 3 seen).
RUN_TYPES: Final[dict[int, str]] = {1: "practice", 2: "qualifying", 3: "race"}
RACE = 3

# Series ids (nascar-feeds.md §2): the keys of `feed.rules`. 999/9999 (ARCA, tours) have none.
SERIES_BY_ID: Final = rules.SERIES_BY_ID
SERIES_NAMES: Final[dict[int, str]] = {
    1: "NASCAR Cup Series",
    2: "NASCAR Xfinity Series",  # O'Reilly Auto Parts Series from 2026, same id
    3: "NASCAR Craftsman Truck Series",
}
SERIES_IDS: Final[dict[str, int]] = {v: k for k, v in SERIES_BY_ID.items()}

# The live feed abbreviates makes ("Chv"); the pit and weekend feeds spell them out.
MAKES: Final[dict[str, str]] = {
    "Chv": "Chevrolet",
    "Frd": "Ford",
    "Tyt": "Toyota",
    "Dge": "Dodge",
    "Ram": "Ram",
}

# pit_stop_type in live-pit-data (nascar-feeds.md §8).
PIT_STOP_TYPES: Final[frozenset[str]] = frozenset(
    {"FOUR_WHEEL_CHANGE", "TWO_WHEEL_CHANGE_RIGHT", "TWO_WHEEL_CHANGE_LEFT", "OTHER"}
)


class Badges(msgspec.Struct, frozen=True, kw_only=True):
    """The decorations NASCAR writes into driver names (nascar-feeds.md §3.3)."""

    playoff: bool = False  # "(P)": playoff driver, 2021-2025
    chase: bool = False  # "(C)": Chase driver, 2026
    ineligible: bool = False  # "(i)": not eligible for this series' points
    rookie: bool = False  # "#"
    open_entry: bool = False  # "* " prefix: an open (non-chartered) Cup entry [inferred]


# Suffixes come with or without a space and stack ("Shane Van Gisbergen # (P)"); the live points
# feed right-pads last names with spaces. 2019 K&N had a trailing " *" of unclear meaning.
_SUFFIX = re.compile(r"\s*(\((?:P|C|i)\)|#|\*)\s*$")
_PREFIX = re.compile(r"^\s*\*\s*")
_MARKS: Final[dict[str, str]] = {
    "(P)": "playoff",
    "(C)": "chase",
    "(i)": "ineligible",
    "#": "rookie",
}


def split_name(raw: str) -> tuple[str, Badges]:
    """A driver name without its markers, and the markers.

    Args:
        raw: a name as the feed writes it ("* Riley Herbst #", "Van Gisbergen # (P)").

    Returns:
        The clean name and its badges.
    """
    name = raw.rstrip()
    found: dict[str, bool] = {}
    while True:
        match = _SUFFIX.search(name)
        if match is None or match.start() == 0:
            break  # never strip a whole name
        mark = match.group(1)
        if mark in _MARKS:
            found[_MARKS[mark]] = True
        name = name[: match.start()]
    prefix = _PREFIX.match(name)
    if prefix is not None:
        found["open_entry"] = True
        name = name[prefix.end() :]
    return name.strip(), Badges(**found)
