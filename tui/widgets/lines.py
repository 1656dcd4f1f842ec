"""Provides `LineStrips`: a panel's lines of `Content` turned into strips, each line once; and
`TextLines`, a block of such lines that repaints only the ones that changed.

Textual's own path for a widget that renders `Content` (`render()`, `Static.update`) makes the
strips of the whole content again on every repaint, so a panel where one line changed pays for
all of its lines. A widget that draws with `render_line` and asks this cache pays only for the
lines whose text or look changed: a line that stayed where it was, or came back to its place,
is taken as it was made (each cell carries its place for a text selection, so a line that moves
is made again). A line that fits the width is made straight from its spans, as
Textual's `Content` makes a line (its styles parsed by `Style.parse`, with the theme's
variables), without the wrapping pass; one that does not fit goes the whole way through
`Visual.to_strips`, wrapped or cut as the widget's styles say.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget


class LineStrips:
    """Strips of single lines of `Content`, keyed by the line, its place, the width, the
    widget's look and the theme."""

    def __init__(self, size: int = 256) -> None:
        self._strips: OrderedDict[tuple[object, ...], Strip] = OrderedDict()
        self._size = size  # a few screens of lines: what a panel shows and has just shown

    def line(self, widget: Widget, lines: Sequence[Content], y: int) -> Strip:
        """Line ``y`` of ``lines`` as ``widget`` draws it at its width (blank past the end)."""
        width = widget.size.width
        style = widget.visual_style
        if not 0 <= y < len(lines):
            return Strip.blank(width, style.rich_style)
        if widget.text_selection is not None:
            # A selection is spread over the lines of the whole content: draw it as Textual
            # would, whole, while there is one (a mouse drag: rare, and never on a lap).
            whole = Visual.to_strips(widget, Content("\n").join(lines), width, None, style)
            return whole[y] if y < len(whole) else Strip.blank(width, style.rich_style)
        line = lines[y]
        # The theme is in the key: "$success" in a line is a colour of the theme of the moment.
        # So is the line's place: each cell carries its offset, which a text selection reads.
        key = (line, y, width, style, widget.app.theme)
        strip = self._strips.get(key)
        if strip is not None:
            self._strips.move_to_end(key)
            return strip
        styles = widget.styles
        if styles.text_wrap == "nowrap" and styles.text_overflow == "ellipsis":
            line = line.truncate(width, ellipsis=True)
        if _plain_fit(widget, line, width):
            strip = _made(line, y, style)
        else:
            made = Visual.to_strips(widget, line, width, 1, style)
            strip = _at_line(made[0], y) if made else Strip.blank(width, style.rich_style)
        self._strips[key] = strip
        if len(self._strips) > self._size:
            self._strips.popitem(last=False)
        return strip


def changed_lines(before: Sequence[Content], after: Sequence[Content]) -> list[int]:
    """The places where ``after`` differs from ``before`` (a line past the end is blank)."""
    blank = Content("")
    return [
        y
        for y in range(max(len(before), len(after)))
        if (before[y] if y < len(before) else blank) != (after[y] if y < len(after) else blank)
    ]


def _plain_fit(widget: Widget, line: Content, width: int) -> bool:
    """True when ``line`` is drawn as it is: it fits, left-aligned, one line, no links."""
    if line.cell_length > width or widget.auto_links:
        return False
    plain = line.plain
    styles = widget.styles
    if styles.text_align not in ("left", "start") or styles.content_align != ("left", "top"):
        return False
    return "\n" not in plain and "\t" not in plain


def _made(line: Content, y: int, style: Style) -> Strip:
    """The strip Textual's `Content` makes of a left-aligned line that fits."""
    segments = []
    x = 0
    for text, text_style in line.render(style, end="", parse_style=_parse):
        segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, y)))
        x += len(text)
    return Strip(segments, line.cell_length)


def _parse(style: str | Style) -> Style:
    # As a widget parses a span's style for its content: with the app's CSS variables.
    return style if isinstance(style, Style) else Style.parse(style)


def _at_line(strip: Strip, y: int) -> Strip:
    """``strip``, made alone as line 0, with the offsets a text selection reads on line ``y``."""
    if not y:
        return strip
    segments = []
    for segment in strip:
        offset = segment.style.meta.get("offset") if segment.style else None
        if offset is not None and segment.style is not None:
            where = RichStyle.from_meta({"offset": (offset[0], y)})
            segment = Segment(segment.text, segment.style + where, segment.control)
        segments.append(segment)
    return Strip(segments, strip.cell_length)


class TextLines(Widget):
    """Lines of `Content`, one per line (never wrapped), as tall as there are lines."""

    DEFAULT_CSS = """
    TextLines { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.auto_links = False  # plain text: no link to find in a line on every paint
        self._lines: list[Content] = []
        self._height = 0  # in lines: what the last layout made room for
        self._strips = LineStrips()

    @property
    def lines(self) -> Sequence[Content]:
        return self._lines

    def show(self, lines: Sequence[Content], *, shrink: bool = True) -> None:
        """Display ``lines``: a new height is a layout, a new line a repaint of that line.

        ``shrink=False`` keeps the room of a longer block shown before (blank at the foot), so
        a line that comes and goes is not a layout of the whole screen each time.
        """
        old, self._lines = self._lines, list(lines)
        height = len(self._lines) if shrink else max(len(self._lines), self._height)
        if height != self._height:
            self._height = height
            self.refresh(layout=True)
            return
        width = self.size.width
        changed = [Region(0, y, width, 1) for y in changed_lines(old, self._lines)]
        if changed:
            self.refresh(*changed)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._height

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_length for line in self._lines), default=0)

    def render_line(self, y: int) -> Strip:
        return self._strips.line(self, self._lines, y)

    def render(self) -> Content:
        # What a text selection copies; the lines are drawn one by one (`render_line`).
        return Content("\n").join(self._lines)
