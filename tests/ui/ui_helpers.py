"""Helpers for the reader's UI tests (imported as ``ui_helpers``: tests/ is not a package)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "articles"


def notices(app) -> list[str]:
    """The messages of the notifications the app is showing."""
    return [n.message for n in app._notifications]


def screen_text(app) -> str:
    """Everything on the app's screen as plain text, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
