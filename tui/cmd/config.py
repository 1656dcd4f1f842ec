"""Provides ``cutline config``: where the settings file is, and the settings in force."""

from __future__ import annotations

import argparse
import sys

from cutline.tui.cmd.common import config_option


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "config",
        help="print the settings file's path and the settings in force",
        description="Print where the settings file is (--config, else $CUTLINE_CONFIG, else the "
        "user config directory), then the settings in force as TOML. The dashboard writes the "
        "file on the first change made in it (follow a driver, a theme, a delay, an alert).",
    )
    config_option(p)
    p.set_defaults(handler=run_config)


def run_config(args: argparse.Namespace) -> int:
    from cutline.tui.settings import BadSettings, config_path, dumps, load

    path = config_path(args.config)
    exists = "" if path.exists() else " (not written yet: these are the defaults)"
    print(f"# {path}{exists}")
    try:
        settings = load(path)
    except BadSettings as err:
        print(f"cutline: error: {err}; the defaults are in force", file=sys.stderr)
        from cutline.tui.settings import Settings

        print(dumps(Settings()), end="")
        return 2
    print(dumps(settings), end="")
    return 0
