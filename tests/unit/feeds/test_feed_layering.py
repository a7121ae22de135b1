"""tui.feeds imports neither Textual nor sqlite3 (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_feeds_import_neither_textual_nor_sqlite() -> None:
    code = (
        "import sys, pkgutil, importlib, tui.feeds\n"
        "for m in pkgutil.iter_modules(tui.feeds.__path__):\n"
        "    importlib.import_module(f'tui.feeds.{m.name}')\n"
        "names = [m.name for m in pkgutil.iter_modules(tui.feeds.__path__)]\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'sqlite3', '_sqlite3'})\n"
        "assert not bad, bad\n"
        "print(len(names))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 8
