"""Provides the views: what each panel shows, read from a frame and what `feed` derives from it.

One module per panel (header, transport, running order, cut line, follow card, race log), and
the cells they are made of. Nothing here decides a race fact; it picks fields, formats numbers
and tags cells with a role (``in``, ``out``, ``followed``...) that the widgets turn into styles.
"""

from cutline.tui.views.cells import Cell, FollowMode, Tag, gain, seconds
from cutline.tui.views.cut_line import CutRow, CutView, cut_row, cut_view
from cutline.tui.views.follow_card import FollowView, follow_view
from cutline.tui.views.header import HeaderView, header_view
from cutline.tui.views.race_log import LOG_KINDS, LogLine, log_lines, log_matches
from cutline.tui.views.running_order import COLUMNS, OrderRow, order_rows
from cutline.tui.views.transport import TransportView, live_transport, replay_transport

__all__ = [
    "COLUMNS",
    "LOG_KINDS",
    "Cell",
    "CutRow",
    "CutView",
    "FollowMode",
    "FollowView",
    "HeaderView",
    "LogLine",
    "OrderRow",
    "Tag",
    "TransportView",
    "cut_row",
    "cut_view",
    "follow_view",
    "gain",
    "header_view",
    "live_transport",
    "log_lines",
    "log_matches",
    "order_rows",
    "replay_transport",
    "seconds",
]
