"""The fan's settings file: read, written atomically, a broken one named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cutline.tui import settings
from cutline.tui.settings import (
    CONFIG_ENV,
    BadSettings,
    Preferences,
    Settings,
    config_path,
    dumps,
    load,
    parse,
    save,
    update,
)


def test_every_setting_survives_the_file() -> None:
    chosen = Settings(
        favourites=("99", "2"),
        theme="nord",
        alerts=settings.Alerts(bell=False, pit=False),
        replay=settings.Replay(speed="max"),
        delay={"nascar": 41.5, 'ws://feed.example:8765/?a="b"': 3.0},
    )
    assert parse(dumps(chosen)) == chosen
    assert parse(dumps(Settings())) == Settings() == parse("")
    assert parse(dumps(chosen)).replay_speed is None


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ('theme = "nord"\nfavourites = ["99"\n', 2, "Unclosed array"),  # not TOML
        ('favourites = ["99"]\n\n[alerts]\nbell = "yes"\n', 4, "Expected `bool`"),
        ("[replay]\nspede = 4\n", 2, "unknown field `spede`"),
        ("[replay]\nspeed = 1000\n", 2, "0.25 to 100"),
        ('[delay]\nnascar = 12\n"ws://x/" = -3\n', 3, "0 to 600"),
        ("theme = 7\n", 1, "Expected `str | null`"),
    ],
)
def test_a_broken_file_is_named_with_its_line(text: str, line: int, says: str) -> None:
    with pytest.raises(BadSettings) as info:
        parse(text, "settings.toml")
    message = str(info.value)
    assert message.startswith(f"settings.toml: line {line}: ") and says in message
    assert "\n" not in message


def test_saved_atomically_and_nothing_left_beside(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "settings.toml"
    assert load(path) == Settings()  # no file: the defaults, and nothing written
    assert not path.parent.exists()
    save(path, Settings(theme="nord"))
    assert load(path).theme == "nord"
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]


def test_a_change_keeps_what_was_written_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    prefs = Preferences(path)
    save(path, Settings(theme="nord", delay={"nascar": 30.0}))  # by hand, while "the app" runs
    assert prefs.change(settings.favourite_first("99")) == ""
    assert load(path) == Settings(theme="nord", delay={"nascar": 30.0}, favourites=("99",))
    assert update(path, settings.favourite_first("2")).favourites == ("2", "99")


def test_a_broken_file_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("theme = \n")
    prefs = Preferences(path)
    assert prefs.settings == Settings()
    assert prefs.problem.startswith(f"{path}: line 1: ") and "defaults" in prefs.problem
    problem = prefs.change(settings.theme("nord"))
    assert "not saved" in problem and "line 1" in problem
    assert path.read_text() == "theme = \n"
    assert prefs.settings.theme == "nord"  # for this run only


def test_where_the_file_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    given = tmp_path / "given.toml"
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "env.toml"))
    assert config_path(given) == given
    assert config_path(None) == tmp_path / "env.toml"
    monkeypatch.delenv(CONFIG_ENV)
    default = config_path(None)
    assert default.name == "settings.toml" and default.parent.name == "cutline"


def test_edits() -> None:
    base = Settings(favourites=("2", "99"))
    assert settings.favourite_first("99")(base).favourites == ("99", "2")
    assert settings.forget_favourite("2")(base).favourites == ("99",)
    assert settings.alert("caution", False)(base).alerts.rings("caution") is False
    assert settings.alert("caution", False)(base).alerts.rings("pit") is True
    assert settings.delay("nascar", 12.5)(base).delay == {"nascar": 12.5}
