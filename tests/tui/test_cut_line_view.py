"""The cut-line panel's view of a round decided by finish: NASCAR's 2021 Championship 4."""

from __future__ import annotations

import pytest

from cutline.feed.builder.build import build
from cutline.feed.model.messages import FeedMessage, Lap
from cutline.feed.model.state import fold
from cutline.feed.standings.cut_line import standings
from cutline.tui.views.cut_line import cut_view
from tests.support.archive import phoenix_facts, phoenix_laps_csv


@pytest.fixture(scope="module")
def phoenix(tmp_path_factory: pytest.TempPathFactory) -> list[FeedMessage]:
    folder = tmp_path_factory.mktemp("phoenix")
    return build(phoenix_facts(folder), phoenix_laps_csv(folder)[0])


def test_the_final_names_the_champion(phoenix: list[FeedMessage]) -> None:
    view = cut_view(standings(fold(phoenix)), None)
    assert view.title == "Championship 4: the best finisher is champion · official"
    first, *others = view.rows
    assert (first.driver, first.status, first.detail) == ("Kyle Larson", "CHAMP", "champion")
    assert [r.detail for r in others] == [
        "needs 1 to pass Larson",
        "needs 1 to pass Truex",
        "needs 2 to pass Hamlin",
    ]


def test_mid_race_the_champion_is_as_it_stands(phoenix: list[FeedMessage]) -> None:
    upto = next(i for i, m in enumerate(phoenix) if isinstance(m, Lap) and m.lap == 201)
    view = cut_view(standings(fold(phoenix[:upto])), None)
    assert view.rows[0].detail == "champion as it stands"
    assert all(r.detail.startswith("needs ") for r in view.rows[1:])
