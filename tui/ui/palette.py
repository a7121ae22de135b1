"""The command palette (Ctrl+P): typed Arabic shown joined and right to left, commands found by Arabic names.

Textual's palette draws its query with a plain ``Input`` (Arabic letters unjoined, running left to
right) and matches the query against each command's English title only. :class:`BriefCommandPalette`
draws the query with :class:`~tui.ui.widgets.shaped_input.ShapedInput`, as the search box and the find
bar do, and :class:`BriefCommands` gives every command an Arabic name: the query is matched against
it too (folded as search folds Arabic: hamza forms of alef, alef maksura, taa marbuta, harakat), and
the name is shown shaped and in visual order after the English title.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.command import CommandInput, CommandList, CommandPalette, DiscoveryHit, Hit, Hits, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.style import Style
from textual.system_commands import SystemCommandsProvider
from textual.widgets import Button, LoadingIndicator

from tui.text.layout import render_line, render_paragraph
from tui.text.normalize import normalize_with_map
from tui.text.sanitize import sanitize
from tui.ui.keys import ACTIONS
from tui.ui.widgets.shaped_input import ShapedInput

ARABIC_NAMES: dict[str, str] = {
    "cursor_down": "الموجز التالي",
    "cursor_up": "الموجز السابق",
    "cursor_first": "أول موجز",
    "cursor_last": "آخر موجز",
    "open_brief": "فتح الموجز",
    "page_down": "تمرير القائمة صفحة إلى الأسفل",
    "page_up": "تمرير القائمة صفحة إلى الأعلى",
    "read_down": "الصفحة التالية من الموجز",
    "read_up": "الصفحة السابقة من الموجز",
    "switch_pane": "تبديل اللوحة",
    "find": "إيجاد في النص",
    "close_find": "إغلاق شريط الإيجاد",
    "next_match": "المطابقة التالية",
    "previous_match": "المطابقة السابقة",
    "search_store": "بحث في الموجزات",
    "show_links": "الروابط: اقرأ أيضا",
    "go_back": "رجوع",
    "go_forward": "تقدم",
    "fetch_feeds": "تحديث الخلاصات",
    "filter_feed": "عرض خلاصة واحدة",
    "toggle_read": "مقروء أو غير مقروء",
    "toggle_bookmark": "المفضلة: إضافة أو إزالة",
    "copy_brief": "نسخ الموجز",
    "copy_url": "نسخ رابط الموجز",
    "open_url": "فتح الرابط في المتصفح",
    "edit_brief": "تحرير ملف الموجز",
    "delete_brief": "حذف الموجز",
    "undo": "تراجع عن الحذف أو تعليم الكل مقروءا",
    "filter_menu": "تصفية القائمة",
    "filter_unread": "غير المقروء فقط",
    "clear_filter": "إلغاء التصفية",
    "sort_list": "ترتيب القائمة",
    "mark_all_read": "تعليم الكل مقروءا",
    "toggle_story": "إظهار مصادر الخبر نفسه",
    "help": "مساعدة",
    "quit": "خروج",
}
"""The Arabic name of every action of :data:`~tui.ui.keys.ACTIONS`, by binding id."""

TEXTUAL_ARABIC_NAMES: dict[str, str] = {
    "Bell": "جرس",
    "Theme": "تغيير السمة",
    "Quit": "خروج",
    "Keys": "المفاتيح",
    "Minimize": "تصغير",
    "Maximize": "تكبير",
    "Screenshot": "لقطة شاشة",
}
"""Arabic names of the commands Textual adds to the palette, by title."""

LIST_ARABIC_NAMES: dict[str, str] = {
    "Filter: bookmarked only, on or off": "تصفية: المفضلة فقط",
    "Filter: by tag…": "تصفية: حسب الوسم",
    "Filter: by source…": "تصفية: حسب المصدر",
    "Filter: by date…": "تصفية: حسب التاريخ",
    "Sort: newest first": "ترتيب: الأحدث أولا",
    "Sort: oldest first": "ترتيب: الأقدم أولا",
    "Sort: by title": "ترتيب: حسب العنوان",
    "Sort: by source": "ترتيب: حسب المصدر",
}
"""Arabic names of the list's filters and orders that have no key of their own
(:func:`tui.ui.screens.list_commands.palette_commands`), by title."""

_NAMES_BY_TITLE = (
    {spec.description: ARABIC_NAMES.get(spec.id, "") for spec in ACTIONS} | TEXTUAL_ARABIC_NAMES | LIST_ARABIC_NAMES
)


def arabic_name(title: str) -> str:
    """The Arabic name of the palette command titled ``title`` ("" when it has none)."""
    return _NAMES_BY_TITLE.get(title, "")


PALETTE_MARGIN = 6
"""Cells of a palette line that are not its text: the option's padding (2 a side) and the list's
scrollbar (2)."""


class PaletteInput(CommandInput, ShapedInput):
    """The palette's query box: a :class:`CommandInput` (the palette finds it by that type) drawn shaped."""


class BriefCommandPalette(CommandPalette):
    """Textual's command palette with a shaped query box."""

    def compose(self) -> Any:
        """Textual's layout of the palette, with :class:`PaletteInput` as the query box."""
        shaped = bool(getattr(self.app, "shaped", True))
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield PaletteInput(placeholder=self._placeholder, select_on_focus=False, shaped=shaped)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield CommandList()
                yield LoadingIndicator()


class BriefCommands(SystemCommandsProvider):
    """The app's commands (Textual's and one per brief action), found by English title or Arabic name."""

    @property
    def _shaped(self) -> bool:
        """False in ``--bidi terminal`` mode: the Arabic names go out in logical order."""
        return bool(getattr(self.app, "shaped", True))

    async def discover(self) -> Hits:
        """Every command, by title, each with its Arabic name (shown when the query is empty)."""
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda command: command[0])
        for title, help_text, callback, discover in commands:
            if discover:
                yield DiscoveryHit(self._display(Content(title), title, ()), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose English title or Arabic name matches ``query`` (Textual's fuzzy matching)."""
        matcher = self.matcher(query)
        folded_query = normalize_with_map(query.strip())[0]
        arabic_matcher = self.matcher(folded_query) if folded_query else None
        for title, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            score = matcher.match(title)
            name = arabic_name(title)
            folded, origin = normalize_with_map(name)
            name_score = arabic_matcher.match(folded) if arabic_matcher and name else 0.0
            if max(score, name_score) <= 0:
                continue
            matched: tuple[int, ...] = ()
            if arabic_matcher is not None and name_score > 0:
                _, offsets = arabic_matcher.fuzzy_search.match(folded_query, folded)
                matched = tuple(origin[offset] for offset in offsets)
            english = matcher.highlight(title) if score > 0 else Content(title)
            yield Hit(
                max(score, name_score), self._display(english, title, matched), callback, text=title, help=help_text
            )

    def _display(self, english: Content, title: str, matched: tuple[int, ...]) -> Content:
        """The English title, then the Arabic name shaped and in visual order, its ``matched``
        letters (logical offsets) in the palette's highlight style.

        Shaped, the name is laid out here, never wrapped by Textual: Textual would cut its visual
        line and put its first words on the next line, to be read after the last. When title and
        name do not fit one line of the palette, the name goes on lines of its own, wrapped in
        logical order as the reading pane wraps a paragraph."""
        name = arabic_name(title)
        if not name:
            return english
        if not self._shaped:  # logical text: the terminal orders each line Textual wraps
            return Content.assemble(english, "  ·  ", self._highlighted(sanitize(name), range(len(name)), matched))
        room = max(10, self.app.size.width - PALETTE_MARGIN)
        one_line = render_line(name, 200)
        if english.cell_length + 5 + one_line.cells <= room:
            return Content.assemble(english, "  ·  ", self._highlighted(one_line.text, one_line.origins, matched))
        lines = [self._highlighted(line.text, line.origins, matched) for line in render_paragraph(name, room).lines]
        return Content("\n").join([english, *lines])

    def _highlighted(self, text: str, origins: Sequence[int], matched: tuple[int, ...]) -> Content:
        """``text`` with the characters whose logical offset (``origins``) is ``matched`` highlighted."""
        shown = Content(text)
        style = self.match_style
        if matched and isinstance(style, Style):
            hits = set(matched)
            for index, offset in enumerate(origins):
                if offset in hits:
                    shown = shown.stylize(style, index, index + 1)
        return shown
