"""The counts kept by triggers (tui.store.tallies, schema 12) against the briefs counted one by one.

Every way a brief comes, goes, moves to another feed or changes its read flag (an import, a
re-import into another feed, marking read and unread, opening, deleting and undoing, a feed's move,
purging a feed, the whole list marked read) is done in a random order, and after each step the
kept counts must equal what the list's own rows and the briefs' tags say, counted in Python.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from store_helpers import import_batch

from tui.models import Article, Block
from tui.store import check, listing, schema, tallies
from tui.store.feeds import FetchRecord
from tui.store.list_view import ListView
from tui.store.removal import delete, restore
from tui.store.store import Store

FEEDS = ("http://127.0.0.1:9/a.xml", "http://127.0.0.1:9/b.xml", None)


def _article(n: int, feed: str | None, version: int = 0) -> Article:
    return Article(
        id=f"brief-{n}",
        title=f"خبر رقم {n}",
        blocks=(Block("text", f"نص الخبر {n} في نسخته {version}"),),
        date=f"2024-03-{1 + n % 28:02d}",
        feed=feed,
        tags=("كل", f"وسم {(n + version) % 3}"),
        source=None if (n + version) % 4 == 0 else f"مصدر {(n + version) % 2}",
        content_hash=f"{n}-{version}-{feed}",
    )


def _counted(store: Store) -> dict[str | None, tuple[int, int]]:
    """(briefs, unread) in all (key None) and per feed, counted from the rows of the list."""
    rows = list(store.iter_rows())
    briefs = Counter(r.feed for r in rows)
    unread = Counter(r.feed for r in rows if not r.read)
    out: dict[str | None, tuple[int, int]] = {None: (len(rows), sum(not r.read for r in rows))}
    for feed in FEEDS[:2]:
        out[feed] = (briefs[feed], unread[feed])
    return out


def _counted_tags(store: Store) -> list[tuple[str, int]]:
    """Each tag with how many stored briefs have it, most first, counted from the briefs themselves."""
    counts: Counter[str] = Counter()
    for row in store.iter_rows():
        brief = store.get(row.id)
        assert brief is not None
        counts.update(set(brief.tags))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _counted_sources(store: Store) -> list[tuple[str, int]]:
    """Each source with how many stored briefs have it, most first, from the rows of the list."""
    counts = Counter(row.source for row in store.iter_rows() if row.source is not None)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _kept(store: Store) -> dict[str | None, tuple[int, int]]:
    return {feed: (store.count(feed), store.unread_count(feed)) for feed in (None, *FEEDS[:2])}


def test_kept_counts_follow_every_write(store: Store) -> None:
    rng = random.Random(20261201)
    import_batch(store, [_article(n, FEEDS[n % 3]) for n in range(40)])
    assert _kept(store) == _counted(store) == {None: (40, 40), FEEDS[0]: (14, 14), FEEDS[1]: (13, 13)}
    assert listing.tags(store, ListView()) == [("كل", 40), ("وسم 0", 14), ("وسم 1", 13), ("وسم 2", 13)]
    assert listing.sources(store, ListView()) == [("مصدر 1", 20), ("مصدر 0", 10)]
    undo: list[object] = []
    version = 1
    for _ in range(60):
        ids = [r.id for r in store.iter_rows()]
        step = rng.choice(["read", "unread", "open", "delete", "undo", "reimport", "import"])
        if step == "read" and ids:
            store.set_read(rng.choice(ids))
        elif step == "unread" and ids:
            store.set_read(rng.choice(ids), False)
        elif step == "open" and ids:
            store.mark_opened(rng.choice(ids))
        elif step == "delete" and ids:
            undo.append(delete(store, rng.sample(ids, min(3, len(ids)))))
        elif step == "undo" and undo:
            restore(store, undo.pop())  # type: ignore[arg-type]
        elif step == "reimport" and ids:
            n = int(rng.choice(ids).split("-")[1])
            version += 1
            import_batch(store, [_article(n, rng.choice(FEEDS), version)])  # possibly into another feed
        elif step == "import":
            import_batch(store, [_article(100 + version + k, rng.choice(FEEDS)) for k in range(3)])
            version += 3
        assert _kept(store) == _counted(store), step
        assert listing.tags(store, ListView()) == _counted_tags(store), step
        assert listing.sources(store, ListView()) == _counted_sources(store), step
    listing.set_read(store, listing.unread_ids(store, ListView()))
    assert _kept(store) == _counted(store)
    assert _kept(store)[None][1] == 0
    assert check.check_file(store.path) == []


def test_a_feeds_move_and_purge_move_its_counts(store: Store) -> None:
    store.add_feed(FEEDS[0])
    import_batch(store, [_article(n, FEEDS[0]) for n in range(5)] + [_article(9, None)])
    store.set_read("brief-1")
    moved = "https://127.0.0.1:9/moved.xml"
    store.record_fetches([FetchRecord(FEEDS[0], "200", new_url=moved)])
    assert (store.count(moved), store.unread_count(moved)) == (5, 4)
    assert (store.count(FEEDS[0]), store.unread_count(FEEDS[0])) == (0, 0)
    assert [(f.url, f.items, f.unread) for f in store.feeds()] == [(moved, 5, 4)]
    assert store.remove_feed(moved, purge=True) == 5
    assert (store.count(), store.unread_count(), store.count(moved)) == (1, 1, 0)
    assert (listing.counts(store, ListView()), listing.counts(store, ListView(unread=True))) == ((1, 1), (1, 1))


def test_the_lists_counts_come_from_the_kept_row(store: Store) -> None:
    """The whole list's and a feed's counts read the table: a figure written there by hand shows."""
    import_batch(store, [_article(n, FEEDS[0]) for n in range(3)])
    with store.writing() as conn:
        conn.execute("UPDATE tallies SET briefs = 1000, unread = 999 WHERE feed = ''")
    assert listing.counts(store, ListView()) == (999, 1000)
    assert listing.counts(store, ListView(sort="title")) == (999, 1000)
    assert store.story_count() == 1000
    assert listing.counts(store, ListView(feed=FEEDS[0])) == (3, 3)
    assert listing.count(store, ListView(source="nobody")) == 0  # other filters still count from indexes
    with store.writing() as conn:
        conn.execute("UPDATE tag_tallies SET briefs = 7 WHERE tag = 'كل'")
    assert listing.tags(store, ListView())[0] == ("كل", 7)
    assert listing.tags(store, ListView(feed=FEEDS[0]))[0] == ("كل", 3)  # a feed's tags are counted
    problems = check.check_file(store.path)
    assert problems == [
        "brief counts of the store: 1000 briefs and 999 unread kept, 3 and 3 counted",
        "brief counts of tag كل: 7 kept, 3 counted",
    ]
    with store.writing() as conn:
        conn.execute("DELETE FROM source_tallies")
    assert listing.sources(store, ListView()) == []
    assert check.check_file(store.path)[-2:] == [  # briefs 1 and 2 (brief 0 has no source)
        "brief counts of source مصدر 0: 0 kept, 1 counted",
        "brief counts of source مصدر 1: 0 kept, 1 counted",
    ]


def test_an_older_store_is_counted_when_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "v11.db"
    with Store.open(path) as store:
        import_batch(store, [_article(n, FEEDS[n % 2]) for n in range(6)])
        store.set_read("brief-0")
    conn = sqlite3.connect(path, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%tallies%'"):
        conn.execute(f"DROP TRIGGER {name}")
    for table in ("tallies", "tag_tallies", "source_tallies"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 11")
    conn.close()
    assert check.check_file(path) == []  # no table yet: nothing to check
    with Store.open(path) as store:
        assert schema.user_version(store._conn) == schema.LATEST
        assert _kept(store) == _counted(store) == {None: (6, 5), FEEDS[0]: (3, 2), FEEDS[1]: (3, 3)}
        assert listing.tags(store, ListView()) == _counted_tags(store)
        assert listing.sources(store, ListView()) == _counted_sources(store) == [("مصدر 1", 3), ("مصدر 0", 1)]
        assert listing.tags(store, ListView(sort="title")) == [("كل", 6), ("وسم 0", 2), ("وسم 1", 2), ("وسم 2", 2)]


@pytest.mark.parametrize("feed", ["", "http://127.0.0.1:9/none.xml"])
def test_a_feed_without_a_row(store: Store, feed: str) -> None:
    import_batch(store, [_article(1, None)])
    with store.reading() as conn:
        assert (tallies.briefs(conn, feed), tallies.unread(conn, feed)) == (0, 0)
