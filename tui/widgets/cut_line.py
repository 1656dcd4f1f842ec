"""Provides the cut-line panel: playoff drivers by projected standing, with the line drawn in."""

from __future__ import annotations

import textwrap

from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from cutline.tui.views import CutRow, CutView
from cutline.tui.widgets.lines import LineStrips, changed_lines

STATUS_STYLE = {"locked": "bold $success", "in": "$success", "out": "$error"}


class CutLine(Widget):
    """Renders a `CutView`; `flash` highlights a change across the line for a moment."""

    DEFAULT_CSS = """
    CutLine { height: auto; }
    """

    def __init__(self, *, id: str | None = None, flash_seconds: float = 1.5) -> None:
        super().__init__(id=id)
        self._view = CutView(title="Cut line")
        self.flash_seconds = flash_seconds
        self.border_title = "Cut line"
        self._made: tuple[tuple[object, ...], list[Content]] | None = None
        # The most lines shown at this width: the panel keeps that height while notes and
        # spelled-out details come and go, so a lap that drops a note is a repaint, not a
        # layout pass of the whole screen (the card below would jump up and down with it).
        self._tallest: tuple[tuple[int, bool], int] = ((0, False), 0)  # (where, lines)
        self._strips = LineStrips()
        self.auto_links = False  # plain text: no link to find in a line on every paint

    def show(self, view: CutView) -> None:
        if view == self._view:
            return
        width = self.content_size.width
        before = self._lines(width)
        if view.title != self._view.title:
            self.border_title = view.title  # a new title repaints the whole panel
        self._view = view
        after = self._lines(width)
        if len(after) > self._height(width):
            self.refresh(layout=True)
            return
        # Only the lines that changed are painted again (a lap moves a few drivers' points).
        changed = changed_lines(before, after)
        if changed:
            top = self.scroll_offset.y
            self.refresh(*(Region(0, y - top, width, 1) for y in changed))

    def flash(self) -> None:
        """Mark a crossing; the class comes off after ``flash_seconds`` (0: no flash)."""
        if self.flash_seconds <= 0:
            return
        self.add_class("-flash")
        self.set_timer(self.flash_seconds, lambda: self.remove_class("-flash"))

    def render_line(self, y: int) -> Strip:
        return self._strips.line(self, self._lines(self.size.width), y)

    def render(self) -> Content:
        # What a text selection copies; the panel draws line by line (`render_line`).
        return Content("\n").join(self._lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Every line is cut or wrapped here to fit, so the height is the number of lines (or
        # the most there were at this width).
        lines = len(self._lines(width))
        if lines > self._height(width):
            self._tallest = (self._where(width), lines)
        return self._tallest[1]

    def _height(self, width: int) -> int:
        """The panel's height in lines at ``width`` (and screen height), 0 before the first
        layout there: a short screen drops the heading, and has no line to spare for it."""
        where, lines = self._tallest
        return lines if where == self._where(width) else 0

    def _where(self, width: int) -> tuple[int, bool]:
        return (width, self.screen.has_class("-short"))

    def _lines(self, width: int) -> list[Content]:
        # Asked for by the update, the height and the paint alike: made once per view and width.
        key = (self._view, width, self.screen.has_class("-short"))
        if self._made is None or self._made[0] != key:
            self._made = (key, self._make(width))
        return self._made[1]

    def _make(self, width: int) -> list[Content]:
        view = self._view
        if not view.rows:
            return [Content.styled(view.empty or "waiting for the standings", "$text-muted")]
        form = "wide" if width >= WIDE else "normal" if width >= NORMAL else "compact"
        short = self.screen.has_class("-short")
        status_width = max(4, *(len(row.status) for row in view.rows))
        # The odds give way before the tiebreak mark and the status: they come last in priority.
        odds = any(row.odds for row in view.rows) and _fixed(form, status_width) + ODDS <= width
        lines: list[Content] = [] if short else [_heading(form, status_width, odds)]
        for i, row in enumerate(view.rows):
            line, rest = _line(row, form, status_width, width, odds)
            lines.append(line)
            if rest:
                lines.append(Content.styled(f"   ↳ {rest}"[: max(width, 10)], "italic"))
            if view.line_after == i:
                label = " cut line "
                side = max((width - len(label)) // 2, 2)
                rule = "─" * side + label + "─" * max(width - side - len(label), 2)
                lines.append(Content.styled(rule, "bold $warning"))
        # Notes are wrapped, never cut: the tie's note is the point of the board.
        for note in view.notes:
            wrapped = textwrap.wrap(f"note: {note}", max(width, 10))
            lines.extend(Content.styled(part, "italic $text-muted") for part in wrapped)
        return lines


WIDE = 56  # inner width for the car number and the full driver name
NORMAL = 48  # below this: last names, no place (driver, status, margin, points stay)
ODDS = 5  # the odds column, when the board has odds: "100%" and a space


def _fixed(form: str, status_width: int) -> int:
    """The cells a row takes before its detail, without the odds."""
    if form == "compact":
        return 1 + 9 + status_width + 10 + 3
    return 1 + (5 if form == "wide" else 0) + 17 + 16 + status_width + 1 + 3


def _heading(form: str, status_width: int, odds: bool) -> Content:
    chance = f"{'odds':>{ODDS}}" if odds else ""
    if form == "compact":
        text = f" {'driver':<9}{'stat':<{status_width}}{'+/-':>4}{'pts':>5}{chance}"
    else:
        car = f"{'car':<5}" if form == "wide" else ""
        text = f" {car}{'driver':<17}{'pos':>4}{'pts':>6}{'+/-':>5}{chance} status"
    return Content.styled(text, "dim")


def _line(row: CutRow, form: str, status_width: int, width: int, odds: bool) -> tuple[Content, str]:
    """The row, and the detail still to say on a line of its own ("" when it fitted)."""
    style = STATUS_STYLE.get(row.tag, "")
    mark = "▶" if row.followed else " "
    name_style = "bold reverse" if row.followed else ""
    tb = ("TB " if row.tiebreak else "   ", "bold $warning")
    chance = f"{row.odds:>{ODDS}}" if odds else ""
    status = (f"{row.status:<{status_width}}", style)
    if form == "compact":
        parts: list[str | tuple[str, str]] = [
            mark,
            (f"{row.driver.split()[-1][:8]:<9}", name_style),
            status,
            f"{row.margin:>4}{row.points:>5}{chance} ",
            tb,
        ]
    else:
        car = f"#{row.car:<4}" if form == "wide" else ""
        status = (f"{row.status:<{status_width + 1}}", style)
        parts = [
            mark,
            car,
            (f"{row.driver[:16]:<17}", name_style),
            f"{row.pos:>4}{row.points:>6}{row.margin:>5}{chance} ",
            status,
            tb,
        ]
    room = width - _fixed(form, status_width) - len(chance)
    rest = ""
    if row.detail and len(row.detail) <= room and form == "wide":
        parts.append(row.detail)
    elif row.spell_out and len(row.detail) > room:
        rest = row.detail
    elif len(row.short) <= room:
        parts.append(row.short)  # a detail that does not fit goes whole: never "need 1" for 11
    return Content.assemble(*parts), rest
