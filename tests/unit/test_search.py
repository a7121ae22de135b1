"""Full-text search: recall and precision on the judged query set, ranking, query safety, index upkeep."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from index_entries import index_entries
from search_queries import QUERIES, VARIANTS, sample_articles, short_id
from store_helpers import import_batch, remove_briefs

from tui.models import Article, Block
from tui.store import index, search, snippets
from tui.store.store import Store
from tui.text import matching
from tui.text.query import QueryError, Term, parse_query

# -- fixtures ---------------------------------------------------------------------------------


def _article(brief_id: str, title: str, *paragraphs: str, version: str = "1") -> Article:
    return Article(
        id=brief_id,
        title=title,
        blocks=tuple(Block("text", p) for p in paragraphs),
        date="2024-01-01",
        source="test",
        content_hash=f"{brief_id}-{version}",
    )


def _store_with(path: Path, articles: list[Article], stemmer: str | None = None) -> Store:
    store = Store.open(path)
    if stemmer is not None:
        store._conn.execute("BEGIN IMMEDIATE")
        index.set_stemmer(store._conn, stemmer)
        store._conn.execute("COMMIT")
    import_batch(store, articles)
    return store


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    """A store holding the sample briefs, indexed with the default stemmer."""
    store = _store_with(tmp_path_factory.mktemp("samples") / "s.db", sample_articles())
    yield store._conn
    store.close()


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "s.db")
    yield s
    s.close()


def _ids(conn: sqlite3.Connection, query: str, limit: int = 1000) -> list[str]:
    return [h.id for h in search.search(conn, query, limit)]


def _retrieved(conn: sqlite3.Connection) -> dict[str, set[str]]:
    return {q.query: {short_id(i) for i in _ids(conn, q.query)} for q in QUERIES}


def _recall_precision(retrieved: dict[str, set[str]], variant: str | None = None) -> tuple[float, float]:
    tp = rel = ret = 0
    for q in QUERIES:
        if variant is None or q.variant == variant:
            got = retrieved[q.query]
            tp += len(got & q.relevant)
            rel += len(q.relevant)
            ret += len(got)
    return tp / rel, (tp / ret if ret else 1.0)


# -- the judged query set -----------------------------------------------------------------------


def test_default_stemmer_is_light10(samples: sqlite3.Connection) -> None:
    assert index.stemmer_name(samples) == "light10"


@pytest.mark.parametrize("variant", VARIANTS)
def test_recall_is_complete_for_each_variant_class(samples: sqlite3.Connection, variant: str) -> None:
    retrieved = _retrieved(samples)
    missed = {q.query: sorted(q.relevant - retrieved[q.query]) for q in QUERIES if q.variant == variant}
    assert {k: v for k, v in missed.items() if v} == {}
    assert _recall_precision(retrieved, variant)[0] == 1.0


def test_precision_stays_high(samples: sqlite3.Connection) -> None:
    retrieved = _retrieved(samples)
    assert _recall_precision(retrieved)[1] >= 0.9
    for variant in VARIANTS:
        assert _recall_precision(retrieved, variant)[1] >= 0.6, variant


def test_stemming_finds_more_than_folding_alone(tmp_path: Path) -> None:
    # The same set without stemming misses the prefixed and plural forms: the recall test can fail.
    bare = _store_with(tmp_path / "none.db", sample_articles(), stemmer="none")
    recall, precision = _recall_precision(_retrieved(bare._conn))
    bare.close()
    assert recall < 0.8
    assert precision == 1.0


# -- ranking ------------------------------------------------------------------------------------


def test_exact_match_ranks_above_stem_only_match(store: Store) -> None:
    filler = "كلام عن المدينة وأحيائها القديمة " * 20
    import_batch(
        store,
        [
            _article("exact", "أخبار المدينة", filler + "وفيها المكتبة العامة."),
            _article("stem", "مكتبات المدينة", "مكتبات كثيرة، مكتبات جديدة، ومكتبات قديمة."),
        ],
    )
    hits = search.search(store._conn, "المكتبة")
    assert [h.id for h in hits] == ["exact", "stem"]
    assert hits[0].score > hits[1].score
    assert hits[0].extra["exact"] and not hits[1].extra["exact"]


def test_title_match_ranks_above_body_match(store: Store) -> None:
    import_batch(
        store,
        [
            _article("body", "أخبار الصباح", "شربنا القهوة في المقهى ثم خرجنا إلى السوق."),
            _article("title", "القهوة العربية", "شربنا الشاي في المقهى ثم خرجنا إلى السوق."),
        ],
    )
    assert _ids(store._conn, "القهوة") == ["title", "body"]


def test_scores_fall_and_limit_holds(samples: sqlite3.Connection) -> None:
    hits = search.search(samples, "الدول", limit=2)
    assert len(hits) == 2
    scores = [h.score for h in search.search(samples, "في", limit=50)]
    assert scores == sorted(scores, reverse=True)
    assert search.search(samples, "الدول", limit=0) == []


# -- the query language -------------------------------------------------------------------------


def test_all_words_must_match(samples: sqlite3.Connection) -> None:
    assert {short_id(i) for i in _ids(samples, "القهوة اليمن")} == {"006"}
    assert _ids(samples, "القهوة إدلب") == []


def test_phrase_needs_adjacent_words(store: Store) -> None:
    import_batch(
        store,
        [
            _article("together", "خبر", "اجتمعت الدول الضامنة أمس."),
            _article("apart", "خبر", "اجتمعت الدول أمس، وكانت الأطراف الضامنة حاضرة."),
        ],
    )
    assert _ids(store._conn, '"الدول الضامنة"') == ["together"]
    assert sorted(_ids(store._conn, "الدول الضامنة")) == ["apart", "together"]
    # A phrase matches through stems too: "للدول الضامنة" has the same stems.
    assert _ids(store._conn, '"للدول الضامنة"') == ["together"]


def test_phrase_matches_through_stems_when_some_words_are_their_own_stem(store: Store) -> None:
    # "دول" is its own stem, "ضامنة" is not (ضامن): the phrase must still match on stems.
    import_batch(store, [_article("plain", "خبر", "اجتمعت دول ضامنة أمس.")])
    assert _ids(store._conn, '"الدول الضامنة"') == ["plain"]
    assert _ids(store._conn, '"الضامنة دول"') == []


def test_prefix_query(samples: sqlite3.Connection) -> None:
    assert {short_id(i) for i in _ids(samples, "مكتب*")} == {"003"}  # مكتبة
    # Written only with the article (التصعيد): found through the prefix-stripped stem column.
    assert {short_id(i) for i in _ids(samples, "تصع*")} == {"000", "001", "002"}
    assert {short_id(i) for i in _ids(samples, "Fibon*")} == {"003", "010"}


def test_short_prefix_is_a_whole_word(samples: sqlite3.Connection) -> None:
    assert parse_query("C*") == [Term(("c",), prefix=False)]
    # Two letters would match nearly every Arabic brief (ال*): searched as the word itself.
    assert parse_query("ال*") == [Term(("ال",), prefix=False)]
    assert parse_query("الم*") == [Term(("الم",), prefix=True)]


def test_joined_chunk_is_a_phrase() -> None:
    assert parse_query("covid-19") == [Term(("covid", "19"))]
    assert parse_query("«خفض التصعيد» ادلب*") == [
        Term(("خفض", "التصعيد")),
        Term(("ادلب",), prefix=True),
    ]


def test_a_repeated_term_is_searched_once(samples: sqlite3.Connection) -> None:
    # The same word after folding (harakat, hamza), the same phrase: one term each, first place kept.
    assert parse_query("بيت بَيت الحكمة بيت إدلب ادلب") == [Term(("بيت",)), Term(("الحكمه",)), Term(("ادلب",))]
    assert parse_query('"بيت الحكمة" "بيت الحكمة" بيت') == [Term(("بيت", "الحكمه")), Term(("بيت",))]
    assert parse_query("ادلب* ادلب") == [Term(("ادلب",), prefix=True), Term(("ادلب",))]
    # A word pasted thousands of times finds what the word alone finds.
    assert _ids(samples, "بيت " * 5000) == _ids(samples, "بيت")


HOSTILE = [
    "",
    " ",
    '"',
    '""',
    '"abc',
    'abc"',
    "AND",
    "AND (",
    "OR",
    "NOT",
    "a AND b OR NOT c",
    "(",
    ")",
    "()",
    "*",
    "**",
    "a*b*",
    "NEAR(",
    "NEAR(a b, 3)",
    "title:x",
    "body:",
    "{title}: x",
    "title_stem:ر",
    "-",
    "-a",
    "^",
    "^a",
    "+",
    "a + b",
    ":",
    "'",
    "\\",
    "\x00",
    "\u200f",
    "ـ",
    "َ",
    "،؛؟",
    "...",
    "rank MATCH 'bm25'",
    "'; DROP TABLE briefs; --",
    '"a" "b" "',
    '"الدول" الضامنة"',
    "*الدول",
    "ال*",
    "x" * 5000,
    "و",
    "a\nb",
    "\ud7ff",
    "🙂",
    "ﷺ",
    "٪",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(samples: sqlite3.Connection, query: str) -> None:
    hits = search.search(samples, query)
    assert isinstance(hits, list)
    assert isinstance(matching.match_spans("نص فيه الدول", query), list)


@pytest.mark.parametrize("query", ["", "   ", '"', "()", "*", "-", "^", "،؛؟", "ـ", "َ"])
def test_empty_queries_return_nothing(samples: sqlite3.Connection, query: str) -> None:
    assert search.search(samples, query) == []
    with pytest.raises(QueryError):
        parse_query(query)


def test_operators_are_plain_words(store: Store) -> None:
    import_batch(store, [_article("ops", "Logic", "cats AND dogs, NOT birds; near the title is: rank")])
    assert _ids(store._conn, "AND") == ["ops"]
    assert _ids(store._conn, "NOT birds") == ["ops"]
    assert _ids(store._conn, "title:rank") == []  # the phrase "title rank" is not in the text
    assert _ids(store._conn, "title: rank") == ["ops"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_random_queries_never_raise(samples: sqlite3.Connection, query: str) -> None:
    assert isinstance(search.search(samples, query, limit=5), list)
    assert isinstance(matching.match_spans("الدول الضامنة AND", query), list)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(list('"*()-^:{}+ \u064eابلدو') + ["AND", "OR", "NOT", "NEAR"]), max_size=25).map("".join)
)
def test_syntax_soup_never_raises(samples: sqlite3.Connection, query: str) -> None:
    assert isinstance(search.search(samples, query, limit=5), list)


# -- snippets and highlights ----------------------------------------------------------------------


def test_snippet_marks_the_written_word_with_its_harakat(samples: sqlite3.Connection) -> None:
    (hit,) = search.search(samples, "القلم")
    assert hit.id.startswith("009")
    # The whole (short) paragraph, the match marked as written, with its harakat and prefix.
    assert hit.snippet == ("قَالَ أَبُو الطَّيِّبِ الْمُتَنَبِّي: «الْخَيْلُ وَاللَّيْلُ وَالْبَيْدَاءُ تَعْرِفُنِي … وَالسَّيْفُ وَالرُّمْحُ وَالْقِرْطَاسُ [وَالْقَلَمُ]».")


def test_snippet_is_short_and_centred_on_the_first_body_match(store: Store) -> None:
    words = [f"كلمة{i}" for i in range(60)]
    words[30] = "بالزنجبيل"
    import_batch(store, [_article("long", "عنوان", " ".join(words))])
    (hit,) = search.search(store._conn, "زنجبيل")
    body = hit.snippet.replace("[", "").replace("]", "").strip("…")
    assert "[بالزنجبيل]" in hit.snippet
    assert len(body) <= snippets.SNIPPET_CHARS
    assert 8 <= len(body.split()) <= 14
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert body.split()[0] in words and body.split()[-1] in words


def test_snippet_uses_the_title_when_only_the_title_matches(store: Store) -> None:
    import_batch(store, [_article("t", "مهرجان الزعفران", "نص لا علاقة له بالعنوان.")])
    (hit,) = search.search(store._conn, "الزعفران")
    assert hit.snippet == "مهرجان [الزعفران]"


def test_snippet_is_logical_original_text(store: Store) -> None:
    text = "قالت الشركة إن أرباحها ارتفعت بنسبة ٢٥٪ في عام ٢٠٢٣."
    import_batch(store, [_article("d", "أرباح", text)])
    (hit,) = search.search(store._conn, "2023")
    assert hit.snippet == "قالت الشركة إن أرباحها ارتفعت بنسبة ٢٥٪ في عام [٢٠٢٣]."


def test_match_spans_cover_whole_words_phrases_and_prefixes() -> None:
    text = "الْعِلْمُ نُورٌ، والمكتبات بالبيت."
    assert matching.match_spans(text, "العلم") == [(0, 9)]
    assert text[slice(*matching.match_spans(text, "مكتبة")[0])] == "والمكتبات"
    assert text[slice(*matching.match_spans(text, "البيت")[0])] == "بالبيت"
    assert text[slice(*matching.match_spans(text, '"العلم نور"')[0])] == "الْعِلْمُ نُورٌ"
    assert text[slice(*matching.match_spans(text, "مكت*")[0])] == "والمكتبات"
    assert matching.match_spans(text, "الجهل") == []
    assert matching.match_spans(text, "") == []
    assert matching.match_spans("Python and PYTHON", "python") == [(0, 6), (11, 17)]


# -- the index follows the store --------------------------------------------------------------------


def test_reimport_replaces_old_words(store: Store) -> None:
    import_batch(store, [_article("a", "خبر", "وصلت شحنة الزنجبيل إلى الميناء.")])
    assert _ids(store._conn, "زنجبيل") == ["a"]
    import_batch(store, [_article("a", "خبر", "وصلت شحنة الهيل إلى الميناء.", version="2")])
    assert _ids(store._conn, "زنجبيل") == []
    assert _ids(store._conn, "الهيل") == ["a"]
    assert matching.match_spans("", "x") == []


def test_removed_brief_leaves_the_index(store: Store) -> None:
    import_batch(store, [_article("a", "خبر", "الزعفران"), _article("b", "خبر", "الزعفران")])
    remove_briefs(store, ["a"])
    assert _ids(store._conn, "الزعفران") == ["b"]


def _edited(article: Article) -> Article:
    """The brief with a changed title and its paragraphs in reverse order, as a new version."""
    return Article(
        id=article.id,
        title=article.title + " (محدث)",
        blocks=tuple(reversed(article.blocks)),
        date=article.date,
        source=article.source,
        content_hash=article.content_hash + "-edited",
    )


def test_updating_every_brief_leaves_the_index_a_fresh_import_would_write(tmp_path: Path) -> None:
    # The index keeps no copy of the words, so an update removes the old version by recomputing
    # its columns: any mismatch would leave stray entries behind.
    originals = sample_articles()
    edited = [_edited(a) for a in originals]
    with _store_with(tmp_path / "updated.db", originals) as updated:
        assert import_batch(updated, edited).updated == len(originals)
        entries = index_entries(updated._conn)
    expected = _expected_entries(tmp_path / "fresh.db", edited)  # same order, so the same rowids
    assert entries == expected
    assert any(term == "محدث" for term, *_ in expected)


def _expected_entries(path: Path, articles: list[Article]) -> list[tuple[str, int, str, int]]:
    with _store_with(path, articles) as store:
        return index_entries(store._conn)


def test_removing_every_brief_empties_the_index(store: Store) -> None:
    articles = sample_articles()
    import_batch(store, articles)
    import_batch(store, [_edited(a) for a in articles[:3]])  # removed after an update, too
    assert index_entries(store._conn)
    assert remove_briefs(store, [a.id for a in articles]) == len(articles)
    assert index_entries(store._conn) == []
    store._conn.execute(f"INSERT INTO {index.TABLE}({index.TABLE}, rank) VALUES ('integrity-check', 1)")


def test_failed_import_leaves_index_unchanged(store: Store) -> None:
    import_batch(store, [_article("a", "خبر", "الزعفران")])
    bad = _article("b", "خبر", "الزنجبيل")
    with pytest.raises(AttributeError):
        import_batch(store, [bad, object()])  # type: ignore[list-item]
    assert _ids(store._conn, "الزنجبيل") == []
    assert _ids(store._conn, "الزعفران") == ["a"]


def test_reindex_all_rebuilds_the_same_index(store: Store) -> None:
    import_batch(store, sample_articles())
    before = {q.query: _ids(store._conn, q.query) for q in QUERIES}
    entries = index_entries(store._conn)
    store._conn.execute("BEGIN IMMEDIATE")
    store._conn.execute(f"INSERT INTO {index.TABLE}({index.TABLE}) VALUES ('delete-all')")
    assert _ids(store._conn, "إدلب") == []
    index.reindex_all(store._conn)
    store._conn.execute("COMMIT")
    assert {q.query: _ids(store._conn, q.query) for q in QUERIES} == before
    assert index_entries(store._conn) == entries


def test_very_common_queries_put_title_matches_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Above RANK_CAP matches bm25 is skipped: exact before stem-only; among the newest RANK_CAP
    # matches title matches first; then the other matches newest first.
    monkeypatch.setattr(search, "RANK_CAP", 2)
    import_batch(
        store,
        [
            _article("old-title", "القهوة", "نص"),
            _article("body-1", "خبر", "القهوة القهوة القهوة"),
            _article("stem-title", "قهوات", "نص"),  # stem قهو, like القهوة
            _article("body-2", "خبر", "شربنا القهوة"),
            _article("new-title", "القهوة اليوم", "نص"),
        ],
    )
    hits = search.search(store._conn, "القهوة")
    assert [h.id for h in hits] == ["new-title", "body-2", "body-1", "old-title", "stem-title"]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    monkeypatch.setattr(search, "RANK_CAP", 5000)
    assert search.search(store._conn, "القهوة")[0].id in {"new-title", "old-title"}


def test_a_common_phrase_puts_the_newest_title_matches_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Above RANK_CAP matches, the title matches among the newest RANK_CAP come first, newest first,
    # then the other matches newest first; the page takes the first ``limit`` of that order.
    monkeypatch.setattr(search, "RANK_CAP", 4)
    phrase = "وقف إطلاق النار"
    briefs = []
    for n in range(1, 5):
        briefs.append(_article(f"t{n}", f"{phrase} {n}", "نص الخبر"))
        briefs.append(_article(f"b{n}", "خبر", f"أعلن {phrase} اليوم"))
    import_batch(store, briefs)  # imported in this order: t1 oldest, b4 newest
    # The newest four matches are b4 t4 b3 t3: the title matches among them are t4 and t3.
    assert [h.id for h in search.search(store._conn, f'"{phrase}"', limit=3)] == ["t4", "t3", "b4"]
    assert [h.id for h in search.search(store._conn, f'"{phrase}"', limit=1)] == ["t4"]
    assert [h.id for h in search.search(store._conn, f'"{phrase}"', limit=8)] == [
        "t4", "t3", "b4", "b3", "b2", "t2", "b1", "t1"
    ]  # fmt: skip
