"""``cutline config``: where the settings file is, and what is in force."""

from __future__ import annotations

from pathlib import Path

from tests.support.paths import cutline


def test_prints_the_path_and_the_defaults_before_any_change(private_settings: Path) -> None:
    done = cutline("config")
    assert done.returncode == 0, done.stderr
    first, *rest = done.stdout.splitlines()
    assert first == f"# {private_settings} (not written yet: these are the defaults)"
    assert "favourites = []" in rest and "speed = 10" in rest and "bell = true" in rest
    assert not private_settings.exists()


def test_config_option_wins_and_prints_what_is_set(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('favourites = ["99"]\n[replay]\nspeed = "max"\n[delay]\nnascar = 31.5\n')
    done = cutline("config", "--config", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"# {path}"
    assert 'favourites = ["99"]' in done.stdout and 'speed = "max"' in done.stdout
    assert '"nascar" = 31.5' in done.stdout


def test_a_broken_file_is_one_line_and_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[alerts]\nbell = 3\n")
    done = cutline("config", "--config", str(path))
    assert done.returncode == 2
    assert done.stderr == (
        f"cutline: error: {path}: line 2: Expected `bool`, got `int` - at `$.alerts.bell`; "
        "the defaults are in force\n"
    )
    assert "bell = true" in done.stdout
    assert path.read_text() == "[alerts]\nbell = 3\n"


def test_the_replay_speed_comes_from_the_settings(private_settings: Path) -> None:
    private_settings.write_text('[replay]\nspeed = "max"\n')
    done = cutline("replay", "--text", "--from-lap", "133")
    assert done.returncode == 0, done.stderr  # at 10x two laps would take seconds; max: none
    assert "lap 134/134" in done.stdout
