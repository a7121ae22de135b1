"""OPML subscription lists: folders as tags, right-to-left titles, BOM, duplicates, refusals, round trip."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.feeds.opml import OpmlError, Subscription, parse_opml, read_opml, write_opml

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>mine</title></head>
  <body>
    <outline type="rss" text="Top" xmlUrl="https://top.example/feed"/>
    <outline text="News" title="ignored for folders">
      <outline text="World">
        <outline type="rss" title="BBC" text="bbc" xmlUrl="https://bbc.example/rss"/>
      </outline>
      <outline type="rss" text="Only text" xmlurl="https://text.example/rss"/>
    </outline>
    <outline title="Untitled folder">
      <outline type="rss" XMLURL="https://upper.example/rss"/>
    </outline>
  </body>
</opml>"""


def test_nested_folders_become_tags() -> None:
    assert read_opml(NESTED, "nested.opml") == [
        Subscription("https://top.example/feed", "Top", ()),
        Subscription("https://bbc.example/rss", "BBC", ("News", "World")),
        Subscription("https://text.example/rss", "Only text", ("News",)),
        Subscription("https://upper.example/rss", None, ("Untitled folder",)),
    ]
    assert parse_opml(NESTED, "nested.opml").title == "mine"


def test_rtl_titles_lose_bidi_controls_and_keep_their_letters() -> None:
    data = (
        '<opml version="1.0"><body><outline text="\u2067أخبار\u2069">'
        '<outline title="&#x202B;الجزيرة&#x202C; نت" text="x" xmlUrl="https://aj.example/rss"/>'
        '<outline title="\u202eשלום\u202c" xmlUrl="https://he.example/rss"/>'
        "</outline></body></opml>"
    ).encode()
    assert read_opml(data, "rtl.opml") == [
        Subscription("https://aj.example/rss", "الجزيرة نت", ("أخبار",)),
        Subscription("https://he.example/rss", "שלום", ("أخبار",)),
    ]


def test_utf8_bom() -> None:
    data = b'\xef\xbb\xbf<?xml version="1.0"?><opml><body><outline xmlUrl="http://a.example/f" text="A"/></body></opml>'
    assert read_opml(data, "bom.opml") == [Subscription("http://a.example/f", "A", ())]


def test_duplicates_are_kept_once_with_both_folders() -> None:
    data = b"""<opml version="2.0"><body>
      <outline text="a"><outline xmlUrl="https://d.example/f" text="first"/></outline>
      <outline text="b"><outline xmlUrl="https://d.example/f" text="second"/></outline>
      <outline xmlUrl="https://d.example/f"/>
      <outline xmlUrl="https://e.example/f"/>
    </body></opml>"""
    doc = parse_opml(data, "dup.opml")
    assert doc.subscriptions == [
        Subscription("https://d.example/f", "first", ("a", "b")),
        Subscription("https://e.example/f", None, ()),
    ]
    assert (doc.duplicates, doc.skipped) == (2, 0)


def test_non_http_urls_are_skipped_and_feed_scheme_converted() -> None:
    data = b"""<opml><body>
      <outline text="search" type="vfolder" xmlUrl="vfolder"><outline type="rule" text="r"/></outline>
      <outline xmlUrl="javascript:alert(1)"/><outline xmlUrl=""/>
      <outline xmlUrl="feed://f.example/rss"/><outline xmlUrl="feed:https://g.example/rss"/>
      <outline xmlUrl="http://[::1/feed"/><outline xmlUrl="http://a]b/"/><outline xmlUrl="http://:80/x"/>
      <outline xmlUrl="https://"/>
    </body></opml>"""
    doc = parse_opml(data, "odd.opml")
    assert [s.url for s in doc.subscriptions] == ["http://f.example/rss", "https://g.example/rss"]
    assert doc.skipped == 6
    assert doc.skipped_urls == ("javascript:alert(1)", "", "http://[::1/feed")  # the first three, as written
    assert doc.searches == 1  # Liferea's search folder: no feed, and no failure


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<rss version="2.0"><channel/></rss>',
            "x.opml: a feed, not OPML (subscribe to a feed's URL with brief feeds add URL)",
        ),
        (
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"/>',
            "x.opml: a feed, not OPML (subscribe to a feed's URL with brief feeds add URL)",
        ),
        (b"<Outline-List/>", "x.opml: not OPML (the root element is <Outline-List>, not <opml>)"),
        (b'<opml version="2.0"><head><title>t</title></head></opml>', "x.opml: not OPML (no <body> element)"),
        (b"<opml><body><outline></body></opml>", "x.opml: not XML (mismatched tag, line 1 column 24)"),
        (b"", "x.opml: not XML (no element found, line 1 column 1)"),
        (b"name,url\nA,https://a.example/f\n", "x.opml: not XML (syntax error, line 1 column 1)"),
    ],
)
def test_not_opml(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError) as info:
        read_opml(data, "x.opml")
    assert str(info.value) == message


def test_entity_bomb_is_refused_without_expanding() -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    data = f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY l0 "lol">{lol}]><opml><body>'
    data += '<outline text="&l9;" xmlUrl="https://x.example/f"/></body></opml>'
    started = time.perf_counter()
    with pytest.raises(OpmlError) as info:
        read_opml(data.encode(), "bomb.opml")
    assert str(info.value) == "bomb.opml: not a usable OPML file (it declares XML entities)"
    assert time.perf_counter() - started < 0.5


def test_write_then_read_round_trip_with_escaping() -> None:
    subs = [
        Subscription("https://a.example/f?x=1&y=2", "Quotes \" and <tags> & 'apostrophes'", ("news", "world")),
        Subscription("https://b.example/f", None, ()),
        Subscription("https://c.example/f", "أخبار اليوم", ("أخبار",)),
        Subscription("https://d.example/f", "several", ("world", "news", "a, b / c")),
        Subscription("https://e.example/f", "same folder", ("news", "world")),
    ]
    text = write_opml(subs, title="mine & yours")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    doc = parse_opml(text.encode("utf-8"), "written.opml")
    assert doc.title == "mine & yours"
    assert sorted(doc.subscriptions, key=lambda s: s.url) == subs
    assert (doc.duplicates, doc.skipped) == (0, 0)


_name = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zs", "Zl", "Zp")), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.none(), _name), st.lists(_name, max_size=3, unique=True)),
        max_size=8,
    )
)
def test_round_trip_property(entries: list[tuple[str | None, list[str]]]) -> None:
    subs = [
        Subscription(f"https://f{i}.example/feed", title, tuple(tags))
        for i, (title, tags) in enumerate(entries)
        if all(not (0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069) for c in (title or "") + "".join(tags))
    ]
    back = read_opml(write_opml(subs).encode("utf-8"), "p.opml")
    assert sorted(back, key=lambda s: s.url) == sorted(subs, key=lambda s: s.url)


def test_controls_in_names_never_reach_the_written_file() -> None:
    """``opml export`` goes to a pipe as often as to a file: an outline's C1 controls, DEL and bidi
    overrides (read from a hostile OPML file, or a feed's own title) are not written back."""
    hostile = (
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="folder &#155;[31m &#x202e;rlo">'
        '<outline type="rss" text="f5 &#155;]0;T&#127;" xmlUrl="https://a.example/f"/></outline></body></opml>'
    )
    (sub,) = read_opml(hostile.encode(), "esc.opml")
    assert (sub.title, sub.tags) == ("f5 ]0;T", ("folder [31m rlo",))
    written = write_opml([sub, Subscription("https://b.example/f", "عنوان \x9b2J\x7f \u202eمقلوب", ("\u2066وسم\x85",))])
    assert not [
        ch for ch in written if 0x7F <= ord(ch) <= 0x9F or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069
    ]
    back = sorted(read_opml(written.encode(), "back.opml"), key=lambda s: s.url)
    assert back == [sub, Subscription("https://b.example/f", "عنوان 2J مقلوب", ("وسم",))]


def test_a_title_of_a_million_letters_is_cut() -> None:
    """feeds list printed a 1 MB line, and the reader's fetch progress carried it."""
    from tui.text.limits import ELLIPSIS, MAX_NAME_CHARS

    data = f'<opml version="2.0"><body><outline text="{"ع" * 1_000_000}" xmlUrl="https://a.example/f"/></body></opml>'
    (sub,) = read_opml(data.encode(), "big.opml")
    assert sub.title == "ع" * (MAX_NAME_CHARS - 1) + ELLIPSIS


def test_feeds_past_the_cap_are_counted_not_subscribed(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.feeds import opml

    monkeypatch.setattr(opml, "MAX_OPML_FEEDS", 3)
    outlines = "".join(f'<outline xmlUrl="https://f{i}.example/rss"/>' for i in range(5))
    again = '<outline xmlUrl="https://f1.example/rss" text="again"/>'  # listed already: a duplicate
    doc = parse_opml(f"<opml><body>{outlines}{again}</body></opml>".encode(), "many.opml")
    assert [s.url for s in doc.subscriptions] == [f"https://f{i}.example/rss" for i in range(3)]
    assert (doc.beyond, doc.duplicates, doc.skipped) == (2, 1, 0)


def test_opml_import_of_too_many_feeds_subscribes_the_first_and_exits_1(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main
    from tui.feeds import opml

    monkeypatch.setattr(opml, "MAX_OPML_FEEDS", 2)
    path = tmp_path / "many.opml"
    path.write_text(
        "<opml><body>" + "".join(f'<outline xmlUrl="https://f{i}.example/rss"/>' for i in range(4)) + "</body></opml>",
        encoding="utf-8",
    )
    assert main(["--store", str(tmp_path / "s.db"), "opml", "import", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "subscribed 2, already 0, failed 2\n"
    assert err == f"failed: {path}: 2 feeds past the first 2; skipped\n"
