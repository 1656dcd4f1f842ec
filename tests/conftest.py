from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
FACTS_RACE = DATA / "facts" / "races" / "2023-truck-homestead.json"
FACTS_LAPS = DATA / "facts" / "races" / "2023-truck-homestead-laps.csv"
ATLANTA = DATA / "races" / "2023-xfinity-atlanta.json"
ATLANTA_LAPS = DATA / "races" / "2023-xfinity-atlanta-laps.csv"


@pytest.fixture
def data_dir() -> Path:
    return DATA
