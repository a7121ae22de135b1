"""One brief and what is around it, as the store's methods read them: the whole brief, its list row,
its read-also links both ways, its same-story group and the related briefs.
"""

from __future__ import annotations

import json
import sqlite3

from tui.models import Article, ArticleSummary, Block, LinkRef
from tui.store import bodies
from tui.store.handle import StoreHandle
from tui.store.list_rows import ROW_COLUMNS


class BriefQueries(StoreHandle):
    """The store's methods for one brief: what it holds and what it links to, is linked from and
    shares a story or a topic with."""

    def get(self, brief_id: str) -> Article | None:
        """The whole brief, or None when no brief has that id."""
        sql = (
            "SELECT id, title, {}, source, url, tags, extra, path, encoding, content_hash, feed"
            " FROM briefs WHERE id = ?"
        )
        with self._lock:
            try:
                row = self._conn.execute(sql.format("coalesce(written_date, date)"), (brief_id,)).fetchone()
            except sqlite3.OperationalError as exc:
                if "no such column" not in str(exc):
                    raise
                # A store before schema 15, read as it is by a repair: its dates are as written.
                row = self._conn.execute(sql.format("date"), (brief_id,)).fetchone()
            if row is None:
                return None
            blocks = bodies.blocks(self._conn, brief_id)
        return Article(
            id=row[0],
            title=row[1],
            date=row[2],
            source=row[3],
            url=row[4],
            tags=tuple(json.loads(row[5])),
            extra=tuple((k, v) for k, v in json.loads(row[6])),
            path=row[7],
            encoding=row[8],
            content_hash=row[9],
            blocks=tuple(Block(kind=k, text=t, label=lab, target=tg, href=h) for _, k, t, lab, tg, h in blocks),
            feed=row[10],
        )

    def summary(self, brief_id: str) -> ArticleSummary | None:
        """The brief's row as the list shows it, or None when no brief has that id."""
        with self._lock:
            r = self._conn.execute(
                f"SELECT {ROW_COLUMNS} FROM briefs b LEFT JOIN state s ON s.brief_id = b.id WHERE b.id = ?",
                (brief_id,),
            ).fetchone()
        return ArticleSummary(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], r[7]) if r else None

    def exists(self, brief_id: str) -> bool:
        """True when a brief with that id is stored."""
        with self._lock:
            return self._conn.execute("SELECT 1 FROM briefs WHERE id = ?", (brief_id,)).fetchone() is not None

    def content_hash(self, brief_id: str) -> str | None:
        """The stored content hash of the brief with that id, None when it is not stored."""
        with self._lock:
            row = self._conn.execute("SELECT content_hash FROM briefs WHERE id = ?", (brief_id,)).fetchone()
        return str(row[0]) if row is not None else None

    # -- links -------------------------------------------------------------------------------

    def outgoing(self, brief_id: str) -> list[LinkRef]:
        """The brief's read-also links in order, with their resolved targets (None when not stored)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT text, target, pos FROM links WHERE brief_id = ? ORDER BY pos", (brief_id,)
            ).fetchall()
        return [LinkRef(text=t, target=tg, position=p) for t, tg, p in rows]

    def incoming(self, brief_id: str) -> list[LinkRef]:
        """The briefs that link here ("linked from"), each once, with their titles."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT b.title, b.id, min(l.pos) FROM links l JOIN briefs b ON b.id = l.brief_id"
                " WHERE l.target = ? GROUP BY b.id ORDER BY b.undated, b.date DESC, b.id",
                (brief_id,),
            ).fetchall()
        return [LinkRef(text=t, target=i, position=p) for t, i, p in rows]

    # -- same story, related ----------------------------------------------------------------

    def same_story(self, brief_id: str) -> list[tuple[str, float]]:
        """The other briefs of the brief's same-story group and their similarity to it, most
        similar first (:mod:`tui.store.stories`); ``[]`` when it is alone."""
        from tui.store.stories import same_story

        with self._lock:
            return same_story(self._conn, brief_id)

    def related(self, brief_id: str, limit: int = 8) -> list[tuple[str, float]]:
        """Up to ``limit`` briefs on the same topic that are another story, best first, with a score
        in (0, 1) (:mod:`tui.store.related`); the same-story group and read-also links left out."""
        from tui.store.related import related
        from tui.store.stories import group_ids

        with self._lock:
            row = self._conn.execute("SELECT rowid FROM briefs WHERE id = ?", (brief_id,)).fetchone()
            if row is None:
                return []
            linked = self._conn.execute(
                "SELECT target FROM links WHERE brief_id = ?1 AND target IS NOT NULL"
                " UNION SELECT brief_id FROM links WHERE target = ?1",
                (brief_id,),
            ).fetchall()
            exclude = {brief_id, *group_ids(self._conn, brief_id), *(r[0] for r in linked)}
            return related(self._conn, int(row[0]), exclude, limit)
