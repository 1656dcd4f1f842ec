"""Provides what the views derive from the race state, with no UI: the frame each screen is drawn
from and its fold (`frame`), the cut line's history (`history`), the measured pit stops and where
a car would rejoin (`pit_rejoin`), the odds to advance over the laps (`odds_trail`), gaps around
a followed car (`follow`), the running order and stage progress (`progress`), alerts (`alerts`)
and the plain text and JSON boards (`report`).
"""

from cutline.feed.views.alerts import Alert, alerts
from cutline.feed.views.follow import Relative, neighbours, relative_to, time_behind_leader
from cutline.feed.views.frame import EMPTY, Frame, derive
from cutline.feed.views.history import History, LineChange, advance, margin_series
from cutline.feed.views.odds_trail import OddsTrail, Swing, odds_series, track
from cutline.feed.views.pit_rejoin import PitBook, green_loss, observe, rejoin
from cutline.feed.views.progress import laps_to_go, running_order, stage_now
from cutline.feed.views.report import TICKER_KINDS, board_json, board_text, ticker_line

__all__ = [
    "EMPTY",
    "TICKER_KINDS",
    "Alert",
    "Frame",
    "History",
    "LineChange",
    "OddsTrail",
    "PitBook",
    "Relative",
    "Swing",
    "advance",
    "alerts",
    "board_json",
    "board_text",
    "derive",
    "green_loss",
    "laps_to_go",
    "margin_series",
    "neighbours",
    "observe",
    "odds_series",
    "rejoin",
    "relative_to",
    "running_order",
    "stage_now",
    "ticker_line",
    "time_behind_leader",
    "track",
]
