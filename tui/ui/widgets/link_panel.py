"""The link navigator: a brief's read-also links and the briefs that link to it ("linked from").

Links whose target is not in the store are listed dimmed and cannot be chosen. Titles are shaped
and ordered by :func:`tui.text.layout.render_line` like every other Arabic text on screen.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.models import LinkRef

OUT_MARK = "\u2192 "
IN_MARK = "\u2190 "


class LinkPanel(OptionList):
    """An option list of outgoing links and backlinks; posts :class:`Chosen` or :class:`Closed`."""

    BINDINGS = [
        Binding("escape", "close", "Close links", id="links.close"),
        Binding("j", "cursor_down", "Down", show=False, id="links.down"),
        Binding("k", "cursor_up", "Up", show=False, id="links.up"),
    ]

    class Chosen(Message):
        """A link was chosen: open its target."""

        def __init__(self, target: str) -> None:
            super().__init__()
            self.target = target
            """The id of the brief to open."""

    class Closed(Message):
        """The panel was dismissed."""

    def __init__(self, *, shaped: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shaped = shaped
        """False in ``--bidi terminal`` mode."""
        self._targets: dict[str, str] = {}
        """Option id -> brief id."""

    def set_links(self, outgoing: list[LinkRef], incoming: list[LinkRef], width: int) -> None:
        """Fill the list and highlight the first link that can be followed."""
        self.clear_options()
        self._targets.clear()
        room = max(8, width - 6)
        options: list[Option] = [Option(Text("Links from this brief", style="bold"), disabled=True)]
        if not outgoing:
            options.append(Option(Text("  none", style="dim"), disabled=True))
        for i, link in enumerate(outgoing):
            label = self._label(OUT_MARK, link.text, room)
            if link.target is None:
                label.append(" (not in store)")
                options.append(Option(label, id=f"out{i}", disabled=True))
            else:
                self._targets[f"out{i}"] = link.target
                options.append(Option(label, id=f"out{i}"))
        options.append(Option(Text("Linked from", style="bold"), disabled=True))
        if not incoming:
            options.append(Option(Text("  none", style="dim"), disabled=True))
        for i, link in enumerate(incoming):
            self._targets[f"in{i}"] = link.target or ""
            options.append(Option(self._label(IN_MARK, link.text, room), id=f"in{i}"))
        self.add_options(options)
        first = next((k for k, o in enumerate(options) if not o.disabled), None)
        self.highlighted = first

    def _label(self, mark: str, title: str, room: int) -> Text:
        """A link's title shaped and cut to ``room`` cells, after its arrow."""
        from tui.text.layout import render_line

        line = render_line(title, room, shaped=self.shaped)
        return Text(mark + line.text)

    @property
    def targets(self) -> list[str]:
        """The brief ids that can be followed, in list order (for tests)."""
        return list(self._targets.values())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a link posts :class:`Chosen`."""
        event.stop()
        target = self._targets.get(event.option.id or "")
        if target:
            self.post_message(self.Chosen(target))

    def action_close(self) -> None:
        """Escape: ask the screen to hide the panel."""
        self.post_message(self.Closed())
