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


def test_the_feeds_notes_are_said_too_at_most_three() -> None:
    """The reader's r said nothing of the entries a fetch left out (a brief file holding their
    id, too large, no text): brief fetch prints them, and so does the reader now."""
    from tui.ui.fetching import note_lines

    notes = [f"{URL}: entry 'feed-1' not written: a brief file (/tmp/feed-1.txt) has that id"]
    more = ["https://x.example/f: 2 entries with no title and no text; skipped", "moved: a -> b", "full text: c"]
    one = summary({"url": URL, "title": None, "error": None, "skipped": None, "notes": notes})
    assert note_lines(one) == [
        "https://alice:***@news.example/feed.xml: entry 'feed-1' not written: a brief file (/tmp/feed-1.txt) has that id"
    ]
    many = summary(
        {"url": URL, "title": None, "error": None, "skipped": None, "notes": notes},
        {"url": "https://x.example/f", "title": "x", "error": None, "skipped": None, "notes": more},
    )
    assert note_lines(many) == [note_lines(one)[0], *more[:2], "and 1 more notes (brief fetch prints them all)"]
    assert note_lines(summary({"url": URL, "title": None, "error": None, "skipped": None, "notes": []})) == []
