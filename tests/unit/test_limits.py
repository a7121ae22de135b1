"""Names stay lines, not documents: a feed's title, an entry's categories, a file's title, source
and tags are cut or counted (:mod:`tui.text.limits`), from feeds and files alike."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.feeds.parse import parse_feed
from tui.importers.parse import parse_article
from tui.text.limits import ELLIPSIS, MAX_NAME_CHARS, MAX_TAGS, MAX_TITLE_CHARS, cut_name, limit_tags


@given(st.text(max_size=700), st.integers(min_value=2, max_value=400))
def test_cut_name_keeps_short_names_and_cuts_long_ones_to_the_limit(text: str, limit: int) -> None:
    cut = cut_name(text, limit)
    text = text.replace("\u202d", "").replace("\u202e", "")  # the overrides go (below)
    if len(text) <= limit:
        assert cut == text
    else:
        assert len(cut) <= limit and cut.endswith(ELLIPSIS)
        assert text.startswith(cut[: -len(ELLIPSIS)])


@given(st.lists(st.text(min_size=1, max_size=400), max_size=300))
def test_limit_tags_keeps_the_first_ones_once_each(tags: list[str]) -> None:
    kept = limit_tags(tags)
    assert len(kept) <= MAX_TAGS and len(set(kept)) == len(kept)
    assert all(len(tag) <= MAX_NAME_CHARS for tag in kept)
    firsts = list(dict.fromkeys(cut_name(tag) for tag in tags))
    assert list(kept) == firsts[:MAX_TAGS]


def test_a_feed_title_of_a_million_letters_is_not_copied_into_every_brief() -> None:
    items = "".join(
        f"<item><title>t{n}</title><guid>g{n}</guid><description>d{n}</description>"
        + "".join(f"<category>c{n}-{k}</category>" for k in range(300 if n == 0 else 1))
        + "</item>"
        for n in range(50)
    )
    body = f'<rss version="2.0"><channel><title>{"ب" * 1_000_000}</title>{items}</channel></rss>'.encode()
    parsed = parse_feed(body, "http://127.0.0.1:9/amp.xml", fetched_at="2024-01-01T00:00:00+00:00")
    assert parsed.error is None and len(parsed.articles) == 50
    assert parsed.title == "ب" * (MAX_NAME_CHARS - 1) + ELLIPSIS
    assert {article.source for article in parsed.articles} == {parsed.title}
    assert parsed.articles[0].tags == tuple(f"c0-{k}" for k in range(MAX_TAGS))  # the first 100 of 300
    assert parsed.articles[1].tags == ("c1-0",)


def test_a_feed_entry_title_is_cut_and_a_long_user_title_too() -> None:
    body = (
        '<rss version="2.0"><channel><title>نشرة</title>'
        f"<item><title>{'ع' * 5_000}</title><guid>g</guid><description>نص</description></item></channel></rss>"
    ).encode()
    parsed = parse_feed(body, "http://127.0.0.1:9/f.xml", title="ر" * 400, fetched_at="2024-01-01T00:00:00+00:00")
    (article,) = parsed.articles
    assert article.title == "ع" * (MAX_TITLE_CHARS - 1) + ELLIPSIS
    assert article.source == "ر" * (MAX_NAME_CHARS - 1) + ELLIPSIS


def test_a_file_with_a_long_title_source_and_many_tags() -> None:
    tags = ", ".join(f"وسم{n}" for n in range(250))
    text = f"---\ntitle: {'ت' * 2_000}\nsource: {'م' * 500}\ntags: {tags}\n---\nنص الخبر\n"
    article = parse_article(text, article_id="long")
    assert article.title == "ت" * (MAX_TITLE_CHARS - 1) + ELLIPSIS
    assert article.source == "م" * (MAX_NAME_CHARS - 1) + ELLIPSIS
    assert article.tags == tuple(f"وسم{n}" for n in range(MAX_TAGS))


def test_a_file_of_more_paragraphs_than_a_brief_may_have_is_refused() -> None:
    import pytest

    from tui.importers.parse import ParseError
    from tui.text.limits import MAX_PARAGRAPHS

    at_most = parse_article("عنوان\n" + "ك\n" * (MAX_PARAGRAPHS - 1), article_id="ok")
    assert len(at_most.blocks) == MAX_PARAGRAPHS  # the first line is a paragraph too
    with pytest.raises(ParseError, match="more than 5,000 paragraphs"):
        parse_article("عنوان\n" + "ك\n" * 480_000, article_id="many")


def test_an_entry_link_longer_than_any_url_is_dropped() -> None:
    """A 3 MB <link> was stored, shown by show and exported into a file import refused as too large."""
    from tui.feeds.urls import MAX_URL_CHARS

    long_link = "http://127.0.0.1/" + "a" * 3_000_000
    items = (
        f"<item><title>طويل</title><guid>g1</guid><link>{long_link}</link><description>نص</description></item>"
        f"<item><title>عادي</title><guid>g2</guid><link>http://127.0.0.1/{'b' * (MAX_URL_CHARS - 17)}</link>"
        "<description>نص</description></item>"
    )
    body = f'<rss version="2.0"><channel><title>نشرة</title>{items}</channel></rss>'.encode()
    first, second = parse_feed(body, "http://127.0.0.1:9/f.xml", fetched_at="2024-01-01T00:00:00+00:00").articles
    assert first.url is None and first.title == "طويل"
    assert second.url is not None and len(second.url) == MAX_URL_CHARS


def test_a_feed_added_with_a_long_title_and_many_tags_keeps_them_cut(tmp_path) -> None:
    from tui.store.store import Store

    with Store.open(tmp_path / "s.db") as store:
        store.add_feed("http://127.0.0.1:9/f.xml", title="ن" * 5_000, tags=[f"t{n}" for n in range(500)])
        (feed,) = store.feeds()
    assert feed.title == "ن" * (MAX_NAME_CHARS - 1) + ELLIPSIS
    assert feed.tags == tuple(f"t{n}" for n in range(MAX_TAGS))


def test_the_fetch_bars_waiting_names_are_shaped_unless_the_terminal_does_bidi() -> None:
    from tui.fetch_command import _waiting_line
    from tui.text.layout import render_line

    assert _waiting_line([]) == ""
    name = "نبض \x1b[31mشرقي"
    assert _waiting_line([name], shaped=True) == "waiting for " + render_line(name, 30, shaped=True).text
    logical = _waiting_line([name], shaped=False)
    assert logical.startswith("waiting for نبض") and "\x1b" not in logical


def test_names_lose_their_bidi_overrides_from_files_and_feeds() -> None:
    """An override makes a name read as other letters than it has: ``bidi \u202egnp.exe title`` was
    drawn "bidi eltit exe.png" in the reader's list while ``brief list`` printed its letters. Titles,
    sources and tags from files and feeds keep their letters, without the overrides; the other bidi
    controls (marks, embeddings, isolates: they say a direction, not an order) stay."""
    from tui.text.layout import render_line

    spoof = "bidi \u202egnp.exe title"
    article = parse_article(
        f"---\ntitle: {spoof}\nsource: \u202dwire\u202c\ntags: \u202eabc, \u2067مصدر\u2069\n---\nنص\n", article_id="a"
    )
    assert (article.title, article.source, article.tags) == (
        "bidi gnp.exe title",
        "wire\u202c",
        ("abc", "\u2067مصدر\u2069"),
    )
    assert render_line(article.title, 40).text == "bidi gnp.exe title"
    body = (
        f"<rss version='2.0'><channel><title>\u202eFeed</title><item><title>{spoof}</title><guid>g</guid>"
        "<category>\u202dx</category><description>نص</description></item></channel></rss>"
    ).encode()
    parsed = parse_feed(body, "http://127.0.0.1:9/f.xml", fetched_at="2024-01-01T00:00:00+00:00")
    (entry,) = parsed.articles
    assert (entry.title, entry.source, entry.tags, parsed.title) == ("bidi gnp.exe title", "Feed", ("x",), "Feed")
