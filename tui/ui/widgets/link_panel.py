"""The link navigator: a brief's read-also links and the briefs that link to it ("linked from").

Links whose target is not in the store are listed dimmed, with the same note as in the reading
pane (in the link's direction); choosing one posts :class:`LinkPanel.Chosen` without a target so the
screen can explain. Titles are shaped and ordered by :func:`tui.text.layout.render_line` like
every other Arabic text on screen, at the width each row is finally drawn at (see ``fitted``).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.models import LinkRef
from tui.text.document import NOT_IN_STORE
from tui.ui.widgets.fitted import FittedLines, FittedOptionList

OUT_MARK = "\u2192 "
IN_MARK = "\u2190 "


def link_row(mark: str, title: str, width: int, *, missing: bool = False, shaped: bool = True) -> list[Text]:
    """A link's row at ``width`` cells: the arrow, then the title shaped and cut to fit.

    A ``missing`` link gets the reading pane's note, in the title's direction, as part of the same
    logical line so that bidi puts it on the right side.
    """
    from tui.text.bidi import is_rtl
    from tui.text.layout import render_line

    text = title + NOT_IN_STORE[is_rtl(title)] if missing else title
    line = render_line(text, max(1, width - len(mark)), shaped=shaped)
    return [Text(mark + line.text, style="dim" if missing else "", no_wrap=True, end="")]


class LinkPanel(FittedOptionList):
    """An option list of outgoing links and backlinks; posts :class:`Chosen` or :class:`Closed`."""

    BINDINGS = [
        Binding("escape", "close", "Close links", id="links.close"),
        Binding("j", "cursor_down", "Down", show=False, id="links.down"),
        Binding("k", "cursor_up", "Up", show=False, id="links.up"),
    ]

    class Chosen(Message):
        """A link was chosen: open its target, or say why it cannot be."""

        def __init__(self, target: str | None, text: str = "") -> None:
            super().__init__()
            self.target = target
            """The id of the brief to open; None when the link's brief is not in the store."""
            self.text = text
            """The link's title as written in the brief."""

    class Closed(Message):
        """The panel was dismissed."""

    def __init__(self, *, shaped: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shaped = shaped
        """False in ``--bidi terminal`` mode."""
        self._links: dict[str, LinkRef] = {}
        """Option id -> the link it shows."""

    def set_links(self, outgoing: list[LinkRef], incoming: list[LinkRef]) -> None:
        """Fill the list and highlight the first link that can be followed (else the first link)."""
        self.clear_options()
        self._links.clear()
        options: list[Option] = [Option(Text("Links from this brief", style="bold"), disabled=True)]
        if not outgoing:
            options.append(Option(Text("  none", style="dim"), disabled=True))
        for i, link in enumerate(outgoing):
            options.append(self._option(f"out{i}", OUT_MARK, link))
        options.append(Option(Text("Linked from", style="bold"), disabled=True))
        if not incoming:
            options.append(Option(Text("  none", style="dim"), disabled=True))
        for i, link in enumerate(incoming):
            options.append(self._option(f"in{i}", IN_MARK, link))
        self.add_options(options)
        links = [k for k, o in enumerate(options) if not o.disabled]
        followable = [k for k in links if self._links[options[k].id or ""].target is not None]
        self.highlighted = (followable or links)[0] if links else None

    def _option(self, option_id: str, mark: str, link: LinkRef) -> Option:
        """The option showing one link, laid out when drawn."""
        self._links[option_id] = link
        missing = link.target is None

        def layout(width: int) -> list[Text]:
            return link_row(mark, link.text, width, missing=missing, shaped=self.shaped)

        return Option(FittedLines(layout), id=option_id)

    @property
    def targets(self) -> list[str]:
        """The brief ids that can be followed, in list order (for tests)."""
        return [link.target for link in self._links.values() if link.target is not None]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a link posts :class:`Chosen` (without a target when not stored)."""
        event.stop()
        link = self._links.get(event.option.id or "")
        if link is not None:
            self.post_message(self.Chosen(link.target, link.text))

    def action_close(self) -> None:
        """Escape: ask the screen to hide the panel."""
        self.post_message(self.Closed())
