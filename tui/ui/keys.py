"""Every key binding of the reader, with the Arabic-layout letters on the same physical keys.

One table, :data:`ACTIONS`, is the source of the screen's ``BINDINGS``, the help screen, the
command palette and the ids that ``[keys]`` in the config file can remap (Textual's keymap).

Arabic layout: a reader typing with the Arabic (PC, 101) layout active gets Arabic letters from the
letter keys, so each letter key's action is also bound to the letter that layout puts on the same
key (X11 ``ara`` layout; Windows "Arabic 101" agrees on every key used here except two).
Two keys cannot be mapped everywhere: ``b`` gives lam-alef, which X11 sends as the one character
U+FEFB (bound) but Windows sends as two letters (lam, alef) that arrive as two separate keys; and
shift+``g`` gives U+FEF7 on X11 (bound) and lam + alef-with-hamza on Windows (not mappable).
Keys that are not letters (Space, Enter, Tab, arrows, ``*``) are the same in both layouts.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class ActionSpec:
    """One user action: its binding id, the action it runs, and its keys."""

    id: str
    """The binding id, used in ``[keys]`` of the config file."""
    action: str
    """The Textual action string."""
    description: str
    """What the key does, for the footer, the help screen and the command palette."""
    keys: str
    """Default keys, comma separated (Textual key names)."""
    arabic: str = ""
    """The Arabic-layout characters on the same physical keys, comma separated."""
    show: bool = False
    """True to show the key in the footer."""
    scope: str = "screen"
    """``app`` for bindings that work on every screen, else ``screen`` (the main screen)."""
    in_reader: str = ""
    """What the key does when the reading pane has the focus, when that differs from the list."""


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("cursor_down", "cursor_down", "Next brief", "j,down", "ت", in_reader="Scroll down a line"),
    ActionSpec("cursor_up", "cursor_up", "Previous brief", "k,up", "ن", in_reader="Scroll up a line"),
    ActionSpec("cursor_first", "cursor_first", "First brief", "g,home", "ل", in_reader="Top of the brief"),
    ActionSpec("cursor_last", "cursor_last", "Last brief", "G,end", "ﻷ", in_reader="End of the brief"),
    ActionSpec("open_brief", "open_brief", "Open", "enter", show=True, in_reader="Open the highlighted brief"),
    ActionSpec("page_down", "page_down", "Page the list down", "pagedown", in_reader="Page the brief down"),
    ActionSpec("page_up", "page_up", "Page the list up", "pageup", in_reader="Page the brief up"),
    ActionSpec("read_down", "read_down", "Page the brief down", "space"),
    ActionSpec("read_up", "read_up", "Page the brief up", "b", "ﻻ"),
    ActionSpec("switch_pane", "switch_pane", "Switch pane", "tab", show=True),
    ActionSpec("find", "find", "Find", "slash", "ظ", show=True),
    ActionSpec("close_find", "close_find", "Close find", "escape"),
    ActionSpec("next_match", "next_match", "Next match", "n", "ى"),
    ActionSpec("previous_match", "previous_match", "Previous match", "N", "آ"),
    ActionSpec("search_store", "search_store", "Search", "s", "س", show=True),
    ActionSpec("show_links", "show_links", "Links", "l", "م", show=True),
    ActionSpec("go_back", "go_back", "Back", "backspace,alt+left"),
    ActionSpec("go_forward", "go_forward", "Forward", "alt+right"),
    ActionSpec("fetch_feeds", "fetch_feeds", "Fetch feeds", "r", "ق"),
    ActionSpec("filter_feed", "filter_feed", "Show one feed", "f", "ب"),
    ActionSpec("filter_menu", "filter_menu", "Filter the list: unread, bookmarked, tag, source, date", "backslash"),
    ActionSpec("filter_unread", "filter_unread", "Unread only, on or off", "U", "grave_accent"),
    ActionSpec("clear_filter", "clear_filter", "Clear the filters", "c", "ؤ"),
    ActionSpec("sort_list", "sort_list", "Sort the list: newest, oldest, title, source", "S", "arabic_kasratan"),
    ActionSpec("mark_all_read", "mark_all_read", "Mark all read (the list as filtered)", "A", "arabic_kasra"),
    ActionSpec("undo", "undo", "Undo the last deletion or mark all read (for a few seconds)", "u", "ع"),
    ActionSpec("toggle_story", "toggle_story", "Expand/collapse a story's sources", "x", "ء"),
    ActionSpec("toggle_read", "toggle_read", "Read/unread: highlighted", "m", "ة", in_reader="Read/unread: open brief"),
    ActionSpec("toggle_bookmark", "toggle_bookmark", "Bookmark: highlighted", "asterisk", in_reader="Bookmark: open"),
    ActionSpec("copy_brief", "copy_brief", "Copy the brief (or the match's paragraph)", "y", "غ"),
    ActionSpec("copy_url", "copy_url", "Copy the brief's URL", "Y", "إ"),
    ActionSpec("open_url", "open_url", "Open the URL in the browser", "o", "خ"),
    ActionSpec("edit_brief", "edit_brief", "Edit the brief's file", "e", "ث"),
    ActionSpec("delete_brief", "delete_brief", "Delete: highlighted", "d", "ي", in_reader="Delete: open brief"),
    ActionSpec("help", "app.help", "Help", "question_mark", "arabic_question_mark", show=True, scope="app"),
    ActionSpec("quit", "app.quit", "Quit", "q", "ض", show=True, scope="app"),
)
"""Every action with a key, in the order the help screen lists them."""

ACTIONS_BY_ID = {spec.id: spec for spec in ACTIONS}
"""The table by binding id."""


def spec_keys(spec: ActionSpec) -> str:
    """The default keys of an action, Arabic-layout letters included."""
    return ",".join(k for k in (spec.keys, spec.arabic) if k)


def bindings(scope: str) -> list[BindingType]:
    """The Textual bindings of one scope (``app`` or ``screen``), each with its id."""
    return [
        Binding(
            spec_keys(spec),
            spec.action.removeprefix("app.") if scope == "app" else spec.action,
            spec.description,
            show=spec.show,
            id=spec.id,
        )
        for spec in ACTIONS
        if spec.scope == scope
    ]


KEY_LABELS = {
    "slash": "/",
    "asterisk": "*",
    "question_mark": "?",
    "arabic_question_mark": "\u061f",
    "space": "Space",
    "enter": "Enter",
    "tab": "Tab",
    "backspace": "Backspace",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "down": "\u2193",
    "up": "\u2191",
    "alt+left": "Alt+\u2190",
    "alt+right": "Alt+\u2192",
    "escape": "Esc",
    "backslash": "\\",
    # Shifted Arabic-layout keys give a mark or a sign that says little on its own: name the key.
    "grave_accent": "Shift+\u0639",
    "arabic_kasra": "Shift+\u0634",
    "arabic_kasratan": "Shift+\u0633",
}
"""How the help screen writes key names."""


def key_label(key: str) -> str:
    """A key name as a person reads it (``slash`` -> ``/``)."""
    return KEY_LABELS.get(key, key)


def keymap_problems(keymap: dict[str, str]) -> list[str]:
    """Messages for ``[keys]`` entries naming no known action or giving no key."""
    problems = []
    for action_id, keys in keymap.items():
        if action_id not in ACTIONS_BY_ID:
            known = ", ".join(sorted(ACTIONS_BY_ID))
            problems.append(f"[keys] {action_id}: no such action (known: {known})")
        elif not isinstance(keys, str) or not [k for k in keys.split(",") if k.strip()]:
            problems.append(f'[keys] {action_id}: give keys as a string such as "j,down"')
    return problems
