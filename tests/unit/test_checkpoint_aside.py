"""A fetch's checkpoint set aside: its commits stay in the write-ahead log until it asks, the copy
into the file then runs beside it, and SQLite's own checkpoints come back after."""

from __future__ import annotations

from pathlib import Path

from tui.models import Article, Block
from tui.store.importing import BatchWriter, brief_rows
from tui.store.store import Store
from tui.text.stem import get_stemmer


def write(store: Store, first: int, count: int) -> None:
    stem = get_stemmer(store.stemmer_name())
    with BatchWriter(store) as writer:
        for i in range(first, first + count):
            text = " ".join(f"كلمة{i * 7919 + j * 104729 % 1000003}" for j in range(120))  # hardly compressible
            writer.add(brief_rows(Article(id=f"c{i}", title=f"خبر {i}", blocks=(Block("text", text),)), stem))


def autocheckpoint(store: Store) -> int:
    return int(store._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])


def test_commits_wait_in_the_log_until_the_checkpoint_is_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with Store.open(path) as store:
        write(store, 0, 10)
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = path.stat().st_size
        with store.checkpoint_aside() as checkpoint:
            assert autocheckpoint(store) == 0
            write(store, 10, 1500)  # well over the 1,000 pages after which SQLite would copy them
            assert Path(f"{path}-wal").stat().st_size > 1000 * 4096
            assert path.stat().st_size == before  # all of it still in the log
            checkpoint()
        assert path.stat().st_size > before + 1000 * 4096  # copied into the file by the thread
        assert autocheckpoint(store) == 1000
        assert store._conn.execute("SELECT count(*) FROM briefs").fetchone()[0] == 1510
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_block_left_without_asking_gives_the_checkpoints_back(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.db") as store:
        store._conn.execute("PRAGMA wal_autocheckpoint = 500")  # whatever it was is given back
        with store.checkpoint_aside():
            write(store, 0, 3)
            assert autocheckpoint(store) == 0
        assert autocheckpoint(store) == 500
    with Store.open(tmp_path / "store.db") as store:
        assert store._conn.execute("SELECT count(*) FROM briefs").fetchone()[0] == 3
