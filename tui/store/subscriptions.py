"""Feed subscriptions as the store's methods give them: each one a lock (or a transaction) around a
function of :mod:`tui.store.feeds`, which holds the SQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.models import Feed
from tui.store import feeds as feed_sql
from tui.store.handle import StoreHandle


class FeedSubscriptions(StoreHandle):
    """The store's methods for feed subscriptions and how their fetches went."""

    def feeds(self) -> list[Feed]:
        """Every feed subscription, with its counts, by title."""
        with self._lock:
            return feed_sql.list_feeds(self._conn)

    def feed(self, url: str) -> Feed | None:
        """The subscription to ``url``, or None."""
        with self._lock:
            return feed_sql.get_feed(self._conn, url)

    def find_feeds(self, url_or_title: str) -> list[Feed]:
        """The subscriptions with that URL, else with that title."""
        with self._lock:
            return feed_sql.find_feeds(self._conn, url_or_title)

    def add_feed(
        self,
        url: str,
        *,
        title: str | None = None,
        tags: Iterable[str] = (),
        fulltext: bool = False,
        id_base: str | None = None,
    ) -> bool:
        """Subscribe to ``url`` (its briefs' ids from ``id_base`` when given, see
        :func:`tui.store.feeds.add_feed`); False when it was subscribed already (nothing changes)."""
        with self.writing() as conn:
            return feed_sql.add_feed(conn, url, title=title, tags=tags, fulltext=fulltext, id_base=id_base)

    def holds_ids(self, prefix: str) -> bool:
        """Whether any brief's id starts with ``prefix`` (a feed's id prefix)."""
        with self._lock:
            return feed_sql.holds_ids(self._conn, prefix)

    def remove_feed(self, url: str, *, purge: bool = False) -> int:
        """Unsubscribe from ``url``; with ``purge`` its briefs go too (returns how many)."""
        from tui.store.links import links_to_feed, resolve_freed

        with self.writing() as conn:
            freed = links_to_feed(conn, url) if purge else []
            removed = feed_sql.remove_feed(conn, url, purge=purge)
            if removed and freed:
                resolve_freed(conn, freed)
            return removed

    def record_fetches(self, records: Iterable[feed_sql.FetchRecord]) -> None:
        """Keep how each feed's fetch went (status, validators, errors, moves), in one transaction."""
        with self.writing() as conn:
            feed_sql.record_fetches(conn, records)
