"""Copying from the reader, wired to the main screen: ``y``, ``Y``, the mouse selection, Ctrl+C.

What goes to the clipboard is always the brief's logical text (:mod:`tui.text.copying`), so that
Arabic pastes as letters in reading order, not as the shaped, reordered glyphs on screen. ``y``
copies the open brief, or with a find match shown the block holding the current match; ``Y``
copies its URL; a mouse selection in the reading pane is copied as soon as the button is
released, and again by Ctrl+C while it is selected (Ctrl+C with nothing selected quits). The
text goes through the terminal's clipboard (OSC 52, Textual's ``App.copy_to_clipboard``) and a
notice says how many characters were copied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.actions import SkipAction

from tui.text.copying import brief_text, clipboard_safe, match_block_text

if TYPE_CHECKING:
    from tui.ui.screens.main import MainScreen


def copied_notice(text: str) -> str:
    """ "copied N characters"."""
    return f"copied {len(text)} character{'' if len(text) == 1 else 's'}"


class CopyController:
    """``y``, ``Y`` and mouse selections for :class:`~tui.ui.screens.main.MainScreen`."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen: MainScreen = screen
        """The screen whose open brief, reader and find state are copied from."""

    def put(self, text: str, what: str = "") -> None:
        """Put ``text`` on the clipboard and say so."""
        self.screen.app.copy_to_clipboard(text)
        self.screen.notify(copied_notice(text) + (f" ({what})" if what else ""), timeout=3)

    def copy_brief(self) -> None:
        """``y``: the open brief as logical text, or the block of the current find match."""
        reader = self.screen.reader
        article = reader.article
        if article is None:
            self.screen.notify("open a brief first", severity="warning")
            return
        if reader.current_match is not None and reader.current_match < len(reader.matches):
            pos = reader.matches[reader.current_match][0]
            text = match_block_text(article, reader.laid.sources, pos)
            if text:
                self.put(clipboard_safe(text), "the paragraph of the match")
                return
        self.put(clipboard_safe(brief_text(article)))

    def copy_url(self) -> None:
        """``Y``: the open brief's URL."""
        article = self.screen.reader.article
        if article is None:
            self.screen.notify("open a brief first", severity="warning")
        elif not article.url:
            self.screen.notify("this brief has no URL", severity="warning")
        else:
            self.put(clipboard_safe(article.url), "the URL")

    def copy_selection(self) -> None:
        """Ctrl+C: copy what is selected; with nothing selected the key goes on to quit."""
        text = self.screen.get_selected_text()
        if not text:
            raise SkipAction()
        self.put(text)

    def selected(self) -> None:
        """The mouse button was released: copy what is selected in the reading pane, if anything."""
        reader = self.screen.reader
        selection = reader.text_selection
        if selection is None:
            return
        got = reader.get_selection(selection)
        if got and got[0]:
            self.put(got[0])
