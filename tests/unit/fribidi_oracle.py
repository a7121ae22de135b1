"""GNU FriBidi as an independent oracle for the rendering pipeline.

``fribidi --nobreak --nopad --clean`` shapes, reorders, mirrors and puts
marks after their base, one logical line per input line. Its output is
normalised before comparison: U+FEFF fillers left by lam-alef ligatures are
dropped and a lone hamza is written as U+FE80 on both sides.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from arabic_reshaper.letters import LETTERS_ARABIC

from tui.text.layout import RenderedParagraph
from tui.text.sanitize import sanitize, strip_bidi_controls
from tui.text.wrap import BREAK_SPACES

FRIBIDI = shutil.which("fribidi")
"""Path of the fribidi command, or None when it is not installed."""

SKIP_REASON = "GNU FriBidi CLI `fribidi` not on PATH (Debian package libfribidi-bin)"
ARTICLES = Path(__file__).resolve().parents[2] / "articles"
ZWJ = "\u200d"
_MARKS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670"
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


CONTEXT_MARKERS = {"L": "\ua4d0", "R": "\u05d0", "AL": "\u0674", "EN": "\u2070", "AN": "\U00010e60"}
"""A character of each bidi class that no brief contains and that joins nothing (Lisu, Hebrew,
high hamza, superscript zero, Rumi digit): stand-ins for the text around a line (see
:func:`oracle_inputs`), removed from FriBidi's output by :func:`normalise`."""
_MARKER_RE = re.compile("[" + "".join(CONTEXT_MARKERS.values()) + "]")


def normalise(text: str) -> str:
    """Apply the comparison normalisation to a visual line (context markers dropped)."""
    return _MARKER_RE.sub("", text).replace("\ufeff", "").replace("\u0621", "\ufe80")


_OPENERS = {"LRE", "RLE", "LRO", "RLO", "LRI", "RLI", "FSI"}
_ISOLATES = {"LRI", "RLI", "FSI"}


def _open_controls(source: str, classes: list[str], end: int) -> list[int]:
    """Indices of the explicit embeddings and isolates still open at ``end`` (X1-X8, simplified)."""
    stack: list[int] = []
    for i in range(end):
        cls = classes[i]
        if cls in _OPENERS:
            stack.append(i)
        elif cls == "PDI" and any(classes[j] in _ISOLATES for j in stack):
            while stack and classes[stack.pop()] not in _ISOLATES:
                pass
        elif cls == "PDF" and stack and classes[stack[-1]] not in _ISOLATES:
            stack.pop()
    return stack


def _matching_opener(classes: list[str], pdi: int) -> int:
    """The isolate initiator a PDI at ``pdi`` closes (scanning back), or -1."""
    depth = 0
    for i in range(pdi - 1, -1, -1):
        if classes[i] == "PDI":
            depth += 1
        elif classes[i] in _ISOLATES:
            if not depth:
                return i
            depth -= 1
    return -1


def _matching_pdi(classes: list[str], opener: int) -> int:
    """The PDI closing the isolate initiator at ``opener``, or the paragraph's length."""
    depth = 0
    for i in range(opener + 1, len(classes)):
        if classes[i] in _ISOLATES:
            depth += 1
        elif classes[i] == "PDI":
            if not depth:
                return i
            depth -= 1
    return len(classes)


def _strong_before(classes: list[str], i: int, low: int) -> str:
    """Markers for the nearest strong character before ``i`` (a number and the strong before it),
    at the same isolate level, not before ``low``; closed isolates are skipped (they are neutral)."""
    markers = ""
    while i > low:
        cls = classes[i]
        if cls == "PDI":
            i = _matching_opener(classes, i)
        elif cls in ("PDF", "LRE", "RLE", "LRO", "RLO"):
            break
        elif cls in CONTEXT_MARKERS:
            markers = CONTEXT_MARKERS[cls] + markers
            if cls in ("L", "R", "AL"):
                break
        i -= 1
    return markers


def _before(source: str, classes: list[str], start: int) -> str:
    """Stand-ins for the paragraph before a line: at each level of the embeddings and isolates
    still open, the nearest strong character, then the control that opened the next level.

    UAX #9 resolves levels on the whole paragraph before lines are cut: a number takes its type
    from the strong character before it, a neutral its direction from the strong characters
    around it, and an isolate opened on an earlier line still holds. FriBidi sees one line at a
    time, so it is given these.
    """
    opened = _open_controls(source, classes, start)
    pieces = []
    low = -1
    for opener in [*opened, start]:
        pieces.append(_strong_before(classes, opener - 1, low))
        if opener != start:
            pieces.append(source[opener])
        low = opener
    return "".join(pieces)


def _after(source: str, classes: list[str], end: int) -> str:
    """Stand-ins for the paragraph after a line: the next strong character at the line's level,
    the controls that close the levels still open, and the next strong character after each."""
    level = len(_open_controls(source, classes, end))
    out = ""
    found = False
    i = end
    while i < len(classes):
        cls = classes[i]
        if cls in _ISOLATES:
            i = _matching_pdi(classes, i) + 1
            continue
        if cls in ("LRE", "RLE", "LRO", "RLO"):
            if not found:
                out += source[i]  # the embedding's level decides the line's last run's eos
            break
        if cls in ("PDI", "PDF"):
            if level:
                out += source[i]
                level -= 1
                found = False
        elif cls in CONTEXT_MARKERS and not found:
            out += CONTEXT_MARKERS[cls]
            found = True
            if not level:
                break
        i += 1
    return out


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


_PAIRS = {"(": ")", "[": "]", "{": "}"}


def bracket_pair_spans_lines(rendered: RenderedParagraph) -> bool:
    """True when the paragraph's context at a line break is beyond what FriBidi can be told:
    a bracket pair (BD16, for the ASCII pairs) opens on one line and closes on another, or an
    embedding or isolate stays open across the break.

    The pair is resolved together on the paragraph (N0); a line given alone to FriBidi has half
    of it, so such paragraphs are checked by hand-written expectations instead. The same holds when
    a bracket stands between a line's edge and the strong character its context marker stands for
    (a bracket resolved by N0 counts as strong for the neutrals after it).
    """
    source = sanitize(rendered.source)
    classes = [unicodedata.bidirectional(ch) for ch in source]
    brackets = set(_PAIRS) | set(_PAIRS.values())
    for line in rendered.lines[1:]:
        if _open_controls(source, classes, line.start):
            # An embedding open across a break: the stand-ins of _before/_after cover simple
            # cases only (levels of runs that both lines share), so leave it to hand checks.
            return True
        for index, step in ((line.start - 1, -1), (line.start, 1)):
            i = index
            while 0 <= i < len(source) and classes[i] not in CONTEXT_MARKERS:
                if source[i] in brackets:
                    return True
                i += step
    line_of = [0] * (len(source) + 1)
    for number, line in enumerate(rendered.lines):
        for i in range(line.start, min(line.end, len(source))):
            line_of[i] = number
    stack: list[int] = []
    for i, ch in enumerate(source):
        if ch in _PAIRS:
            stack.append(i)
        elif ch in _PAIRS.values():
            for depth in range(len(stack) - 1, -1, -1):
                if _PAIRS[source[stack[depth]]] == ch:
                    if line_of[stack[depth]] != line_of[i]:
                        return True
                    del stack[depth:]
                    break
    return False


def oracle_inputs(rendered: RenderedParagraph) -> list[str]:
    """Return the logical text fribidi must see for each visual line.

    That is the shown part of the line (its range without the trailing break
    spaces). Where a word was cut between two letters that join, a ZWJ on
    each side of the cut keeps the joining forms the whole paragraph had; a
    marker on each side stands for the paragraph's text around the line,
    whose classes decide the levels at the line's edges (see :func:`_before`).
    """
    inputs = []
    source = sanitize(rendered.source)
    classes = [unicodedata.bidirectional(ch) for ch in source]
    lines = rendered.lines
    joined_cuts = [a.content_end == a.end and _joined_at(source, a.end) for a, b in zip(lines, lines[1:])]
    for number, line in enumerate(lines):
        shown = source[line.start : line.end].rstrip("".join(BREAK_SPACES))
        cut_before = number > 0 and joined_cuts[number - 1]
        cut_after = number + 1 < len(lines) and joined_cuts[number]
        text = (ZWJ if cut_before else "") + shown + (ZWJ if cut_after else "")
        if len(lines) > 1:
            end = line.start + len(shown)
            text = _before(source, classes, line.start) + text + _after(source, classes, end)
        inputs.append(ligate_across_marks(text))
    return inputs


def _joined_at(text: str, cut: int) -> bool:
    """Say whether the letters on both sides of ``cut`` join (harakat skipped)."""
    before = text[:cut].rstrip(_MARKS)
    after = text[cut:].lstrip(_MARKS)
    if not before or not after:
        return False
    left = LETTERS_ARABIC.get(before[-1], ("", "", "", ""))
    right = LETTERS_ARABIC.get(after[0], ("", "", "", ""))
    return bool(left[1] or left[2]) and bool(right[2] or right[3])


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
