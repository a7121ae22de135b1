"""Emoji sequences in tmux: every row of the screen keeps the pane edge where brief drew it.

tmux draws an emoji sequence's parts one by one ("👍🏽" four cells, "❤️" one), where Rich counts the
sequence as two cells; inside tmux brief shows the parts as single emoji, so that both count alike.
The oracle is tmux's own screen: the column of the list pane's edge on every row, counted in cells
from what ``capture-pane`` gives (wide characters two cells, marks and format characters none).
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_tty import Tmux
from tests.unit.terminal_cells import cells_apart

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

EDGE = "\u2595"
"""The list pane's right edge (▕)."""
BRIEF = (
    "Emoji \u2764\ufe0f and \U0001f44d\U0001f3fd in a title\n\n"
    "سطر فيه \U0001f937\U0001f3fb\u200d\u2642\ufe0f وقلب \u2764\ufe0f وإبهام \U0001f44d\U0001f3fd هنا\n\n"
    "عائلة \U0001f468\u200d\U0001f469\u200d\U0001f467 وعلم \U0001f3f3\ufe0f\u200d\U0001f308 في السطر\n"
)


def edges(screen: str) -> set[int]:
    """The columns where the list pane's edge stands, over the rows that show it."""
    return {cells_apart(row[: row.index(EDGE)]) for row in screen.splitlines() if EDGE in row}


@pytest.mark.parametrize(
    ("setting", "disguise"),
    [
        ("", ""),
        ('emoji = "single"\n', ""),
        # tmux under the name of a terminal that draws sequences whole: the reader asks tmux and
        # believes its answer (tui.emoji_probe), not the name
        ("", "env -u TMUX TERM_PROGRAM=WezTerm "),
    ],
)
def test_emoji_rows_keep_the_pane_edge_in_place(tmp_path: Path, setting: str, disguise: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "emoji.txt").write_text(BRIEF, encoding="utf-8")
    (tmp_path / "config.toml").write_text(setting, encoding="utf-8")
    env = {
        "BRIEF_STORE": str(tmp_path / "store.db"),
        "BRIEF_CONFIG": str(tmp_path / "config.toml"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "TERM": "xterm-256color",
    }
    subprocess.run(
        [sys.executable, "-m", "tui", "import", str(tmp_path / "in")], env=env, check=True, capture_output=True
    )
    session = Tmux(f"{disguise}{shlex.quote(sys.executable)} -m tui read emoji", env)
    try:
        session.wait_for("\ufeae\ufec4\ufeb3")  # سطر shaped: the line with the shrug is drawn
        session.wait_for("\ufeae\ufec4\ufeb4\ufedf\ufe8d")  # السطر: and the family's line
        screen = session.screen()
        assert "Emoji" in screen
        assert len(edges(screen)) == 1, screen  # every row's edge in one column
        for row in screen.splitlines():
            assert cells_apart(row) <= 100, row
    finally:
        session.stop()


def test_keys_typed_as_the_reader_starts_reach_it(tmp_path: Path) -> None:
    """The reader asks the terminal a question as it starts (emoji = "auto"); keys sent with the
    command, before it is up, are not taken for the answer: "?" opens the help screen."""
    env = {
        "BRIEF_STORE": str(tmp_path / "store.db"),
        "BRIEF_CONFIG": str(tmp_path / "config.toml"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "TERM": "xterm-256color",
    }
    subprocess.run([sys.executable, "-m", "tui", "list"], env=env, check=True, capture_output=True)  # the store
    session = Tmux(f"{shlex.quote(sys.executable)} -m tui", env)
    try:
        session.keys("?")
        session.wait_for("brief: keys")
    finally:
        session.stop()
