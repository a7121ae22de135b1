"""Briefs as files to keep or share: Markdown that brief imports again, HTML for a browser, plain text.

Pure functions from an :class:`~tui.models.Article` to text; ``brief export`` (:mod:`tui.export_command`)
writes them.

- **Markdown** is brief's own file format (see the README's "The article file format"): front
  matter with ``title``, ``date``, ``source``, ``url``, ``tags`` and the brief's other keys, then one
  paragraph per line. A read-also line keeps its label and becomes a Markdown link to the exported
  file of the brief it points at (``اقرأ أيضاً: [title](id.md)``), which brief's importer reads back
  as the same read-also line; a link to a brief not exported stays plain. The file is named after
  the brief's id, so ``brief import`` gives it back the same id. A tag holding a comma is written
  in double quotes, and a paragraph starting with ``#`` is escaped (``\\#``), so neither changes
  on the way back.
- **HTML** is one page per brief: every paragraph with ``dir="auto"`` so a browser sets each one's
  direction from its text, ``lang`` on the page (``ar`` or ``en``, from the letters of the text)
  and on each paragraph in the other language; all text escaped, its control characters shown as
  visible symbols, and only ``http``/``https`` URLs without a control character made into links.
- **Text** is the logical text: the title, then the paragraphs and read-also lines, a blank line
  between them.

In every format a brief's text is data: its control characters but TAB are written as visible
symbols and its bidi overrides dropped (:func:`~tui.text.sanitize.file_text`), so an exported file
printed on a terminal (``cat``, a pipe) carries no escape sequence.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable

from tui.models import Article, Block
from tui.text.sanitize import file_text
from tui.text.tags import quote_tag

FORMATS = {"md": "md", "html": "html", "txt": "txt"}
"""Format name -> file extension."""

LinkName = Callable[[str], str | None]
"""The file name a link to the brief with this id points at, or None when it is not exported."""


def file_name(brief_id: str, fmt: str) -> str:
    """The exported file's name: the id (what the importer takes back as the id) and the extension."""
    return f"{brief_id}.{FORMATS[fmt]}"


def _one_line(value: str) -> str:
    """A value that must stay on one line (a front-matter value, a paragraph): line breaks become
    spaces, controls but TAB visible glyphs, bidi overrides dropped (:func:`~tui.text.sanitize.file_text`)."""
    return file_text(" ".join(value.splitlines()).strip())


def language(text: str) -> str:
    """``ar`` when Arabic letters outnumber Latin ones in ``text``, else ``en``."""
    arabic = latin = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("ARABIC"):
            arabic += 1
        elif name.startswith("LATIN"):
            latin += 1
    return "ar" if arabic and arabic >= latin else "en"


def _link_line(block: Block, target_name: str | None) -> str:
    """A read-also line as Markdown: the label, then the title, as a link when its brief is exported."""
    title = _one_line(block.text)
    label = _one_line(block.label or "Read also")
    return f"{label}: [{title}]({target_name})" if target_name else f"{label}: {title}"


def to_markdown(article: Article, link_name: LinkName) -> str:
    """The brief as a Markdown file brief imports back to the same brief (see the module's docstring)."""
    known = [f"title: {_one_line(article.title)}"]
    if article.date:
        known.append(f"date: {_one_line(article.date)}")
    for key, value in (("source", article.source), ("url", article.url)):
        if value:
            known.append(f"{key}: {_one_line(value)}")
    if article.tags:
        known.append("tags: " + ", ".join(quote_tag(_one_line(t)) for t in article.tags))
    extra = [f"{_one_line(key)}: {_one_line(value)}" for key, value in article.extra]
    # A value that was no date is kept under "date" with the other keys; written after the brief's
    # date it would take its place when imported, so then the other keys come first.
    before_date = any(key == "date" for key, _ in article.extra)
    lines = ["---", *(extra + known if before_date else known + extra), "---"]
    for block in article.blocks:
        if block.is_link:
            lines.append(_link_line(block, link_name(block.target) if block.target else None))
        else:
            lines.append(_markdown_paragraph(_one_line(block.text)))
    return "\n".join(lines) + "\n"


def _markdown_paragraph(text: str) -> str:
    """A text paragraph as Markdown: one starting with ``#`` (or backslashes and ``#``) gets a
    backslash in front, so that it is not read back as a heading."""
    return "\\" + text if text.lstrip("\\").startswith("#") else text


def to_text(article: Article) -> str:
    """The brief's logical text: title, then each paragraph and read-also line, blank lines between."""
    parts = [article.title]
    for block in article.blocks:
        parts.append(f"{block.label or 'Read also'}: {block.text}" if block.is_link else block.text)
    return "\n\n".join(file_text(part) for part in parts) + "\n"


def _safe_href(url: str | None) -> str | None:
    """The URL when it is http or https (a hostile feed may give ``javascript:``) and holds no
    control character, else None."""
    if url and url.strip().lower().startswith(("http://", "https://")) and file_text(url) == url:
        return url.strip()
    return None


def _html_text(text: str) -> str:
    """``text`` escaped for HTML, its control characters shown as visible symbols (as on a
    terminal): an HTML page carries no C0 or C1 control from a brief."""
    return html.escape(file_text(text))


def to_html(article: Article, link_name: LinkName) -> str:
    """The brief as one HTML page (see the module's docstring)."""
    esc = _html_text
    lang = language(article.title + " " + " ".join(article.paragraphs))

    def attrs(text: str) -> str:
        own = language(text)
        return ' dir="auto"' + (f' lang="{own}"' if own != lang else "")

    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(article.title)}</title>",
        "</head>",
        "<body>",
        f"<h1{attrs(article.title)}>{esc(article.title)}</h1>",
    ]
    facts = [value for value in (article.date, article.source) if value]
    if facts:
        out.append(f'<p dir="auto" class="meta">{esc(" · ".join(facts))}</p>')
    href = _safe_href(article.url)
    if href:
        out.append(f'<p class="url"><a href="{esc(href)}">{esc(href)}</a></p>')
    elif article.url:
        out.append(f'<p dir="auto" class="url">{esc(article.url)}</p>')
    if article.tags:
        out.append(f'<p dir="auto" class="tags">{esc(", ".join(article.tags))}</p>')
    for block in article.blocks:
        if block.is_link:
            target = link_name(block.target) if block.target else None
            text = esc(block.text)
            linked = f'<a href="{esc(target)}">{text}</a>' if target else text
            label = esc(block.label or "Read also")
            out.append(f'<p{attrs(block.text)} class="read-also">{label}: {linked}</p>')
        else:
            out.append(f"<p{attrs(block.text)}>{esc(block.text)}</p>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def render(article: Article, fmt: str, link_name: LinkName) -> str:
    """The brief in format ``fmt`` (``md``, ``html`` or ``txt``)."""
    if fmt == "md":
        return to_markdown(article, link_name)
    if fmt == "html":
        return to_html(article, link_name)
    return to_text(article)
