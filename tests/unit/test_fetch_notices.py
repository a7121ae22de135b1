"""The reader's notice lines after a fetch: failures named, passwords hidden, names set apart."""

from __future__ import annotations

from tui.ui.fetching import notice_lines

URL = "https://alice:s3cret-pw@news.example/feed.xml"


def summary(*feeds: dict[str, object]) -> dict[str, object]:
    return {"new": 2, "updated": 0, "fetched": 1, "feeds": list(feeds)}


def test_a_password_is_hidden_in_the_name_even_when_the_name_is_cut() -> None:
    """The name is cut before the password ends (as the reader cuts a name to 60 cells): it must
    be hidden before the cut, or what is left of it could no longer be found."""
    head, lines = notice_lines(
        summary(
            {"url": URL, "title": None, "error": f"has moved to {URL}", "skipped": None},
            {"url": "https://x.example/f", "title": "خلاصة", "error": None, "skipped": "HTTP 410 Gone"},
            {"url": "https://y.example/f", "title": "ok", "error": None, "skipped": None},
        ),
        name=lambda text: "<" + text[:24] + ">",
    )
    assert head == "fetched 1 feed: 2 new briefs"
    assert lines == [
        "<https://alice:***@news.e>: has moved to https://alice:***@news.example/feed.xml",
        "<خلاصة>: skipped: HTTP 410 Gone",
    ]
    assert not any("s3cret" in line for line in lines)
