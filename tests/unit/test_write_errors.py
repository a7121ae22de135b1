"""A write that fails (a full disk, a locked store) names its cause, exits 2 and keeps what was committed.

The disk is a real tmpfs; the store a real SQLite file on it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from tmpfs_helpers import small_tmpfs

from tui import cli
from tui.importing import run as run_module
from tui.store.errors import StoreFullError
from tui.store.store import Store

PARAGRAPH = " ".join(f"كلمة{i} word{i}" for i in range(300))


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"b{i:04d}.txt").write_text(f"---\ntitle: خبر {i}\n---\n{PARAGRAPH} {i}\n", encoding="utf-8")
    return folder


def _count_copy(store: Path, into: Path) -> int:
    """Briefs in a copy of ``store`` (its WAL included) made on a disk with room to recover it."""
    into.mkdir()
    for suffix in ("", "-wal"):
        source = Path(f"{store}{suffix}")
        if source.exists():
            shutil.copy(source, into / f"s.db{suffix}")
    conn = sqlite3.connect(into / "s.db")
    try:
        return int(conn.execute("SELECT count(*) FROM briefs").fetchone()[0])
    finally:
        conn.close()


def test_disk_full_names_the_cause_and_keeps_committed_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _corpus(tmp_path / "briefs", 600)
    monkeypatch.setattr(run_module, "BATCH_SIZE", 50)
    with small_tmpfs(tmp_path / "disk", "3m") as disk:
        store = disk / "s.db"
        code = cli.main(["--store", str(store), "import", str(folder)])
        err = capsys.readouterr().err
        assert code == 2
        assert "Traceback" not in err
        line = err.strip().splitlines()[-1]
        assert line.startswith(f"brief: disk full: {store} (free some space on that disk and try again); "), line
        committed = int(line.split("; ")[1].split()[0])
        assert committed > 0 and committed % 50 == 0
        assert _count_copy(store, tmp_path / "copy") == committed


def test_a_full_disk_is_a_store_error_from_the_store_itself(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk", "1m") as disk:
        with Store.open(disk / "s.db") as store:
            with pytest.raises(StoreFullError, match="disk full: "):
                for i in range(10_000):
                    store.set_meta(f"k{i}", "x" * 4000)


def test_the_reader_says_the_disk_is_full(tmp_path: Path, articles_dir: Path) -> None:
    from tui.importing import run_import
    from tui.ui.session import ReadingSession

    with small_tmpfs(tmp_path / "disk", "2m") as disk:
        path = disk / "s.db"
        with Store.open(path) as store:
            run_import(store, [articles_dir], progress=False, out=None)
        with Store.open(path) as store:
            session = ReadingSession(store)
            brief_id = store.list_rows(0, 1)[0].id
            fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
            try:  # every block left
                while os.write(fd, b"\0" * 4096):
                    pass
            except OSError:
                pass
            finally:
                os.close(fd)
            assert session.toggle_bookmark(brief_id) is None
            assert session.errors == [
                f"could not save reading state: disk full: {path} (free some space on that disk and try again)"
            ]


def test_an_io_error_on_a_full_disk_is_named_disk_full(tmp_path, monkeypatch) -> None:
    """SQLite can report a full disk as an I/O error (the shared-memory file of a WAL store cannot
    grow): with no space left the message says the disk is full and what to do."""
    from collections import namedtuple

    from tui.store import errors

    usage = namedtuple("usage", "total used free")
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"  # type: ignore[attr-defined]
    store = tmp_path / "s.db"
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9, 4096))
    full = errors.store_error(error, store)
    assert isinstance(full, errors.StoreFullError)
    assert str(full) == f"disk full: {store} (free some space on that disk and try again)"
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**8, 9 * 10**8))
    other = errors.store_error(error, store)
    assert not isinstance(other, errors.StoreFullError) and str(other).startswith(f"disk I/O error: {store}")


def test_an_export_to_a_full_disk_leaves_no_empty_file(sample_store, tmp_path: Path, capsys) -> None:
    """The files written before the disk filled are whole; the one that failed is not left empty or
    cut (an import of the folder then read it as a brief with no text)."""
    from tui.cli import main

    sample_store.close()
    store = str(tmp_path / "store.db")
    with small_tmpfs(tmp_path / "disk", "24k") as disk:
        assert main(["--store", store, "export", "--all", "--out", str(disk / "out")]) == 2
        err = capsys.readouterr().err
        written = int(err.split("; ")[-1].split(" briefs were written")[0])
        files = sorted((disk / "out").iterdir())
        assert 0 < written == len(files) < 13
        assert all(f.stat().st_size > 0 and f.read_text(encoding="utf-8").startswith("---\ntitle: ") for f in files)
        assert not [f for f in files if f.name.startswith(".")]


def test_an_opml_export_to_a_full_disk_leaves_the_list_that_was_there(tmp_path: Path, capsys) -> None:
    """``brief opml export FILE`` over an earlier list: the disk filling mid-write left FILE cut short
    (or empty), and the user's list of subscriptions with it."""
    from tui.cli import main
    from tui.feeds.opml import parse_opml

    store = Store.open(tmp_path / "store.db")
    for i in range(300):
        store.add_feed(f"https://news{i}.example/feed.xml", title=f"مصدر الأخبار رقم {i} " + "ن" * 40)
    store.close()
    with small_tmpfs(tmp_path / "disk", "256k") as disk:
        lists = disk / "feeds.opml"
        before = '<?xml version="1.0"?>\n<opml version="2.0"><head/><body><outline xmlUrl="https://a.example/f"/></body></opml>\n'
        lists.write_text(before, encoding="utf-8")
        (disk / "pad").write_bytes(b"\0" * (256 * 1024 - 16384))  # about 16 KB left: less than the new list
        assert main(["--store", str(tmp_path / "store.db"), "opml", "export", str(lists)]) == 2
        assert f"{lists}: cannot be written (" in capsys.readouterr().err
        assert lists.read_text(encoding="utf-8") == before
        assert sorted(p.name for p in disk.iterdir()) == ["feeds.opml", "pad"]  # no partial file left
        (disk / "pad").unlink()
        assert main(["--store", str(tmp_path / "store.db"), "opml", "export", str(lists)]) == 0
        assert len(parse_opml(lists.read_bytes(), str(lists)).subscriptions) == 300


def test_on_a_full_disk_the_commands_that_only_read_still_read(tmp_path: Path, capsys) -> None:
    """Opening the store for writing fails on a full disk (SQLite makes its shared-memory file), and
    list, show and search failed with it, "disk full", though they write nothing. They now read the
    store as it is; an import still says the disk is full."""
    from tui.cli import main

    with small_tmpfs(tmp_path / "disk", "2m") as disk:
        store = str(disk / "s.db")
        assert main(["--store", store, "list"]) == 0  # a new store, with the sample briefs
        listed = capsys.readouterr().out
        with open(disk / "pad", "wb", buffering=0) as pad:  # the rest of the disk
            try:
                while True:
                    pad.write(b"\0" * 4096)
            except OSError:
                pass
        assert main(["--store", store, "list"]) == 0
        assert capsys.readouterr().out == listed
        assert main(["--store", store, "search", "إدلب", "--json"]) == 0
        assert "001_turkey_idlib_first_military_step" in capsys.readouterr().out
        assert main(["--store", store, "show", "009_harakat_proverbs", "--logical"]) == 0
        assert "الْعِلْمُ نُورٌ" in capsys.readouterr().out
        assert main(["--store", store, "rm", "009_harakat_proverbs"]) == 2
        assert capsys.readouterr().err.startswith(f"brief: disk full: {store}")
