"""What a user installs: one import name, ``cutline``, and a console script that knows its
version. The tests import the installed package, so they check what ships."""

from __future__ import annotations

import json
import sysconfig
from importlib.metadata import Distribution, distributions
from pathlib import Path

import pytest

import cutline.feed as feed_package
from tests.support.paths import ROOT
from tests.support.paths import cutline as run_cutline


def installed() -> Distribution:
    """The installed distribution (not the build's egg-info that the checkout may hold)."""
    site = sysconfig.get_paths()["purelib"]
    return next(iter(distributions(name="cutline", path=[site])))


def skip_if_editable() -> None:
    direct = json.loads(installed().read_text("direct_url.json") or "{}")
    if direct.get("dir_info", {}).get("editable"):
        pytest.skip("an editable install maps back to the checkout; CI installs for real")


def test_the_distribution_installs_only_the_cutline_package() -> None:
    skip_if_editable()
    files = installed().files or []
    tops = {f.parts[0] for f in files if not f.parts[0].endswith(".dist-info")}
    tops -= {"..", "bin", "Scripts"}  # the console script
    assert tops == {"cutline"}


def test_the_tests_run_against_the_installed_package() -> None:
    skip_if_editable()
    here = Path(feed_package.__file__).resolve()
    assert not here.is_relative_to(ROOT / "feed") and here.parent.parent.name == "cutline"
    assert "site-packages" in here.parts


def test_version_is_the_installed_one() -> None:
    out = run_cutline("--version", cwd=Path("/"))
    assert out.returncode == 0 and out.stdout.strip() == f"cutline {installed().version}"
