"""Emoji sequences measured alike by brief and by terminals that draw their parts apart.

Rich (and so every line brief lays out) counts an emoji sequence as one grapheme of two cells; tmux,
xterm and VTE draw its parts one by one, each as wide as its East Asian Width says. Shown as single
emoji (:func:`tui.text.sanitize.sanitize`, unless the terminal draws them whole), the two counts
agree. The oracle is that per-character count, from :mod:`unicodedata` alone (wide and fullwidth
characters two cells, marks and format characters none, the rest one), as ``wcwidth`` gives it;
measured in tmux 3.3a and xterm it gave the cells each sequence below took on screen.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from terminal_cells import cells_apart

from tui.emoji_mode import draws_emoji_whole, emoji_setting, use_emoji
from tui.text.layout import render_paragraph
from tui.text.sanitize import sanitize, show_emoji_whole

SEQUENCES = [
    "\u2764\ufe0f",  # ❤️ red heart, emoji presentation: Rich 2, tmux 1
    "\u26a0\ufe0f",  # ⚠️
    "\U0001f44d\U0001f3fd",  # 👍🏽 a skin tone: Rich 2, tmux 4
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # 👨‍👩‍👧 a family: Rich 2, a terminal without ZWJ sequences 6
    "\U0001f3f3\ufe0f\u200d\U0001f308",  # 🏳️‍🌈
    "\U0001f937\U0001f3fb\u200d\u2642\ufe0f",  # 🤷🏻‍♂️ (abarrak-ar-feed.xml)
    "\U0001f1f8\U0001f1e6",  # 🇸🇦 a flag: 2 for both
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # 🏴 with tags: 2 for both
    "\u263a\ufe0e",  # ☺︎ text presentation: 1 for both
]


@pytest.mark.parametrize("sequence", SEQUENCES)
def test_shown_as_single_emoji_rich_counts_what_the_terminal_draws(sequence: str) -> None:
    shown = sanitize(sequence)
    assert len(shown) == len(sequence)
    assert cell_len(shown) == cells_apart(shown)


def test_the_sequences_are_measured_apart_when_kept_whole() -> None:
    """What the test above guards against: kept whole, Rich's count is not the terminal's (every
    test starts with single emoji and ends so: ``tests/conftest.py``)."""
    show_emoji_whole(True)
    apart = [s for s in SEQUENCES if cell_len(sanitize(s)) != cells_apart(sanitize(s))]
    assert len(apart) == 6, apart  # all but the flag, the tag sequence and the text presentation


PARTS = st.sampled_from(
    ["\u2764", "\U0001f44d", "\U0001f468", "\u2642", "\ufe0f", "\U0001f3fd", "\u200d", " ", "ب", "كلمة"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PARTS, min_size=1, max_size=30).map("".join), st.integers(4, 40))
def test_every_laid_out_line_fits_its_width_as_a_terminal_counts(text: str, width: int) -> None:
    """A paragraph of emoji parts, joiners and Arabic in any order: no line brief lays out is wider,
    counted character by character, than the width it was laid out at."""
    for line in render_paragraph(text, width).lines:
        assert cell_len(line.text) == cells_apart(line.text) <= width, line.text


def test_a_joiner_between_arabic_letters_is_kept() -> None:
    assert sanitize("ه\u200dـ") == "ه\u200dـ"


@pytest.mark.parametrize(
    ("env", "whole"),
    [
        ({"TERM": "xterm-kitty"}, True),
        ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"}, True),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, True),
        ({"TERM": "foot"}, True),
        ({"TERM": "xterm-ghostty"}, True),
        ({"TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0"}, False),
        ({"TERM": "tmux-256color"}, False),
        ({"TERM": "screen", "TERM_PROGRAM": "WezTerm"}, False),
        ({"TERM": "xterm-256color"}, False),
        ({"TERM": "xterm-256color", "VTE_VERSION": "7600"}, False),
        ({}, False),
    ],
)
def test_the_terminals_that_draw_emoji_sequences_whole(env: dict[str, str], whole: bool) -> None:
    assert draws_emoji_whole(env) is whole


@pytest.mark.parametrize(
    ("setting", "env", "whole"),
    [
        ("auto", {"TERM": "xterm-kitty"}, True),
        ("auto", {"TMUX": "x", "TERM": "tmux-256color"}, False),
        ("whole", {"TMUX": "x"}, True),
        ("single", {"TERM": "xterm-kitty"}, False),
    ],
)
def test_the_setting_and_the_terminal_choose(setting: str, env: dict[str, str], whole: bool) -> None:
    assert use_emoji(setting, env) is whole
    assert (sanitize("\U0001f44d\U0001f3fd") == "\U0001f44d\U0001f3fd") is whole


def test_the_setting_is_read_from_the_config_file(tmp_path) -> None:
    config = tmp_path / "config.toml"
    assert emoji_setting(config) == "auto"  # no file
    config.write_text('emoji = "whole"\n', encoding="utf-8")
    assert emoji_setting(config) == "whole"
    config.write_text('emoji = "rainbow"\n', encoding="utf-8")  # the reader names it; here: the default
    assert emoji_setting(config) == "auto"
    config.write_text("emoji = \n", encoding="utf-8")
    assert emoji_setting(config) == "auto"
