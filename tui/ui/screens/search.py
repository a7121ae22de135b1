"""Search every brief in the store: a query input over a list of results that follows the typing.

Each change of the query restarts a debounce (:data:`DEBOUNCE_SECONDS`); when it fires, the
query runs in a thread worker under the store's lock and the hits come back as a
:class:`SearchScreen.Results` message (widgets are only touched on the event loop). Answers to an
older query are dropped. The copies of one story (a same-story group) are one result, its best hit,
which says how many sources it stands for. A result shows the brief's title, its date (as the list
shows it) and source, and the snippet around the first match, each laid out by the text pipeline
(shaped, right to left where Arabic) with the matched words highlighted on the cells that show
them. Enter opens the highlighted
result (the first by default): the screen is dismissed with ``(brief id, query)``; Escape
dismisses it with None.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import replace
from datetime import datetime
from functools import partial

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.models import SearchHit
from tui.store.errors import StoreError
from tui.store.snippets import split_snippet
from tui.store.store import Store
from tui.text.dates import human_date
from tui.text.document import STYLES
from tui.text.layout import render_paragraph, truncate_logical
from tui.text.matching import match_spans
from tui.text.query import QueryError, parse_query
from tui.text.richtext import paragraph_to_text
from tui.ui.debounce import Debounce, TimerDebounce
from tui.ui.widgets.fitted import FittedLines, FittedOptionList
from tui.ui.widgets.shaped_input import ShapedInput

DEBOUNCE_SECONDS = 0.15
"""Quiet time after a keystroke before the query runs."""
RESULT_LIMIT = 50
"""The most results shown."""
SNIPPET_LINES = 3
"""The most lines a result's snippet takes."""
HINT = 'type to search all briefs: words, "a phrase", prefix*'
PLACEHOLDER = "search all briefs"


def fold_copies(hits: list[SearchHit], labels: dict[str, str]) -> list[SearchHit]:
    """``hits`` with the copies of one story (one same-story group, ``labels`` by brief id) folded
    into its best-ranked hit, which then carries how many of the hits it stands for (``copies``):
    ten outlets' copies of one wire story are one result, as they are one row in the list."""
    count = Counter(labels[hit.id] for hit in hits if hit.id in labels)
    seen: set[str] = set()
    folded = []
    for hit in hits:
        label = labels.get(hit.id)
        if label is None:
            folded.append(hit)
        elif label not in seen:
            seen.add(label)
            folded.append(replace(hit, extra={**hit.extra, "copies": count[label]}) if count[label] > 1 else hit)
    return folded


def hit_lines(hit: SearchHit, query: str, width: int, *, shaped: bool = True) -> list[Text]:
    """One result as Rich text lines of at most ``width`` cells: title, date and source, snippet.

    Matches are highlighted. Built with ``Text``/``append`` only, so brackets in a brief stay literal.
    """
    width = max(4, width)
    match_style = STYLES["match"]
    lines: list[Text] = []
    title = render_paragraph(hit.title, width, shaped=shaped)
    title_spans = [(s, e, match_style) for s, e in match_spans(hit.title, query)]
    lines.extend(paragraph_to_text(title, style=STYLES["title"], highlights=title_spans))
    when = human_date(hit.date, datetime.now().astimezone()) if hit.date else "undated"
    copies = int(hit.extra.get("copies", 1))  # type: ignore[call-overload]
    # "sources: 8", not "8 sources": a number before a Latin word after Arabic text reads "sources 8".
    sources = f"sources: {copies}" if copies > 1 else ""
    meta = _meta_line(when, hit.source or "", sources, width, shaped=shaped)
    meta_rendered = render_paragraph(meta, width, shaped=shaped, rtl=title.rtl)
    lines.extend(paragraph_to_text(meta_rendered, style=STYLES["meta"])[:1])
    if hit.snippet:
        text, spans = split_snippet(hit.snippet, query)
        rendered = render_paragraph(text, width, shaped=shaped)
        highlights = [(s, e, match_style) for s, e in spans]
        lines.extend(paragraph_to_text(rendered, highlights=highlights)[:SNIPPET_LINES])
    return lines


def _meta_line(when: str, source: str, sources: str, width: int, *, shaped: bool) -> str:
    """``date · source · sources: N`` in one line of ``width`` cells: the source is cut (with ``…``)
    to what the date and the count leave, or left out when that is under four cells; where even the
    date and the count do not fit, the count is written ``×N``."""
    sep = " \u00b7 "
    if sources and cell_len(when) + len(sep) + cell_len(sources) > width:
        sources = "\u00d7" + sources.removeprefix("sources: ")
    fixed = [p for p in (when, sources) if p]
    if source:
        room = width - sum(cell_len(p) for p in fixed) - len(sep) * len(fixed)
        source = truncate_logical(source, room, shaped=shaped) if room >= 4 else ""
    return truncate_logical(sep.join(p for p in (when, source, sources) if p), width, shaped=shaped)


def hit_prompt(hit: SearchHit, query: str, width: int, *, shaped: bool = True) -> Text:
    """The lines of :func:`hit_lines` as one Rich text."""
    lines = hit_lines(hit, query, width, shaped=shaped)
    prompt = Text("\n", no_wrap=True, overflow="crop", end="").join(lines)
    prompt.no_wrap = True
    prompt.overflow = "crop"
    return prompt


class SearchScreen(ModalScreen[tuple[str, str] | None]):
    """Full-text search over the store; dismisses with ``(brief id, query)`` or None."""

    DEFAULT_CSS = """
    SearchScreen {
        align: center middle;
    }
    SearchScreen > #search-box {
        width: 90%;
        height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    SearchScreen #search-input {
        margin-bottom: 0;
    }
    SearchScreen #search-status {
        height: 1;
        color: $text-muted;
    }
    SearchScreen #search-results {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Close search", id="search_close"),
        Binding("down", "cursor(1)", "Next result", show=False, id="search_next"),
        Binding("up", "cursor(-1)", "Previous result", show=False, id="search_previous"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="search_page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="search_page_up"),
    ]

    class Results(Message):
        """A search finished (posted by the worker thread)."""

        def __init__(
            self, generation: int, query: str, hits: list[SearchHit], error: str = "", *, more: bool = False
        ) -> None:
            super().__init__()
            self.more = more
            """True when the store had more matches than were asked for."""
            self.generation = generation
            """Which request this answers (older answers are dropped)."""
            self.query = query
            """The query that was run."""
            self.hits = hits
            """The hits, best first."""
            self.error = error
            """A message for a person when the store could not be searched."""

    def __init__(self, store: Store, *, shaped: bool = True, query: str = "", debounce: Debounce | None = None) -> None:
        super().__init__()
        self.store = store
        """The store searched."""
        self.shaped = shaped
        """False in ``--bidi terminal`` mode."""
        self.query_text = query
        """The query as typed."""
        self.hits: list[SearchHit] = []
        """The hits shown."""
        self.hits_query = ""
        """The query :attr:`hits` answer."""
        self._generation = 0
        self._answered = 0
        self.debounce: Debounce = debounce if debounce is not None else TimerDebounce(self, "search-debounce")
        """Waits for a pause in the typing before the query runs (tests pass one they fire)."""
        self._open_when_ready = False

    def compose(self) -> ComposeResult:
        """Query input, status line, results."""
        with Vertical(id="search-box"):
            yield ShapedInput(self.query_text, PLACEHOLDER, shaped=self.shaped, id="search-input")
            yield Static(Text(HINT), id="search-status")
            yield FittedOptionList(id="search-results")

    @property
    def results(self) -> OptionList:
        """The results list."""
        return self.query_one("#search-results", OptionList)

    @property
    def status(self) -> str:
        """The status line's text."""
        return str(self.query_one("#search-status", Static).render())

    @property
    def pending(self) -> bool:
        """True while the typed query has not been answered yet."""
        return self._answered != self._generation

    def on_mount(self) -> None:
        """Focus the input; search at once for a query given up front."""
        self.query_one(ShapedInput).focus()
        if self.query_text.strip():
            self._schedule(0.0)

    # -- querying ----------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == self.query_text and self._generation:
            return
        self.query_text = event.value
        self._schedule(DEBOUNCE_SECONDS)

    def _schedule(self, delay: float) -> None:
        """Run the current query after ``delay`` seconds of quiet."""
        self._generation += 1
        self.debounce.cancel()
        if delay > 0:
            self.debounce.start(delay, self._run_query)
        else:
            self.call_later(self._run_query)

    def _run_query(self) -> None:
        """The debounce fired: search, or clear the list for a blank query."""
        query = self.query_text
        if not query.strip():
            self._show(self.Results(self._generation, query, []))
            return
        self._set_status("searching\u2026")
        self._search(self._generation, query)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, generation: int, query: str) -> None:
        """Run one query against the store (in a thread) and post the hits; a query with nothing to
        search for (only quotes or stars) says so, as ``brief search`` does."""
        try:
            parse_query(query)
        except QueryError as error:
            self.post_message(self.Results(generation, query, [], str(error)))
            return
        try:
            found = self.store.search(query, limit=RESULT_LIMIT)
            hits = fold_copies(found, self.store.story_labels([hit.id for hit in found]))
        except (sqlite3.Error, StoreError) as error:
            self.post_message(self.Results(generation, query, [], f"search failed: {error}"))
            return
        self.post_message(self.Results(generation, query, hits, more=len(found) >= RESULT_LIMIT))

    @on(Results)
    def _results_arrived(self, message: Results) -> None:
        message.stop()
        if message.generation == self._generation:
            self._show(message)

    def _show(self, message: Results) -> None:
        """Fill the list with an answer to the current query."""
        self._answered = message.generation
        self.hits = list(message.hits)
        self.hits_query = message.query
        self._fill_list()
        if message.error:
            self._set_status(message.error)
        elif not message.query.strip():
            self._set_status(HINT)
        elif not self.hits:
            self._set_status("no matches")
        else:
            more = "+" if message.more else ""
            noun = "result" if len(self.hits) == 1 else "results"
            found = f"{len(self.hits)}{more} {noun}"
            keys = "  (\u2191\u2193 choose, Enter open, Esc close)"
            room = self.query_one("#search-status", Static).size.width or self.size.width
            self._set_status(found + (keys if len(found + keys) <= room else "  (Enter opens)"))
        if self._open_when_ready:
            self._open_when_ready = False
            self.action_open()

    def _set_status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Text(text, no_wrap=True, overflow="ellipsis"))

    # -- the list ----------------------------------------------------------------------------

    def _fill_list(self, keep: int | None = 0) -> None:
        """Fill the list; each hit is laid out at the width it is drawn at (see ``fitted``)."""
        results = self.results
        results.clear_options()
        options: list[Option | None] = []
        for hit in self.hits:
            options += [Option(FittedLines(partial(hit_lines, hit, self.hits_query, shaped=self.shaped))), None]
        results.add_options(options[:-1])  # None: a rule between two results
        if self.hits:
            results.highlighted = min(keep or 0, len(self.hits) - 1)

    # -- actions -----------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        """Move the highlight to the next (1) or previous (-1) result."""
        if not self.hits:
            return
        current = self.results.highlighted
        index = 0 if current is None else current + delta
        self.results.highlighted = max(0, min(index, len(self.hits) - 1))

    def action_page(self, direction: int) -> None:
        """Page the results list."""
        if direction > 0:
            self.results.action_page_down()  # type: ignore[no-untyped-call]  # untyped in Textual
        else:
            self.results.action_page_up()  # type: ignore[no-untyped-call]  # untyped in Textual

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.pending:
            self._open_when_ready = True
            return
        self.action_open()

    @on(OptionList.OptionSelected, "#search-results")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.results.highlighted = event.option_index
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted result (the first when none is)."""
        if not self.hits:
            if self.query_text.strip():
                self.app.bell()
            return
        index = self.results.highlighted
        hit = self.hits[index if index is not None and 0 <= index < len(self.hits) else 0]
        self.dismiss((hit.id, self.hits_query))

    def action_cancel(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)
