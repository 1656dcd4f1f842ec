"""The NASCAR source keeps `feed` free of Textual, and ``cutline --help`` free of httpx."""

from __future__ import annotations

import subprocess
import sys

from tests.support.paths import ROOT


def modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "; import sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT.parent,  # the installed package, never the checkout's folders
        timeout=60,
    )
    return set(out.stdout.split())


def test_feed_sources_never_import_textual() -> None:
    loaded = modules_after(
        "import cutline.feed.sources.nascar.live, cutline.feed.sources.nascar.mirror, "
        "cutline.feed.sources.nascar.canary"
    )
    assert "textual" not in loaded and "rich" not in loaded


def test_the_cli_parser_does_not_import_httpx() -> None:
    loaded = modules_after("import cutline.tui.cli; cutline.tui.cli.build_parser()")
    assert "httpx" not in loaded and "textual" not in loaded
