"""Provides the cut-line panel: playoff drivers by projected standing, with the line drawn in."""

from __future__ import annotations

import textwrap

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from cutline.tui.views import CutRow, CutView

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

    def show(self, view: CutView) -> None:
        if view == self._view:
            return
        width = self.content_size.width
        before = len(self._lines(width))
        self._view = view
        self.border_title = view.title
        self.refresh(layout=len(self._lines(width)) != before)

    def flash(self) -> None:
        """Mark a crossing; the class comes off after ``flash_seconds`` (0: no flash)."""
        if self.flash_seconds <= 0:
            return
        self.add_class("-flash")
        self.set_timer(self.flash_seconds, lambda: self.remove_class("-flash"))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Every line is cut or wrapped here to fit, so the height is the number of lines.
        return len(self._lines(width))

    def _lines(self, width: int) -> list[Content]:
        view = self._view
        if not view.rows:
            return [Content.styled(view.empty or "waiting for the standings", "$text-muted")]
        form = "wide" if width >= WIDE else "normal" if width >= NORMAL else "compact"
        short = self.screen.has_class("-short")
        status_width = max(4, *(len(row.status) for row in view.rows))
        lines: list[Content] = [] if short else [_heading(form, status_width)]
        for i, row in enumerate(view.rows):
            line, rest = _line(row, form, status_width, width)
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


def _heading(form: str, status_width: int) -> Content:
    if form == "compact":
        text = f" {'driver':<9}{'stat':<{status_width}}{'+/-':>4}{'pts':>5}"
    else:
        car = f"{'car':<5}" if form == "wide" else ""
        text = f" {car}{'driver':<17}{'pos':>4}{'pts':>6}{'+/-':>5} status"
    return Content.styled(text, "dim")


def _line(row: CutRow, form: str, status_width: int, width: int) -> tuple[Content, str]:
    """The row, and the detail still to say on a line of its own ("" when it fitted)."""
    style = STATUS_STYLE.get(row.tag, "")
    mark = "▶" if row.followed else " "
    name_style = "bold reverse" if row.followed else ""
    tb = ("TB " if row.tiebreak else "   ", "bold $warning")
    status = (f"{row.status:<{status_width}}", style)
    if form == "compact":
        parts: list[str | tuple[str, str]] = [
            mark,
            (f"{row.driver.split()[-1][:8]:<9}", name_style),
            status,
            f"{row.margin:>4}{row.points:>5} ",
            tb,
        ]
        used = 1 + 9 + status_width + 10 + 3
    else:
        car = f"#{row.car:<4}" if form == "wide" else ""
        status = (f"{row.status:<{status_width + 1}}", style)
        parts = [
            mark,
            car,
            (f"{row.driver[:16]:<17}", name_style),
            f"{row.pos:>4}{row.points:>6}{row.margin:>5} ",
            status,
            tb,
        ]
        used = 1 + len(car) + 17 + 16 + status_width + 1 + 3
    room = width - used
    rest = ""
    if row.detail and len(row.detail) <= room and form == "wide":
        parts.append(row.detail)
    elif row.spell_out and len(row.detail) > room:
        rest = row.detail
    elif len(row.short) <= room:
        parts.append(row.short)  # a detail that does not fit goes whole: never "need 1" for 11
    return Content.assemble(*parts), rest
