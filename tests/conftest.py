from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.paths import DATA


@pytest.fixture
def data_dir() -> Path:
    return DATA
