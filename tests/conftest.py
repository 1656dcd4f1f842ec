from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.paths import DATA


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(autouse=True)
def private_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test (and every cutline it starts) reads and writes its own settings file, never the
    user's: ``$CUTLINE_CONFIG`` points into a fresh folder."""
    path = tmp_path_factory.mktemp("config") / "settings.toml"
    monkeypatch.setenv("CUTLINE_CONFIG", str(path))
    return path
