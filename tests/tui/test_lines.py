"""Panels drawn line by line from cached strips look as Textual draws their `Content`."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from cutline.tui.app import CutlineApp
from cutline.tui.widgets.cut_line import CutLine
from cutline.tui.widgets.lines import LineStrips, TextLines
from cutline.tui.widgets.race_log import RaceLog
from tests.support.app import bundled_player, settled, until


def _cells(strip: Strip) -> list[tuple[str, object]]:
    segments: list[Segment] = list(strip)
    return [(ch, seg.style) for seg in segments for ch in seg.text]


def _textual(widget: Widget, line: Content) -> list[tuple[str, object]]:
    """The line as Textual's own path draws it (`Visual.to_strips`, as `Static` does)."""
    strips = Visual.to_strips(widget, line, widget.size.width, 1, widget.visual_style)
    return _cells(strips[0]) if strips else []


def _panels(app: CutlineApp) -> list[tuple[Widget, list[Content]]]:
    cut = app.screen.query_one(CutLine)
    card = app.screen.query_one("#card", TextLines)
    log = app.screen.query_one(RaceLog)
    return [
        (cut, list(cut._lines(cut.size.width))),
        (card, list(card.lines)),
        (log, list(log._visible())),
    ]


@pytest.mark.parametrize("lap", [0, 40, 100, 134])
async def test_every_line_of_the_text_panels_is_the_line_textual_would_draw(lap: int) -> None:
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seek_to(lap)
        await until(pilot, lambda: app.state.lap == lap and settled(app), f"lap {lap}")
        await pilot.pause()
        checked = 0
        for widget, lines in _panels(app):
            assert lines, widget
            strips = LineStrips()
            for y, line in enumerate(lines):
                ours = _cells(strips.line(widget, lines, y))
                want = _textual(widget, line)
                # Textual's path gives the offset of each cell for a text selection with y 0
                # for a line drawn alone; ours carries its line. Everything else is the same.
                assert [(ch, _no_offset(s)) for ch, s in ours] == [
                    (ch, _no_offset(s)) for ch, s in want
                ], (widget, y, line.plain)
                assert all(_offset(s)[1] == y for _, s in ours if _offset(s) is not None)
                checked += 1
        assert checked > 10


async def test_a_line_too_long_for_the_panel_is_cut_as_the_styles_say() -> None:
    app = CutlineApp(bundled_player(paused=True), notifications=False, bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: settled(app), "the first frame")
        await pilot.pause()  # laid out at its width
        card = app.screen.query_one("#card", TextLines)
        long = Content.assemble(("tyres   ", "dim"), ("x" * 300, "$warning"))
        drawn = _cells(LineStrips().line(card, [long], 0))
        assert len(drawn) == card.size.width and drawn[-1][0] == "…"  # text-overflow: ellipsis
        assert drawn == _textual(card, long)


def _offset(style: object) -> tuple[int, int] | None:
    meta = getattr(style, "meta", None) or {}
    offset = meta.get("offset")
    return tuple(offset) if offset is not None else None  # type: ignore[return-value]


def _no_offset(style: object) -> object:
    """The style with the offset left out of its meta: what it looks like, not where it is."""
    meta = dict(getattr(style, "meta", None) or {})
    meta.pop("offset", None)
    looks = ("color", "bgcolor", "bold", "italic", "dim", "reverse", "underline", "strike")
    return (*(getattr(style, name, None) for name in looks), tuple(meta.items()))


async def test_a_block_keeps_its_room_for_the_same_driver_and_gives_it_back_for_another() -> None:
    from textual.app import App, ComposeResult

    class _One(App[None]):
        def compose(self) -> ComposeResult:
            yield TextLines(id="block")

    app = _One()
    async with app.run_test(size=(40, 10)) as pilot:
        block = app.query_one(TextLines)
        three = [Content(f"line {n}") for n in range(3)]
        block.show(three)
        await pilot.pause()
        assert block.size.height == 3
        block.show(three[:2], shrink=False)  # a line gone: the room stays, blank at the foot
        await pilot.pause()
        assert block.size.height == 3
        assert {ch for ch, _ in _cells(block.render_line(2))} == {" "}
        assert "".join(ch for ch, _ in _cells(block.render_line(1))) == "line 1"
        block.show(three[:2])  # another driver: the block is as tall as his lines
        await pilot.pause()
        assert block.size.height == 2


async def test_the_cut_line_keeps_its_height_while_a_note_comes_and_goes() -> None:
    from textual.app import App, ComposeResult

    from cutline.tui.views import CutRow, CutView

    class _Cut(App[None]):
        def compose(self) -> ComposeResult:
            yield CutLine(id="cut")

    rows = tuple(
        CutRow(car=str(n), driver=f"Driver {n}", pos=str(n), points="3000", margin="+1",
               status="IN", detail="", short="", tag="in", tiebreak=False, followed=False)
        for n in range(1, 5)
    )  # fmt: skip
    plain = CutView(title="Round of 8: 4 advance", rows=rows, line_after=1)
    noted = CutView(title=plain.title, rows=rows, line_after=1, notes=("Two are level on 3000",))
    app = _Cut()
    async with app.run_test(size=(60, 20)) as pilot:
        cut = app.query_one(CutLine)
        cut.show(plain)
        await pilot.pause()
        short = cut.size.height
        cut.show(noted)
        await pilot.pause()
        assert cut.size.height == short + 1
        cut.show(plain)  # the note gone: a blank line, not a layout of the screen
        await pilot.pause()
        assert cut.size.height == short + 1
        assert {ch for ch, _ in _cells(cut.render_line(short))} == {" "}
        await pilot.resize_terminal(50, 20)  # another width: as tall as its lines again
        await pilot.pause()
        assert cut.size.height == short
