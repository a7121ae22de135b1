"""A real store file with one page of its brief texts overwritten, as ``dd`` would do it."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from tui.importing import run_import
from tui.store import bodies
from tui.store.store import Store

PAGE = 4096


def paragraph(n: int) -> str:
    """Brief ``n``'s text: its own words, so that no two briefs are one story (grouped in the list)."""
    return " ".join(f"كلمة{i} word{i} ح{n}x{i}" for i in range(200))


def sound_store(folder: Path, n: int = 300, name: str = "s.db") -> Path:
    """A store of ``n`` briefs ``b0000``… (each its own words) in ``folder``, its log checkpointed
    into the file: what :func:`damaged_store` damages."""
    briefs = folder / "briefs"
    briefs.mkdir(parents=True)
    for i in range(n):
        (briefs / f"b{i:04d}.txt").write_text(f"---\ntitle: خبر رقم {i}\n---\n{paragraph(i)}\n", encoding="utf-8")
    path = folder / name
    with Store.open(path) as store:
        run_import(store, [briefs], progress=False, out=None, workers=0)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def damaged_store(folder: Path, n: int = 300) -> tuple[Path, list[str], list[str]]:
    """A store of ``n`` briefs with one page in the middle of its texts (``bodies``) overwritten by random
    bytes; returns its path, the ids that still read and the ids that do not."""
    path = sound_store(folder, n)
    conn = sqlite3.connect(path)
    pages = [p for (p,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'bodies' AND pagetype = 'leaf'")]
    conn.close()
    page = sorted(pages)[len(pages) // 2]
    with path.open("r+b") as fh:
        fh.seek((page - 1) * PAGE)
        fh.write(random.Random(52).randbytes(PAGE))
    good, bad = [], []
    conn = sqlite3.connect(path)
    for i in range(n):
        try:
            bodies.texts_of(conn, f"b{i:04d}")
            good.append(f"b{i:04d}")
        except sqlite3.DatabaseError:
            bad.append(f"b{i:04d}")
    conn.close()
    assert bad and good
    return path, good, bad
