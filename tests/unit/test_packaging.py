"""What ``pip install .`` puts in the wheel: every package of ``tui``, its style sheets and the sample briefs.

The tests import ``tui`` from the source tree, where every module is found whether or not the wheel
would hold it; an installed ``brief`` only has what ``pyproject.toml`` lists. A package left out of
that list makes the installed command fail at start with ``ModuleNotFoundError``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]


def _setuptools() -> dict[str, Any]:
    with (PROJECT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["tool"]["setuptools"]


def test_every_package_under_tui_is_listed() -> None:
    listed = set(_setuptools()["packages"])
    found = {
        ".".join(init.parent.relative_to(PROJECT).parts)
        for init in (PROJECT / "tui").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found, "no package found under tui/"
    assert found - listed == set(), "packages under tui/ missing from [tool.setuptools] packages"


def test_listed_packages_exist() -> None:
    settings = _setuptools()
    mapped: dict[str, str] = settings.get("package-dir", {})
    for package in settings["packages"]:
        folder = PROJECT / mapped.get(package, package.replace(".", "/"))
        assert folder.is_dir(), f"{package}: no folder {folder}"


def test_package_data_matches_files() -> None:
    settings = _setuptools()
    mapped: dict[str, str] = settings.get("package-dir", {})
    data: dict[str, list[str]] = settings["package-data"]
    for package, patterns in data.items():
        folder = PROJECT / mapped.get(package, package.replace(".", "/"))
        assert any(any(folder.glob(pattern)) for pattern in patterns), f"{package}: no file matches {patterns}"
    assert any((PROJECT / "tui" / "ui").glob("*.tcss")), "the reader's style sheet is not in tui/ui"
    assert (PROJECT / "articles" / "000_6b818919d795fa73.txt").is_file(), "the sample brief is not in articles/"
