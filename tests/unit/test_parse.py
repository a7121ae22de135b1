"""Parsing briefs: front matter, read-also lines, Markdown headings, titles, and a property test."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.importers.parse import MAX_TITLE, ParseError, first_sentence_title, parse_article
from tui.importers.readalso import parse_read_also
from tui.models import Block

SAMPLE = Path(__file__).resolve().parents[2] / "articles" / "000_6b818919d795fa73.txt"

IQRA = ["اقرأ", "إقرأ", "اقرا", "إقرا"]
AYDAN = ["أيضاً", "أيضًا", "أيضا", "ايضا", "ايضاً"]


def test_soft_hyphens_are_removed_from_a_brief_file() -> None:
    """A soft hyphen (a place a word may break) would be drawn as a hyphen and split the word for search."""
    article = parse_article("---\ntitle: Glasfaser\u00adnetz\n---\nالمس\u00adتشفى الكبير\n", article_id="a")
    assert article.title == "Glasfasernetz"
    assert [b.text for b in article.blocks] == ["المستشفى الكبير"]


# --- read-also lines ---------------------------------------------------------------------------


@pytest.mark.parametrize("first", IQRA)
@pytest.mark.parametrize("second", AYDAN)
def test_every_arabic_spelling(first: str, second: str) -> None:
    label = f"{first} {second}"
    assert parse_read_also(f"{label}: عنوان الخبر المرتبط") == (label, "عنوان الخبر المرتبط")


@pytest.mark.parametrize("label", ["Read also", "See also", "Related", "READ ALSO", "see Also", "related"])
def test_english_labels(label: str) -> None:
    assert parse_read_also(f"{label}: The Travels of Ibn Battuta") == (label, "The Travels of Ibn Battuta")


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("اقرأ أيضاً : عنوان", ("اقرأ أيضاً", "عنوان")),
        ("اقرأ أيضاً：عنوان", ("اقرأ أيضاً", "عنوان")),
        ("\u200fاقرأ أيضاً: عنوان", ("اقرأ أيضاً", "عنوان")),
        ("   اقرأ أيضاً:   عنوان  ", ("اقرأ أيضاً", "عنوان")),
        ("اقرأْ أيْضًا: عنوان", ("اقرأْ أيْضًا", "عنوان")),
        ("اقـرأ أيضـاً: عنوان", ("اقـرأ أيضـاً", "عنوان")),
        ("آقرأ أيضا: عنوان", ("آقرأ أيضا", "عنوان")),
        ("اقرأ أيضً: عنوان", ("اقرأ أيضً", "عنوان")),
        ("اقرأ أيضاً: “هيئة تحرير الشام” تتقدم", ("اقرأ أيضاً", "“هيئة تحرير الشام” تتقدم")),
        ('See also: "Quoted title"', ("See also", '"Quoted title"')),
        ("Read also: a: b", ("Read also", "a: b")),
    ],
    ids=[
        "space-colon",
        "fullwidth-colon",
        "rlm-before",
        "spaces",
        "harakat",
        "tatweel",
        "madda",
        "tanween-no-alef",
        "curly-quotes",
        "ascii-quotes",
        "colon-in-title",
    ],
)
def test_read_also_variants(paragraph: str, expected: tuple[str, str]) -> None:
    assert parse_read_also(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "قال المتحدث اقرأ أيضاً: هذا ليس رابطاً",
        "وقد اقرأ التقرير في الصحيفة",
        "اقرأ أيضاً عنوان بلا نقطتين",
        "اقرأ أيضاً:",
        "اقرأ أيضاً:    ",
        "اقرأ: عنوان",
        "أيضاً: عنوان",
        "Related news today: nothing",
        "Relatedly: something",
        "Also see: x",
        "See also",
        "",
    ],
    ids=[
        "label-in-middle",
        "iqra-in-middle",
        "no-colon",
        "no-title",
        "blank-title",
        "first-word-only",
        "second-word-only",
        "related-then-words",
        "relatedly",
        "also-see",
        "english-no-colon",
        "empty",
    ],
)
def test_not_read_also(paragraph: str) -> None:
    assert parse_read_also(paragraph) is None


# --- front matter ------------------------------------------------------------------------------


FULL = """---
Title: عنوان من الواجهة
date: 2019-04-26
source: وكالة
URL: https://example.com/a
tags: سوريا, إدلب ,, تركيا ،أستانة,
author: كاتب
Priority: high
---
الفقرة الأولى.
"""


def test_front_matter_all_keys() -> None:
    a = parse_article(FULL, article_id="a1")
    assert a.title == "عنوان من الواجهة"
    assert a.date == "2019-04-26"
    assert a.source == "وكالة"
    assert a.url == "https://example.com/a"
    assert a.tags == ("سوريا", "إدلب", "تركيا", "أستانة")
    assert a.extra == (("author", "كاتب"), ("priority", "high"))
    assert a.blocks == (Block(kind="text", text="الفقرة الأولى."),)
    assert a.id == "a1"


@pytest.mark.parametrize(
    "value", ["2019-04-26", "2019-04-26T10:30:00", "2019-04-26T10:30:00+03:00", "2019-04-26 10:30"]
)
def test_valid_dates_kept_as_written(value: str) -> None:
    a = parse_article(f"---\ndate: {value}\n---\nbody\n", article_id="d")
    assert (a.date, a.extra) == (value, ())


@pytest.mark.parametrize("value", ["2019-02-30", "31/04/2019", "yesterday", "2019-13-01"])
def test_invalid_date_goes_to_extra_in_place(value: str) -> None:
    a = parse_article(f"---\nfoo: 1\ndate: {value}\nbar: 2\n---\nbody\n", article_id="d")
    assert a.date is None
    assert a.extra == (("foo", "1"), ("date", value), ("bar", "2"))


def test_front_matter_line_without_colon() -> None:
    with pytest.raises(ParseError, match=r"^line 3: "):
        parse_article("---\ntitle: x\nthis has no colon\n---\nbody\n", article_id="x")


def test_front_matter_not_closed() -> None:
    with pytest.raises(ParseError, match=r"^front matter not closed \(no second ---\)$"):
        parse_article("---\ntitle: x\nbody text here\n", article_id="x")


def test_front_matter_without_body() -> None:
    with pytest.raises(ParseError, match="^no body text$"):
        parse_article("---\ntitle: x\n---\n\n   \n", article_id="x")


@pytest.mark.parametrize("text", ["", "\n\n", "  \n\t\n"])
def test_empty_text_has_no_body(text: str) -> None:
    with pytest.raises(ParseError, match="^no body text$"):
        parse_article(text, article_id="x")


FEED = '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>نبض</title></channel></rss>\n'


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (FEED, "a feed, not a brief: subscribe to it with brief feeds add URL"),
        ("\ufeff" + FEED, "a feed, not a brief: subscribe to it with brief feeds add URL"),
        ('\n  <feed xmlns="http://www.w3.org/2005/Atom">\n<title>x</title></feed>', "a feed, not a brief"),
        ('<?xml version="1.0"?>\n<!-- made by a CMS -->\n<rdf:RDF xmlns:rdf="x">\n</rdf:RDF>', "a feed, not a brief"),
        ('<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="/rss.xslt" ?>\n<rss>', "a feed, not a brief"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "x">\n<rss>',
            "a feed, not a brief",
        ),
        ('<?xml version="1.0"?>\n<opml version="2.0"><body/></opml>', "an OPML file, not a brief: subscribe"),
        ('<?xml version="1.0"?>\n<svg xmlns="x"></svg>', "an XML document, not a brief"),
    ],
)
def test_a_feed_or_xml_saved_as_a_brief_is_refused(text: str, why: str) -> None:
    with pytest.raises(ParseError, match="^" + why):
        parse_article(text, article_id="x")


@pytest.mark.parametrize("head", ["<?a?>" * 900, "<!--a-->" * 600, "<?a?a?>" * 700, "<!-- -" + "-" * 4000])
def test_a_hostile_start_is_read_in_one_pass(head: str) -> None:
    """Every way of splitting 900 processing instructions tried in turn would never end."""
    import time

    started = time.process_time()
    assert parse_article(head + "<x> نص\n", article_id="x").paragraphs
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize("text", ["<b>عاجل</b> نص الخبر\n", "<feedback> is a word\n", "نص يذكر <?xml في وسطه\n"])
def test_text_that_only_starts_with_a_tag_is_a_brief(text: str) -> None:
    assert parse_article(text, article_id="x").paragraphs == (text.strip(),)


def test_blank_lines_in_front_matter_and_crlf() -> None:
    a = parse_article("---\r\ntitle: T\r\n\r\nsource: S\r\n---\r\none\r\n\r\ntwo\r\n", article_id="x")
    assert (a.title, a.source, a.paragraphs) == ("T", "S", ("one", "two"))


def test_empty_title_value_falls_back_to_first_sentence() -> None:
    a = parse_article("---\ntitle:\n---\nFirst one. Second.\n", article_id="x")
    assert a.title == "First one"


# --- body, positions, sample -------------------------------------------------------------------


def test_blocks_keep_their_position() -> None:
    text = "  فقرة أولى  \n\nاقرأ أيضاً: خبر آخر\nفقرة ثانية\nSee also: Other\n"
    a = parse_article(text, article_id="p")
    assert a.blocks == (
        Block(kind="text", text="فقرة أولى"),
        Block(kind="link", text="خبر آخر", label="اقرأ أيضاً"),
        Block(kind="text", text="فقرة ثانية"),
        Block(kind="link", text="Other", label="See also"),
    )


def test_sample_brief() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    a = parse_article(text, article_id="000_6b818919d795fa73", path=str(SAMPLE), encoding="utf-8", content_hash="abc")
    assert [(b.label, b.text) for b in a.links] == [
        ("اقرأ أيضاً", "تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري"),
        ("اقرأ أيضاً", "أردوغان يكشف عن ما ستفعله تركيا عند حدوث أي طارئ في إدلب"),
    ]
    assert [i for i, b in enumerate(a.blocks) if b.is_link] == [2, 9]
    non_blank = [line.strip() for line in text.split("\n") if line.strip()]
    assert len(a.blocks) == len(non_blank)
    # The first sentence runs past 80 characters; cut after "الختامي" (76 chars incl. "…").
    assert a.title == "أعلنت الدول الضامنة لمحادثات أستانة (روسيا وتركيا وايران) في البيان الختامي…"
    assert len(a.title) <= MAX_TITLE
    assert (a.id, a.path, a.content_hash, a.date, a.extra) == ("000_6b818919d795fa73", str(SAMPLE), "abc", None, ())


# --- titles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "title"),
    [
        ("Short sentence. Another one.", "Short sentence"),
        ("Is it? Yes.", "Is it?"),
        ("Wow! Really.", "Wow!"),
        ("هل وصل الخبر؟ نعم وصل.", "هل وصل الخبر؟"),
        ("جملة أولى، وما زالت مستمرة. ثم جملة ثانية.", "جملة أولى، وما زالت مستمرة"),
        ("جملة بالنقطة الأردية۔ ثانية", "جملة بالنقطة الأردية"),
        ("Version 3.11 is out. Yes.", "Version 3.11 is out"),
        ("No end mark at all", "No end mark at all"),
    ],
)
def test_first_sentence(paragraph: str, title: str) -> None:
    assert first_sentence_title(paragraph) == title


def test_title_cut_at_word_boundary_with_ellipsis() -> None:
    title = first_sentence_title(" ".join(["word"] * 30) + ".")
    # 79 characters of room for text: 16 words and their 15 spaces are exactly 79 characters,
    # and the space after the 16th word sits at index 79, so the cut keeps 16 whole words.
    assert title == " ".join(["word"] * 16) + "…"
    assert len(title) == 80


def test_title_exactly_80_is_not_cut() -> None:
    sentence = "a" * 40 + " " + "b" * 39
    assert len(sentence) == 80
    assert first_sentence_title(sentence + ". Next.") == sentence


def test_title_81_is_cut() -> None:
    sentence = "a" * 40 + " " + "b" * 40
    assert first_sentence_title(sentence) == "a" * 40 + "…"


def test_title_one_long_word_is_cut_hard() -> None:
    assert first_sentence_title("x" * 100) == "x" * 79 + "…"


def test_title_skips_links_and_uses_first_text_paragraph() -> None:
    a = parse_article("See also: Other brief\nThe real start. More.\n", article_id="x")
    assert a.title == "The real start"


def test_title_of_links_only_brief_is_its_id() -> None:
    a = parse_article("See also: Other brief\n", article_id="links-only")
    assert a.title == "links-only"


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_heading_is_title() -> None:
    a = parse_article("# العنوان هنا\n\nفقرة.\n## قسم فرعي\nاقرأ أيضاً: خبر\n", article_id="m", markdown=True)
    assert a.title == "العنوان هنا"
    assert a.blocks == (
        Block(kind="text", text="فقرة."),
        Block(kind="text", text="قسم فرعي"),
        Block(kind="link", text="خبر", label="اقرأ أيضاً"),
    )


def test_markdown_heading_after_front_matter() -> None:
    a = parse_article("---\nsource: s\n---\n# Heading #\nBody.\n", article_id="m", markdown=True)
    assert (a.title, a.paragraphs) == ("Heading", ("Body.",))


def test_markdown_front_matter_title_wins_heading_stays_text() -> None:
    a = parse_article("---\ntitle: From front\n---\n# Heading\nBody.\n", article_id="m", markdown=True)
    assert (a.title, a.paragraphs) == ("From front", ("Heading", "Body."))


def test_markdown_heading_only_has_no_body() -> None:
    with pytest.raises(ParseError, match="^no body text$"):
        parse_article("# Just a heading\n", article_id="m", markdown=True)


def test_plain_text_keeps_hashes() -> None:
    a = parse_article("# Not a heading in .txt\nBody.\n", article_id="t")
    assert a.paragraphs == ("# Not a heading in .txt", "Body.")
    assert a.title == "# Not a heading in .txt"


def test_markdown_hashtag_is_not_a_heading() -> None:
    a = parse_article("#hashtag line\nBody.\n", article_id="m", markdown=True)
    assert a.paragraphs == ("#hashtag line", "Body.")


# --- properties --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(), st.booleans())
def test_only_parse_error_on_random_text(text: str, markdown: bool) -> None:
    try:
        a = parse_article(text, article_id="r", markdown=markdown)
    except ParseError:
        return
    assert a.blocks
    assert a.title


_LINE = st.text(st.characters(blacklist_characters="\n\r"), max_size=40) | st.sampled_from(
    ["اقرأ أيضاً: عنوان", "See also: x", "  ", "---", "اقرأ أيضاً:", "Related : y"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=12))
def test_nothing_lost(lines: list[str]) -> None:
    text = "---\ntitle: T\n---\n" + "\n".join(lines)
    lines = [line.replace("\u00ad", "") for line in lines]  # soft hyphens alone are dropped
    expected = [line.strip() for line in lines if line.strip()]
    if not expected:
        with pytest.raises(ParseError):
            parse_article(text, article_id="r")
        return
    a = parse_article(text, article_id="r")
    assert len(a.blocks) == len(expected)
    for block, line in zip(a.blocks, expected):
        if block.kind == "text":
            assert block.text == line
        else:
            assert block.text and block.text in line
            assert parse_read_also(line) == (block.label, block.text)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2024-03-23", "2024-03-23"),
        ("2019-04-26T10:30:00+03:00", "2019-04-26T10:30:00+03:00"),
        ("20240101", "2024-01-01"),
        ("2024-W01", "2024-01-01"),  # ISO week 1 of 2024 starts on Monday 1 January
        ("2024-W10-3", "2024-03-06"),
        ("23/03/2024", "2024-03-23"),
        ("23-03-2024", "2024-03-23"),
        ("03.04.2024", "2024-04-03"),  # day first
        ("12/25/2024", "2024-12-25"),  # 25 cannot be a month
    ],
)
def test_common_date_forms_are_stored_so_that_they_sort(written: str, stored: str) -> None:
    article = parse_article(f"---\ndate: {written}\n---\nنص.\n", article_id="d")
    assert article.date == stored
    assert ("date", written) not in article.extra


@pytest.mark.parametrize("written", ["31/02/2024", "2024-13-01", "yesterday", "2024-02-30"])
def test_an_impossible_date_is_kept_in_extra_and_the_brief_is_undated(written: str) -> None:
    article = parse_article(f"---\ndate: {written}\n---\nنص.\n", article_id="d")
    assert article.date is None and ("date", written) in article.extra


def test_dates_of_every_accepted_form_sort_in_time_order() -> None:
    forms = ["20240102", "2024-W01-1", "03/01/2024", "2023-12-31"]
    dates = [parse_article(f"---\ndate: {f}\n---\nنص.\n", article_id="d").date for f in forms]
    assert sorted(dates, reverse=True) == ["2024-01-03", "2024-01-02", "2024-01-01", "2023-12-31"]
