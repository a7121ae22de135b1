"""The store's schema and its migrations, versioned by ``PRAGMA user_version``.

Each migration takes the store from version ``n - 1`` to ``n`` inside one transaction, so a store
of any older version is brought up to date when it is opened, and a crash mid-way leaves it at the
version it had.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SCHEMA_V1 = """
CREATE TABLE briefs (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    title_norm   TEXT NOT NULL,
    date         TEXT,
    undated      INTEGER NOT NULL,
    source       TEXT,
    url          TEXT,
    tags         TEXT NOT NULL DEFAULT '[]',
    extra        TEXT NOT NULL DEFAULT '[]',
    path         TEXT,
    encoding     TEXT NOT NULL DEFAULT 'utf-8',
    content_hash TEXT NOT NULL,
    imported_at  TEXT NOT NULL
);
CREATE INDEX briefs_list_order ON briefs (undated, date DESC, id);
CREATE INDEX briefs_title_norm ON briefs (title_norm);

CREATE TABLE paragraphs (
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    pos      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (brief_id, pos)
) WITHOUT ROWID;

CREATE TABLE links (
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    pos      INTEGER NOT NULL,
    label    TEXT NOT NULL,
    text     TEXT NOT NULL,
    text_norm TEXT NOT NULL,
    target   TEXT REFERENCES briefs(id) ON DELETE SET NULL,
    PRIMARY KEY (brief_id, pos)
) WITHOUT ROWID;
CREATE INDEX links_target ON links (target);
CREATE INDEX links_text_norm ON links (text_norm) WHERE target IS NULL;

CREATE TABLE state (
    brief_id   TEXT PRIMARY KEY REFERENCES briefs(id) ON DELETE CASCADE,
    read       INTEGER NOT NULL DEFAULT 0,
    bookmarked INTEGER NOT NULL DEFAULT 0,
    scroll     INTEGER NOT NULL DEFAULT 0,
    opened_at  TEXT
) WITHOUT ROWID;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT
) WITHOUT ROWID;
"""


APPLICATION_ID = 0x62726966
"""``PRAGMA application_id`` of a brief store ("brif"): how brief knows a file is its own."""
OWN_TABLES = frozenset({"briefs", "links", "state", "meta"})
"""Tables every brief store has had since version 1 (how the stores older than the application id are
known; ``paragraphs`` was one of them up to version 9)."""


def _migrate_1(conn: sqlite3.Connection) -> None:
    """Version 1: briefs, their paragraphs and links, reading state."""
    # executescript() would commit the migration's transaction: run the statements one by one.
    for statement in SCHEMA_V1.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migrate_2(conn: sqlite3.Connection) -> None:
    """Version 2: the full-text search index, filled from the briefs already stored."""
    from tui.store import index

    index.create_schema(conn)
    index.reindex_all(conn)


def _migrate_3(conn: sqlite3.Connection) -> None:
    """Version 3: the index rebuilt with FTS5's ``ascii`` tokenizer and three-letter prefixes only.

    Any later change to how the index is built (folding, splitting, stemming, table options)
    rebuilds it the same way: the index must always match what :func:`tui.store.index.index_columns`
    computes from the stored briefs, or removing a brief from it would go wrong.
    """
    from tui.store import index

    stemmer = index.stemmer_name(conn)
    conn.execute(f"DROP TABLE {index.TABLE}")
    index.create_schema(conn, stemmer)
    index.reindex_all(conn)


def _migrate_4(conn: sqlite3.Connection) -> None:
    """Version 4: the index made contentless (it kept a copy of every brief's words) and rebuilt.

    A store coming from version 2 got that index from migration 3 already and is not rebuilt twice.
    """
    from tui.store import index

    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (index.TABLE,)).fetchone()[0]
    if "content=''" not in sql:
        _migrate_3(conn)


def _migrate_5(conn: sqlite3.Connection) -> None:
    """Version 5: the index merges its segments 32 at a time, not 16 (no rebuild)."""
    from tui.store import index

    index.configure(conn)


SCHEMA_V6 = """
CREATE TABLE IF NOT EXISTS feeds (
    url           TEXT PRIMARY KEY,
    id_base       TEXT NOT NULL,
    title         TEXT,
    user_title    INTEGER NOT NULL DEFAULT 0,
    tags          TEXT NOT NULL DEFAULT '[]',
    fulltext      INTEGER NOT NULL DEFAULT 0,
    etag          TEXT,
    last_modified TEXT,
    last_fetch    TEXT,
    last_status   TEXT,
    error         TEXT,
    gone          INTEGER NOT NULL DEFAULT 0,
    retry_at      TEXT,
    added_at      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS briefs_feed ON briefs (feed, undated, date DESC, id) WHERE feed IS NOT NULL;
CREATE INDEX IF NOT EXISTS briefs_url ON briefs (url) WHERE url IS NOT NULL;
CREATE INDEX IF NOT EXISTS links_href ON links (href) WHERE href IS NOT NULL AND target IS NULL
"""


def _migrate_6(conn: sqlite3.Connection) -> None:
    """Version 6: feed subscriptions, the feed each brief came from, and the URL a read-also line linked to."""
    for table, column in (("briefs", "feed"), ("links", "href")):
        if column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    for statement in SCHEMA_V6.split(";"):
        if statement.strip():
            conn.execute(statement)


SCHEMA_V7 = """
CREATE TABLE IF NOT EXISTS removed (
    id         TEXT PRIMARY KEY,
    feed       TEXT NOT NULL,
    removed_at TEXT NOT NULL
) WITHOUT ROWID
"""


def _migrate_7(conn: sqlite3.Connection) -> None:
    """Version 7: feed briefs removed by hand or by pruning (so a fetch does not bring them back),
    and how many days each feed keeps its briefs."""
    if "keep_days" not in {row[1] for row in conn.execute("PRAGMA table_info(feeds)")}:
        conn.execute("ALTER TABLE feeds ADD COLUMN keep_days INTEGER")
    conn.execute(SCHEMA_V7)


_TAGS_OF_NEW = (
    "INSERT OR IGNORE INTO brief_tags (tag, brief_id)"
    " SELECT value, NEW.id FROM json_each(NEW.tags) WHERE type = 'text' AND value <> ''"
)
_FLAGS_OF_NEW = "UPDATE briefs SET is_read = NEW.read, is_bookmarked = NEW.bookmarked WHERE id = NEW.brief_id"
SCHEMA_V8 = (
    """CREATE TABLE IF NOT EXISTS brief_tags (
        tag      TEXT NOT NULL,
        brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
        PRIMARY KEY (tag, brief_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS brief_tags_brief ON brief_tags (brief_id)",
    f"CREATE TRIGGER IF NOT EXISTS briefs_tags_insert AFTER INSERT ON briefs BEGIN {_TAGS_OF_NEW}; END",
    "CREATE TRIGGER IF NOT EXISTS briefs_tags_update AFTER UPDATE OF id, tags ON briefs BEGIN"
    f" DELETE FROM brief_tags WHERE brief_id = OLD.id; {_TAGS_OF_NEW}; END",
    "INSERT OR IGNORE INTO brief_tags (tag, brief_id) SELECT j.value, b.id FROM briefs b, json_each(b.tags) j"
    " WHERE j.type = 'text' AND j.value <> ''",
    f"CREATE TRIGGER IF NOT EXISTS state_flags_insert AFTER INSERT ON state BEGIN {_FLAGS_OF_NEW}; END",
    "CREATE TRIGGER IF NOT EXISTS state_flags_update AFTER UPDATE OF read, bookmarked ON state"
    f" WHEN OLD.read IS NOT NEW.read OR OLD.bookmarked IS NOT NEW.bookmarked BEGIN {_FLAGS_OF_NEW}; END",
    "CREATE TRIGGER IF NOT EXISTS state_flags_delete AFTER DELETE ON state BEGIN"
    " UPDATE briefs SET is_read = 0, is_bookmarked = 0 WHERE id = OLD.brief_id; END",
    "UPDATE briefs SET is_read = s.read, is_bookmarked = s.bookmarked FROM state s"
    " WHERE s.brief_id = briefs.id AND (s.read OR s.bookmarked)",
    "CREATE INDEX IF NOT EXISTS briefs_unread ON briefs (undated, date DESC, id) WHERE is_read = 0",
    "CREATE INDEX IF NOT EXISTS briefs_bookmarked ON briefs (undated, date DESC, id) WHERE is_bookmarked = 1",
    "CREATE INDEX IF NOT EXISTS briefs_oldest ON briefs (undated, date, id, is_read, is_bookmarked)",
    "CREATE INDEX IF NOT EXISTS briefs_title_order ON briefs (title_norm, id, is_read, is_bookmarked)",
    "CREATE INDEX IF NOT EXISTS briefs_source_order ON briefs (source, undated, date DESC, id, is_read, is_bookmarked)",
)
"""Version 8's statements, in order (triggers hold semicolons: one statement per item)."""


def _migrate_8(conn: sqlite3.Connection) -> None:
    """Version 8: what filtering and sorting the list needs.

    Each brief's tags in a table of their own (``brief_tags``) and its read and bookmarked flags
    copied onto its row (``is_read``, ``is_bookmarked``), both kept in step by triggers, so whatever
    writes a brief or its state (an import, a fetch, the reader, a repair) keeps them right and a
    filter is an index lookup rather than a scan; an index per order of the list (oldest first, by
    title, by source) that carries the flags, and partial indexes of the unread and bookmarked briefs.
    """
    columns = {row[1] for row in conn.execute("PRAGMA table_info(briefs)")}
    for column in ("is_read", "is_bookmarked"):
        if column not in columns:
            conn.execute(f"ALTER TABLE briefs ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
    for statement in SCHEMA_V8:
        conn.execute(statement)


def _migrate_9(conn: sqlite3.Connection) -> None:
    """Version 9: same-story sketches and groups, computed for the briefs already stored."""
    from tui.store import stories, story_fill

    stories.create_schema(conn)
    story_fill.fill_all(conn)


SCHEMA_V10 = (
    "DROP INDEX IF EXISTS briefs_oldest",
    "CREATE INDEX briefs_oldest ON briefs (undated, date, id, is_read, is_bookmarked, source, feed)",
    "DROP INDEX IF EXISTS briefs_title_order",
    "CREATE INDEX briefs_title_order ON briefs (title_norm, id, is_read, is_bookmarked, source, undated, date, feed)",
    "DROP INDEX IF EXISTS briefs_source_order",
    "CREATE INDEX briefs_source_order ON briefs (source, undated, date DESC, id, is_read, is_bookmarked, feed)",
)
"""Version 10's statements, in order."""


def _migrate_10(conn: sqlite3.Connection) -> None:
    """Version 10: the indexes of the list's orders (oldest first, by title, by source) carry every
    column a filter tests (source, day, feed, flags), so a filter combined with an order other than
    its own is read in order from the order's index, testing each entry there, rather than sorted
    for every page (see :mod:`tui.store.list_plan`)."""
    for statement in SCHEMA_V10:
        conn.execute(statement)


SCHEMA_V11 = """
CREATE TABLE bodies (
    brief_id TEXT PRIMARY KEY REFERENCES briefs(id) ON DELETE CASCADE,
    texts    BLOB NOT NULL
)
"""


def _migrate_11(conn: sqlite3.Connection) -> None:
    """Version 11: each brief's paragraphs compressed into one row of ``bodies`` (see
    :mod:`tui.store.bodies`), the ``paragraphs`` table dropped; the search index is kept.

    The space the old table took is given back by the ``VACUUM`` that :func:`migrate` runs after
    this migration (:data:`VACUUM_AFTER`), which also turns on incremental vacuuming
    (:mod:`tui.store.space`).
    """
    from tui.store import bodies

    if bodies.has_bodies(conn):  # a store whose version number was set back by hand: nothing to convert
        return
    conn.execute(SCHEMA_V11)
    current: str | None = None
    texts: list[str] = []
    # One pass over the old table in its key order: each brief's paragraphs come together, by pos.
    for brief_id, text in conn.execute("SELECT brief_id, text FROM paragraphs ORDER BY brief_id, pos"):
        if brief_id != current:
            if current is not None:
                bodies.write(conn, current, bodies.pack(texts))
            current, texts = brief_id, []
        texts.append(text)
    if current is not None:
        bodies.write(conn, current, bodies.pack(texts))
    conn.execute(
        "INSERT INTO bodies (brief_id, texts) SELECT id, ? FROM briefs"
        " WHERE NOT EXISTS (SELECT 1 FROM bodies WHERE brief_id = briefs.id)",
        (bodies.pack([]),),
    )
    conn.execute("DROP TABLE paragraphs")


def _migrate_12(conn: sqlite3.Connection) -> None:
    """Version 12: how many briefs there are and how many unread, in all and per feed, and how many
    have each tag and each source, kept in tables by triggers (see :mod:`tui.store.tallies`), so the
    counts above the list and in the tag and source choosers read a row rather than a whole index."""
    from tui.store import tallies

    tallies.create_schema(conn)


def _migrate_13(conn: sqlite3.Connection) -> None:
    """Version 13: each same-story sketch's mask (``story_sketch.mask``, see
    :func:`tui.text.story.mask`), made from the stored sketches (a few seconds for 100,000 briefs)."""
    from tui.store import stories

    stories.add_masks(conn)


def _migrate_14(conn: sqlite3.Connection) -> None:
    """Version 14: ``story_keys_new``, where a writer appends the same-story keys it adds until it
    puts them into ``story_keys`` in key order (see :mod:`tui.store.stories`)."""
    from tui.store import stories

    stories.create_schema(conn)


def _migrate_15(conn: sqlite3.Connection) -> None:
    """Version 15: ``briefs.date`` sorts in time order across time zones (see
    :func:`tui.text.dates.sortable_date`): a date with a time becomes the same moment in UTC there (a
    time without a zone taken in this machine's), and is kept as written in ``briefs.written_date``
    (NULL when the two are the same).
    Before, ``2024-05-01T09:00:00+03:00`` (06:00 UTC) sorted as newer than ``2024-05-01T07:00:00Z``."""
    from tui.text.dates import sortable_date

    columns = {row[1] for row in conn.execute("PRAGMA table_info(briefs)")}
    if "written_date" not in columns:
        conn.execute("ALTER TABLE briefs ADD COLUMN written_date TEXT")
    changed = [
        (key, written, rowid)
        for rowid, written in conn.execute(
            "SELECT rowid, date FROM briefs WHERE length(date) > 10 AND written_date IS NULL"
        ).fetchall()
        if (key := sortable_date(written)) != written
    ]
    conn.executemany("UPDATE briefs SET date = ?, written_date = ? WHERE rowid = ?", changed)


def _migrate_16(conn: sqlite3.Connection) -> None:
    """Version 16: two short briefs' similarity is counted, not estimated (see
    :func:`tui.text.story.similarity`): the stored groups are checked again and split where their
    members are no longer one story (:func:`tui.store.stories.recheck_groups`)."""
    from tui.store import stories

    stories.recheck_groups(conn)


def _migrate_17(conn: sqlite3.Connection) -> None:
    """Version 17: a brief too short for its shingles to tell its story gets an exact sketch (see
    :func:`tui.text.story.exact_sketch`), so that the same short entry from two feeds is one story:
    the stored briefs without a sketch are sketched and grouped (:func:`tui.store.story_fill.fill_missing`)."""
    from tui.store import story_fill

    story_fill.fill_missing(conn)


def _migrate_18(conn: sqlite3.Connection) -> None:
    """Version 18: the URL whose ids a feed's briefs bear, kept when a feed that moved (a permanent
    redirect: its ids stayed those of the URL it was subscribed with) is unsubscribed and its briefs
    stay, so that subscribing to its new URL again finds them again (:mod:`tui.store.feeds`)."""
    conn.execute("CREATE TABLE IF NOT EXISTS feed_bases (url TEXT PRIMARY KEY, id_base TEXT NOT NULL) WITHOUT ROWID")


def _migrate_19(conn: sqlite3.Connection) -> None:
    """Version 19: a hamza on waw or yeh folds to the hamza alone (:mod:`tui.text.normalize`: مسئول
    finds مسؤول), and Latin diacritics and fullwidth forms fold away (cafe finds Café). Everything
    folded that the store keeps is made again by version 20's pass, which folds with the rules of
    this brief (these and version 20's): done here too, a store of 18 would pay for it twice."""


def _migrate_20(conn: sqlite3.Connection) -> None:
    """Version 20: a hamza after yeh or alef maksura folds as the hamza on its seat (القارىء finds
    القارئ, شيء finds شئ), and the Persian and Urdu forms of kaf, yeh and heh (ک ی ہ) as the Arabic
    letters (:mod:`tui.text.normalize`). Everything folded that the store keeps is made again: the
    folded titles and read-also lines, the search index and the same-story sketches and groups (one
    pass, :func:`tui.store.story_fill.refill_all`); read-also lines that now name a title are resolved."""
    from tui.store import links, story_fill
    from tui.text.normalize import normalize_title

    titles = conn.execute("SELECT rowid, title, title_norm FROM briefs")
    conn.executemany(
        "UPDATE briefs SET title_norm = ? WHERE rowid = ?",
        [(norm, rowid) for rowid, title, old in titles if (norm := normalize_title(title)) != old],
    )
    lines = conn.execute("SELECT brief_id, pos, text, text_norm FROM links")
    conn.executemany(
        "UPDATE links SET text_norm = ? WHERE brief_id = ? AND pos = ?",
        [(norm, brief_id, pos) for brief_id, pos, text, old in lines if (norm := normalize_title(text)) != old],
    )
    story_fill.refill_all(conn)
    links.resolve_dangling(conn)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_1,
    _migrate_2,
    _migrate_3,
    _migrate_4,
    _migrate_5,
    _migrate_6,
    _migrate_7,
    _migrate_8,
    _migrate_9,
    _migrate_10,
    _migrate_11,
    _migrate_12,
    _migrate_13,
    _migrate_14,
    _migrate_15,
    _migrate_16,
    _migrate_17,
    _migrate_18,
    _migrate_19,
    _migrate_20,
]
"""``MIGRATIONS[n - 1]`` brings a store from version ``n - 1`` to ``n``."""

LATEST = len(MIGRATIONS)
REBUILT_BELOW = 4
"""A store of a version below this one has its search index rebuilt when upgraded (it takes a while)."""
SLOW_MIGRATIONS: frozenset[Callable[[sqlite3.Connection], None]] = frozenset({_migrate_9, _migrate_11, _migrate_20})
"""Migrations that compute something for every brief (same-story sketches, compressed texts: about a
minute each for 100,000 briefs): the user is told first, as for an index rebuild."""
VACUUM_AFTER: frozenset[Callable[[sqlite3.Connection], None]] = frozenset({_migrate_11})
"""Migrations that free much of the file: :func:`migrate` runs ``VACUUM`` after them."""


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` before the block, ``COMMIT`` after it, ``ROLLBACK`` when it raises.

    A failed COMMIT (disk full, Ctrl+C) may have ended the transaction already; the rollback is
    then skipped, and a rollback that fails itself never hides the error that caused it.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the first error is the one to report
        raise


def migrate(conn: sqlite3.Connection, target: int = LATEST, on_rebuild: Callable[[], None] | None = None) -> int:
    """Apply every migration from the file's version up to ``target``; returns the new version.

    The version is read again inside each migration's write transaction, so two processes opening
    a new or old store at once never both migrate it: the second finds the work done.
    ``on_rebuild`` is called once, before a migration that rebuilds the search index or rewrites
    every brief (:data:`SLOW_MIGRATIONS`); after a migration in :data:`VACUUM_AFTER`, the file is
    compacted (``VACUUM``) once the upgrade is committed.
    """
    first = True
    vacuum = created = False
    while True:
        with transaction(conn):
            version = user_version(conn)
            created = created or (first and version == 0)
            if version >= target:
                if version and conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                break
            slow = version < REBUILT_BELOW or any(MIGRATIONS[v] in SLOW_MIGRATIONS for v in range(version, target))
            if first and version > 0 and slow and on_rebuild is not None:
                on_rebuild()
            first = False
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            # A new store (version 0) has nothing to give back.
            vacuum = vacuum or (not created and MIGRATIONS[version] in VACUUM_AFTER)
    if vacuum:
        try:
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # applied by the VACUUM: see tui.store.space
            conn.execute("VACUUM")
        except sqlite3.OperationalError:
            pass  # another program has the store open: the free pages are reused by later writes
    return version
