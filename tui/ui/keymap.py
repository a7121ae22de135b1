"""``[keys]`` from the config file turned into Textual's keymap: checked, and with Arabic twins.

A remapped binding keeps working with the Arabic keyboard layout: every letter key in a remap gets
the letter the Arabic (PC, X11 ``ara``) layout puts on the same physical key, as the defaults do
(see :mod:`tui.ui.keys`). A key that is not a key Textual can report (``notakey+++``) leaves the
binding at its default; a key another binding already has (``ctrl+p``, the command palette) is
not taken from it. Each problem gives a message naming the binding id and the key; the caller
adds the file.
"""

from __future__ import annotations

from textual.keys import REPLACED_KEYS, Keys, key_to_character

from tui.ui.keys import ACTIONS, ACTIONS_BY_ID, spec_keys

ARABIC_LAYOUT = {
    "q": "ض", "w": "ص", "e": "ث", "r": "ق", "t": "ف", "y": "غ", "u": "ع", "i": "ه", "o": "خ", "p": "ح",
    "a": "ش", "s": "س", "d": "ي", "f": "ب", "g": "ل", "h": "ا", "j": "ت", "k": "ن", "l": "م",
    "z": "ئ", "x": "ء", "c": "ؤ", "v": "ر", "b": "\ufefb", "n": "ى", "m": "ة",
    "G": "\ufef7", "N": "آ", "Y": "إ", "slash": "ظ", "question_mark": "arabic_question_mark",
    "A": "arabic_kasra", "S": "arabic_kasratan", "U": "grave_accent",
}  # fmt: skip
"""Key -> the Arabic-layout key on the same physical key (X11 ``ara``; lam-alef as one character)."""

RESERVED = {
    "ctrl+p": "the command palette",
    "ctrl+q": "quit",
    "ctrl+c": "copy and quit",
}
"""Keys Textual's app binds itself."""
RESERVED_FOR = {"ctrl+q": "quit"}
"""Reserved keys that already do what a binding does: listed for that binding they are taken, no
clash (``quit = "q,ctrl+q"``; ``quit = "ctrl+q"`` frees ``q``)."""
MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_KEY_NAMES = {key.value for key in Keys}


def is_key(key: str) -> bool:
    """True when ``key`` is a key name Textual can report (``j``, ``ctrl+n``, ``pagedown``, ``slash``)."""
    if not key.isprintable():  # control and format characters (ESC, C1, bidi controls) are no key names
        return False
    *modifiers, base = key.split("+")
    if not base or any(m not in MODIFIERS for m in modifiers):
        return False
    if len(base) == 1 and base.isprintable() and not base.isspace():
        return True
    if base in _KEY_NAMES or base in ("space", "tab", "enter", "escape", "backspace"):
        return True
    return key_to_character(REPLACED_KEYS.get(base, base)) is not None


def resolve_keymap(keys: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The keymap to give Textual for the ``[keys]`` table ``keys``, and a message per problem.

    ``keys`` maps known binding ids to comma-separated keys (see :func:`tui.ui.keys.keymap_problems`).
    """
    problems: list[str] = []
    wanted: dict[str, list[str]] = {}
    for action_id, value in keys.items():
        listed = [k.strip() for k in value.split(",") if k.strip()]
        bad = [k for k in listed if not is_key(k)]
        if bad:
            default = ", ".join(spec_keys(ACTIONS_BY_ID[action_id]).split(","))
            lower = [k.lower() for k in bad if k != k.lower() and len(k.split("+")[-1]) > 1 and is_key(k.lower())]
            hint = f" (key names are written in lower case: {', '.join(map(repr, lower))})" if lower else ""
            problems.append(f"[keys] {action_id}: {', '.join(map(repr, bad))} is not a key{hint}; keeping {default}")
        else:
            wanted[action_id] = listed
    effective = {spec.id: wanted.get(spec.id, spec_keys(spec).split(",")) for spec in ACTIONS}
    # A remap whose every key is refused leaves its binding its own keys, which no other remap may
    # then take ("quit" refused "x" keeps "q": "cursor_down" asking for "q" is refused it too).
    while True:
        resolved, found = _resolve(wanted, effective)
        refused = [
            action_id for action_id in wanted if action_id not in resolved and effective[action_id] == wanted[action_id]
        ]
        if not refused:
            return resolved, problems + found
        for action_id in refused:
            effective[action_id] = spec_keys(ACTIONS_BY_ID[action_id]).split(",")


def _resolve(wanted: dict[str, list[str]], effective: dict[str, list[str]]) -> tuple[dict[str, str], list[str]]:
    """The keys each remap in ``wanted`` keeps, given the keys every binding has (``effective``), and
    a message per key refused."""
    problems: list[str] = []

    def taken(key: str, action_id: str) -> str | None:
        """Who else has ``key``: a description, or None when nobody does."""
        if key in RESERVED:
            return RESERVED[key]
        return next((other for other, listed in effective.items() if other != action_id and key in listed), None)

    resolved: dict[str, str] = {}
    told: set[tuple[str, frozenset[str]]] = set()
    for action_id, listed in wanted.items():
        kept: list[str] = []
        for key in listed:
            if RESERVED_FOR.get(key) == action_id:
                kept.append(key)  # Textual's own key for it: bound here too, it is no clash
                continue
            rival = next((o for o, asked in wanted.items() if o != action_id and key in asked), None)
            if key not in RESERVED and rival is not None:
                # two remaps ask for one key: neither takes it, and one message says so
                if (key, frozenset((action_id, rival))) not in told:
                    told.add((key, frozenset((action_id, rival))))
                    problems.append(f"[keys] {key} is given to both {action_id} and {rival}; neither takes it")
                continue
            other = taken(key, action_id)
            if other:
                problems.append(f"[keys] {action_id}: {key} is already the key of {other}; not taken")
                continue
            kept.append(key)
            twin = ARABIC_LAYOUT.get(key)
            if twin and twin not in listed and not taken(twin, action_id):
                kept.append(twin)
        if kept:
            resolved[action_id] = ",".join(kept)
    return resolved, problems
