"""Article text of a web page (tui.feeds.fulltext) on a small Arabic page written for the test."""

from __future__ import annotations

import pytest

from tui.feeds.fulltext import extract_article

HEADING = "افتتاح مكتبة عامة جديدة في وسط المدينة"

PARAGRAPHS = [
    (
        "افتتحت البلدية صباح اليوم مكتبة عامة جديدة في وسط المدينة، تضم أكثر من عشرين ألف كتاب باللغتين "
        "العربية والإنجليزية، إلى جانب قاعة للمطالعة تتسع لمئة وخمسين قارئاً."
    ),
    (
        "وقال مدير المكتبة إن المبنى صُمّم ليكون مفتوحاً للجميع طوال أيام الأسبوع، وإن الاشتراك فيه مجاني "
        "للطلاب وكبار السن، مع برنامج شهري من الأمسيات الأدبية وورش الكتابة للأطفال."
    ),
    (
        "ويأتي افتتاح المكتبة ضمن خطة أوسع لإحياء الأحياء القديمة، تشمل ترميم الساحات العامة وزراعة "
        "الأشجار على جانبي الشوارع الرئيسية خلال العامين المقبلين."
    ),
]


def page(meta: str = '<meta charset="windows-1256">') -> str:
    """A news page: navigation, the article, a footer."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head>{meta}<title>افتتاح مكتبة عامة جديدة</title></head>"
        "<body><nav><ul><li><a href='/'>الرئيسية</a></li><li><a href='/sport'>رياضة</a></li>"
        "<li><a href='/eco'>اقتصاد</a></li></ul></nav>"
        f"<article><h1>{HEADING}</h1>"
        f"{body}</article><script>var ads = 'لا تظهر';</script>"
        "<footer><p>جميع الحقوق محفوظة © 2020</p></footer></body></html>"
    )


def test_meta_charset_windows_1256() -> None:
    result = extract_article(page().encode("cp1256"), "https://news.example/a", None)
    assert result is not None
    assert result == [HEADING, *PARAGRAPHS]
    assert "لا تظهر" not in " ".join(result)


def test_http_charset_wins_over_a_wrong_meta() -> None:
    html = page('<meta charset="utf-8">').encode("cp1256")
    result = extract_article(html, "https://news.example/a", "text/html; charset=windows-1256")
    assert result == [HEADING, *PARAGRAPHS]


def test_utf8_page_without_declaration() -> None:
    result = extract_article(page("").encode("utf-8"), "https://news.example/a", "text/html")
    assert result == [HEADING, *PARAGRAPHS]


@pytest.mark.parametrize("html", [b"", b"   ", b"<html><body><nav><a href='/'>x</a></nav></body></html>"])
def test_no_article_is_none(html: bytes) -> None:
    assert extract_article(html, "https://news.example/a", None) is None


def _page(paragraphs: int) -> bytes:
    body = "".join(f"<p>فقرة رقم {i} من نص المقال الطويل الذي يكتب هنا.</p>" for i in range(paragraphs))
    return f"<html><body><article>{body}</article></body></html>".encode()


def test_an_article_larger_than_a_brief_may_be_is_none_and_the_summary_stays() -> None:
    """--fulltext passed the limit that feed entries have (5,000 paragraphs, 500,000 characters):
    a page that gives more is no article text, like a page that gives none."""
    from tui.feeds.entries import MAX_ENTRY_PARAGRAPHS

    fitting = extract_article(_page(120), "https://n.example/a", "text/html; charset=utf-8")
    assert fitting is not None and len(fitting) == 120
    assert extract_article(_page(MAX_ENTRY_PARAGRAPHS + 1), "https://n.example/a", "text/html; charset=utf-8") is None


def test_a_page_larger_than_any_article_is_not_read() -> None:
    from tui.feeds.fulltext import MAX_PAGE_BYTES

    page = _page(120)
    padded = page.replace(b"<body>", b"<body><!--" + b"x" * MAX_PAGE_BYTES + b"-->")
    assert extract_article(padded, "https://n.example/a", "text/html; charset=utf-8") is None
