"""Checking a store file for damage, and saving what can be read from a damaged one into a new file.

:func:`require_sound` is the quick check an import runs first on a store of up to
:data:`QUICK_CHECK_MAX_BYTES`, so that nothing is committed into a damaged file. :func:`check_file`
is ``brief check``: SQLite's ``integrity_check``, every brief's stored text unpacked, and the search
index's own ``integrity-check``. :func:`repair_file` is ``brief check --repair``: the original is
only read (never written), every brief that can still be read is imported into a new store, which
builds its search index afresh, and the reading state, history and feeds follow when readable.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from tui.store import bodies, index, schema, tallies
from tui.store.connect import SQLITE_MAGIC, check_is_brief_store, connect_readonly, may_write
from tui.store.errors import StoreBusyError, StoreDamagedError, StoreError, damaged_message, store_error
from tui.store.importing import BatchWriter, brief_rows, finish_import
from tui.store.store import Store
from tui.text.stem import get_stemmer

MAX_PROBLEMS = 20
"""Problems listed by a check (SQLite can find thousands in one damaged file)."""
READ_FROM_VERSION = 6
"""The oldest schema whose briefs this brief's queries read as they are; an older store is read
through an upgraded copy (:func:`_readable_copy`)."""
CHECKED_FROM_VERSION = 12
"""The oldest schema every part of ``brief check`` reads (the texts as one row a brief since 11, the
kept counts since 12); an older store gets SQLite's integrity check alone."""
QUICK_CHECK_MAX_BYTES = 512 * 1024 * 1024
"""The largest store file an import checks first (about 55,000 briefs; the check reads the whole file:
half a second at this size, 9 s for a million briefs whose file the system has cached, and a minute
and more when it has not)."""


def require_sound(store: Store) -> None:
    """Raise :class:`StoreDamagedError` when SQLite's quick check finds the store damaged.

    Only a store file of up to :data:`QUICK_CHECK_MAX_BYTES` is checked: the check reads all of it,
    and an import of one file into a million-brief store must not wait a minute for it. Damage in a
    larger store is still named as such by whichever write or read meets it (the batch being
    written is rolled back), and ``brief check`` looks through all of it.
    """
    try:
        size = store.path.stat().st_size
    except OSError:
        size = 0  # not on disk yet: nothing to read
    if size > QUICK_CHECK_MAX_BYTES:
        return
    with store._lock:  # noqa: SLF001 - the store package's own
        rows = store._conn.execute("PRAGMA quick_check(1)").fetchall()  # noqa: SLF001
    if [tuple(r) for r in rows] != [("ok",)]:
        lines = [line for line in str(rows[0][0]).splitlines() if not line.startswith("***")]
        raise StoreDamagedError(damaged_message(store.path, lines[0] if lines else "quick check failed"))


BUSY_NOTE = (
    "search index: not checked (another program is writing the store, an import or a fetch);"
    " run brief check again when it is done"
)
"""What the check says when it would check the search index while another program writes the store."""


def check_file(path: Path) -> list[str]:
    """The problems found in the store at ``path`` (empty when it is sound); nothing is changed."""
    return check_with_notes(path)[0]


def check_with_notes(path: Path) -> tuple[list[str], list[str]]:
    """(the problems found in the store at ``path``, what could not be checked); nothing is changed.

    The search index's check is a write statement to SQLite: it runs in a transaction that is
    rolled back, and is skipped (with a note saying so) when the file cannot be written.
    """
    conn = _open_for_check(path)
    problems: list[str] = []
    notes: list[str] = []
    short = cut_short(path)
    if short is not None:
        problems.append(
            f"the file is cut short: it holds {short[0]:,} of its {short[1]:,} pages (a copy or a download"
            " that stopped?); brief check --repair saves what the pages there hold"
        )
    try:
        try:
            rows = conn.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
            # A row may hold several lines ("*** in database main ***" and the problems under it).
            found = [line for r in rows if r[0] != "ok" for line in str(r[0]).splitlines() if line.strip()]
            problems += found[:MAX_PROBLEMS]
        except sqlite3.DatabaseError as exc:
            problems.append(f"integrity check: {_damage(exc, path)}")
        version = _version(conn)
        if version == 0:
            notes.append("no store has been made in this file yet (it holds no table): nothing to check")
            return problems, notes
        if version is not None and version < CHECKED_FROM_VERSION:
            # The other checks read tables an older store does not have yet.
            notes.append(
                f"a store of schema {version} (this brief writes {schema.LATEST}): only SQLite's integrity"
                " check was run; brief upgrades the store when it next opens it (brief stats, say),"
                " then 'brief check' checks the rest"
            )
            return problems, notes
        problems += _unreadable_texts(conn, path)
        problems += _wrong_tallies(conn, path)
        try:
            conn.execute("BEGIN")
            conn.execute(f"INSERT INTO {index.TABLE} ({index.TABLE}) VALUES ('integrity-check')")
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc):
                notes.append("search index: not checked (the file cannot be written)")
            elif isinstance(store_error(exc, path), StoreBusyError):
                # Another program writes the store (an import, a fetch): it is not waited for, the
                # checks above stand, and the index check is for another time.
                notes.append(BUSY_NOTE)
            else:
                problems.append(f"search index: {_damage(exc, path)}")
        except sqlite3.DatabaseError as exc:
            problems.append(f"search index: {_damage(exc, path)}")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    finally:
        conn.close()
    return problems, notes


def _version(conn: sqlite3.Connection) -> int | None:
    """The store's schema version, None when it cannot be read."""
    try:
        return schema.user_version(conn)
    except sqlite3.DatabaseError:
        return None


def _open_for_check(path: Path) -> sqlite3.Connection:
    """A connection for checking the store at ``path`` (read-only when its file or folder cannot be
    written). Raises :class:`StoreError` with a message for a person when it is no brief store, is
    from a newer brief, or cannot be read (the disk, not the store); a damaged one is opened, and
    its damage is what the check reports."""
    try:
        conn = sqlite3.connect(path, isolation_level=None) if may_write(path) else connect_readonly(path)
    except sqlite3.Error as exc:
        raise store_error(exc, path) from None
    _refuse_foreign(conn, path)
    return conn


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Close ``conn`` and raise :class:`StoreError` when it is another program's database, a newer
    brief's store, or cannot be read; a damaged store passes (its damage is what is looked at)."""
    try:
        check_is_brief_store(conn, path)
    except StoreDamagedError:
        pass
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        error = store_error(exc, path)
        if not isinstance(error, StoreDamagedError):
            conn.close()
            raise error from None


def _damage(exc: sqlite3.Error, path: Path) -> str:
    """What ``exc`` says of the store's damage; an error that is not damage (the disk failing or
    full, the file locked) is raised as a :class:`StoreError` saying so: the check cannot go on."""
    error = store_error(exc, path)
    if not isinstance(error, StoreDamagedError):
        raise error from None
    return str(exc)


def _wrong_tallies(conn: sqlite3.Connection, path: Path) -> list[str]:
    """The counts of briefs kept by :mod:`tui.store.tallies` that differ from a count of the briefs
    (none in a store older than the tables)."""
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'tallies'").fetchone() is None:
            return []
        wrong = tallies.recount(conn)
        wrong_tags = tallies.recount_tags(conn)
    except sqlite3.DatabaseError as exc:
        return [f"brief counts: {_damage(exc, path)}"]
    problems = [
        f"brief counts of {f'feed {feed}' if feed else 'the store'}: {kept_b} briefs and {kept_u} unread kept,"
        f" {counted_b} and {counted_u} counted"
        for feed, kept_b, counted_b, kept_u, counted_u in wrong
    ]
    problems += [
        f"brief counts of {kind} {name}: {kept} kept, {counted} counted" for kind, name, kept, counted in wrong_tags
    ]
    return problems[:MAX_PROBLEMS]


def _unreadable_texts(conn: sqlite3.Connection, path: Path) -> list[str]:
    """A line for each brief whose stored text cannot be unpacked (a damaged row SQLite's own check
    cannot see: its page is sound, its bytes are not), at most :data:`MAX_PROBLEMS`."""
    problems: list[str] = []
    try:
        if not bodies.has_bodies(conn):
            return []
        for brief_id, texts in conn.execute("SELECT brief_id, texts FROM bodies"):
            try:
                bodies.unpack(texts)
            except sqlite3.DatabaseError as exc:
                problems.append(f"brief {brief_id}: its text cannot be read ({exc})")
                if len(problems) >= MAX_PROBLEMS:
                    break
    except sqlite3.DatabaseError as exc:
        problems.append(f"brief texts: {_damage(exc, path)}")
    return problems


class RepairReport(NamedTuple):
    """What a repair saved."""

    output: Path
    """The new store."""
    saved: int
    """Briefs copied into it."""
    lost: int
    """Briefs found but not readable."""


def _read_ids(conn: sqlite3.Connection) -> list[str]:
    """Every brief id that can be read, from the table and from each index that lists them.

    A damaged page ends a scan; the ids read before it are kept, and the other scans may reach
    the ones after it.
    """
    ids: dict[str, None] = {}
    for sql in (
        "SELECT id FROM briefs",
        "SELECT id FROM briefs ORDER BY rowid DESC",
        "SELECT id FROM briefs INDEXED BY briefs_list_order ORDER BY undated, date DESC, id",
        "SELECT id FROM briefs INDEXED BY briefs_list_order ORDER BY undated DESC, date, id DESC",
        "SELECT brief_id FROM bodies",
        "SELECT DISTINCT brief_id FROM paragraphs",  # a store of schema 9 or older
        "SELECT brief_id FROM state",
    ):
        try:
            for (brief_id,) in conn.execute(sql):
                ids[str(brief_id)] = None
        except sqlite3.DatabaseError:
            continue
    return list(ids)


def _readable_rows(conn: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    """The rows of ``sql`` read before any damage (none when the table is unreadable)."""
    rows: list[sqlite3.Row] = []
    try:
        rows.extend(conn.execute(sql))
    except sqlite3.DatabaseError:
        pass
    return rows


def repair_file(path: Path, output: Path) -> RepairReport:
    """Copy every readable brief of the store at ``path`` into a new store at ``output``.

    The original is opened read-only; ``output`` must not exist. The new store's search index is
    built from the saved briefs; their reading state, the history and the feeds come along when
    they can be read.
    """
    for suffix in ("-wal", "-shm", "-journal"):  # removed or rewritten whenever the store is opened next
        if output.resolve() == Path(f"{path.resolve()}{suffix}"):
            raise StoreError(f"{output}: is the store's own {suffix[1:]} file; give another --output")
    if output.exists():
        raise StoreError(f"{output}: already exists; give another --output")
    try:
        with _readable_copy(path, output) as readable:
            return _repair(readable, path, output)
    except BaseException:
        _remove_store_files(output)  # no empty or half-written store left for the next try to step over
        raise


def cut_short(path: Path) -> tuple[int, int] | None:
    """(the pages the file holds, the pages its header says it has) when the file is shorter than its
    header says (a copy or a download that stopped), else None. SQLite then takes every page past the
    end for damage, the pages that list the tables among them: nothing at all could be read."""
    try:
        with open(path, "rb") as file:
            header = file.read(100)
            size = os.fstat(file.fileno()).st_size
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None
    page_size = _page_size(header)
    pages = int.from_bytes(header[28:32], "big")
    # The header's count is SQLite's only while the change counter it was written with is current.
    if page_size < 512 or header[24:28] != header[92:96] or pages * page_size <= size:
        return None
    return size // page_size, pages


def _page_size(header: bytes) -> int:
    """The page size an SQLite file's header gives (its first 18 bytes at least; 1 stands for 65536)."""
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def _whole_header_copy(path: Path, copy: Path, pages: int) -> None:
    """``copy``: the store at ``path`` cut to its whole pages, with a header that counts them, so
    that SQLite reads the pages there (and takes only those missing for damage)."""
    shutil.copyfile(path, copy)
    with open(copy, "r+b") as file:
        file.truncate(pages * _page_size(file.read(18)))
        file.seek(28)
        file.write(pages.to_bytes(4, "big"))
    if Path(f"{path}-wal").exists():
        shutil.copyfile(f"{path}-wal", f"{copy}-wal")


@contextmanager
def _readable_copy(path: Path, output: Path) -> Iterator[Path]:
    """``path`` itself; for a file cut short, a copy whose header counts the pages it holds
    (:func:`cut_short`); for a store older than :data:`READ_FROM_VERSION` an upgraded copy of it;
    each beside ``output``, removed afterwards (when the damage is where the upgrade reads, nothing
    can be saved: the store's briefs are read only through today's schema)."""
    short = cut_short(path)
    if short is None:
        with _upgraded_copy(path, output) as readable:
            yield readable
        return
    whole = output.with_name(f".{output.name}.whole")
    _remove_store_files(whole)
    try:
        _whole_header_copy(path, whole, short[0])
        with _upgraded_copy(whole, output, named=path) as readable:
            yield readable
    finally:
        _remove_store_files(whole)


@contextmanager
def _upgraded_copy(path: Path, output: Path, named: Path | None = None) -> Iterator[Path]:
    """``path`` itself, or for a store older than :data:`READ_FROM_VERSION` an upgraded copy of it
    beside ``output``, removed afterwards; ``named``: the store as the user named it, for messages."""
    try:
        conn = connect_readonly(path)
    except sqlite3.DatabaseError:
        yield path  # what can be read is found out by the repair
        return
    try:
        version = _version(conn)
    finally:
        conn.close()
    if version is None or version == 0 or version >= READ_FROM_VERSION:
        yield path
        return
    copy = output.with_name(f".{output.name}.upgrading")
    _remove_store_files(copy)
    try:
        for suffix in ("", "-wal"):
            if Path(f"{path}{suffix}").exists():
                shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
        try:
            Store.open(copy).close()
        except (StoreError, sqlite3.Error):
            raise StoreError(
                f"{named or path}: a store of schema {version}, older than this brief reads without upgrading it, and"
                " damaged where its upgrade reads: nothing could be saved"
            ) from None
        yield copy
    finally:
        _remove_store_files(copy)


def _remove_store_files(path: Path) -> None:
    """Remove a store file and its write-ahead log and index, where they exist."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _repair(path: Path, original: Path, output: Path) -> RepairReport:
    """:func:`repair_file` of the store at ``path`` (``original`` or its upgraded copy)."""
    try:
        source = connect_readonly(path)
    except sqlite3.DatabaseError as exc:  # the schema's own pages are damaged (a truncated file)
        raise StoreError(f"{original}: nothing could be read ({exc}): not even the list of its tables") from None
    try:
        _refuse_foreign(source, original)  # not another program's database, nor a newer brief's
    except sqlite3.DatabaseError as exc:
        source.close()
        raise StoreError(f"{original}: nothing could be read ({exc}): not even the list of its tables") from None
    source.row_factory = sqlite3.Row
    old = Store(source, original, readonly=True)
    saved = lost = 0
    try:
        ids = _read_ids(source)
        with Store.open(output) as new:
            stem = get_stemmer(new.stemmer_name())
            with BatchWriter(new, 1000, fuzzy_links=False) as writer:
                for brief_id in ids:
                    try:
                        article = old.get(brief_id)
                    except StoreError:
                        article = None
                    if article is None:
                        lost += 1
                        continue
                    writer.add(brief_rows(article, stem))
                    saved += 1
            finish_import(new)
            _copy_extras(source, new)
    finally:
        source.close()
    return RepairReport(output, saved, lost)


def _copy_extras(source: sqlite3.Connection, new: Store) -> None:
    """Reading state of the saved briefs, the history and the feeds, as far as they can be read."""
    states = _readable_rows(source, "SELECT brief_id, read, bookmarked, scroll, opened_at FROM state")
    history = _readable_rows(source, "SELECT key, value FROM meta WHERE key IN ('history', 'last_opened')")
    feeds = _readable_rows(source, "SELECT * FROM feeds")
    with new.writing() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO state (brief_id, read, bookmarked, scroll, opened_at)"
            " SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM briefs WHERE id = ?1)",
            [tuple(row) for row in states],
        )
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [tuple(r) for r in history])
        for row in feeds:
            columns = ", ".join(row.keys())
            marks = ", ".join("?" for _ in row.keys())
            conn.execute(f"INSERT OR IGNORE INTO feeds ({columns}) VALUES ({marks})", tuple(row))
