"""Provides the cut-line panel: playoff drivers by projected standing, with the line drawn in."""

from __future__ import annotations

import textwrap

from textual.content import Content
from textual.geometry import Region, Size
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
        self._made: tuple[tuple[object, ...], list[Content]] | None = None

    def show(self, view: CutView) -> None:
        if view == self._view:
            return
        width = self.content_size.width
        before = self._lines(width)
        if view.title != self._view.title:
            self.border_title = view.title  # a new title repaints the whole panel
        self._view = view
        after = self._lines(width)
        if len(after) != len(before):
            self.refresh(layout=True)
            return
        # Only the lines that changed are painted again (a lap moves a few drivers' points).
        changed = [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        if changed:
            top = self.scroll_offset.y
            self.refresh(*(Region(0, y - top, width, 1) for y in changed))

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
        lines: list[Content] = [] if short else [Content.styled(HEADINGS[form], "dim")]
        for i, row in enumerate(view.rows):
            lines.append(_line(row, form))
            if view.line_after == i:
                label = " cut line "
                side = max((width - len(label)) // 2, 2)
                rule = "─" * side + label + "─" * max(width - side - len(label), 2)
                lines.append(Content.styled(rule, "bold $warning"))
        # On a short screen only the first note (the tie, when there is one), in two lines.
        for note in view.notes[:1] if short else view.notes:
            wrapped = textwrap.wrap(f"note: {note}", max(width, 10))
            if short and len(wrapped) > 2:
                wrapped = [wrapped[0], wrapped[1][: max(width, 10) - 1] + "…"]
            lines.extend(Content.styled(part, "italic $text-muted") for part in wrapped)
        return lines


WIDE = 58  # inner width for the car number and the full driver name
NORMAL = 48  # below this: last names, no points, the odds in place of the detail
HEADINGS = {
    "wide": f" {'car':<5}{'driver':<16}{'pos':>4}{'pts':>5}{'+/-':>4}{'odds':>5} status",
    "normal": f" {'driver':<16}{'pos':>4}{'pts':>5}{'+/-':>4}{'odds':>5} status",
    "compact": f" {'driver':<9}{'pos':>4}{'+/-':>4}{'odds':>5} status",
}


def _line(row: CutRow, form: str) -> Content:
    style = STATUS_STYLE.get(row.tag, "")
    mark = "▶" if row.followed else " "
    name_style = "bold reverse" if row.followed else ""
    tb = ("TB " if row.tiebreak else "   ", "bold $warning")
    if form == "compact":
        # No room for both: the odds (when there are any) take the detail's place.
        return Content.assemble(
            mark,
            (f"{row.driver.split()[-1][:8]:<9}", name_style),
            f"{row.pos:>4}{row.margin:>4}{row.odds:>5} ",
            (f"{row.status[:3]:<4}", style),
            tb,
            "" if row.odds else row.short,
        )
    car = f"#{row.car:<4}" if form == "wide" else ""
    return Content.assemble(
        mark,
        car,
        (f"{row.driver[:16]:<16}", name_style),  # the place's right-aligned: a space before
        f"{row.pos:>4}{row.points:>5}{row.margin:>4}{row.odds:>5} ",
        (f"{row.status[:4]:<5}", style),
        tb,
        row.short,
    )
