"""An emoji made of several code points (a skin tone, a ZWJ sequence, tags) inside right-to-left
text stays whole and in its logical order, as a letter with its harakat does: reversed with the
Arabic around it, "🤷🏻‍♂️" fell apart into "♂️", a loose skin tone and "🤷" (the feed
abarrak-ar-feed.xml has one). The expectations are hand-checked, and against GNU FriBidi the line
is compared with the emoji put in place of a one-character symbol that FriBidi places alone."""

from __future__ import annotations

import pytest
from fribidi_oracle import FRIBIDI, SKIP_REASON, fribidi_lines

from tui.text.bidi import visual_line
from tui.text.layout import render_paragraph
from tui.text.sanitize import EMOJI_SPACER, sanitize, show_emoji_whole
from tui.text.shape import shape

SHRUG = "\U0001f937\U0001f3fb\u200d\u2642\ufe0f"
"""Man shrugging, light skin tone: base, skin tone, ZWJ, male sign, emoji presentation."""
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
THUMB = "\U0001f44d\U0001f3fd"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
SAUDI = "\U0001f1f8\U0001f1e6"


@pytest.mark.parametrize("emoji", [SHRUG, FAMILY, THUMB, SCOTLAND, SAUDI])
def test_an_emoji_between_arabic_words_stays_whole(emoji: str) -> None:
    visual, order = visual_line(f"أ {emoji} ب", True)
    assert visual == f"ب {emoji} أ"  # by hand: the words swap, the emoji is read as written
    assert sorted(order) == list(range(len(f"أ {emoji} ب")))


def test_a_zwj_of_an_emoji_survives_shaping_and_one_between_letters_does_not() -> None:
    assert shape(f"كلمة {SHRUG}") == shape("كلمة ") + SHRUG
    assert "\u200d" not in shape("ه\u200dـ")  # it asked for a joining form, and got it


@pytest.fixture
def drawn_whole():
    """A terminal that draws emoji sequences whole (kitty, WezTerm...): they are laid out as they are
    (``tests/conftest.py`` sets single emoji back after the test)."""
    show_emoji_whole(True)


@pytest.mark.usefixtures("drawn_whole")
def test_the_feed_paragraph_keeps_the_shrug_in_one_piece() -> None:
    text = f"التأجيل للمشاريع الجانبية والكتابة {SHRUG} .. الأمل أن يكون كما قصده الراري،"
    line = render_paragraph(text, 200).lines[0].text.strip()
    assert line.count(SHRUG) == 1
    assert "\u2642\ufe0f\U0001f3fb\U0001f937" not in line


@pytest.mark.usefixtures("drawn_whole")
@pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)
@pytest.mark.parametrize("emoji", [SHRUG, FAMILY, THUMB])
def test_the_line_is_fribidis_with_the_emoji_as_one_symbol(emoji: str) -> None:
    """FriBidi orders code points, so it reverses an emoji's parts too: put a one-code-point
    neutral symbol (☺) where the emoji is, order that, and the emoji goes where ☺ went."""
    text = f"التأجيل للمشاريع والكتابة {emoji} .. الأمل أن يكون (كما قصده) 2024"
    ours = render_paragraph(text, 200).lines[0].text.strip()
    reference = fribidi_lines([shape(text.replace(emoji, "\u263a"))], rtl=True)[0].strip()
    assert ours == reference.replace("\u263a", emoji)


def test_a_zwj_between_digits_or_brackets_is_dropped_as_before() -> None:
    """Kept there, it made the character after it measured 0 cells wide (the terminal draws it)."""
    for text in ("كتب ١\u200d٢ كتاب", "(\u200d)", "a\u200db", "\u263a\u200d١"):
        assert "\u200d" not in shape(text)


def test_a_zwj_between_symbols_that_are_no_emoji_is_dropped() -> None:
    """°, ─, © and ۞ are symbols, not the parts of an emoji: a ZWJ between them joins nothing."""
    for text in ("°\u200d°", "─\u200d─", "۞\u200d۩"):
        assert "\u200d" not in shape(text)


@pytest.mark.parametrize(
    ("emoji", "parts"), [(SHRUG, "\U0001f937\u2642"), (FAMILY, "\U0001f468\U0001f469\U0001f467"), (THUMB, "\U0001f44d")]
)
def test_shown_as_single_emoji_the_parts_stay_in_their_order(emoji: str, parts: str) -> None:
    """Where sequences are shown as single emoji (tmux, xterm), the parts read in the order they
    were written, between the Arabic words as the whole emoji would be: checked by hand."""
    visual, order = visual_line(sanitize(f"أ {emoji} ب"), True)
    assert visual.replace(EMOJI_SPACER, "") == f"ب {parts} أ"
    assert sorted(order) == list(range(len(f"أ {emoji} ب")))


@pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)
@pytest.mark.parametrize("emoji", [SHRUG, FAMILY, THUMB])
def test_shown_as_single_emoji_the_line_is_fribidis_with_them_as_one_symbol(emoji: str) -> None:
    """The same FriBidi reference as for the whole emoji: ☺ ordered where the emoji stands, then
    its parts, spacers left out, put in its place."""
    text = f"التأجيل للمشاريع والكتابة {emoji} .. الأمل أن يكون (كما قصده) 2024"
    ours = render_paragraph(text, 200).lines[0].text.strip().replace(EMOJI_SPACER, "")
    reference = fribidi_lines([shape(text.replace(emoji, "\u263a"))], rtl=True)[0].strip()
    assert ours == reference.replace("\u263a", sanitize(emoji).replace(EMOJI_SPACER, ""))
