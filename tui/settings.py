"""Provides the fan's settings: a TOML file under the user config directory, read at start and
written at once, atomically, on each change made in the app.

Where: ``--config FILE``, else ``$CUTLINE_CONFIG``, else ``cutline/settings.toml`` under
platformdirs' user config directory. The file is created on the first change. A file that cannot
be read is reported (with its line number when the text says where) and the defaults are used;
it is then never written over: a change made in the app is refused with the same message. A
change re-reads the file before it writes, so an edit made while the app runs is kept.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Final, Literal

import msgspec

from cutline.feed.model.errors import CutlineError
from cutline.feed.model.messages import RaceState

CONFIG_ENV: Final = "CUTLINE_CONFIG"
FILE_NAME: Final = "settings.toml"
ALERT_KINDS: Final = ("crossing", "pit", "penalty", "caution")
MAX_DELAY: Final = 600.0  # the broadcast delay's own bound (feed.streams.delay)


class BadSettings(CutlineError):
    """A settings file that cannot be used; the text names the file and, when known, the line."""


class Alerts(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    bell: bool = True
    notifications: bool = True
    crossing: bool = True
    pit: bool = True
    penalty: bool = True
    caution: bool = True

    def rings(self, kind: str) -> bool:
        """Whether alerts of ``kind`` are raised at all."""
        return bool(getattr(self, kind, True))


class Replay(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    speed: float | Literal["max"] = 10.0


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a fan sets once. Favourites are car numbers, the first found in the field followed."""

    favourites: tuple[str, ...] = ()
    theme: str | None = None
    alerts: Alerts = msgspec.field(default_factory=Alerts)
    replay: Replay = msgspec.field(default_factory=Replay)
    delay: dict[str, float] = msgspec.field(default_factory=dict)  # seconds, by feed

    @property
    def replay_speed(self) -> float | None:
        """The default replay speed (None: as fast as possible)."""
        return None if self.replay.speed == "max" else self.replay.speed


def default_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("cutline", appauthor=False) / FILE_NAME


def config_path(given: Path | None = None) -> Path:
    """The settings file in force: ``given`` (``--config``), ``$CUTLINE_CONFIG``, the default."""
    if given is not None:
        return given
    env = os.environ.get(CONFIG_ENV)
    return Path(env) if env else default_path()


def load(path: Path) -> Settings:
    """The settings in ``path``; the defaults when there is no file.

    Raises:
        BadSettings: the file cannot be read, is not TOML, or holds a value of the wrong kind.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as err:
        raise BadSettings(f"{path}: {err}") from err
    return parse(text, str(path))


def parse(text: str, where: str = "settings") -> Settings:
    """Settings from TOML ``text``; errors name ``where`` and the line.

    Raises:
        BadSettings: as `load`.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column \d+\)", str(err))
        if found:
            line = f"line {found.group(1)}: "
        else:  # "(at end of document)": the last line
            line = f"line {max(len(text.splitlines()), 1)}: "
        reason = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(err))
        raise BadSettings(f"{where}: {line}{reason}") from err
    try:
        settings = msgspec.convert(data, Settings)
    except msgspec.ValidationError as err:
        raise BadSettings(f"{where}: {_line_of(text, str(err))}{err}") from err
    for name, seconds in settings.delay.items():
        if not 0.0 <= seconds <= MAX_DELAY:
            line = _line_of_key(text, name)
            raise BadSettings(f"{where}: {line}delay for {name} must be 0 to {MAX_DELAY:g} s")
    speed = settings.replay_speed
    if speed is not None and not 0.25 <= speed <= 100:
        line = _line_of_key(text, "speed")
        raise BadSettings(f'{where}: {line}replay speed must be 0.25 to 100, or "max"')
    return settings


def _line_of(text: str, error: str) -> str:
    """ "line N: " for the key a validation error names (msgspec ends it with ``$.alerts.bell``)."""
    found = re.search(r"\$((?:\.\w+|\[[^\]]*\])+)", error)
    keys = re.findall(r"\.(\w+)", found.group(1)) if found else []
    unknown = re.search(r"unknown field `([^`]+)`", error)
    if unknown:
        keys.append(unknown.group(1))
    return _line_of_key(text, keys[-1]) if keys else ""


def _line_of_key(text: str, key: str) -> str:
    """ "line N: " for the first line setting ``key`` (or opening the table ``[key]``)."""
    name = rf"(?:{re.escape(key)}|\"{re.escape(key)}\")"
    pattern = re.compile(rf"^\s*(?:{name}\s*=|\[{name}\])")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return f"line {number}: "
    return ""


def dumps(settings: Settings) -> str:
    """The settings as TOML, every key written (so the file documents itself)."""
    speed = settings.replay.speed
    lines = [
        '# cutline settings: see the README ("Settings"). Edited by the app on each change.',
        f"favourites = [{', '.join(_string(car) for car in settings.favourites)}]",
    ]
    if settings.theme is not None:
        lines.append(f"theme = {_string(settings.theme)}")
    lines += ["", "[alerts]"]
    lines += [
        f"{name} = {_bool(getattr(settings.alerts, name))}" for name in Alerts.__struct_fields__
    ]
    lines += ["", "[replay]", f"speed = {_string(speed) if speed == 'max' else f'{speed:g}'}"]
    lines += ["", "[delay]"]
    lines += [f"{_string(name)} = {seconds:g}" for name, seconds in sorted(settings.delay.items())]
    return "\n".join(lines) + "\n"


def _string(text: str) -> str:
    # A TOML basic string: every escape msgspec's JSON writes (quote, backslash, newline,
    # control characters as \uXXXX) means the same in TOML.
    return msgspec.json.encode(text).decode()


def _bool(value: bool) -> str:
    return "true" if value else "false"


def save(path: Path, settings: Settings) -> None:
    """Write ``settings`` to ``path`` atomically: a temporary file beside it, then a rename.

    Raises:
        BadSettings: the file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(dumps(settings))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise BadSettings(f"{path}: cannot write: {err}") from err


def update(path: Path, change: Callable[[Settings], Settings]) -> Settings:
    """Apply ``change`` to the settings on disk now (not those read at start) and save them.

    Reading again first keeps what was written to the file while the app ran.

    Raises:
        BadSettings: the file on disk is broken (it is left as it is) or cannot be written.
    """
    settings = change(load(path))
    save(path, settings)
    return settings


class Preferences:
    """The settings the app runs with, and where its changes go.

    ``path`` None keeps changes in memory (an app opened with no settings file). ``problem`` is
    the one line to show when the file could not be used. ``feed`` names the live feed: the key
    of its broadcast delay.
    """

    def __init__(
        self, path: Path | None = None, *, settings: Settings | None = None, feed: str = ""
    ) -> None:
        self.path = path
        self.feed = feed
        self.problem = ""
        if settings is None and path is not None:
            try:
                settings = load(path)
            except BadSettings as err:
                self.problem = f"{err}; using the defaults"
        self.settings = settings if settings is not None else Settings()

    def change(self, edit: Callable[[Settings], Settings]) -> str:
        """Apply ``edit`` now and save it; the text of what went wrong, or "" when it was saved."""
        self.settings = edit(self.settings)
        if self.path is None:
            return ""
        try:
            self.settings = update(self.path, edit)
        except BadSettings as err:
            return f"{err}; not saved"
        self.problem = ""
        return ""

    def favourite_in(self, state: RaceState) -> str | None:
        """The first favourite in ``state``'s field, to follow on start."""
        field = {entry.car for entry in state.race.field} if state.race is not None else set()
        return next((car for car in self.settings.favourites if car in field), None)


# -- changes made in the app, each a pure edit of the settings -------------------------------

Edit = Callable[[Settings], Settings]


def favourite_first(car: str) -> Edit:
    """``car`` becomes the first favourite (followed on start); the others keep their order."""
    return lambda s: msgspec.structs.replace(
        s, favourites=(car, *(c for c in s.favourites if c != car))
    )


def forget_favourite(car: str) -> Edit:
    return lambda s: msgspec.structs.replace(
        s, favourites=tuple(c for c in s.favourites if c != car)
    )


def theme(name: str) -> Edit:
    return lambda s: msgspec.structs.replace(s, theme=name)


def alert(name: str, on: bool) -> Edit:
    """Switch the bell, the notifications or one kind of alert (`ALERT_KINDS`)."""
    return lambda s: msgspec.structs.replace(
        s, alerts=msgspec.structs.replace(s.alerts, **{name: on})
    )


def delay(feed: str, seconds: float) -> Edit:
    return lambda s: msgspec.structs.replace(s, delay={**s.delay, feed: seconds})
