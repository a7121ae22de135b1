"""GNU FriBidi as an independent oracle for the rendering pipeline.

``fribidi --nobreak --nopad --clean`` shapes, reorders, mirrors and puts
marks after their base, one logical line per input line: :func:`fribidi_lines`
(for single lines). A wrapped paragraph is checked by
:func:`fribidi_paragraph_lines`, which takes FriBidi's levels and glyphs for
the whole paragraph and applies the line rules to each of brief's lines. Output
is normalised before comparison: U+FEFF fillers left by lam-alef ligatures are
dropped and a lone hamza is written as U+FE80 on both sides.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from tui.text.layout import RenderedParagraph
from tui.text.sanitize import sanitize, strip_bidi_controls
from tui.text.wrap import BREAK_SPACES

FRIBIDI = shutil.which("fribidi")
"""Path of the fribidi command, or None when it is not installed."""

SKIP_REASON = "GNU FriBidi CLI `fribidi` not on PATH (Debian package libfribidi-bin)"
ARTICLES = Path(__file__).resolve().parents[2] / "articles"
_MARKED_LAM_ALEF = re.compile(
    "(\u0644)([\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d4-\u08ff]+)([\u0622\u0623\u0625\u0627])"
)


def ligate_across_marks(text: str) -> str:
    """Move harakat between a lam and its alef to after the alef.

    The lam-alef ligature is mandatory even when the lam carries a haraka;
    arabic-reshaper (and so brief) forms it and writes the lam's harakat after
    the ligature, while FriBidi only ligates an adjacent lam and alef. With
    the marks moved, FriBidi forms the ligature and puts the marks in the
    same place, and everything else is still checked independently.
    """
    return _MARKED_LAM_ALEF.sub(r"\1\3\2", text)


def normalise(text: str) -> str:
    """Apply the comparison normalisation to a visual line."""
    return text.replace("\ufeff", "").replace("\u0621", "\ufe80")


def fribidi_lines(lines: Sequence[str], rtl: bool) -> list[str]:
    """Run all ``lines`` through one fribidi call with a forced direction."""
    assert FRIBIDI is not None
    for line in lines:
        assert "\n" not in line and "\r" not in line
    result = subprocess.run(
        [FRIBIDI, "--nobreak", "--nopad", "--clean", "--rtl" if rtl else "--ltr"],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    out = result.stdout.split("\n")
    assert len(out) == len(lines) + 1, (len(out), len(lines))
    # --clean leaves U+061C ARABIC LETTER MARK in FriBidi 1.0.8; brief never emits a control.
    return [normalise(strip_bidi_controls(line)) for line in out[:-1]]


def fribidi_rtl(lines: Sequence[str]) -> list[bool]:
    """Return fribidi's own paragraph direction (first strong, default LTR) per line."""
    assert FRIBIDI is not None
    result = subprocess.run(
        [FRIBIDI, "--basedir", "--novisual"],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    found = [line.split(":")[1].strip() == "R" for line in result.stdout.splitlines()]
    assert len(found) == len(lines)
    return found


_REMOVED_BY_X9 = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "BN"})
"""Classes UAX #9 rule X9 takes out before the levels are resolved (they have no level)."""
_NOT_SHOWN = _REMOVED_BY_X9 | {"LRI", "RLI", "FSI", "PDI"}
"""Classes of the characters ``fribidi --clean`` leaves out of the visual string (with LRM, RLM)."""
_LINE_END = _NOT_SHOWN | {"WS"}
"""Classes that L1 puts back at the paragraph level at the end of a line."""


def fribidi_paragraph_lines(paragraphs: Sequence[RenderedParagraph], rtl: bool) -> list[list[str]]:
    """The visual lines GNU FriBidi gives for each rendered paragraph, broken where brief broke it.

    UAX #9 resolves the levels of a whole paragraph (X1-I2) and only then breaks it into lines,
    each reordered on its own (L1-L4). ``fribidi`` either breaks lines itself (cutting the visual
    string) or takes one line at a time as a paragraph, so neither gives that directly. The
    oracle is built from what FriBidi computes on the whole paragraph (one input line, with
    ``--nobreak``): its resolved level for every character (``--levels``) and every character's
    shaped and mirrored glyph (the visual string read through ``--ltov``). Each of brief's lines
    then takes its characters' levels from that, and only the line rules are applied here: L1
    (whitespace and isolate controls at the line's end go back to the paragraph level), L2
    (reverse every run at or above each level, from the highest to the lowest odd one, leaving out
    the characters X9 removed), L3 (combining marks after their base at right-to-left levels) and
    the removal of the controls ``fribidi --clean`` removes. Shaping across a line break, bracket
    pairs (N0), numbers (W2) and embeddings or isolates open across a break are FriBidi's.
    """
    assert FRIBIDI is not None
    sources = [ligate_across_marks(sanitize(p.source)) for p in paragraphs]
    for text in sources:
        assert "\n" not in text and "\r" not in text
    result = subprocess.run(
        [FRIBIDI, "--nobreak", "--nopad", "--ltov", "--levels", "--rtl" if rtl else "--ltr"],
        input="".join(text + "\n" for text in sources),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    out = result.stdout.split("\n")
    assert len(out) == 3 * len(sources) + 1, (len(out), len(sources))
    found = []
    for number, (rendered, text) in enumerate(zip(paragraphs, sources)):
        visual, ltov, levels = out[3 * number : 3 * number + 3]
        to_visual = [int(v) for v in ltov.split()]
        level = [int(v) for v in levels.split()]
        assert len(to_visual) == len(level) == len(text), (text, ltov, levels)
        glyphs = [visual[v] for v in to_visual]
        found.append(
            [
                _line(text, glyphs, level, line.start, _shown_end(text, line.start, line.end), rtl)
                for line in rendered.lines
            ]
        )
    return found


def _shown_end(text: str, start: int, end: int) -> int:
    """End of the part of a line that is shown: without the spaces it was broken after."""
    return start + len(text[start:end].rstrip("".join(BREAK_SPACES)))


def _line(text: str, glyphs: list[str], levels: list[int], start: int, end: int, rtl: bool) -> str:
    """L1-L3 on ``text[start:end]`` with the paragraph's ``levels``; the line's glyphs in visual order."""
    classes = {i: unicodedata.bidirectional(text[i]) for i in range(start, end)}
    level = {i: levels[i] for i in range(start, end)}
    i = end - 1
    while i >= start and classes[i] in _LINE_END:  # L1
        level[i] = 1 if rtl else 0
        i -= 1
    kept = [i for i in range(start, end) if classes[i] not in _REMOVED_BY_X9]
    order = list(kept)
    if order:
        for value in range(max(level[i] for i in kept), (min(level[i] for i in kept) | 1) - 1, -1):  # L2
            k = 0
            while k < len(order):
                if level[order[k]] < value:
                    k += 1
                    continue
                j = k
                while j < len(order) and level[order[j]] >= value:
                    j += 1
                order[k:j] = order[k:j][::-1]
                k = j
    k = 0
    while k < len(order):  # L3: after reversal a run of marks stands before its base
        first = order[k]
        if level[first] & 1 and classes[first] == "NSM":
            j = k
            while j < len(order) and classes[order[j]] == "NSM" and level[order[j]] == level[first]:
                j += 1
            if j < len(order) and level[order[j]] == level[first]:
                order[k : j + 1] = order[k : j + 1][::-1]
            k = j + 1
        else:
            k += 1
    shown = "".join(glyphs[i] for i in order if classes[i] not in _NOT_SHOWN and text[i] not in "\u200e\u200f")
    return normalise(strip_bidi_controls(shown))


def article_paragraphs() -> Iterator[tuple[str, str]]:
    """Yield (file name, paragraph) for every body line of articles/*.txt.

    A front matter block (``---`` lines at the top) is skipped, and so are
    blank lines.
    """
    for path in sorted(ARTICLES.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if lines and lines[0].strip() == "---":
            closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
            lines = lines[closing + 1 :]
        for line in lines:
            if line.strip():
                yield path.name, line
