"""Unicode Bidirectional Algorithm (UAX #9) with index tracking.

:func:`resolve_levels` runs the explicit (X1-X10), weak (W1-W7), bracket (N0), neutral (N1-N2) and
implicit (I1-I2) rules plus L1 on a paragraph with a given direction (the W and N rules, which work
on one isolating run sequence, are in :mod:`tui.text.bidi_rules`). :func:`line_of_paragraph` applies
L1-L4 to one line of a wrapped paragraph with the levels resolved on the whole paragraph;
:func:`reorder_with_levels` and :func:`visual_line` do the same for a line taken alone as a paragraph:
a visual order (L2) with combining marks kept after their base (L3) and brackets mirrored at
right-to-left levels (L4). Bidi controls take part in the algorithm and never reach the output.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from unicodedata import bidirectional

from bidi.mirror import MIRRORED

from tui.text.bidi_rules import ISOLATES, STRONG, resolve_brackets, resolve_neutrals, resolve_weak, runs
from tui.text.sanitize import BIDI_CONTROLS, EMOJI_SPACER
from tui.text.shape import emoji_modifier, pictographic

MAX_DEPTH = 125
"""Deepest explicit embedding level (BD2)."""

_EXPLICIT = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"))
_REMOVED = frozenset(("LRE", "RLE", "LRO", "RLO", "PDF", "BN"))
_TRAILING = frozenset(("WS", "LRI", "RLI", "FSI", "PDI", "LRE", "RLE", "LRO", "RLO", "PDF", "BN"))
_RAISE_EVEN = {"L": 0, "R": 1, "AN": 2, "EN": 2}
_RAISE_ODD = {"L": 1, "R": 0, "AN": 1, "EN": 1}
_MIRRORED_RE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(MIRRORED)) + "]")


def bidi_class(char: str) -> str:
    """Return the Bidi_Class of ``char``, with unassigned code points as L."""
    return bidirectional(char) or "L"


_CLUSTER_RE = re.compile(f"[\u200d{EMOJI_SPACER}\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
"""Characters that join an emoji to the one before it: ZWJ, skin tones, tags; and the
:data:`~tui.text.sanitize.EMOJI_SPACER` that stands for a joiner where sequences are shown as single
emoji."""
_JOINERS = ("\u200d", EMOJI_SPACER)


def cluster_classes(chars: Sequence[str], classes: list[str]) -> list[str]:
    """``classes`` with the parts of an emoji sequence after its first (a skin tone, a tag, the
    emoji after a ZWJ) taken as marks (NSM): they stay after their base, in logical order, at a
    right-to-left level (L3), as the harakat do. Reversed, "🤷🏻‍♂️" fell apart into "♂️", a loose
    skin tone and "🤷". Where sequences are shown as single emoji (``🤷`` and ``♂`` apart, joined by
    :data:`~tui.text.sanitize.EMOJI_SPACER`), their parts keep that order too. A ZWJ between letters
    (Arabic joining) is left alone."""
    text = chars if isinstance(chars, str) else "".join(chars)
    if not _CLUSTER_RE.search(text):
        return classes
    out = list(classes)
    in_emoji = False
    for i, char in enumerate(text):
        if emoji_modifier(char):
            if in_emoji:
                out[i] = "NSM"
            continue
        if char in _JOINERS or out[i] == "NSM":
            continue  # the joiner itself (removed by X9) and variation selectors keep their class
        if in_emoji and i and text[i - 1] in _JOINERS and pictographic(char):
            out[i] = "NSM"
            continue
        in_emoji = pictographic(char)
    return out


def mirror(char: str) -> str:
    """Return the Bidi_Mirroring_Glyph of ``char``, or ``char`` itself."""
    return str(MIRRORED.get(char, char))


def _first_strong(classes: Sequence[str], start: int = 0) -> str | None:
    """Apply P2 from ``start``: the first L/R/AL outside isolates, up to an unmatched PDI."""
    depth = 0
    for cls in classes[start:]:
        if cls in ISOLATES:
            depth += 1
        elif cls == "PDI":
            if depth == 0:
                return None
            depth -= 1
        elif depth == 0 and cls in STRONG:
            return STRONG[cls]
        elif cls == "B":
            return None
    return None


def is_rtl(text: str) -> bool:
    """Say whether a paragraph is right-to-left (P2-P3); LTR without strong characters."""
    for char in text:
        cls = bidirectional(char)
        if cls in ("R", "AL"):
            return True
        if cls == "L" or cls in ISOLATES:
            break
    else:
        return False
    return _first_strong([bidi_class(c) for c in text]) == "R"


def _explicit(classes: list[str], base: int) -> tuple[list[int], list[str]]:
    """Apply X1-X8: return embedding levels and classes after overrides."""
    levels = [base] * len(classes)
    types = list(classes)
    stack: list[tuple[int, str | None, bool]] = [(base, None, False)]
    over_isolate = over_embed = valid_isolate = 0
    for i, cls in enumerate(classes):
        if cls in ("RLE", "LRE", "RLO", "LRO", "RLI", "LRI", "FSI"):
            isolate = cls in ISOLATES
            level, override, _ = stack[-1]
            if isolate:
                levels[i] = level
                if override:
                    types[i] = override
                rtl = cls == "RLI" or (cls == "FSI" and _first_strong(classes, i + 1) == "R")
            else:
                rtl = cls in ("RLE", "RLO")
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= MAX_DEPTH and not over_isolate and not over_embed:
                valid_isolate += isolate
                kind = {"RLO": "R", "LRO": "L"}.get(cls)
                stack.append((new, kind, isolate))
            elif isolate:
                over_isolate += 1
            elif not over_isolate:
                over_embed += 1
            continue
        if cls == "PDI":
            if over_isolate:
                over_isolate -= 1
            elif valid_isolate:
                over_embed = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolate -= 1
        elif cls == "PDF":
            if not over_isolate:
                if over_embed:
                    over_embed -= 1
                elif not stack[-1][2] and len(stack) > 1:
                    stack.pop()
        level, override, _ = stack[-1]
        levels[i] = level
        if override and cls not in _REMOVED and cls != "B":
            types[i] = override
    return levels, types


def _run_sequences(classes: list[str], levels: list[int]) -> list[list[int]]:
    """Apply X9-X10 (BD13): the isolating run sequences, X9-removed characters left out."""
    match: dict[int, int] = {}
    opened: list[int] = []
    for i, cls in enumerate(classes):
        if cls in ISOLATES:
            opened.append(i)
        elif cls == "PDI" and opened:
            match[opened.pop()] = i
    runs: list[list[int]] = []
    for i, cls in enumerate(classes):
        if cls in _REMOVED:
            continue
        if runs and levels[runs[-1][-1]] == levels[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    by_start = {run[0]: run for run in runs}
    continued = set(match.values())
    sequences = []
    for run in runs:
        if run[0] in continued:
            continue
        sequence = list(run)
        while sequence[-1] in match and match[sequence[-1]] in by_start:
            sequence.extend(by_start[match[sequence[-1]]])
        sequences.append(sequence)
    return sequences


def resolve_levels(chars: Sequence[str], base_rtl: bool, classes: Sequence[str] | None = None) -> list[int]:
    """Return the resolved embedding level of each character of one line (through L1).

    ``classes`` may pass precomputed Bidi_Class values of ``chars``.
    X9-removed characters get the level of the character before them.
    """
    base = 1 if base_rtl else 0
    original = list(classes) if classes is not None else cluster_classes(chars, [bidi_class(c) for c in chars])
    n = len(original)
    if not n:
        return []
    present = set(original)
    if present & _EXPLICIT:
        levels, types = _explicit(original, base)
        sequences = _run_sequences(original, levels)
    else:
        levels, types = [base] * n, original
        sequences = [[i for i in range(n) if original[i] != "BN"] if "BN" in present else list(range(n))]
    if len(sequences) == 1 and len(sequences[0]) == n:
        kept, rank = sequences[0], None
    else:
        kept = [i for i in range(n) if original[i] not in _REMOVED]
        rank = {i: r for r, i in enumerate(kept)}
    resolved = list(levels)
    for seq in sequences:
        if not seq:
            continue
        level = levels[seq[0]]
        first, last = (seq[0], seq[-1]) if rank is None else (rank[seq[0]], rank[seq[-1]])
        before = levels[kept[first - 1]] if first else base
        after = levels[kept[last + 1]] if last + 1 < len(kept) and original[seq[-1]] not in ISOLATES else base
        sos = "R" if max(level, before) & 1 else "L"
        eos = "R" if max(level, after) & 1 else "L"
        e = "R" if level & 1 else "L"
        seq_types = [types[i] for i in seq]
        seq_original = [original[i] for i in seq]
        resolve_weak(seq_types, sos)
        if "ON" in seq_types:
            resolve_brackets(seq_types, [chars[i] for i in seq], seq_original, sos, e)
        resolve_neutrals(seq_types, sos, eos, e)
        raise_by = _RAISE_ODD if level & 1 else _RAISE_EVEN
        if rank is None:
            resolved = [level + raise_by[cls] for cls in seq_types]
            continue
        for i, cls in zip(seq, seq_types):
            resolved[i] = level + raise_by[cls]
    if rank is not None:
        prev = base
        for i, cls in enumerate(original):
            if cls in _REMOVED:
                resolved[i] = prev
            prev = resolved[i]
    trailing = True
    for i in range(n - 1, -1, -1) if "S" in present or "B" in present else _tail(original):
        cls = original[i]
        if cls in ("S", "B"):
            resolved[i] = base
            trailing = True
        elif trailing and cls in _TRAILING:
            resolved[i] = base
        else:
            trailing = False
    return resolved


def _tail(classes: list[str]) -> range:
    """Indices of the trailing whitespace run of a line (L1), last first."""
    i = len(classes)
    while i and classes[i - 1] in _TRAILING:
        i -= 1
    return range(len(classes) - 1, i - 1, -1)


def order_from_levels(levels: Sequence[int], classes: Sequence[str]) -> list[int]:
    """Apply L3 and L2: the logical indices of a line in visual order."""
    n = len(levels)
    order = list(range(n))
    i = n - 1 if "NSM" in classes else -1
    while i >= 0:
        level = levels[i]
        if level & 1 and classes[i] == "NSM":
            end = i
            i -= 1
            while (
                i >= 0
                and levels[i] == level
                and (classes[i] in _REMOVED or classes[i] in _EXPLICIT or classes[i] == "NSM")
            ):
                i -= 1
            if i < 0 or levels[i] != level:
                i += 1
            order[i : end + 1] = order[i : end + 1][::-1]
        i -= 1
    if not n:
        return order
    level_runs = runs(levels)
    lowest_odd = min(levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        start = -1
        for value, run_start, _run_end in (*level_runs, (-1, n, n)):
            if value >= level:  # type: ignore[operator]
                start = run_start if start < 0 else start
            elif start >= 0:
                order[start:run_start] = order[start:run_start][::-1]
                start = -1
    return order


def reorder_with_levels(
    chars: Sequence[str], base_rtl: bool, *, classes: Sequence[str] | None = None
) -> tuple[list[int], list[int]]:
    """Return the visual order of a line as indices into ``chars`` (L1-L3), and the resolved levels.

    Characters of :data:`~tui.text.sanitize.BIDI_CONTROLS` are left out of the order;
    mirroring is not applied here (see :func:`visual_line`).
    """
    original = list(classes) if classes is not None else cluster_classes(chars, [bidi_class(c) for c in chars])
    levels = resolve_levels(chars, base_rtl, original)
    order = order_from_levels(levels, original)
    if not BIDI_CONTROLS.isdisjoint(chars):
        order = [i for i in order if chars[i] not in BIDI_CONTROLS]
    return order, levels


def visual_line(chars: Sequence[str], base_rtl: bool, *, classes: Sequence[str] | None = None) -> tuple[str, list[int]]:
    """Return a line in visual order with mirrored glyphs at odd levels (L4), and its order."""
    order, levels = reorder_with_levels(chars, base_rtl, classes=classes)
    return _mirrored(chars, order, levels), order


def line_of_paragraph(
    chars: Sequence[str], levels: Sequence[int], base_rtl: bool, classes: Sequence[str]
) -> tuple[str, list[int]]:
    """One line of a paragraph whose levels were resolved on the whole paragraph: L1-L4.

    UAX #9 resolves levels (W1-I2) on the paragraph and only then breaks it into lines, each
    reordered on its own: a colon at the end of a line between two Arabic words of an English
    paragraph is R (it sits with the Arabic), not L as it would be in the line alone.
    ``levels`` and ``classes`` are the paragraph's, sliced to the line.
    """
    line_levels = list(levels)
    base = 1 if base_rtl else 0
    for i in _tail(list(classes)):  # L1: trailing whitespace of the line takes the paragraph level
        line_levels[i] = base
    order = order_from_levels(line_levels, classes)
    if not BIDI_CONTROLS.isdisjoint(chars):
        order = [i for i in order if chars[i] not in BIDI_CONTROLS]
    return _mirrored(chars, order, line_levels), order


def _mirrored(chars: Sequence[str], order: list[int], levels: Sequence[int]) -> str:
    """The characters in ``order``, mirrored at odd levels (L4)."""
    visual = [chars[i] for i in order]
    if isinstance(chars, str) and not _MIRRORED_RE.search(chars):
        return "".join(visual)
    for k, i in enumerate(order):
        if levels[i] & 1 and chars[i] in MIRRORED:
            visual[k] = MIRRORED[chars[i]]
    return "".join(visual)
