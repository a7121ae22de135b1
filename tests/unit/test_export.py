"""``brief export``: Markdown that imports back to the same store, HTML a browser shows right and
that no brief can inject into, plain logical text; exit codes for what a user can get wrong."""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest
from store_helpers import import_batch

from tui.cli import main
from tui.exporting import language, render, to_html, to_markdown, to_text
from tui.importers.parse import parse_article, split_tags
from tui.models import Article, Block
from tui.text.sanitize import file_text

HOSTILE = Article(
    id="hostile",
    title='عنوان الخبر العاجل من المدينة <script>x</script> & "ق"',
    blocks=(
        Block("text", 'نص طويل عن الخبر العاجل في المدينة القديمة <b>عريض</b> & "مقتبس" </p><script>x()</script>'),
        Block("text", "An English paragraph with <img src=x onerror=alert(1)>."),
        Block("link", "<i>missing</i>", label="See also"),
    ),
    date="2024-03-23",
    source="<source>",
    url="javascript:alert(1)",
    tags=("<t>", "وسم"),
)


class _Collect(html.parser.HTMLParser):
    """Tags with their attributes, and the text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):  # noqa: ANN001
        self.text.append(data)


def test_html_escapes_everything_from_the_brief_and_sets_direction_and_language() -> None:
    page = to_html(HOSTILE, lambda target: None)
    parsed = _Collect()
    parsed.feed(page)
    tags = [t for t, _ in parsed.tags]
    # Only the page's own elements: nothing the brief wrote became a tag, and no javascript: link.
    assert set(tags) <= {"html", "head", "meta", "title", "body", "h1", "p", "a"}
    assert "script" not in tags and "img" not in tags and "b" not in tags
    assert all(not (a.get("href") or "").startswith("javascript") for _, a in parsed.tags)
    # Every text came through as written (the parser unescapes what was escaped).
    text = "".join(parsed.text)
    for block in HOSTILE.blocks:
        assert block.text in text
    assert HOSTILE.title in text and "javascript:alert(1)" in text  # shown, not linked
    paragraphs = [a for t, a in parsed.tags if t in ("p", "h1") and a.get("class") not in ("url",)]
    assert paragraphs and all(a.get("dir") == "auto" for a in paragraphs)
    assert parsed.tags[0] == ("html", {"lang": "ar"})
    english = [a for t, a in parsed.tags if t == "p" and a.get("lang") == "en"]
    assert len(english) == 2  # the English paragraph and the English read-also line


def test_html_carries_no_control_character_from_the_brief() -> None:
    """Escape sequences (CSI, OSC 8, OSC 52), BEL and C1 controls are shown as symbols in the
    page, and a URL holding one is shown, not linked."""
    controls = "\x1b[31mred\x1b]8;;http://evil/\x07click\x1b]8;;\x07 \x9b2J \x85"
    hostile = Article(
        id="esc",
        title=f"عنوان {controls}",
        blocks=(Block("text", f"نص {controls}"), Block("link", f"خبر {controls}", label="اقرأ أيضاً", target="x")),
        source=f"src {controls}",
        url="http://x/\x1b]0;title\x07",
        tags=(f"t{controls}",),
    )
    page = to_html(hostile, lambda target: "x.html")
    assert not [ch for ch in page if (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) < 0xA0]
    parsed = _Collect()
    parsed.feed(page)
    assert "\u241b[31mred" in "".join(parsed.text)  # ESC shown as its symbol, the rest as written
    assert [a.get("href") for t, a in parsed.tags if t == "a"] == ["x.html"]  # the read-also link only


def test_language_follows_the_letters() -> None:
    assert language("خبر عن Python و SQLite في المدينة") == "ar"
    assert language("A story about القاهرة and its streets") == "en"
    assert language("2024 - 123") == "en"


def test_text_is_the_logical_text() -> None:
    assert to_text(HOSTILE).split("\n\n") == [
        HOSTILE.title,
        HOSTILE.blocks[0].text,
        HOSTILE.blocks[1].text,
        "See also: <i>missing</i>\n",
    ]


def test_markdown_parses_back_to_the_same_brief() -> None:
    article = Article(
        id="x",
        title="عنوان: فيه نقطتان",
        blocks=(
            Block("text", "فقرة أولى."),
            Block("link", "عنوان (2) آخر", label="اقرأ أيضاً", target="other id"),
            Block("link", "Not stored", label="See also"),
        ),
        date="2019-04-26T10:30:00+03:00",
        tags=("سوريا", "إدلب"),
        extra=(("author", "كاتب"), ("date", "not a date")),
    )
    text = to_markdown(article, lambda target: "other%20id.md")
    assert "اقرأ أيضاً: [عنوان (2) آخر](other%20id.md)" in text.splitlines()
    back = parse_article(text, article_id="x", markdown=True)
    assert (back.title, back.date, back.tags, back.extra) == (article.title, article.date, article.tags, article.extra)
    assert [(b.kind, b.text, b.label) for b in back.blocks] == [(b.kind, b.text, b.label) for b in article.blocks]


def test_markdown_keeps_tags_with_commas_and_paragraphs_starting_with_hash() -> None:
    article = Article(
        id="x",
        title="عنوان",
        blocks=(
            Block("text", "# ليس عنواناً"),
            Block("text", "## Not a heading either #"),
            Block("text", "\\# a backslash, then a hash"),
            Block("text", "#وسم في أول الفقرة"),
            Block("text", "\\ a backslash alone"),
        ),
        tags=("Syria, Idlib", "سوريا، إدلب", '"quoted" tag', 'back\\slash, "and quote"', "plain"),
    )
    text = to_markdown(article, lambda target: None)
    back = parse_article(text, article_id="x", markdown=True)
    assert back.tags == article.tags
    assert [b.text for b in back.blocks] == [b.text for b in article.blocks]
    assert back.title == article.title


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        ("a, b،c", ("a", "b", "c")),
        ('"a, b", c', ("a, b", "c")),
        ('  "x \\" y" ,z', ('x " y', "z")),
        ('"unclosed, still one', ("unclosed, still one",)),
        ('mid"quote, ok', ('mid"quote', "ok")),
        (" , ,", ()),
    ],
)
def test_split_tags_reads_quoted_tags(value: str, tags: tuple[str, ...]) -> None:
    assert split_tags(value) == tags


def _briefs(store) -> dict[str, tuple]:
    """Every brief's id, title, date, tags and read-also links (text and target), from the store."""
    out = {}
    for row in store.iter_rows():
        article = store.get(row.id)
        out[row.id] = (
            article.title,
            article.date,
            article.tags,
            [(b.label, b.text, b.target) for b in article.links],
            article.paragraphs,
        )
    return out


def test_export_all_then_import_gives_the_same_store(sample_store, tmp_path: Path) -> None:
    import_batch(
        sample_store,
        [
            Article(
                id="a (b) c",
                title="Brief with: a colon",
                blocks=(
                    Block("text", "Body."),
                    Block("text", "# not a heading"),
                    Block("link", "Reading Right to Left", label="See also"),
                ),
                tags=("x", "y z", "Syria, Idlib", "سوريا، إدلب"),
            ),
            Article(id="undated", title="بلا تاريخ", blocks=(Block("text", "نص."),), extra=(("date", "غداً"),)),
        ],
    )
    sample_store.close()
    source = tmp_path / "store.db"
    out = tmp_path / "out"
    assert main(["--store", str(source), "export", "--all", "--format", "md", "--out", str(out)]) == 0
    assert (out / "a (b) c.md").is_file()
    copy = tmp_path / "copy.db"
    assert main(["--store", str(copy), "import", str(out)]) == 0
    from tui.store.store import Store

    with Store.open(source) as a, Store.open(copy) as b:
        before, after = _briefs(a), _briefs(b)
    assert len(before) == 15
    assert after == before
    linked = [link for brief in before.values() for link in brief[3] if link[2] is not None]
    assert len(linked) >= 3  # the round trip carried resolved links, not only dangling ones


def test_one_brief_to_stdout_and_files_in_each_format(sample_store, tmp_path: Path, capsys) -> None:
    sample_store.close()
    store = str(tmp_path / "store.db")
    assert main(["--store", store, "export", "002_erdogan_idlib_emergency", "--format", "txt"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("أردوغان يكشف عن ما ستفعله تركيا عند حدوث أي طارئ في إدلب\n\n")
    ids = ["001_turkey_idlib_first_military_step", "002_erdogan_idlib_emergency"]
    assert main(["--store", store, "export", *ids, "--format", "html", "--out", str(tmp_path / "h")]) == 0
    page = (tmp_path / "h" / f"{ids[0]}.html").read_text(encoding="utf-8")
    assert f'<a href="{ids[1]}.html">' in page  # a link to the other exported page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "no-such", "--format", "md"], "no brief with id 'no-such' in "),
        (["export", "001_turkey_idlib_first_military_step", "nope", "--out", "{tmp}/o"], "nope"),
        (["export", "001_turkey_idlib_first_military_step", "nope"], "no brief with id 'nope' in "),
        (["export", "--all"], "needs --out"),
        (["export"], "give the ids"),
        (["export", "001_turkey_idlib_first_military_step", "--out", "{tmp}/file"], "is a file"),
        (["export", "001_turkey_idlib_first_military_step", "--out", "{tmp}/file/sub"], "cannot be made"),
    ],
)
def test_export_mistakes_exit_2_naming_the_input(sample_store, tmp_path: Path, capsys, args, message) -> None:
    sample_store.close()
    (tmp_path / "file").write_text("x")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(["--store", str(tmp_path / "store.db"), *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_bad_format_is_a_usage_error(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--store", str(tmp_path / "s.db"), "export", "x", "--format", "pdf"])
    assert caught.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_export_all_says_how_many_and_names_files_by_id(sample_store, tmp_path: Path, capsys, articles_dir) -> None:
    sample_store.close()
    out = tmp_path / "md"
    assert main(["--store", str(tmp_path / "store.db"), "export", "--all", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"exported 13 briefs to {out}\n"
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + ".md" for p in articles_dir.iterdir())


def test_a_link_that_is_not_its_targets_title_survives_export_and_import(tmp_path: Path) -> None:
    """A feed's read-also line found its brief by URL, its text being some other wording: the
    exported link's file name is what names the brief then, not its text."""
    from tui.store.store import Store

    source = tmp_path / "store.db"
    with Store.open(source) as store:
        import_batch(
            store,
            [
                Article(
                    id="dst",
                    title="قمة الرياض تختتم أعمالها",
                    blocks=(Block("text", "نص."),),
                    url="https://n.example/b",
                ),
                Article(
                    id="src",
                    title="خبر آخر",
                    blocks=(
                        Block("text", "نص."),
                        Block("link", "(٢٠٢٤) [عاجل] القمة", label="اقرأ أيضاً", href="https://n.example/b"),
                    ),
                ),
            ],
        )
        assert [b.target for b in store.get("src").links] == ["dst"]
    out = tmp_path / "out"
    assert main(["--store", str(source), "export", "--all", "--out", str(out)]) == 0
    copy = tmp_path / "copy.db"
    assert main(["--store", str(copy), "import", str(out)]) == 0
    with Store.open(copy) as store:
        assert [(b.text, b.target) for b in store.get("src").links] == [("(٢٠٢٤) [عاجل] القمة", "dst")]


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_no_format_carries_a_control_or_a_bidi_override_from_the_brief(fmt: str) -> None:
    """A file exported to a pipe or kept on disk is printed on a terminal sooner or later: OSC that
    sets the window title, CSI, BEL, C1, DEL and RLO from a feed's URL, tags, extra keys and text
    are written as symbols (or dropped, the overrides); RLM, an author's mark, stays."""
    controls = "\x1b]0;owned\x07 \x1b[41m \x9b2J \x7f \u202eevil\u202c"
    hostile = Article(
        id="esc",
        title=f"عنوان {controls}",
        blocks=(
            Block("text", f"نص\u200f {controls}"),
            Block("link", f"خبر {controls}", label=f"اقرأ أيضاً{controls}", target="x"),
        ),
        date="2024-03-01",
        source=f"src {controls}",
        url=f"http://127.0.0.1/j1{controls}",
        tags=(f"t{controls}",),
        extra=((f"k{controls}", f"v{controls}"),),
    )
    out = render(hostile, fmt, lambda target: f"x.{fmt}")
    forbidden = [ch for ch in out if (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0]
    assert forbidden == [] and "\u202e" not in out
    assert "\u241b]0;owned\u2407" in out and "evil" in out and "\u200f" in out
    if fmt == "md":  # still brief's format: the front matter reads back, title and tags included
        back = parse_article(out, article_id="esc", markdown=True)
        assert back.title.startswith("عنوان \u241b]0;owned") and back.tags == (f"t{file_text(controls)}",)


def test_markdown_keeps_tabs_marks_and_embeddings_of_the_text() -> None:
    """Harmless on a terminal and written by authors of Arabic text: a TAB, RLM, an RLE...PDF
    embedding and an isolate come back from the exported file as they were."""
    paragraphs = ("col1\tcol2\tcol3", "RLE \u202bمرحبا\u202c end", "نص\u200f (\u2067عربي\u2069) تم")
    brief = Article(id="keep", title="عنوان", blocks=tuple(Block("text", p) for p in paragraphs), date="2024-01-01")
    back = parse_article(to_markdown(brief, lambda target: None), article_id="keep", markdown=True)
    assert back.paragraphs == paragraphs


def test_a_brief_whose_file_name_is_near_the_longest_is_exported(tmp_path: Path, capsys) -> None:
    """A 125-letter Arabic id makes a 253-byte file name (255 at most): written beside it under a
    short name first, it is exported (a temporary name 9 bytes longer than it was refused), with
    the permissions of a file written directly."""
    from tui.store.store import Store

    brief_id = "ب" * 125
    with Store.open(tmp_path / "s.db") as store:
        import_batch(store, [Article(id=brief_id, title="خبر", blocks=(Block("text", "نص"),), content_hash="h")])
    out = tmp_path / "out"
    assert main(["--store", str(tmp_path / "s.db"), "export", brief_id, "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == [f"{brief_id}.md"]
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert (out / f"{brief_id}.md").stat().st_mode & 0o777 == plain.stat().st_mode & 0o777
