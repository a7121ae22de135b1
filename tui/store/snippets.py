"""The snippets of search results.

:func:`make_snippet` cuts a few words around the first match with the matches marked, and
:func:`split_snippet` takes the marks off again for display. Where a query matches in a text is
:mod:`tui.text.matching`'s job.
"""

from __future__ import annotations

from tui.text.matching import match_spans
from tui.text.normalize import word_spans

SNIPPET_WORDS = 12
"""About how many words a snippet shows."""
SNIPPET_CHARS = 160
"""The most characters of text a snippet shows (markers and ellipses not counted)."""
MARK_OPEN = "["
MARK_CLOSE = "]"
"""The snippet's match markers: ``[`` before and ``]`` after each match (logical order)."""
ELLIPSIS = "\u2026"


def make_snippet(text: str, spans: list[tuple[int, int]]) -> str:
    """About :data:`SNIPPET_WORDS` words of ``text`` around the first span, matches in ``[`` ``]``.

    Cut ends get an ellipsis; line breaks become spaces. Without spans: the start of the text.
    """
    words = word_spans(text)
    if not words:
        return " ".join(text.split())[:SNIPPET_CHARS]
    if spans:
        s0, e0 = spans[0]
        i = next((n for n, w in enumerate(words) if w[2] > s0), 0)
        j = max(i, max((n for n, w in enumerate(words) if w[1] < e0), default=i))
    else:
        i = j = 0
    lo = max(0, i - SNIPPET_WORDS // 3)
    hi = min(len(words), max(j + 1, lo + SNIPPET_WORDS))
    lo = max(0, min(lo, hi - SNIPPET_WORDS))
    while words[hi - 1][2] - words[lo][1] > SNIPPET_CHARS and (lo < i or hi - 1 > j):
        if hi - 1 > j and (hi - 1 - j >= i - lo or lo >= i):
            hi -= 1
        else:
            lo += 1
    start = 0 if lo == 0 else words[lo][1]
    end = len(text) if hi == len(words) else words[hi - 1][2]
    out: list[str] = []
    pos = start
    for s, e in spans:
        if s >= start and e <= end:
            out += [text[pos:s], MARK_OPEN, text[s:e], MARK_CLOSE]
            pos = e
    out.append(text[pos:end])
    piece = " ".join("".join(out).split())
    if text[:start].strip():
        piece = ELLIPSIS + piece
    if text[end:].strip():
        piece += ELLIPSIS
    return piece


def split_snippet(snippet: str, query: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip the match markers from a snippet: (text shown, logical spans of the marked matches).

    The backend marks each match as ``[match]`` but leaves brackets of the brief itself alone, so
    a pair of markers is taken as such only when the text it encloses is a match of ``query``
    (the innermost pair wins: ``[[bold]]`` is a marked ``[bold]`` whose inner word matched).
    Brackets that are not markers stay in the text.
    """
    pairs: list[tuple[int, int]] = []
    opens: list[int] = []
    for i, ch in enumerate(snippet):
        if ch == MARK_OPEN:
            opens.append(i)
        elif ch == MARK_CLOSE and opens:
            start = opens.pop()
            inside = snippet[start + 1 : i]
            if inside and _whole_match(inside, query):
                pairs.append((start, i))
                opens.clear()  # markers never nest: anything open before is literal
    markers = {p for pair in pairs for p in pair}
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    span_start = 0
    for i, ch in enumerate(snippet):
        if i not in markers:
            out.append(ch)
        elif ch == MARK_OPEN:
            span_start = len(out)
        else:
            spans.append((span_start, len(out)))
    return "".join(out), spans


def _whole_match(text: str, query: str) -> bool:
    """True when ``query`` matches ``text`` from its first character to its last."""
    spans = match_spans(text, query)
    return bool(spans) and spans[0][0] == 0 and spans[-1][1] == len(text)
