"""Find in the open brief, wired to the main screen: the find bar, the reader's highlights, ``n``/``N``.

:class:`FindController` is a plain object the main screen holds. Every change of the find bar's
query recomputes the matches with :mod:`tui.text.find` (the one owner of matching and stepping),
the reading pane highlights them and the bar shows "k/N"; Enter gives the focus back to the brief,
where ``n``/``N`` step through them; Escape closes the bar and keeps its query for the next ``/``.
A huge brief is searched in a thread worker, a newer query cancelling an older one. A brief
opened from a store search starts with find on the search's query, matched as the search matched it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from tui.models import Article
from tui.text.find import FindState, Match, find_matches, search_in_worker
from tui.text.lazydoc import LazyLayout
from tui.ui.widgets.find_bar import FindBar
from tui.ui.widgets.reader import ReaderView

if TYPE_CHECKING:
    from tui.ui.screens.main import MainScreen

WORKER_GROUP = "find"
"""The worker group of find in a huge brief (one at a time; a newer query cancels an older one)."""


class FindController:
    """Find for :class:`~tui.ui.screens.main.MainScreen`: keeps a :class:`FindState`, drives the
    find bar and the reader's highlights."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen: MainScreen = screen
        """The screen find works in (its reader, find bar, notices and workers)."""
        self.state: FindState = FindState()
        """The query, its matches and the current one."""
        self._search_query: str | None = None
        """The query a store search put in the bar, until it is edited (see :meth:`open`)."""

    @property
    def reader(self) -> ReaderView:
        """The reading pane."""
        return self.screen.reader

    @property
    def bar(self) -> FindBar:
        """The find bar under the reading pane."""
        return self.screen.query_one(FindBar)

    @property
    def query(self) -> str:
        """The query being found ("" when find is off)."""
        return self.state.query

    def open(self) -> None:
        """Show the find bar and focus it; a query kept from the last find is found again."""
        if self.screen.open_article() is None:
            return
        self.screen.show_pane("reader")
        self.bar.display = True
        if self.bar.value and not self.state.active:
            # A store search's query kept in the bar is found again the way the search matched it.
            self.state.as_search = self.bar.value == self._search_query
            self._update(self.bar.value)
        self.bar.focus()

    def done(self) -> None:
        """Enter in the bar: the query stays, the focus goes to the brief so that n/N step."""
        self.reader.focus()

    def start(self, query: str, *, store_query: bool = False) -> None:
        """Find ``query`` in the open brief and scroll to the first match.

        With ``store_query`` the query is a store search's: its words are matched the way the
        search matched them (each word anywhere, stems, ``prefix*``), until the user edits it.
        """
        self.state.as_search = store_query
        self._search_query = query if store_query else None
        self.bar.display = True
        self.bar.value = query
        self._update(query)
        self.reader.focus()

    def edited(self, query: str) -> None:
        """The user changed the query in the bar: find it as typed."""
        self.state.as_search = False
        self._search_query = None
        self._update(query)

    def refind(self) -> None:
        """Recompute the matches after the open brief (or its layout) changed."""
        if self.state.active:
            self._update(self.state.query)

    def _update(self, query: str) -> None:
        """Compute matches for ``query`` (in a worker for a huge brief), show them, jump to the first."""
        self.state.query = query
        reader = self.reader
        if reader.article is None:
            self._show([])
        elif search_in_worker(reader.laid, query):
            self._find_in_thread(reader.article, reader.laid, query)
        else:
            self._show(self.state.find(reader.laid))

    def _find_in_thread(self, article: Article, laid: LazyLayout, query: str) -> None:
        """Find ``query`` in a huge brief off the event loop; a newer query cancels an older one."""
        spans = self.state.spans
        app = self.screen.app

        def find() -> None:
            worker = get_current_worker()
            matches = find_matches(laid, query, stop=lambda: worker.is_cancelled, spans=spans)
            if not worker.is_cancelled:
                app.call_from_thread(self._found, article, query, matches)

        self.screen.run_worker(find, thread=True, exclusive=True, group=WORKER_GROUP)

    def _found(self, article: Article, query: str, matches: list[Match]) -> None:
        """Matches from the worker, shown unless the query or the brief changed meanwhile."""
        if query == self.state.query and self.reader.article is article:
            self._show(matches)

    def _show(self, matches: list[Match]) -> None:
        """Highlight ``matches``, jump to the first one and update the counter."""
        current = self.state.show(matches)
        self.reader.set_matches(self.state.matches, current)
        if current is not None:
            self.reader.scroll_to_match(current)
        self._show_counter()

    def _show_counter(self) -> None:
        """ "k/N" in the find bar."""
        total = len(self.state.matches)
        self.bar.set_counter((self.state.current or 0) + 1 if total else 0, total)

    def step(self, delta: int) -> None:
        """Move to the next (1) or previous (-1) match, wrapping around."""
        if not self.state.active:
            self.screen.notify("press / to find in this brief", timeout=2)
            return
        current = self.state.step(delta)
        if current is None:
            self.screen.notify("no matches", timeout=2)
            return
        self.reader.set_matches(self.state.matches, current)
        self.reader.scroll_to_match(current)
        self._show_counter()

    def close(self, *, focus: bool = True) -> None:
        """Hide the find bar and its highlights (the bar keeps the query for the next open); ``focus``:
        give the reading pane the focus (the bar had it)."""
        self.state.clear()
        self.screen.workers.cancel_group(self.screen, WORKER_GROUP)
        self.reader.set_matches([], None)
        self.bar.display = False
        if focus:
            self.reader.focus()
