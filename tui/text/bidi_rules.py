"""The UAX #9 rules that resolve the classes of one isolating run sequence: weak types (W1-W7),
paired brackets (N0) and neutrals (N1-N2).

Each works in place on the list of classes of one sequence, given its start and end types
(``sos``, ``eos``) and its embedding direction ``e``; :func:`tui.text.bidi.resolve_levels` runs
them in that order and turns the result into levels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from unicodedata import category

from bidi.mirror import MIRRORED

STRONG = {"L": "L", "R": "R", "AL": "R"}
"""The strong classes, with AL counted as R."""
ISOLATES = frozenset(("LRI", "RLI", "FSI"))
"""The isolate initiators."""
_AS_STRONG = {"L": "L", "R": "R", "AL": "R", "EN": "R", "AN": "R"}
_NEUTRAL = frozenset(("B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"))
_OPENING: dict[str, str] = {
    ch: MIRRORED[ch] for ch in MIRRORED if category(ch) == "Ps" and category(MIRRORED[ch]) == "Pe"
}
_CANONICAL = {"\u2329": "\u3008", "\u232a": "\u3009"}


def resolve_weak(types: list[str], sos: str) -> None:
    """Apply W1-W7 in place to the classes of one isolating run sequence."""
    present = set(types)
    if "NSM" in present:
        prev = sos
        for k, cls in enumerate(types):
            if cls == "NSM":
                types[k] = cls = "ON" if prev in ISOLATES or prev == "PDI" else prev
            prev = cls
        present = set(types)
    if "AL" in present:
        if "EN" in present:
            strong = sos
            for k, cls in enumerate(types):
                if cls in STRONG:
                    strong = cls
                elif cls == "EN" and strong == "AL":
                    types[k] = "AN"
        types[:] = ["R" if cls == "AL" else cls for cls in types]
        present = set(types)
    n = len(types)
    if "ES" in present or "CS" in present:
        for k in range(1, n - 1):
            cls, left = types[k], types[k - 1]
            if left == types[k + 1] and ((cls == "ES" and left == "EN") or (cls == "CS" and left in ("EN", "AN"))):
                types[k] = left
    if "ET" in present:
        k = 0
        while k < n:
            if types[k] != "ET":
                k += 1
                continue
            end = k
            while end < n and types[end] == "ET":
                end += 1
            if (k and types[k - 1] == "EN") or (end < n and types[end] == "EN"):
                types[k:end] = ["EN"] * (end - k)
            k = end
    if present & {"ES", "ET", "CS"}:
        types[:] = ["ON" if cls in ("ES", "ET", "CS") else cls for cls in types]
    if "EN" in present and ("L" in present or sos == "L"):
        strong = sos
        for k, cls in enumerate(types):
            if cls in ("L", "R"):
                strong = cls
            elif cls == "EN" and strong == "L":
                types[k] = "L"


def resolve_brackets(types: list[str], chars: list[str], original: list[str], sos: str, e: str) -> None:
    """Apply N0 in place: paired brackets take the direction of their content or context."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for k, char in enumerate(chars):
        if types[k] != "ON":
            continue
        char = _CANONICAL.get(char, char)
        if char in _OPENING:
            if len(stack) == 63:
                break
            stack.append((_CANONICAL.get(_OPENING[char], _OPENING[char]), k))
        elif MIRRORED.get(char) and category(char) == "Pe":
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    for open_at, close_at in sorted(pairs):
        found = None
        for k in range(open_at + 1, close_at):
            strong = _AS_STRONG.get(types[k])
            if strong == e:
                found = e
                break
            if strong:
                found = strong
        if found is None:
            continue
        if found != e:
            context = sos
            for k in range(open_at - 1, -1, -1):
                if types[k] in _AS_STRONG:
                    context = _AS_STRONG[types[k]]
                    break
            found = found if context == found else e
        for k in (open_at, close_at):
            types[k] = found
            k += 1
            while k < len(types) and original[k] == "NSM":
                types[k] = found
                k += 1


def runs(values: Sequence[object], key: Callable[[object], object] | None = None) -> list[tuple[object, int, int]]:
    """Split ``values`` into maximal runs of equal ``key``: (key, start, end) triples."""
    runs = []
    start = 0
    for value, group in groupby(values, key):
        end = start + sum(1 for _ in group)
        runs.append((value, start, end))
        start = end
    return runs


def resolve_neutrals(types: list[str], sos: str, eos: str, e: str) -> None:
    """Apply N1-N2 in place: runs of neutrals between equal strong sides take that side."""
    n = len(types)
    for neutral, start, end in runs(types, _NEUTRAL.__contains__):
        if neutral:
            before = _AS_STRONG[types[start - 1]] if start else sos
            after = _AS_STRONG[types[end]] if end < n else eos
            types[start:end] = [before if before == after else e] * (end - start)
