"""Provides the standings floor: the championship picture a race state implies.

`cut_line` builds the board (projected points, who is in, margins, the bubble) on the
projection in `projection` and the places-needed search in `places_needed` (and, in a round
decided by the finish, the title fight in `championship`); `crossings` says
who changed sides of the line between two boards; `eligibility` who can still score in the
playoffs at all. Only the board and its readers are exported: the projection's helpers are
the board's business.
"""

from cutline.feed.standings.crossings import Crossing, crossings
from cutline.feed.standings.cut_line import DriverStanding, Standings, Status, standings
from cutline.feed.standings.eligibility import Eligibility, EligibleDriver, eligibility

__all__ = [
    "Crossing",
    "DriverStanding",
    "EligibleDriver",
    "Eligibility",
    "Standings",
    "Status",
    "crossings",
    "eligibility",
    "standings",
]
