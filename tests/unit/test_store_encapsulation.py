"""Nothing outside ``tui/store/`` reaches into a store's connection or lock: it calls Store methods."""

from __future__ import annotations

import ast
import re
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"
PRIVATE = {"conn", "_conn", "lock", "_lock", "writing", "reading"}
"""Attributes of a store that belong to the store package alone."""
STORE_NAME = re.compile(r"(^|[._])store$")
"""An expression that names a store: ``store``, ``self.store``, ``app._store``..."""


def store_internals(source: str) -> list[str]:
    """``line: expression`` for each use of a private store attribute in ``source``."""
    found: list[tuple[int, int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in PRIVATE and STORE_NAME.search(ast.unparse(node.value)):
            found.append((node.lineno, node.col_offset, ast.unparse(node)))
    return [f"{line}: {text}" for line, _, text in sorted(found)]


def test_the_check_finds_each_kind_of_access() -> None:
    source = (
        "with self.store.lock:\n    hits = search(self.store.conn, q)\n"
        "name = stemmer_name(store._conn)\nwith app._store.writing() as c: pass\n"
        "store.search(q); self.lock; conn.execute('x')\n"
    )
    assert store_internals(source) == [
        "1: self.store.lock",
        "2: self.store.conn",
        "3: store._conn",
        "4: app._store.writing",
    ]


def test_no_module_outside_the_store_package_touches_its_connection_or_lock() -> None:
    modules = [p for p in TUI.rglob("*.py") if "store" not in p.relative_to(TUI).parts[:1]]
    assert len(modules) > 20  # the walk found the package
    leaks = {
        str(p.relative_to(TUI)): found for p in modules if (found := store_internals(p.read_text(encoding="utf-8")))
    }
    assert leaks == {}
