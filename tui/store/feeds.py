"""Feed subscriptions in the store: who is subscribed to what, and how each fetch went.

A feed's briefs are ordinary briefs whose ``feed`` column names the feed's URL. Each feed keeps the
URL it was subscribed with (``id_base``), from which its briefs' ids are derived, so a feed that
moves (a permanent redirect) keeps the same ids. The functions here run on the store's connection
inside the caller's lock or transaction; :class:`tui.store.store.Store` wraps them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tui.models import Feed
from tui.text.limits import cut_name, limit_tags
from tui.text.normalize import normalize_title

_COLUMNS = (
    "f.url, f.id_base, f.title, f.user_title, f.tags, f.fulltext, f.etag, f.last_modified, f.last_fetch,"
    " f.last_status, f.error, f.gone, f.retry_at, f.added_at"
)
_COUNTS = (
    "coalesce((SELECT t.briefs FROM tallies t WHERE t.feed = f.url), 0),"
    " coalesce((SELECT t.unread FROM tallies t WHERE t.feed = f.url), 0)"
)
"""A feed's briefs and unread briefs, as :mod:`tui.store.tallies` keeps them."""


def _now() -> str:
    """The current time, UTC, to the second, in ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _feed(row: Sequence[object]) -> Feed:
    """A :class:`Feed` from a row of ``_COLUMNS`` then the two counts."""
    return Feed(
        url=str(row[0]),
        id_base=str(row[1]),
        title=row[2] if isinstance(row[2], str) else None,
        user_title=bool(row[3]),
        tags=tuple(json.loads(str(row[4]))),
        fulltext=bool(row[5]),
        etag=row[6] if isinstance(row[6], str) else None,
        last_modified=row[7] if isinstance(row[7], str) else None,
        last_fetch=row[8] if isinstance(row[8], str) else None,
        last_status=row[9] if isinstance(row[9], str) else None,
        error=row[10] if isinstance(row[10], str) else None,
        gone=bool(row[11]),
        retry_at=row[12] if isinstance(row[12], str) else None,
        added_at=str(row[13]),
        items=int(row[14]) if isinstance(row[14], int) else 0,
        unread=int(row[15]) if isinstance(row[15], int) else 0,
    )


def list_feeds(conn: sqlite3.Connection) -> list[Feed]:
    """Every subscription with its brief and unread counts, by title as the list sorts titles (the
    hamza forms of alef, taa marbuta and harakat folded, case ignored), then URL."""
    feeds = [_feed(row) for row in conn.execute(f"SELECT {_COLUMNS}, {_COUNTS} FROM feeds f").fetchall()]
    return sorted(feeds, key=lambda f: (normalize_title(f.title or f.url).casefold(), f.url))


def get_feed(conn: sqlite3.Connection, url: str) -> Feed | None:
    """The subscription to ``url``, or None."""
    row = conn.execute(f"SELECT {_COLUMNS}, {_COUNTS} FROM feeds f WHERE f.url = ?", (url,)).fetchone()
    return _feed(row) if row else None


def find_feeds(conn: sqlite3.Connection, url_or_title: str) -> list[Feed]:
    """The subscriptions whose URL is ``url_or_title``, else whose title is (case folded)."""
    feed = get_feed(conn, url_or_title)
    if feed is not None:
        return [feed]
    wanted = url_or_title.strip().casefold()
    return [f for f in list_feeds(conn) if (f.title or "").strip().casefold() == wanted]


def add_feed(
    conn: sqlite3.Connection,
    url: str,
    *,
    title: str | None,
    tags: Iterable[str],
    fulltext: bool,
    id_base: str | None = None,
) -> bool:
    """Subscribe to ``url``; returns False (and changes nothing) when already subscribed.

    A feed that was marked gone (HTTP 410) and is added again is revived. The title and tags are
    cut as a brief's are (:mod:`tui.text.limits`): they name the feed, they are not documents. Its
    briefs take their ids from ``id_base`` when given (the URL typed, when it redirects to ``url``
    and the store keeps briefs of an earlier subscription to it), else from ``url``.
    """
    title = cut_name(title) if title is not None else None
    tags = limit_tags(tags)
    existing = get_feed(conn, url)
    if existing is not None:
        if not existing.gone:
            return False
        conn.execute("UPDATE feeds SET gone = 0, error = NULL, retry_at = NULL WHERE url = ?", (url,))
        return True
    # A feed that moved and was unsubscribed, its briefs kept: their ids are still those of the URL
    # it was first subscribed with, and so are those of the briefs it brings now.
    row = conn.execute("SELECT id_base FROM feed_bases WHERE url = ?", (url,)).fetchone()
    conn.execute("DELETE FROM feed_bases WHERE url = ?", (url,))
    conn.execute(
        "INSERT INTO feeds (url, id_base, title, user_title, tags, fulltext, added_at) VALUES (?,?,?,?,?,?,?)",
        (
            url,
            str(row[0]) if row else id_base or url,
            title,
            int(title is not None),
            json.dumps(list(dict.fromkeys(tags)), ensure_ascii=False),
            int(fulltext),
            _now(),
        ),
    )
    if row is None and id_base is not None and id_base != url and get_feed(conn, id_base) is None:
        # the briefs kept from the subscription at id_base are this feed's again (as a move makes them)
        conn.execute("UPDATE briefs SET feed = ? WHERE feed = ?", (url, id_base))
    return True


def holds_ids(conn: sqlite3.Connection, prefix: str) -> bool:
    """Whether any brief's id starts with ``prefix`` (a feed's id prefix: briefs that an earlier
    subscription left), by the ids' index."""
    end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return conn.execute("SELECT 1 FROM briefs WHERE id >= ? AND id < ? LIMIT 1", (prefix, end)).fetchone() is not None


def remove_feed(conn: sqlite3.Connection, url: str, *, purge: bool) -> int:
    """Unsubscribe; with ``purge`` its briefs are deleted too. Returns how many briefs were deleted.

    Without ``purge``, a feed that moved keeps the URL its briefs' ids come from in ``feed_bases``,
    so that :func:`add_feed` of its new URL finds those briefs again rather than storing them twice."""
    removed = 0
    if purge:
        from tui.store import index

        rows = conn.execute("SELECT rowid, id FROM briefs WHERE feed = ?", (url,)).fetchall()
        for rowid, brief_id in rows:
            index.unindex_brief(conn, int(rowid))
            conn.execute("DELETE FROM briefs WHERE id = ?", (brief_id,))
        removed = len(rows)
        conn.execute("DELETE FROM feed_bases WHERE url = ?", (url,))
    else:
        # Its briefs stay: a feed that moved remembers whose ids they bear (see add_feed).
        conn.execute(
            "INSERT OR REPLACE INTO feed_bases (url, id_base)"
            " SELECT url, id_base FROM feeds WHERE url = ? AND id_base != url",
            (url,),
        )
    conn.execute("DELETE FROM feeds WHERE url = ?", (url,))
    return removed


@dataclass(frozen=True)
class FetchRecord:
    """What one fetch of a feed leaves in its subscription."""

    url: str
    """The feed's URL as stored when the fetch started."""
    status: str
    """``"200"``, ``"304"``, ``"error"``..."""
    error: str | None = None
    """The failure's reason for a person, or None."""
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    """The feed's own title, kept unless the user gave one."""
    new_url: str | None = None
    """Where a permanent redirect moved the feed."""
    gone: bool = False
    """The server said 410 Gone."""
    retry_at: str | None = None
    """Not to be fetched again before this time (ISO 8601, UTC)."""
    clear_validators: bool = False
    """Forget the feed's ETag and Last-Modified, so that the next fetch downloads it whole (a fetch
    stopped before its briefs' links were resolved); else ``None`` validators keep the stored ones."""
    rebase: bool = False
    """The feed's briefs took their ids from ``new_url`` (its first fetch, its subscribed URL moved):
    it becomes the feed's ``id_base`` too."""


def record_fetches(conn: sqlite3.Connection, records: Iterable[FetchRecord]) -> None:
    """Write how each fetch went (one transaction for all of them is the caller's)."""
    now = _now()
    for rec in records:
        if rec.error is None:
            conn.execute(
                "UPDATE feeds SET last_fetch = ?, last_status = ?, error = NULL, retry_at = NULL,"
                " etag = CASE WHEN ? THEN NULL ELSE coalesce(?, etag) END,"
                " last_modified = CASE WHEN ? THEN NULL ELSE coalesce(?, last_modified) END,"
                " title = CASE WHEN user_title = 1 OR ? IS NULL OR ? = '' THEN title ELSE ? END WHERE url = ?",
                (
                    now,
                    rec.status,
                    rec.clear_validators,
                    rec.etag,
                    rec.clear_validators,
                    rec.last_modified,
                    rec.title,
                    rec.title,
                    rec.title,
                    rec.url,
                ),
            )
        else:
            conn.execute(
                "UPDATE feeds SET last_fetch = ?, last_status = ?, error = ?, gone = ?, retry_at = ? WHERE url = ?",
                (now, rec.status, rec.error, int(rec.gone), rec.retry_at, rec.url),
            )
        if rec.new_url and rec.new_url != rec.url:
            move_feed(conn, rec.url, rec.new_url, rebase=rec.rebase)


def move_feed(conn: sqlite3.Connection, old: str, new: str, *, rebase: bool = False) -> None:
    """Change a feed's URL (a permanent redirect), its briefs with it; ids stay as they were, or with
    ``rebase`` come from the new URL from now on (see :class:`FetchRecord`)."""
    if conn.execute("SELECT 1 FROM feeds WHERE url = ?", (new,)).fetchone() is not None:
        conn.execute("DELETE FROM feeds WHERE url = ?", (old,))  # already subscribed there: merge
    elif rebase:
        conn.execute("UPDATE feeds SET url = ?1, id_base = ?1 WHERE url = ?2", (new, old))
    else:
        conn.execute("UPDATE feeds SET url = ? WHERE url = ?", (new, old))
    conn.execute("UPDATE briefs SET feed = ? WHERE feed = ?", (new, old))


def feed_titles(conn: sqlite3.Connection) -> dict[str, str]:
    """Each feed's URL and the title to show for it."""
    return {str(url): str(title or url) for url, title in conn.execute("SELECT url, title FROM feeds")}
