"""The main screen's actions and command palette entries for the list's filters and order.

:class:`ListActions` is mixed into the main screen: the keys of :mod:`tui.ui.keys` name these
actions, each handed to the screen's :class:`~tui.ui.screens.filtering.ListController`.
:func:`palette_commands` gives the filters and orders that have no key of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.store.list_view import SORT_NAMES

if TYPE_CHECKING:
    from tui.ui.screens.filtering import ListController


class ListActions:
    """The main screen's actions for the list's filters and order (a mixin: the keys' actions)."""

    listing: ListController

    def action_filter_menu(self) -> None:
        """The filter menu."""
        self.listing.menu()

    def action_filter_unread(self) -> None:
        """Unread only, on or off."""
        self.listing.toggle_unread()

    def action_clear_filter(self) -> None:
        """Every filter off."""
        self.listing.clear()

    def action_sort_list(self) -> None:
        """Choose the list's order."""
        self.listing.choose_sort()

    def action_mark_all_read(self) -> None:
        """Mark every unread brief of the list read."""
        self.listing.mark_all_read()


def palette_commands(controller: ListController) -> list[tuple[str, str, Callable[[], None]]]:
    """(title, help, callback) of the command palette's filter and sort commands (no key of their own)."""
    commands: list[tuple[str, str, Callable[[], None]]] = [
        ("Filter: bookmarked only, on or off", "or \\ then b", controller.toggle_bookmarked),
        ("Filter: by tag…", "or \\ then t", controller.choose_tag),
        ("Filter: by source…", "or \\ then s", controller.choose_source),
        ("Filter: by date…", "today, the last 7 or 30 days, a range; or \\ then d", controller.choose_dates),
    ]
    for sort, name in SORT_NAMES.items():
        commands.append((f"Sort: {name}", "or S", lambda sort=sort: controller.sort(sort)))  # type: ignore[misc]
    return commands
