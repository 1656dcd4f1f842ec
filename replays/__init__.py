"""Provides the recordings that ship with cutline (see README.md beside this file)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT = "homestead-2023.jsonl.gz"


def path(name: str = DEFAULT) -> Path:
    """The installed path of a bundled recording."""
    return Path(str(resources.files(__name__).joinpath(name)))
