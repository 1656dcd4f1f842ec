"""The dashboard uses Textual's public API only: no private module, no private name of Textual's
read, written or shadowed (a `_render` of ours would silently replace `Widget._render`).

Textual's private names are taken from the classes the dashboard builds on, each class's own
attributes and every ``self._name`` its source assigns; the dashboard's sources (and the test
helpers and the benchmark that drive it) must use none of them.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.widget import Widget

import cutline.tui

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [
    *sorted((ROOT / "tui").rglob("*.py")),
    *sorted((ROOT / "tests/support").glob("*.py")),
    ROOT / "benchmarks/ui.py",
]
OTHER = re.compile(r"(?<!\bself)\.(_[a-z]\w*)")  # obj._name, obj not self


def _our_classes() -> list[type]:
    """Our classes built on Textual's, across the dashboard."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(cutline.tui.__path__, "cutline.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__.startswith("cutline.") and _textual_bases(cls):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def _textual_bases(cls: type) -> list[type]:
    return [k for k in cls.__mro__ if k.__module__.startswith("textual")]


def _private_names(classes: list[type]) -> set[str]:
    names: set[str] = set()
    for cls in classes:
        names.update(n for n in vars(cls) if n.startswith("_") and not n.startswith("__"))
        try:
            names.update(re.findall(r"self\.(_[a-z]\w*)", inspect.getsource(cls)))
        except (OSError, TypeError):
            pass
    return names


def test_no_private_textual_module_is_imported() -> None:
    for path in CHECKED:
        assert not re.search(r"\btextual\._|from textual\._", path.read_text()), path


def test_our_widgets_shadow_no_private_textual_name() -> None:
    classes = _our_classes()
    assert any(_textual_bases(cls)[0].__name__ == "ScrollView" for cls in classes)
    for cls in classes:
        textual = _private_names(_textual_bases(cls))
        assert "_render" in textual or not issubclass(cls, Widget)  # the check can see them
        source = inspect.getsource(cls)
        ours = set(re.findall(r"self\.(_[a-z]\w*)", source))
        ours.update(re.findall(r"^    (?:async )?(?:def )?(_[a-z]\w*)\b", source, re.MULTILINE))
        assert not ours & textual, (cls, sorted(ours & textual))


def test_no_private_textual_name_is_read_from_another_object() -> None:
    textual = _private_names([k for cls in _our_classes() for k in _textual_bases(cls)])
    assert {"_compositor", "_background_screens"} <= textual  # the check can see them
    used = {
        (name, f"{path.relative_to(ROOT)}:{n}")
        for path in CHECKED
        for n, line in enumerate(path.read_text().splitlines(), 1)
        for name in OTHER.findall(line)
        if name in textual
    }
    assert not used, sorted(used)
