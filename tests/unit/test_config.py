"""The reader's TOML config: good values, bad values (a message each, then defaults), keys."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tui.ui.config import Config, load_config, parse_list_width
from tui.ui.keys import ACTIONS, ACTIONS_BY_ID, bindings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path):
    assert load_config(tmp_path / "nope.toml") == (Config(), [])


def test_good_file(tmp_path):
    path = write(
        tmp_path,
        'theme = "nord"\nbidi = "terminal"\nlist_width = 36\nemoji = "single"\n[keys]\ncursor_down = "z, down"\n',
    )
    config, problems = load_config(path)
    assert problems == []
    assert config == Config(
        theme="nord",
        bidi="terminal",
        list_width="36",
        emoji="single",
        keys={"cursor_down": "z,\u0626,down"},
        path=path,
    )


def test_percent_width(tmp_path):
    config, problems = load_config(write(tmp_path, 'list_width = "35 %"\n'))
    assert (config.list_width, problems) == ("35%", [])


def test_bad_toml_names_the_file_and_keeps_defaults(tmp_path):
    path = write(tmp_path, "theme = \n")
    config, problems = load_config(path)
    assert replace(config, path=None) == Config()
    assert len(problems) == 1 and str(path) in problems[0] and "TOML" in problems[0]


def test_each_bad_value_is_named_and_defaulted(tmp_path):
    path = write(tmp_path, 'bidi = "sideways"\nlist_width = "wide"\ntheme = 4\ncolour = "red"\nemoji = "color"\n')
    config, problems = load_config(path)
    assert replace(config, path=None) == Config()
    for key in ("bidi", "list_width", "theme", "colour", "emoji"):
        assert any(str(path) in p and key in p for p in problems), key


def test_unknown_key_action_is_ignored_others_kept(tmp_path):
    path = write(tmp_path, '[keys]\nfly = "f"\nquit = "z"\nhelp = ""\n')
    config, problems = load_config(path)
    assert config.keys == {"quit": "z,\u0626"}
    assert any("fly" in p for p in problems)
    assert any("help" in p for p in problems)


def test_keys_not_a_table(tmp_path):
    config, problems = load_config(write(tmp_path, 'keys = "j"\n'))
    assert config.keys == {} and any("keys" in p for p in problems)


def test_not_utf8(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff"\n')
    config, problems = load_config(path)
    assert replace(config, path=None) == Config() and str(path) in problems[0]


def test_parse_list_width():
    assert parse_list_width(40) == "40"
    assert parse_list_width("50%") == "50%"
    assert parse_list_width(True) is None
    assert parse_list_width(5) is None
    assert parse_list_width("95%") is None


def test_every_binding_has_an_id_and_description():
    for scope in ("app", "screen"):
        for binding in bindings(scope):
            assert binding.id and binding.description
    assert len(ACTIONS_BY_ID) == len(ACTIONS)


# The Arabic (X11 "ara") layout: the letter on each physical key used by brief.
ARABIC_LAYOUT = {
    "x": "\u0621",  # AB02: Arabic_hamza
    "j": "\u062a",
    "k": "\u0646",
    "g": "\u0644",
    "G": "\ufef7",
    "b": "\ufefb",
    "n": "\u0649",
    "N": "\u0622",
    "s": "\u0633",
    "l": "\u0645",
    "m": "\u0629",
    "r": "\u0642",
    "f": "\u0628",
    "q": "\u0636",
    "y": "\u063a",  # AD06: Arabic_ghain
    "Y": "\u0625",  # AD06 shifted: Arabic_hamzaunderalef
    "o": "\u062e",  # AD09: Arabic_khah
    "e": "\u062b",  # AD03: Arabic_theh
    "d": "\u064a",
    "u": "\u0639",
    "slash": "\u0638",
    "question_mark": "arabic_question_mark",
    "c": "\u0624",
    # Shifted keys of /usr/share/X11/xkb/symbols/ara: <AD07> grave, <AC01> Arabic_kasra, <AC02> Arabic_kasratan.
    "U": "grave_accent",
    "A": "arabic_kasra",
    "S": "arabic_kasratan",
}


def test_arabic_twins_follow_the_layout():
    for spec in ACTIONS:
        latin = [k for k in spec.keys.split(",") if k in ARABIC_LAYOUT]
        expected = [ARABIC_LAYOUT[k] for k in latin]
        assert [k for k in spec.arabic.split(",") if k] == expected, spec.id
