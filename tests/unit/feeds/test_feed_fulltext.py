"""Article text of a web page (tui.feeds.fulltext) on a small Arabic page written for the test."""

from __future__ import annotations

import pytest

from tui.feeds.fulltext import extract_article

HEADING = "وزير الري يوقع عقد الدراسة"

PARAGRAPHS = [
    (
        "شهد الدكتور محمد عبد العاطي وزير الموارد المائية والري مراسم توقيع عقد المرحلة الثانية من دراسة تحديد "
        "المناطق ذات المخزون الجوفي في الصحراء الغربية، بحضور عدد من قيادات الوزارة وأساتذة الجامعات."
    ),
    (
        "وكان الوزير قد التقى وفداً من أساتذة كلية الهندسة بجامعة القاهرة لمناقشة نتائج المرحلة الأولى من "
        "الدراسة، والتي شملت تحليل بيانات الآبار وقياسات منسوب المياه الجوفية على مدى عشر سنوات كاملة."
    ),
    (
        "وتجدر الإشارة إلى أن تلك الدراسة تهدف إلى تحديد المناطق التي تسمح بتنمية مستدامة، وهي خطوة مهمة "
        "في خطة الدولة لاستصلاح الأراضي وزيادة الرقعة الزراعية خلال السنوات القادمة."
    ),
]


def page(meta: str = '<meta charset="windows-1256">') -> str:
    """A news page: navigation, the article, a footer."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'><head>{meta}<title>وزير الري يوقع عقد الدراسة</title></head>"
        "<body><nav><ul><li><a href='/'>الرئيسية</a></li><li><a href='/sport'>رياضة</a></li>"
        "<li><a href='/eco'>اقتصاد</a></li></ul></nav>"
        "<article><h1>وزير الري يوقع عقد الدراسة</h1>"
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
