"""The bodies of brief's print-only subcommands: import, list, show, search, links.

Each takes the store file and its options as plain arguments (:mod:`tui.cli` reads the command
line) and returns an exit code (:mod:`tui.errors`). None of them imports Textual. Every string that
came from a brief is passed through the text pipeline (or :func:`tui.text.sanitize.safe_line`)
before it reaches the terminal; JSON output is escaped as JSON does.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.errors import EXIT_OK, EXIT_SOME_FAILED, Interrupted, UsageError
from tui.models import Article, SearchHit
from tui.paths import samples_dir
from tui.startup import open_store
from tui.store.store import Store
from tui.text.messages import shown_name
from tui.text.sanitize import safe_json as dumps
from tui.text.sanitize import shown_arg


def cmd_import(store_path: Path, paths: Sequence[str | Path], *, samples: bool = False) -> int:
    """``brief import PATH... [--samples]``: a new store is created empty (no samples unless asked)."""
    wanted: list[Path | str] = list(paths)
    if samples:
        wanted.append(samples_dir())
    if not wanted:
        raise UsageError("import: give at least one file or folder (or --samples)")
    from tui.importing import run_import

    store = open_store(store_path, seed=False)
    if store.readonly:
        raise UsageError(f"{store.path}: the store is read-only, so nothing can be imported; check its permissions")
    summary = None
    try:
        with store:
            summary = run_import(store, wanted, progress=True, out=sys.stdout)
        print(summary.line())
    except KeyboardInterrupt:  # after the import: while the store closes (a checkpoint) or the line prints
        if summary is None:
            raise
        n = summary.imported + summary.updated
        raise Interrupted(f"interrupted; {n} brief{'' if n == 1 else 's'} committed before it") from None
    return EXIT_SOME_FAILED if summary.failures else EXIT_OK


def cmd_list(store_path: Path, *, as_json: bool = False, shaped: bool = True) -> int:
    """``brief list [--json]``."""
    from tui.text.sanitize import safe_json_array

    with open_store(store_path, reading=True) as store:
        rows = store.iter_rows()
        if as_json:
            items = (
                {
                    "id": r.id,
                    "title": r.title,
                    "date": r.date,
                    "source": r.source,
                    "read": r.read,
                    "bookmarked": r.bookmarked,
                    "url": r.url,
                    "feed": r.feed,
                }
                for r in rows
            )
            for piece in safe_json_array(items):
                sys.stdout.write(piece)
            sys.stdout.write("\n")
            return EXIT_OK
        # On a terminal each title is cut to its line; into a pipe or a file it is whole.
        width = _width(None) if sys.stdout.isatty() else None
        from tui.text.dates import local_day
        from tui.text.layout import render_line

        for r in rows:
            date = local_day(r.date) or "—"
            prefix = f"{date:<10}  {shown_name(r.id, shaped)}  "
            room = max(10, width - len(prefix)) if width is not None else 2 * len(r.title) + 10
            line = render_line(r.title, room, shaped=shaped)
            print(prefix + line.text)
    return EXIT_OK


def _width(value: int | None) -> int:
    """The output width: ``--width``, the terminal's, or 80 when output is not a terminal."""
    if value is not None:
        if not 10 <= value <= 1_000:
            raise UsageError("--width: give a whole number of cells from 10 to 1,000")
        return value
    if sys.stdout.isatty():
        return max(10, min(1_000, shutil.get_terminal_size((80, 24)).columns))
    return 80


def _get_or_fail(store: Store, brief_id: str) -> Article:
    """The brief with that id, or a :class:`UsageError` that says it is not there."""
    article = store.get(brief_id)
    if article is None:
        raise UsageError(f"no brief with id '{shown_arg(brief_id)}' in {store.path}; see 'brief list'")
    return article


def cmd_show(
    store_path: Path, brief_id: str, *, width: int | None = None, logical: bool = False, shaped: bool = True
) -> int:
    """``brief show ID [--width N] [--logical]``."""
    from tui.text.document import article_plain_lines, logical_text

    with open_store(store_path, reading=True) as store:
        article = _get_or_fail(store, brief_id)
        if logical:
            sys.stdout.write(logical_text(article))
            return EXIT_OK
        columns = _width(width)
        styled = sys.stdout.isatty()
        for line in article_plain_lines(article, columns, shaped=shaped, styled=styled):
            print(line)
    return EXIT_OK


def cmd_search(
    store_path: Path,
    query: str,
    *,
    as_json: bool = False,
    limit: int = 20,
    width: int | None = None,
    shaped: bool = True,
) -> int:
    """``brief search QUERY [--json] [--limit N]``; a query with no word to search for is a usage error."""
    from tui.text.query import QueryError, parse_query

    if limit < 1:
        raise UsageError("--limit must be at least 1")
    try:
        parse_query(query)
    except QueryError as error:
        raise UsageError(str(error)) from None
    with open_store(store_path, reading=True) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        out = [
            {"id": h.id, "title": h.title, "score": h.score, "snippet": h.snippet, "date": h.date, "source": h.source}
            for h in hits
        ]
        print(dumps(out))
        return EXIT_OK
    columns = _width(width)
    for line in _search_hit_lines(hits, query, columns, shaped=shaped, styled=sys.stdout.isatty()):
        print(line)
    if not hits:
        print("no matches", file=sys.stderr)
    return EXIT_OK


def cmd_links(store_path: Path, brief_id: str, *, as_json: bool = False, shaped: bool = True) -> int:
    """``brief links ID [--json]``."""

    with open_store(store_path, reading=True) as store:
        _get_or_fail(store, brief_id)
        outgoing = store.outgoing(brief_id)
        incoming = store.incoming(brief_id)
    if as_json:
        print(
            dumps(
                {
                    "id": brief_id,
                    "outgoing": [{"text": link.text, "target": link.target} for link in outgoing],
                    "incoming": [{"id": link.target, "title": link.text} for link in incoming],
                }
            )
        )
        return EXIT_OK
    from rich.cells import cell_len

    from tui.text.layout import output_line

    width = _width(None)

    def line(prefix: str, text: str) -> str:
        # The text cut to the width the id leaves, as brief list cuts a title: a line the terminal
        # wrapped would begin a right-to-left title on the next line.
        return prefix + output_line(text, max(10, width - cell_len(prefix)), shaped=shaped)

    print("links from this brief:" if outgoing else "links from this brief: none")
    for link in outgoing:
        target = shown_name(link.target, shaped) if link.target else "(not in store)"
        print(line(f"  -> {target}  ", link.text))
    print("linked from:" if incoming else "linked from: none")
    for link in incoming:
        print(line(f"  <- {shown_name(link.target or '', shaped)}  ", link.text))
    return EXIT_OK


def _search_hit_lines(hits: list[SearchHit], query: str, width: int, *, shaped: bool, styled: bool) -> list[str]:
    """Search results for a terminal: id, date (the day, as ``brief list`` prints it) and score, then
    the title and the snippet.

    Without styles the snippet keeps its ``[`` ``]`` match markers; with styles they are removed
    and the matches are highlighted on the shaped text instead.
    """
    from tui.store.snippets import split_snippet
    from tui.text.dates import local_day
    from tui.text.document import STYLES, ansi_line
    from tui.text.layout import render_paragraph
    from tui.text.matching import match_spans
    from tui.text.richtext import paragraph_to_text
    from tui.text.sanitize import safe_line

    out: list[str] = []
    for hit in hits:
        out.append(f"{shown_name(hit.id, shaped)}  ({local_day(hit.date) or 'undated'}, score {hit.score:.2f})")
        if not styled and not shaped:  # logical text into a pipe or a file: whole lines, for grep
            out += [safe_line(hit.title), safe_line(hit.snippet)]
        elif not styled:
            for text in (hit.title, hit.snippet):
                out.extend(render_paragraph(text, width, shaped=shaped).padded())
        else:
            snippet, spans = split_snippet(hit.snippet, query)
            for text, style, found in (
                (hit.title, STYLES["title"], match_spans(hit.title, query)),
                (snippet, "", spans),
            ):
                rendered = render_paragraph(text, width, shaped=shaped)
                marks = [(s, e, STYLES["match"]) for s, e in found]
                out.extend(ansi_line(t) for t in paragraph_to_text(rendered, style=style, highlights=marks))
        out.append("")
    return out
