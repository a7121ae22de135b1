"""Writing briefs into the store: idempotent, one transaction per batch.

An unchanged file (same content hash, same id) changes nothing; a changed one replaces its brief in
place, keeping its reading state. The search index and link targets are updated in the same
transaction, so a crash leaves either the whole batch or none of it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from tui.models import Article
from tui.store import index
from tui.store.links import resolve_dangling, resolve_links
from tui.store.store import Store
from tui.store.index import Columns
from tui.text.normalize import normalize_title
from tui.text.stem import Stemmer, get_stemmer


@dataclass
class BatchResult:
    """What one batch did."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    """Lines for the user, e.g. a brief updated from a file in another folder."""

    def add(self, other: "BatchResult") -> None:
        """Add another batch's counts and notes to this one."""
        self.imported += other.imported
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.notes.extend(other.notes)


def import_batch(
    store: Store,
    articles: Iterable[Article],
    *,
    fuzzy_links: bool = True,
    columns: Sequence[Columns | None] | None = None,
) -> BatchResult:
    """Write a batch of briefs in one transaction and re-resolve the links they touch.

    A bulk import passes ``fuzzy_links=False`` for each batch (exact titles only) and calls
    :func:`finish_import` once at the end, so that fuzzy matching costs once, not once a batch.
    ``columns``, when given, holds each brief's search index columns computed ahead
    (:func:`tui.store.index.index_columns` with the store's stemmer), in the order of ``articles``.
    """
    articles = list(articles)
    ahead = list(columns) if columns is not None else [None] * len(articles)
    if len(ahead) != len(articles):
        raise ValueError("columns must match articles one for one")
    result = BatchResult()
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with store.writing() as conn:
        stem = get_stemmer(index.stemmer_name(conn)) if None in ahead else None
        changed: list[str] = []
        for article, cols in zip(articles, ahead):
            if _write_one(conn, article, now, result, cols, stem):
                changed.append(article.id)
        resolve_links(conn, changed, fuzzy=fuzzy_links)
    return result


def _write_one(
    conn: sqlite3.Connection,
    article: Article,
    now: str,
    result: BatchResult,
    columns: Columns | None,
    stem: Stemmer | None,
) -> bool:
    """Insert or update one brief; returns True when the store changed.

    ``columns`` are its index columns when computed ahead; else they are computed with ``stem``.
    """
    row = conn.execute(
        "SELECT rowid, content_hash, path FROM briefs WHERE id = ?", (article.id,)
    ).fetchone()
    if row is not None and row[1] == article.content_hash:
        if article.path and row[2] != article.path:
            conn.execute("UPDATE briefs SET path = ? WHERE rowid = ?", (article.path, row[0]))
        result.unchanged += 1
        return False
    values = (
        article.title,
        normalize_title(article.title),
        article.date,
        int(article.date is None),
        article.source,
        article.url,
        json.dumps(list(article.tags), ensure_ascii=False),
        json.dumps([list(kv) for kv in article.extra], ensure_ascii=False),
        article.path,
        article.encoding,
        article.content_hash,
        now,
    )
    if row is None:
        cur = conn.execute(
            "INSERT INTO briefs (title, title_norm, date, undated, source, url, tags, extra, path,"
            " encoding, content_hash, imported_at, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (*values, article.id),
        )
        rowid = int(cur.lastrowid or 0)
        result.imported += 1
    else:
        rowid = int(row[0])
        conn.execute(
            "UPDATE briefs SET title=?, title_norm=?, date=?, undated=?, source=?, url=?, tags=?,"
            " extra=?, path=?, encoding=?, content_hash=?, imported_at=? WHERE rowid = ?",
            (*values, rowid),
        )
        conn.execute("DELETE FROM paragraphs WHERE brief_id = ?", (article.id,))
        conn.execute("DELETE FROM links WHERE brief_id = ?", (article.id,))
        result.updated += 1
        if article.path and row[2] and row[2] != article.path:
            result.notes.append(f"updated {article.id} from {article.path} (was {row[2]})")
    paragraphs = []
    links = []
    for pos, block in enumerate(article.blocks):
        if block.kind == "link":
            links.append((article.id, pos, block.label, block.text, normalize_title(block.text)))
        else:
            paragraphs.append((article.id, pos, block.text))
    conn.executemany("INSERT INTO paragraphs (brief_id, pos, text) VALUES (?,?,?)", paragraphs)
    conn.executemany(
        "INSERT INTO links (brief_id, pos, label, text, text_norm) VALUES (?,?,?,?,?)", links
    )
    if columns is None:
        assert stem is not None
        columns = index.article_columns(article, stem)
    index.index_brief(conn, rowid, columns, replace=row is not None)
    return True


def finish_import(store: Store) -> int:
    """Resolve, fuzzy pass included, the links still unresolved after a bulk import."""
    with store.writing() as conn:
        return resolve_dangling(conn)


def remove_briefs(store: Store, ids: Iterable[str]) -> int:
    """Delete briefs (their paragraphs, links and state go with them); links to them become unresolved."""
    removed = 0
    with store.writing() as conn:
        for brief_id in ids:
            row = conn.execute("SELECT rowid FROM briefs WHERE id = ?", (brief_id,)).fetchone()
            if row is None:
                continue
            index.unindex_brief(conn, int(row[0]))
            conn.execute("DELETE FROM briefs WHERE rowid = ?", (row[0],))
            removed += 1
    return removed
