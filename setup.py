"""Maps the repository's top-level folders under the one import name ``cutline``.

The folders stay where they are (``feed/``, ``tui/``, ``replays/``); each installs as
``cutline.<folder>``; its sub-packages (and data folders such as ``replays/facts``) are
found, not listed.
"""

from setuptools import find_namespace_packages, setup

TOP = ("feed", "tui", "replays")

setup(
    packages=[
        f"cutline.{name}"
        for name in find_namespace_packages(
            include=[f"{t}*" for t in TOP], exclude=["*__pycache__*"]
        )
    ],
    package_dir={f"cutline.{top}": top for top in TOP},
)
