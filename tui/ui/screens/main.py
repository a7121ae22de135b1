"""The main screen: the list of briefs beside the reading pane, the link navigator and find.

The screen is the one place (with the app) that talks to the store, through a
:class:`~tui.ui.session.ReadingSession`. Widgets post messages; the screen answers them. Below
:data:`NARROW_WIDTH` columns only one pane shows at a time (Tab or Enter switch).
"""

from __future__ import annotations

from dataclasses import replace

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from tui.models import Article, ArticleSummary, Feed
from tui.store.store import Store
from tui.ui import saved_view
from tui.ui.debounce import TimerDebounce
from tui.ui.fetching import FeedController, FetchFinished, FetchProgress, FetchWritten
from tui.ui.header import MIN_SUB_TITLE, room_after
from tui.ui.keys import ACTIONS_BY_ID, bindings, key_label
from tui.ui.messages import OpenBrief, StoreChanged
from tui.ui.screens.copying import CopyController
from tui.ui.screens.deleting import DeleteController
from tui.ui.screens.filtering import ListController
from tui.ui.screens.finding import FindController
from tui.ui.screens.linking import LinkController
from tui.ui.screens.list_commands import ListActions
from tui.ui.screens.opening import BrowserDone, OpenController, Reimported
from tui.ui.screens.pane_keys import PaneKeys
from tui.ui.screens.search import SearchScreen
from tui.ui.screens.store_watch import POLL_SECONDS, StoreWatch
from tui.ui.screens.story_groups import StoryGroups
from tui.ui.session import READONLY_NOTICE, ReadingSession
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.find_bar import FindBar
from tui.ui.widgets.footer import KeysFooter
from tui.ui.widgets.link_panel import LinkPanel
from tui.ui.widgets.reader import ReaderView

NARROW_WIDTH = 80
"""Below this many columns the list and the reader take turns."""
MIN_READING_WIDTH = 30
"""Cells the reading pane keeps beside the list, whatever ``list_width`` asks."""
EMPTY_STORE = "The store is empty. Import briefs with:  brief import FOLDER"
EMPTY_WITH_FEEDS = "The store is empty. Press {key} to fetch the {feeds}, or import briefs with:  brief import FOLDER"
"""The empty store's message when feeds are subscribed (an OPML list imported, nothing fetched yet)."""
NOTHING_OPEN = "Choose a brief in the list and press Enter."
PREPARE_SECONDS = 0.1
"""How long the list's cursor rests on a brief before the reading pane lays it out ahead of Enter
(a key held down moves the cursor every 30-50 ms, and prepares nothing on the way), and how long
after a brief is shown the briefs before and after it in the history are laid out ahead of
Backspace and Alt+Right."""


class MainScreen(ListActions, Screen[None]):
    """List pane, reading pane, link panel and find bar."""

    BINDINGS = bindings("screen")

    def __init__(
        self, store: Store, *, shaped: bool = True, initial_id: str | None = None, list_width: str = "40%"
    ) -> None:
        super().__init__()
        self.list_width = list_width
        """The list pane's width when both panes show (cells or a percentage)."""
        self.session = ReadingSession(store)
        """Opens briefs and keeps reading state."""
        self.shaped = shaped
        """False in ``--bidi terminal`` mode."""
        self.initial_id = initial_id
        """The brief asked for on the command line."""
        self.finder = FindController(self)
        """Find in the open brief (the find bar, the highlights, n/N)."""
        self.feeds = FeedController(self)
        """Fetching feeds (``r``) and the feed filter (``f``)."""
        self.links = LinkController(self)
        """The link panel (``l``) and the links followed from it or from the reading pane."""
        self.copier = CopyController(self)
        """``y``, ``Y`` and mouse selections: logical text to the clipboard."""
        self.opener = OpenController(self)
        """``o`` (the URL in a browser) and ``e`` (the file in an editor)."""
        self.deleter = DeleteController(self)
        """Deleting briefs (``d``) and the undo (``u``)."""
        self.listing = ListController(self)
        """The list's filters, order and counts; mark all read and its undo."""
        self.groups = StoryGroups(self)
        """The list grouped by story (``x`` expands a group)."""
        self.keys = PaneKeys(self)
        """What the movement keys do in the pane in focus."""
        self._pane = "list"
        """The pane in front: ``list`` or ``reader`` (the only one shown when narrow)."""
        self._preparing = TimerDebounce(self, "prepare-brief")
        """Lays out the brief under the list's cursor once the cursor rests on it."""

    @property
    def store(self) -> Store:
        """The store being read."""
        return self.session.store

    def compose(self) -> ComposeResult:
        """Header, the two panes, footer."""
        yield Header()
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield Static("", id="list-title")
                yield ArticleList(self._fetch_rows, 0, shaped=self.shaped, marks=self._row_marks, id="article-list")
            with Vertical(id="reader-pane"):
                yield ReaderView(shaped=self.shaped, id="reader")
                yield LinkPanel(shaped=self.shaped, id="link-panel")
                yield FindBar(shaped=self.shaped, id="find-bar")
        yield Static("", id="fetch-status")
        yield KeysFooter()

    def _fetch_rows(self, offset: int, limit: int) -> list[ArticleSummary]:
        """Rows for the list, straight from the store (grouped by story, or filtered and sorted)."""
        return self.groups.fetch(offset, limit)

    def _row_marks(self, row: ArticleSummary) -> ArticleSummary:
        """A row of the list with its read and bookmark marks as they are now. A story's row (its
        other briefs folded under it) is unread while any of its briefs is (a copy imported later
        is unread news the row would hide), and bookmarked while any of them is."""
        read, bookmarked = self.session.marks(row.id)
        if (not read or not bookmarked) and (story := row.heads_story) is not None:
            marks = [self.session.marks(other) for other in self.store.story_members(story)]
            read = read and all(r for r, _ in marks)
            bookmarked = bookmarked or any(b for _, b in marks)
        return replace(row, read=read, bookmarked=bookmarked)

    @property
    def article_list(self) -> ArticleList:
        """The list pane."""
        return self.query_one(ArticleList)

    @property
    def reader(self) -> ReaderView:
        """The reading pane."""
        return self.query_one(ReaderView)

    # -- start -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Fill the list, open the first brief, start polling the store."""
        self._pane_classes()
        self._restore_view()
        self.store_watch = StoreWatch(self)
        """Polls the store for imports and checks its file is still there."""
        self.article_list.reload(self.groups.count())
        self.call_after_refresh(self.listing.show_counts)
        self.article_list.focus()
        if self.session.readonly:
            self.notify(READONLY_NOTICE, severity="warning", timeout=8)
        self.set_interval(POLL_SECONDS, self._poll_store, name="poll-store")
        self.call_after_refresh(self._open_first)

    def _restore_view(self) -> None:
        """Open on the list's order, feed and filters of the last run (:mod:`tui.ui.saved_view`)."""
        asked: dict[str, Feed | None] = {}  # the saved feed, looked up once

        def subscribed(url: str) -> bool:
            asked[url] = self.store.feed(url)
            return asked[url] is not None

        view = saved_view.load(self.store.meta(saved_view.VIEW_KEY), subscribed)
        self.listing.filters = replace(view, feed=None)
        feed = asked.get(view.feed) if view.feed else None
        self.feeds.restore(view.feed, feed.name if feed else None)
        self.title = self.feeds.header_title()
        if asked and view.feed is None:
            gone = self._isolated(next(iter(asked)), 60)
            self.notify(
                f"the feed shown last is no longer subscribed ({gone}): every feed's briefs are shown", timeout=6
            )

    def _open_first(self) -> None:
        """Open the brief named on the command line, else the one read last (whether or not the
        list's view, restored from the last run, shows it)."""
        if self.article_list.count == 0 and self.store.count() == 0:
            self.reader.show_message(self._empty_message())
            return
        brief_id = self.initial_id
        if brief_id is not None and not self.store.exists(brief_id):
            self.notify(f"no brief with id {self._safe(brief_id)!r}; see 'brief list'", severity="error")
            brief_id = None
        brief_id = brief_id or self.store.last_opened()
        if brief_id is None:
            self.reader.show_message(NOTHING_OPEN)
            return
        self.open_brief(brief_id, focus_reader=self.initial_id is not None)
        if (
            brief_id == self.initial_id
            and self.listing.view.feed_or_filtered
            and self.groups.index_of(brief_id) is None
        ):
            self.notify(
                "the list's feed or filters hide this brief (c clears the filters, f chooses the feed)", timeout=6
            )

    def open_article(self) -> Article | None:
        """The brief open in the reader; when there is none, say "open a brief first" and give None."""
        article = self.session.current
        if article is None:
            self.notify("open a brief first", severity="warning")
        return article

    def _safe(self, text: str, width: int = 60) -> str:
        """Text from a brief or the user for a notice: control characters made visible and cut to
        ``width`` cells (once shaped) at its logical end, still in logical order.

        The app's ``notify`` wraps the whole notice and then shapes and reorders each line
        (:mod:`tui.ui.notices`); text put in visual order here would be reordered twice.
        """
        from tui.text.layout import truncate_logical
        from tui.text.sanitize import sanitize

        return truncate_logical(sanitize(text), width, shaped=self.shaped)

    def _isolated(self, text: str, width: int = 60) -> str:
        """A title or a name inside a notice's sentence: :meth:`_safe`, set apart for the bidi
        algorithm (FSI … PDI, which the layout drops once it has ordered the line), so that an
        Arabic title holding Latin words reads right to left as a whole inside an English sentence,
        as it does in the header, and the sentence around it keeps its order."""
        from tui.text.urls import FSI, PDI

        return FSI + self._safe(text, width) + PDI

    def _shown(self, text: str, width: int) -> str:
        """Text from a brief or a feed for a one-line title (the header): safe, cut to ``width``
        cells at its logical end, shaped and in visual order."""
        from tui.text.layout import render_line

        return render_line(text, width, shaped=self.shaped).text

    def _show_sub_title(self) -> None:
        """The open brief's title in the header, cut to fit in logical order before it is reordered.

        Textual's header cuts what does not fit from the visual end, which for Arabic is the
        logical start; cut here first, to what is left once the title (``brief``, or ``brief ·
        FEED``) and `` — `` are in (:mod:`tui.ui.header`); left out when fewer cells are left than
        :data:`~tui.ui.header.MIN_SUB_TITLE`.
        """
        current = self.session.current
        if current is not None:
            room = min(80, room_after(self.size.width, f"{self.title} — "))
            self.sub_title = self._shown(current.title, room) if room >= MIN_SUB_TITLE else ""

    def _list_pane_width(self) -> str:
        """``list_width`` as set, but a width in cells no wider than leaves the reading pane
        :data:`MIN_READING_WIDTH` cells (a width made for a wide terminal hid the reading pane on a
        narrower one)."""
        if not self.list_width.isdigit():
            return self.list_width  # a percentage: at most 90%, checked with the settings
        return str(max(10, min(int(self.list_width), self.size.width - MIN_READING_WIDTH)))

    def on_resize(self) -> None:
        """One pane at a time on narrow terminals."""
        narrow = self.size.width < NARROW_WIDTH
        self._pane_classes(narrow=narrow)
        self.title = self.feeds.header_title()
        self._show_sub_title()
        self.query_one("#list-pane").styles.width = "1fr" if narrow else self._list_pane_width()
        self.call_after_refresh(self.listing.show_counts)  # the filter line fits the pane's new width

    # -- opening -----------------------------------------------------------------------------

    def open_brief(
        self,
        brief_id: str,
        scroll: int | None = None,
        *,
        push: bool = True,
        focus_reader: bool = True,
        mark: bool = True,
    ) -> bool:
        """Show a brief in the reading pane; False (with a notice) when it is not stored. ``mark``
        False leaves its reading state, and its story's, as they are (a brief brought back by undo)."""
        if self.session.current is not None and push:
            self.session.save_scroll(self.reader.current_scroll)
        opened = self.session.open(brief_id, scroll, push=push, mark=mark)
        if opened is None:
            self.notify(f"brief {self._safe(brief_id)!r} is no longer in the store", severity="error")
            self.refresh_list()
            return False
        self.reader.show_article(opened.article, opened.scroll)
        self.title = self.feeds.header_title()
        self._show_sub_title()
        if mark:
            self.groups.opened(brief_id)
        index = self.groups.index_of(brief_id)
        if index is not None:
            self.article_list.invalidate_row(index)
            with self.prevent(ArticleList.Selected):
                self.article_list.cursor = index
        self.listing.opened(index)
        self.show_errors()
        self.query_one(LinkPanel).display = False
        self.finder.refind()
        if focus_reader:
            self.show_pane("reader")
        self._preparing.start(PREPARE_SECONDS, self._prepare_history)
        return True

    @on(ArticleList.Selected)
    def _cursor_moved(self, message: ArticleList.Selected) -> None:
        """Once the cursor rests on a brief, lay it out in the reading pane ahead of Enter."""
        brief_id = message.brief_id
        self._preparing.start(PREPARE_SECONDS, lambda: self._prepare(brief_id))

    def _prepare(self, brief_id: str, scroll: int = 0, *, keep: bool = False) -> None:
        """Lay out a brief in the reading pane without showing it (:meth:`ReaderView.prepare`)."""
        current = self.session.current
        if current is not None and current.id == brief_id:
            return
        article = self.store.get(brief_id)
        if article is not None:
            self.reader.prepare(article, scroll, keep=keep)

    def _prepare_history(self) -> None:
        """Lay out the briefs Backspace and Alt+Right would show, a moment after a brief is shown
        (each is usually kept already, from when it was shown last)."""
        history = self.session.history
        for entry in (history.peek_back(), history.peek_forward()):
            if entry is not None:
                self._prepare(entry.brief_id, entry.scroll, keep=True)

    def show_errors(self) -> None:
        """Notices for store writes that failed."""
        for error in self.session.errors:
            self.notify(error, severity="error")
        self.session.errors.clear()

    def refresh_list(self) -> None:
        """Reload the list from the store (rows were added, removed or changed), the cursor kept on its brief.

        Fetched and imported briefs are mostly newer than those shown, so they come in above the
        cursor: keeping its index would move it onto another brief.
        """
        current = self.article_list.current
        was_empty = self.article_list.count == 0
        self.article_list.reload(self.groups.count())
        self.listing.show_counts()
        if was_empty and self.article_list.count and self.session.current is None:
            self.reader.show_message(NOTHING_OPEN)
        if current is None:
            return
        index = self.groups.index_of(current.id)
        if index is not None and index != self.article_list.cursor:
            with self.prevent(ArticleList.Selected):
                self.article_list.cursor = index

    def save_state(self) -> None:
        """Save the open brief's scroll position, the history and the list's view (quitting), as far
        as the store takes them without waiting: what another program's write lock keeps back is
        written once the terminal is given back (:func:`tui.ui.launch.run_reader`)."""
        session = self.session
        session.errors.clear()  # shown already while the reader ran
        session.save_scroll(self.reader.current_scroll)
        session.save_history()
        session.save_meta(saved_view.VIEW_KEY, saved_view.dump(self.listing.view))

    @on(ArticleList.Opened)
    def _list_opened(self, message: ArticleList.Opened) -> None:
        self.open_brief(message.brief_id)

    @on(ReaderView.LinkClicked)
    def _link_clicked(self, message: ReaderView.LinkClicked) -> None:
        self.follow_link(message.target, message.text)

    @on(ReaderView.LaidOut)
    def _laid_out(self) -> None:
        self.finder.refind()

    @on(LinkPanel.Chosen)
    def _link_chosen(self, message: LinkPanel.Chosen) -> None:
        self.links.chosen(message.target, message.text)

    @on(LinkPanel.Closed)
    def _links_closed(self) -> None:
        self.links.hide()

    def close_links(self) -> None:
        """Hide the link panel (when shown), the focus going to the reading pane if it had it."""
        self.links.close()

    @on(OpenBrief)
    def _open_request(self, message: OpenBrief) -> None:
        if self.open_brief(message.brief_id) and message.find:
            self.finder.start(message.find, store_query=True)

    def follow_link(self, target: str | None, text: str) -> None:
        """Open a link's target, pushing the history."""
        self.links.follow(target, text)

    # -- panes -------------------------------------------------------------------------------

    def show_pane(self, pane: str) -> None:
        """Focus the list or the reader (and, when narrow, show only that one)."""
        self._pane = pane
        self._pane_classes()
        # At once, not when the app next runs its callbacks: a key read together with the one that
        # moved the focus goes to the pane it moved to (see BriefApp.on_event).
        self.set_focus(self.article_list if pane == "list" else self.reader)

    def _pane_classes(self, narrow: bool | None = None) -> None:
        """Set ``-narrow`` and ``-show-list``/``-show-reader`` in one change, and only when needed.

        A change of the screen's classes restyles every widget on it: on a wide terminal, where
        they change nothing, the pane classes are left alone; opening a brief then costs no restyle.
        """
        if narrow is None:
            narrow = self.has_class("-narrow")
        classes = set(self.classes) - {"-narrow", "-show-list", "-show-reader"}
        if narrow:
            classes |= {"-narrow", f"-show-{self._pane}"}
        if classes != set(self.classes):
            self.set_classes(classes)

    # -- actions -----------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """List: next brief. Reader: scroll down a line."""
        self.keys.down(1)

    def action_cursor_up(self) -> None:
        """List: previous brief. Reader: scroll up a line."""
        self.keys.down(-1)

    def action_cursor_first(self) -> None:
        """List: first brief. Reader: top of the brief."""
        self.keys.edge(last=False)

    def action_cursor_last(self) -> None:
        """List: last brief. Reader: end of the brief."""
        self.keys.edge(last=True)

    def action_open_brief(self) -> None:
        """Open the highlighted brief (from either pane)."""
        self.keys.open_highlighted()

    def action_page_down(self) -> None:
        """Page the pane in focus down."""
        self.keys.page(1)

    def action_page_up(self) -> None:
        """Page the pane in focus up."""
        self.keys.page(-1)

    def action_read_down(self) -> None:
        """Page the reading pane down (from either pane)."""
        self.keys.read(1)

    def action_read_up(self) -> None:
        """Page the reading pane up (from either pane)."""
        self.keys.read(-1)

    def action_switch_pane(self) -> None:
        """Tab: between the list and the reader (from the find bar or link panel: the reader)."""
        self.show_pane("list" if self.focused is self.reader else "reader")

    def action_show_links(self) -> None:
        """Show the link navigator for the open brief."""
        self.links.show()

    def action_go_back(self) -> None:
        """Back in the history, at the scroll position it was left at. With no brief open (the open
        one was deleted), the history rests on the brief read before it: back opens that one."""
        rest = self.session.history.current
        if self.session.current is None and rest is not None:
            self.open_brief(rest.brief_id, rest.scroll, push=False)
            return
        entry = self.session.back(self.reader.current_scroll)
        if entry is None:
            self.notify("no earlier brief in the history")
        else:
            self.open_brief(entry.brief_id, entry.scroll, push=False)

    def action_go_forward(self) -> None:
        """Forward in the history."""
        entry = self.session.forward(self.reader.current_scroll)
        if entry is None:
            self.notify("no later brief in the history")
        else:
            self.open_brief(entry.brief_id, entry.scroll, push=False)

    def action_toggle_story(self) -> None:
        """Expand or collapse the same-story group of the highlighted row."""
        self.groups.toggle()

    def action_toggle_read(self) -> None:
        """Mark the brief read or unread (the highlighted one in the list, the open one in the reader).
        On a story's row (its copies folded under it) every brief of the story: the row is unread
        while any of them is, so marking its front brief alone left the row as it was."""
        row = None if self.keys.reading else self.article_list.current
        if row is not None and (story := row.heads_story) is not None:
            members = self.store.story_members(story)
            read = not self._row_marks(row).read
            self.keys.toggle(lambda _: self.session.set_read_all(members, read), "read", "unread")
            self.refresh_list()  # the rows of the story's other briefs too (shown when it is expanded)
            return
        self.keys.toggle(self.session.toggle_read, "read", "unread")

    def action_toggle_bookmark(self) -> None:
        """Set or clear the brief's bookmark (the highlighted one in the list, the open one in the reader)."""
        self.keys.toggle(self.session.toggle_bookmark, "bookmarked", "bookmark removed")

    def action_delete_brief(self) -> None:
        """Delete the brief (the highlighted one in the list, the open one in the reader); ``u`` undoes."""
        self.deleter.delete()

    def action_undo(self) -> None:
        """Undo the last deletion or "mark all read", whichever came last, within a few seconds."""
        if self.listing.pending_since() > self.deleter.pending_since():
            self.listing.undo()
        else:
            self.deleter.undo()

    # -- find and search -------------------------------------------------------------------

    def action_find(self) -> None:
        """Show the find bar and focus it."""
        self.finder.open()

    def action_next_match(self) -> None:
        """The next find match."""
        self.finder.step(1)

    def action_previous_match(self) -> None:
        """The previous find match."""
        self.finder.step(-1)

    @on(FindBar.Changed)
    def _find_changed(self, message: FindBar.Changed) -> None:
        self.finder.edited(message.query)

    @on(FindBar.Next)
    def _find_next(self) -> None:
        self.finder.step(1)

    @on(FindBar.Previous)
    def _find_previous(self) -> None:
        self.finder.step(-1)

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        self.finder.close()

    @on(FindBar.Done)
    def _find_done(self) -> None:
        self.finder.done()

    def action_close_find(self) -> None:
        """Escape in the reading pane: close the find bar if it is open."""
        if self.query_one(FindBar).display:
            self.finder.close()

    def action_search_store(self) -> None:
        """Search every brief; the chosen result opens with find on the query."""

        def chosen(result: tuple[str, str] | None) -> None:
            if result:
                brief_id, query = result
                self.post_message(OpenBrief(brief_id, find=query))

        self.app.push_screen(SearchScreen(self.store, shaped=self.shaped), chosen)

    # -- store polling -----------------------------------------------------------------------

    def _empty_message(self) -> str:
        """What the reading pane says in an empty store: how to fill it."""
        feeds = len(self.store.feeds())
        if not feeds:
            return EMPTY_STORE
        keys = self.app.config.keys.get("fetch_feeds") if hasattr(self.app, "config") else None
        key = key_label((keys or ACTIONS_BY_ID["fetch_feeds"].keys).split(",")[0])
        return EMPTY_WITH_FEEDS.format(key=key, feeds=f"{feeds} subscribed feed{'' if feeds == 1 else 's'}")

    def action_fetch_feeds(self) -> None:
        """Fetch every feed in the background."""
        self.feeds.fetch()

    def action_filter_feed(self) -> None:
        """Choose the feed whose briefs the list shows."""
        self.feeds.choose()

    @on(FetchProgress)
    def _fetch_progress(self, message: FetchProgress) -> None:
        self.feeds.progress(message)

    @on(FetchWritten)
    def _fetch_written(self) -> None:
        self.feeds.written()

    @on(FetchFinished)
    def _fetch_finished(self, message: FetchFinished) -> None:
        self.feeds.finished(message)

    def _poll_store(self) -> None:
        """Post :class:`StoreChanged` when another process wrote to the store (or replaced it); write
        the reading state kept while an import held the store."""
        if self.session.pending and self.session.flush()[0]:
            self.refresh_list()
        self.show_errors()
        if self.store_watch.poll():
            self.post_message(StoreChanged(self.store_watch.version))

    def on_store_changed(self, message: StoreChanged) -> None:
        """Show briefs imported while the reader is open, and the open brief's new text."""
        self.feeds.forget_removed()
        self.refresh_list()
        self.store_watch.refresh_open_brief()
        self.links.refresh()

    # -- copy and open -----------------------------------------------------------------------

    def action_copy_brief(self) -> None:
        """Copy the open brief (or the paragraph of the current find match) as logical text."""
        self.copier.copy_brief()

    def action_copy_url(self) -> None:
        """Copy the open brief's URL."""
        self.copier.copy_url()

    def action_open_url(self) -> None:
        """Open the brief's URL in the system browser."""
        self.opener.open_url()

    def action_edit_brief(self) -> None:
        """Edit the brief's file in $EDITOR, then import it again."""
        self.opener.edit()

    def action_copy_text(self) -> None:
        """Ctrl+C with text selected: copy it as logical text (with nothing selected, Ctrl+C quits)."""
        self.copier.copy_selection()

    def on_text_selected(self, _event: events.TextSelected) -> None:
        """A mouse selection ended: copy its logical text."""
        self.copier.selected()

    def on_browser_done(self, message: BrowserDone) -> None:
        self.opener.browser_done(message)

    def on_reimported(self, message: Reimported) -> None:
        self.opener.reimported(message)
