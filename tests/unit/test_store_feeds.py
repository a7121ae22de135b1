"""Feed subscriptions in the store: add, list with counts, fetch records, moves, filters, links by URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui.models import Article, Block
from tui.store import schema
from tui.store.feeds import FetchRecord
from tui.store.importing import BatchWriter, brief_rows
from tui.store.store import Store
from tui.text.stem import get_stemmer

FEED = "http://127.0.0.1:8000/feed.xml"


def write(store: Store, articles: list[Article]) -> tuple[int, int, int]:
    """Write ``articles`` as an import does; returns (imported, updated, unchanged)."""
    stem = get_stemmer("light10")
    with BatchWriter(store) as writer:
        for article in articles:
            writer.add(brief_rows(article, stem))
    return writer.total.imported, writer.total.updated, writer.total.unchanged


def entry(
    bid: str,
    title: str,
    *,
    url: str | None = None,
    feed: str | None = FEED,
    date: str = "2024-03-01",
    blocks: tuple[Block, ...] | None = None,
) -> Article:
    """A brief as a feed entry becomes one."""
    return Article(
        id=bid,
        title=title,
        blocks=blocks or (Block("text", f"نص {title}"),),
        date=date,
        url=url,
        feed=feed,
        content_hash=f"{bid}-{title}-{url}",
    )


def test_add_twice_changes_nothing_and_list_counts(store: Store) -> None:
    assert store.add_feed(FEED, tags=["أخبار", "أخبار", "tech"]) is True
    assert store.add_feed(FEED, title="another") is False
    write(store, [entry("f-1", "أول"), entry("f-2", "ثان"), entry("file", "ملف", feed=None)])
    store.set_read("f-1")
    (feed,) = store.feeds()
    assert (feed.url, feed.title, feed.tags, feed.items, feed.unread) == (FEED, None, ("أخبار", "tech"), 2, 1)
    assert feed.name == FEED


def test_feeds_are_listed_by_title_as_a_reader_of_arabic_looks_for_them(store: Store) -> None:
    """Alphabetical once the hamza forms of alef are folded (أمل files under ا, before ب, after
    اقتصاد), case ignored; a feed without a title by its URL, in the same order."""
    titled = {
        "http://127.0.0.1:9/a": "أمل",
        "http://127.0.0.1:9/b": "اقتصاد",
        "http://127.0.0.1:9/c": "بيروت",
        "http://127.0.0.1:9/d": "إذاعة",
        "http://127.0.0.1:9/e": "apple",
        "http://127.0.0.1:9/f": "Zebra",
        "http://127.0.0.1:9/g": "banana",
    }
    for url, title in titled.items():
        store.add_feed(url, title=title)
    store.add_feed("http://127.0.0.1:9/h")  # no title: its URL
    names = [feed.name for feed in store.feeds()]
    assert names == ["apple", "banana", "http://127.0.0.1:9/h", "Zebra", "إذاعة", "اقتصاد", "أمل", "بيروت"]


def test_fetch_records_keep_validators_and_errors(store: Store) -> None:
    store.add_feed(FEED)
    store.record_fetches([FetchRecord(FEED, "200", etag='"v1"', last_modified="Mon, 01 Jan 2024", title="نشرة")])
    feed = store.feed(FEED)
    assert feed is not None and (feed.etag, feed.title, feed.error, feed.last_status) == ('"v1"', "نشرة", None, "200")
    store.record_fetches([FetchRecord(FEED, "304")])  # a 304 keeps the validators it did not repeat
    feed = store.feed(FEED)
    assert feed is not None and (feed.etag, feed.last_modified, feed.last_status) == ('"v1"', "Mon, 01 Jan 2024", "304")
    store.record_fetches([FetchRecord(FEED, "error", error="HTTP 410 Gone", gone=True)])
    feed = store.feed(FEED)
    assert feed is not None and (feed.gone, feed.error, feed.etag) == (True, "HTTP 410 Gone", '"v1"')
    assert store.add_feed(FEED) is True  # adding a gone feed again revives it
    feed = store.feed(FEED)
    assert feed is not None and (feed.gone, feed.error) == (False, None)


def test_a_user_title_is_not_replaced_by_the_feeds_own(store: Store) -> None:
    store.add_feed(FEED, title="عنواني")
    store.record_fetches([FetchRecord(FEED, "200", title="Feed title")])
    assert [f.title for f in store.find_feeds("عنواني")] == ["عنواني"]
    assert store.find_feeds("nothing") == []


def test_a_permanent_move_takes_the_briefs_and_keeps_their_ids(store: Store) -> None:
    store.add_feed(FEED)
    write(store, [entry("f-1", "أول")])
    moved = "https://127.0.0.1:8000/new.xml"
    store.record_fetches([FetchRecord(FEED, "200", new_url=moved)])
    assert [(f.url, f.id_base, f.items) for f in store.feeds()] == [(moved, FEED, 1)]
    assert [r.id for r in store.iter_rows(feed=moved)] == ["f-1"]


def test_list_filtered_by_feed_and_positions(store: Store) -> None:
    other = "http://127.0.0.2/rss"
    write(
        store,
        [
            entry("a", "A", date="2024-01-03"),
            entry("b", "B", date="2024-01-02", feed=other),
            entry("c", "C", date="2024-01-01"),
            entry("d", "D", feed=None, date="2024-01-04"),
        ],
    )
    assert [r.id for r in store.list_rows()] == ["d", "a", "b", "c"]
    assert [r.id for r in store.list_rows(feed=FEED)] == ["a", "c"]
    assert (store.count(), store.count(FEED), store.count(other)) == (4, 2, 1)
    assert (store.index_of("c"), store.index_of("c", FEED), store.index_of("b", FEED)) == (3, 1, None)
    row = store.list_rows(feed=other)[0]
    assert (row.feed, row.url) == (other, None)


def test_purge_removes_the_feeds_briefs_and_their_search_entries(store: Store) -> None:
    store.add_feed(FEED)
    write(store, [entry("f-1", "زلزال قوي"), entry("keep", "زلزال آخر", feed=None)])
    assert store.remove_feed(FEED, purge=True) == 1
    assert store.feeds() == [] and store.get("f-1") is None and store.get("keep") is not None
    assert [h.id for h in store.search("زلزال")] == ["keep"]
    assert store.unread_count() == 1


def test_read_also_resolves_by_url_before_title(store: Store) -> None:
    link = Block("link", "عنوان لا يطابق شيئا", label="اقرأ أيضاً", href="http://site.example/story-2")
    write(store, [entry("one", "الأول", blocks=(Block("text", "نص"), link))])
    assert [l.target for l in store.outgoing("one")] == [None]  # not in the store yet
    write(store, [entry("two", "عنوان مختلف تماما", url="http://site.example/story-2/")])
    assert [l.target for l in store.outgoing("one")] == ["two"]  # resolved when it arrived (trailing slash aside)
    assert store.get("one").blocks[1].href == "http://site.example/story-2"
    assert store.get("two").feed == FEED


def test_a_version_5_store_gains_the_feed_tables_and_keeps_its_briefs(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, 5)
    conn.execute(
        "INSERT INTO briefs (id, title, title_norm, undated, content_hash, imported_at)"
        " VALUES ('x', 'X', 'x', 1, 'h', 'now')"
    )
    conn.close()
    with Store.open(path) as s:
        assert [r.id for r in s.list_rows()] == ["x"] and s.feeds() == []
        assert s.add_feed(FEED) and s.get("x") is not None and s.get("x").feed is None
