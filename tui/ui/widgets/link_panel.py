"""The link navigator: a brief's read-also links, the briefs that link to it ("linked from"), the
other briefs of its same-story group ("same story", each with its source) and related briefs.

Links whose target is not in the store are listed dimmed, marked ``✗`` instead of the arrow, with
the same note as in the reading pane (in the link's direction); choosing one posts
:class:`LinkPanel.Chosen` without a target so the screen can explain. Titles are shaped and ordered
by :func:`tui.text.layout.render_line` like every other Arabic text on screen, at the width each row
is finally drawn at (see ``fitted``).
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
SAME_MARK = "= "
RELATED_MARK = "\u2248 "
MISSING_MARK = "\u2717 "
"""The mark of a link whose brief is not in the store, in place of its arrow: seen first, whatever
a long title leaves of the note at its end."""


SOURCE_CELLS = 20
"""At most this many cells of a same-story row go to the brief's source."""


def link_row(
    mark: str, title: str, width: int, *, missing: bool = False, shaped: bool = True, source: str | None = None
) -> list[Text]:
    """A link's row at ``width`` cells: the arrow, then the title shaped and cut to fit, then the
    brief's ``source`` (when given) in a column of its own, so a long title never hides it.

    A ``missing`` link gets the reading pane's note, in the title's direction, as part of the same
    logical line so that bidi puts it on the right side.
    """
    from tui.text.bidi import is_rtl
    from tui.text.layout import render_line

    text = title + NOT_IN_STORE[is_rtl(title)] if missing else title
    mark = MISSING_MARK if missing else mark
    tail = ""
    if source:
        cut = render_line(source, max(1, min(SOURCE_CELLS, width // 3)), shaped=shaped)
        tail = "  " + cut.text
    room = max(1, width - len(mark) - len(tail))
    line = render_line(text, room, shaped=shaped)
    row = Text(mark + line.text, style="dim" if missing else "", no_wrap=True, end="")
    if tail:
        row.append(" " * max(0, room - min(line.cells, room)))
        row.append(tail, style="dim")
    return [row]


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

    def set_links(
        self,
        outgoing: list[LinkRef],
        incoming: list[LinkRef],
        same_story: list[LinkRef] | None = None,
        related: list[LinkRef] | None = None,
        sources: dict[str, str] | None = None,
    ) -> None:
        """Fill the list and highlight the first link that can be followed (else the first link).

        ``same_story`` and ``related`` (when given) are shown in sections of their own after the
        read-also links, each brief with its source from ``sources`` (brief id -> source)."""
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
        for key, heading, mark, refs in (
            ("same", "Same story", SAME_MARK, same_story),
            ("related", "Related", RELATED_MARK, related),
        ):
            if refs is None:
                continue
            options.append(Option(Text(heading, style="bold"), disabled=True))
            if not refs:
                options.append(Option(Text("  none", style="dim"), disabled=True))
            for i, link in enumerate(refs):
                source = (sources or {}).get(link.target or "")
                options.append(self._option(f"{key}{i}", mark, link, source))
        self.add_options(options)
        links = [k for k, o in enumerate(options) if not o.disabled]
        followable = [k for k in links if self._links[options[k].id or ""].target is not None]
        self.highlighted = (followable or links)[0] if links else None

    def _option(self, option_id: str, mark: str, link: LinkRef, source: str | None = None) -> Option:
        """The option showing one link (with its brief's source, when given), laid out when drawn."""
        self._links[option_id] = link
        missing = link.target is None

        def layout(width: int) -> list[Text]:
            return link_row(mark, link.text, width, missing=missing, shaped=self.shaped, source=source)

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
