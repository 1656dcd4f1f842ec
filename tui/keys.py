"""Provides the dashboard's keys, and which actions need a replay or a live feed.

The README's key table and the help screen read the same list.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

# In the order the footer shows them: what a fan needs most comes first.
KEYS: list[BindingType] = [
    Binding("q", "quit", "Quit"),
    Binding("question_mark,f1", "help", "Help", key_display="?"),
    Binding("space", "toggle_pause", "Pause"),
    Binding("f", "follow_cursor", "Follow"),
    Binding("b", "follow_bubble", "Bubble"),
    Binding("plus,equals_sign", "faster", "Faster", key_display="+"),
    Binding("minus", "slower", "Slower", key_display="-"),
    Binding("comma", "seek(-1)", "-1 lap", key_display=","),
    Binding("full_stop", "seek(1)", "+1 lap", key_display="."),
    Binding("less_than_sign", "seek(-10)", "-10 laps", key_display="<", show=False),
    Binding("greater_than_sign", "seek(10)", "+10 laps", key_display=">", show=False),
    Binding("left_square_bracket", "event(-1)", "Prev event", key_display="[", show=False),
    Binding("right_square_bracket", "event(1)", "Next event", key_display="]"),
    Binding("d", "delay(1)", "Delay +"),
    Binding("D", "delay(-1)", "Delay -", key_display="D"),
    Binding("s", "delay_step", "Delay step", show=False),
    Binding("k", "calibrate", "Calibrate delay"),
    Binding("c", "toggle_compare", "Compare"),
    Binding("l", "cycle_log", "Log filter"),
    # The log's own filters live on the board screen, beside the log.
    Binding("w", "screen.cycle_log_who", "Log: whose lines", show=False),
    Binding("p", "screen.toggle_log_pits", "Log: every stop", show=False),
    Binding("i", "points", "Points breakdown", show=False),
    Binding("o", "toggle_log", "Log on/off", show=False),
    Binding("a", "toggle_notify", "Alerts on/off", show=False),
    Binding("g", "toggle_bell", "Bell on/off", show=False),
]
REPLAY_ACTIONS = frozenset({"toggle_pause", "faster", "slower", "seek", "event"})
LIVE_ACTIONS = frozenset({"delay", "delay_step", "calibrate"})
