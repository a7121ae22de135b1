"""A command's messages on a terminal: Arabic names shaped and in visual order, checked against GNU
FriBidi; into a pipe, the logical line."""

from __future__ import annotations

import pytest

from tests.unit.fribidi_oracle import FRIBIDI, SKIP_REASON, fribidi_lines, fribidi_paragraph_lines, fribidi_rtl
from tui.text.layout import render_paragraph
from tui.text.messages import has_rtl, terminal_message

MESSAGES = [
    "failed: /srv/news/فارغ.txt: empty file",
    "brief: no brief with id 'لا يوجد' in /tmp/store.db; see 'brief list'",
    "failed: https://example.org/feed.xml (أخبار الصباح): HTTP 404",
    "removed 2 briefs: وقف إطلاق النار (2024) في إدلب",
    "عاجل: the feed answered 503, retry after 2 minutes",
    "failed: /srv/news/עברית.txt: not UTF-8",
]


@pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)
def test_messages_on_a_terminal_read_as_fribidi_orders_them() -> None:
    directions = fribidi_rtl(MESSAGES)
    for message, rtl in zip(MESSAGES, directions):
        assert terminal_message(message, 200) == fribidi_lines([message], rtl)[0], message


@pytest.mark.skipif(FRIBIDI is None, reason=SKIP_REASON)
def test_a_long_message_is_wrapped_before_it_is_ordered() -> None:
    message = "failed: /srv/news/" + " ".join(["وقف إطلاق النار في إدلب"] * 6) + ".txt: empty file"
    lines = terminal_message(message, 40).split("\n")
    assert len(lines) > 2
    assert all(len(line) <= 40 for line in lines)
    # broken where brief breaks the paragraph, each line as FriBidi orders it (levels of the whole)
    expected = fribidi_paragraph_lines([render_paragraph(message, 40)], False)[0]
    assert lines == [line.rstrip() for line in expected]


def test_into_a_pipe_a_message_stays_logical_and_safe() -> None:
    message = "failed: /srv/\u202eفارغ\x1b[31m.txt: empty file"
    shown = terminal_message(message, 80, shaped=False)
    assert "فارغ" in shown  # logical letters, unshaped: grep finds them
    assert "\x1b" not in shown and "\u202e" not in shown


def test_a_message_without_right_to_left_text_is_left_alone() -> None:
    message = "fetched 3 feeds, failed 0, new 12, updated 0 " + "x" * 300
    assert terminal_message(message, 40) == message  # the terminal wraps plain text itself
    assert not has_rtl(message)
    assert has_rtl("a ש b") and has_rtl("ﻓ")


def test_controls_in_a_name_never_reach_the_terminal_shaped() -> None:
    shown = terminal_message("failed: /srv/أخبار\x1b]52;c;AAAA\x07\u2067.txt", 80)
    assert "\x1b" not in shown and "\x07" not in shown and "\u2067" not in shown
