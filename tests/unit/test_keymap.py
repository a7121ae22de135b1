"""``[keys]`` remaps keep their Arabic-layout twins, refuse clashing keys and bad key names."""

from __future__ import annotations

import pytest

from tui.ui.config import load_config
from tui.ui.keymap import is_key


def _load(tmp_path, keys: str):
    path = tmp_path / "config.toml"
    path.write_text("[keys]\n" + keys, encoding="utf-8")
    config, problems = load_config(path)
    return path, config, problems


def test_a_remapped_letter_keeps_its_arabic_twin(tmp_path):
    _path, config, problems = _load(tmp_path, 'cursor_up = "k,up"\ncursor_down = "z,down"\n')
    assert problems == []
    assert config.keys["cursor_up"].split(",") == ["k", "\u0646", "up"]  # ن is on the k key
    assert config.keys["cursor_down"].split(",") == ["z", "\u0626", "down"]  # ئ is on the z key


def test_a_clashing_key_is_refused_with_a_warning(tmp_path):
    path, config, problems = _load(tmp_path, 'cursor_up = "k,up,ctrl+p"\nfind = "slash,j"\n')
    assert config.keys["cursor_up"].split(",") == ["k", "\u0646", "up"]
    assert config.keys["find"].split(",") == ["slash", "\u0638"]
    assert any(str(path) in p and "cursor_up" in p and "ctrl+p" in p and "palette" in p for p in problems)
    assert any(str(path) in p and "find" in p and " j " in p and "cursor_down" in p for p in problems)


def test_a_key_two_remaps_ask_for_is_refused_once(tmp_path):
    path, config, problems = _load(tmp_path, 'cursor_down = "j,down,ctrl+n"\nhelp = "j"\n')
    assert problems == [f"{path}: [keys] j is given to both cursor_down and help; neither takes it"]
    assert config.keys["cursor_down"].split(",") == ["down", "ctrl+n"]
    assert "help" not in config.keys


def test_a_binding_whose_remap_is_refused_keeps_its_keys_from_other_remaps(tmp_path):
    """quit asked for x (toggle_story's) and was refused it, so it keeps q; cursor_down asking for q
    took it all the same, and nothing quit the reader."""
    path, config, problems = _load(tmp_path, 'cursor_down = "j,down,q"\nquit = "x"\n')
    assert problems == [
        f"{path}: [keys] cursor_down: q is already the key of quit; not taken",
        f"{path}: [keys] quit: x is already the key of toggle_story; not taken",
    ]
    assert config.keys["cursor_down"].split(",") == ["j", "\u062a", "down"]
    assert "quit" not in config.keys  # its own keys: q and its Arabic twin


def test_ctrl_q_for_quit_is_no_problem(tmp_path):
    _path, config, problems = _load(tmp_path, 'quit = "q,ctrl+q"\n')
    assert problems == []
    assert config.keys["quit"].split(",") == ["q", "ض", "ctrl+q"]  # ctrl+q quits already (Textual's own key)
    _path, config, problems = _load(tmp_path, 'quit = "ctrl+q"\n')
    assert (problems, config.keys["quit"]) == ([], "ctrl+q")  # q freed


def test_a_reserved_key_for_another_binding_is_refused_as_reserved(tmp_path):
    path, config, problems = _load(tmp_path, 'quit = "q,ctrl+q"\ntoggle_bookmark = "asterisk,ctrl+q"\n')
    assert problems == [f"{path}: [keys] toggle_bookmark: ctrl+q is already the key of quit; not taken"]
    assert config.keys["toggle_bookmark"] == "asterisk"


def test_a_bad_key_keeps_the_default(tmp_path):
    path, config, problems = _load(tmp_path, 'quit = "notakey+++"\n')
    assert "quit" not in config.keys
    assert len(problems) == 1 and str(path) in problems[0] and "quit" in problems[0] and "notakey+++" in problems[0]


@pytest.mark.parametrize("key", ["j", "G", "ctrl+n", "pagedown", "slash", "question_mark", "space", "f5", "ت"])
def test_key_names_textual_reports(key):
    assert is_key(key)


@pytest.mark.parametrize(
    "key", ["notakey+++", "notakey", "ctrl+", "hyperdrive+x", "+", "", "\x1b", "ctrl+\x1b", "\x9b", "\u202e", "a\u200f"]
)
def test_not_key_names(key):
    assert not is_key(key)


def test_a_control_character_as_a_key_keeps_the_default_and_is_named_safely(tmp_path):
    """The footer and the help screen would have written it to the terminal as it is."""
    _path, config, problems = _load(tmp_path, 'quit = "ctrl+\\u001b"\nfind = "slash,\\u009b"\n')
    assert "quit" not in config.keys and "find" not in config.keys
    assert len(problems) == 2 and not any(set("\x1b\x9b") & set(p) for p in problems)


def test_a_key_name_in_capitals_is_named_in_lower_case(tmp_path):
    path, config, problems = _load(tmp_path, 'fetch_feeds = "F3,Home,G"\n')
    assert problems == [
        f"{path}: [keys] fetch_feeds: 'F3', 'Home' is not a key (key names are written in lower case: 'f3', 'home');"
        " keeping r, ق"
    ]
