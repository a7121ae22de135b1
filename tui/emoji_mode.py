"""Whether the terminal draws emoji sequences whole: the ``emoji`` setting, and the terminal brief runs in.

An emoji sequence (a skin tone, an emoji presentation selector, emoji joined by ZWJ) is one grapheme
of two cells for Rich, which lays out every line brief draws, and for the terminals that cluster
graphemes (kitty, WezTerm, foot, Ghostty); tmux, xterm, VTE and most others draw its parts apart and
measure them otherwise, so a line holding one came out wider or narrower than laid out. The
``emoji`` setting of the config file chooses: ``"whole"`` (the sequences as they are), ``"single"``
(their parts shown as single emoji, measured alike everywhere: :func:`tui.text.sanitize.sanitize`),
or ``"auto"`` (the default): whole where the terminal answers that it draws them so
(the reader asks it at start-up: :mod:`tui.emoji_probe`); without an answer, and for the commands
that print, whole in a terminal known to cluster graphemes, outside tmux and screen, single elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from tui.config_file import ConfigError, read_config
from tui.text.sanitize import show_emoji_whole

EMOJI_MODES = ("auto", "whole", "single")
"""The values of the ``emoji`` setting."""
SETTING = "emoji"
"""Its key in the config file."""

CLUSTERING_TERMS = frozenset({"xterm-kitty", "foot", "foot-extra", "xterm-ghostty"})
"""``TERM`` of the terminals that draw emoji sequences whole."""
CLUSTERING_PROGRAMS = frozenset({"WezTerm", "ghostty"})
"""``TERM_PROGRAM`` of the terminals that draw emoji sequences whole."""


def draws_emoji_whole(env: Mapping[str, str]) -> bool:
    """Whether the terminal the environment ``env`` names draws emoji sequences whole: kitty,
    WezTerm, foot or Ghostty, and no tmux or screen between it and brief (they measure the parts)."""
    term = env.get("TERM", "")
    if env.get("TMUX") or env.get("STY") or term.startswith(("screen", "tmux")):
        return False
    return term in CLUSTERING_TERMS or "KITTY_WINDOW_ID" in env or env.get("TERM_PROGRAM", "") in CLUSTERING_PROGRAMS


def emoji_setting(config: Path) -> str:
    """The ``emoji`` setting of the config file; ``"auto"`` when it sets none, or none that can be
    used (the reader names the problem: :func:`tui.ui.config.load_config`)."""
    try:
        data = read_config(config)
    except ConfigError:
        return "auto"
    value = (data or {}).get(SETTING, "auto")
    return value if value in EMOJI_MODES else "auto"


def use_emoji(mode: str, env: Mapping[str, str] | None = None, measured: bool | None = None) -> bool:
    """Show emoji sequences whole or as single emoji from now on, as ``mode`` (:data:`EMOJI_MODES`)
    says; True when whole. For ``"auto"``, what the terminal was measured to do (``measured``: the
    reader asks it, :mod:`tui.emoji_probe`), else what the terminal that ``env`` names does (the
    process's environment by default)."""
    if mode == "auto" and measured is not None:
        whole = measured
    else:
        whole = mode == "whole" or (mode == "auto" and draws_emoji_whole(os.environ if env is None else env))
    show_emoji_whole(whole)
    return whole
