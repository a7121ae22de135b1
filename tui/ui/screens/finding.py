"""Find in the open brief and search the store: the main screen's half that drives the find bar.

``/`` shows the find bar under the reading pane; every change of its query recomputes the matches
(:func:`tui.ui.find.find_matches`), highlights them and shows "k/N"; ``n``/``N`` step through them;
Escape closes. A huge brief is searched in a thread worker, a newer query cancelling an older one.
``s`` opens the search screen; its result opens a brief with find active on what the search matched.
"""

from __future__ import annotations

from textual.worker import get_current_worker

from tui.models import Article
from tui.store.snippets import match_spans
from tui.text.lazydoc import LazyLayout
from tui.text.normalize import find_all
from tui.ui.find import Match, Spans, find_matches
from tui.ui.messages import OpenBrief
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.find_bar import FindBar

FIND_IN_WORKER_CHARS = 200_000
"""Briefs with more characters than this are searched in a worker thread."""


class FindMixin:
    """Find actions for :class:`~tui.ui.screens.main.MainScreen` (which provides reader and session)."""

    find_query: str = ""
    """The query being found ("" when find is off)."""
    match_index: int | None = None
    """The current match."""
    find_as_search: bool = False
    """True while the query is a store search's, matched the way the search matched it."""

    @property
    def find_bar(self) -> FindBar:
        """The find bar under the reading pane."""
        return self.query_one(FindBar)

    def action_find(self) -> None:
        """Show the find bar and focus it."""
        if self.session.current is None:
            self.notify("open a brief first", severity="warning")
            return
        self.show_pane("reader")
        self.find_bar.display = True
        self.find_bar.focus()

    def start_find(self, query: str, *, store_query: bool = False) -> None:
        """Find ``query`` in the open brief and scroll to the first match.

        With ``store_query`` the query is a store search's: its words are matched the way the
        search matched them (each word anywhere, stems, ``prefix*``), until the user edits it.
        """
        self.find_as_search = store_query
        self.find_bar.display = True
        self.find_bar.value = query
        self._update_matches(query)
        self.reader.focus()

    def refind(self) -> None:
        """Recompute the matches after the open brief (or its layout) changed."""
        if self.find_query:
            self._update_matches(self.find_query)

    def _spans(self) -> Spans:
        """How matches are found: the query as typed (folded), or as the store search matched it."""
        return match_spans if self.find_as_search else find_all

    def _update_matches(self, query: str) -> None:
        """Compute matches for ``query`` (in a worker for a huge brief), show them, jump to the first."""
        self.find_query = query
        reader = self.reader
        laid = reader.laid
        if query.strip() and reader.article is not None and laid.chars > FIND_IN_WORKER_CHARS:
            self._find_in_thread(reader.article, laid, query)
            return
        found = query and reader.article is not None
        matches = find_matches(laid, query, spans=self._spans()) if found else []
        self._show_matches(matches)

    def _find_in_thread(self, article: Article, laid: LazyLayout, query: str) -> None:
        """Find ``query`` in a huge brief off the event loop; a newer query cancels an older one."""
        spans = self._spans()

        def find() -> None:
            worker = get_current_worker()
            matches = find_matches(laid, query, stop=lambda: worker.is_cancelled, spans=spans)
            if not worker.is_cancelled:
                self.app.call_from_thread(self._found, article, query, matches)

        self.run_worker(find, thread=True, exclusive=True, group="find")

    def _found(self, article: Article, query: str, matches: list[Match]) -> None:
        """Matches from the worker, shown unless the query or the brief changed meanwhile."""
        if query == self.find_query and self.reader.article is article:
            self._show_matches(matches)

    def _show_matches(self, matches: list[Match]) -> None:
        """Highlight ``matches``, jump to the first one and update the counter."""
        reader = self.reader
        self.match_index = 0 if matches else None
        reader.set_matches(matches, self.match_index)
        if matches:
            reader.scroll_to_match(0)
        self._show_counter()

    def _show_counter(self) -> None:
        """ "k/N" in the find bar."""
        total = len(self.reader.matches)
        self.find_bar.set_counter((self.match_index or 0) + 1 if total else 0, total)

    def _step(self, delta: int) -> None:
        """Move to the next (1) or previous (-1) match, wrapping around."""
        total = len(self.reader.matches)
        if not self.find_query:
            self.notify("press / to find in this brief", timeout=2)
            return
        if total == 0:
            self.notify("no matches", timeout=2)
            return
        self.match_index = ((self.match_index or 0) + delta) % total
        self.reader.set_matches(self.reader.matches, self.match_index)
        self.reader.scroll_to_match(self.match_index)
        self._show_counter()

    def action_next_match(self) -> None:
        """The next find match."""
        self._step(1)

    def action_previous_match(self) -> None:
        """The previous find match."""
        self._step(-1)

    def close_find(self) -> None:
        """Hide the find bar and its highlights."""
        self.find_query = ""
        self.match_index = None
        self.workers.cancel_group(self, "find")
        self.reader.set_matches([], None)
        self.find_bar.display = False
        self.reader.focus()

    # Named handlers, not @on: a plain mixin's decorated handlers are not collected by Textual.

    def on_find_bar_changed(self, message: FindBar.Changed) -> None:
        """The query changed: find again (the user's words, as typed)."""
        self.find_as_search = False
        self._update_matches(message.query)

    def on_find_bar_next(self, message: FindBar.Next) -> None:
        """Enter (or the bar's own next key): the next match."""
        self._step(1)

    def on_find_bar_previous(self, message: FindBar.Previous) -> None:
        """The bar's previous key: the previous match."""
        self._step(-1)

    def on_find_bar_closed(self, message: FindBar.Closed) -> None:
        """Escape in the bar: close find."""
        self.close_find()

    def action_search_store(self) -> None:
        """Search every brief; the chosen result opens with find on the query."""

        def chosen(result: tuple[str, str] | None) -> None:
            if result:
                brief_id, query = result
                self.post_message(OpenBrief(brief_id, find=query))

        self.app.push_screen(SearchScreen(self.store, shaped=self.shaped), chosen)
