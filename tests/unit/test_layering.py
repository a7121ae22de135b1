"""The core layers (text, store, importers, importing) and the print-only commands never import Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_core_layers_do_not_import_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, tui.text, tui.store, tui.importers, tui.importing\n"
        "for pkg in (tui.text, tui.store, tui.importers, tui.importing):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        "import tui.commands, tui.errors, tui.startup, tui.models, tui.paths\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
        "print('checked', len(sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("checked")


def test_import_contracts_are_kept() -> None:
    """The import-linter contracts in pyproject.toml: the layers, and no Textual below the ui."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    if not lint_imports.exists():
        pytest.skip("import-linter is not installed (pip install import-linter)")
    r = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout
