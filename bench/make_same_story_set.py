"""Write the labelled same-story set in ``tests/data/same_story/`` from real briefs.

Each source story (the sample briefs in ``articles/`` and the texts in
``tests/data/same_story/sources/``, see the README there) is written as it is and as seven
republished variants, the edits outlets make when they copy a wire story: title rewritten (with a
source line appended), one paragraph dropped, one paragraph added, sentence order changed, harakat
added (or removed from a text that has them), hamza and final letters spelled otherwise, and all of
those at once. Every file of one story has the same label; files of different stories are
different stories, among them the pairs of ``HARD_NEGATIVES``: same topic, another story.

The output is deterministic (seeded); run ``python bench/make_same_story_set.py`` to write it again.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SET = PROJECT / "tests" / "data" / "same_story"
SEED = 16

HARD_NEGATIVES = [
    ("000_6b818919d795fa73", "001_turkey_idlib_first_military_step"),
    ("000_6b818919d795fa73", "002_erdogan_idlib_emergency"),
    ("001_turkey_idlib_first_military_step", "002_erdogan_idlib_emergency"),
    ("001_turkey_idlib_first_military_step", "cnn_syria_clashes"),
    ("002_erdogan_idlib_emergency", "cnn_syria_clashes"),
    ("003_khwarizmi_numbers", "010_arabic_numerals_europe"),
    ("004_arabic_script_letters", "005_calligraphy_styles"),
    ("004_arabic_script_letters", "011_reading_right_to_left"),
    ("en_river_flood_wall", "en_river_flood_warning"),
]
"""Same topic, different stories: related, never the same story."""

HARAKAT = "\u064e\u064f\u0650\u0652"
_HARAKAT_ANY = re.compile("[\u064b-\u0652\u0670]")
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
_ARABIC = re.compile("[\u0621-\u064a]")


def read_story(path: Path) -> tuple[dict[str, str], list[str]]:
    """Front matter and paragraphs (one a line) of a brief file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    meta: dict[str, str] = {}
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        lines = lines[end + 1 :]
    return meta, [line.strip() for line in lines if line.strip()]


def write_brief(path: Path, meta: dict[str, str], paragraphs: list[str]) -> None:
    """Write a brief file with front matter."""
    head = ["---", *(f"{k}: {v}" for k, v in meta.items()), "---"]
    path.write_text("\n".join(head + paragraphs) + "\n", encoding="utf-8")


def is_arabic(paragraphs: list[str]) -> bool:
    """True when the text is mostly Arabic."""
    text = " ".join(paragraphs)
    return len(_ARABIC.findall(text)) > len(text) / 4


def add_harakat(text: str, rng: random.Random) -> str:
    """Put a haraka after about half of the Arabic letters."""
    out = []
    for ch in text:
        out.append(ch)
        if _ARABIC.match(ch) and rng.random() < 0.5:
            out.append(rng.choice(HARAKAT))
    return "".join(out)


def respell(text: str, arabic: bool) -> str:
    """Hamza on alef dropped, alef maksura as yeh, taa marbuta as heh (Arabic); case changed (English)."""
    if not arabic:
        return text.upper()
    for a, b in (("\u0623", "\u0627"), ("\u0625", "\u0627"), ("\u0622", "\u0627"), ("\u0649", "\u064a")):
        text = text.replace(a, b)
    return re.sub("\u0629(?=\\W|$)", "\u0647", text)


def reorder(paragraphs: list[str]) -> list[str]:
    """Sentences of each paragraph rotated by one, and the paragraphs after the first in reverse."""
    out = []
    for p in paragraphs:
        sentences = _SENTENCE_END.split(p)
        out.append(" ".join(sentences[1:] + sentences[:1]) if len(sentences) > 1 else p)
    return out[:1] + out[1:][::-1]


def variants(
    meta: dict[str, str], paragraphs: list[str], extra: str, rng: random.Random
) -> dict[str, tuple[dict[str, str], list[str]]]:
    """The republished variants of a story: name -> (front matter, paragraphs)."""
    arabic = is_arabic(paragraphs)
    source_line = "المصدر: وكالة الأنباء" if arabic else "Source: the news agency"
    first_words = " ".join(re.sub(r"[^\w\s]", " ", paragraphs[0]).split()[:9])
    new_title = (("عاجل: " if arabic else "Update: ") + first_words)[:90]
    drop = max(1, len(paragraphs) // 2) if len(paragraphs) > 1 else 0
    dropped = paragraphs[:drop] + paragraphs[drop + 1 :]
    has_harakat = len(_HARAKAT_ANY.findall(" ".join(paragraphs))) > 20

    def with_meta(**changes: str) -> dict[str, str]:
        out = {k: v for k, v in meta.items() if k != "tags"}
        out.update(changes)
        return out

    harakat = (
        [_HARAKAT_ANY.sub("", p) for p in paragraphs] if has_harakat else [add_harakat(p, rng) for p in paragraphs]
    )
    return {
        "original": (meta, paragraphs),
        "retitled": (with_meta(title=new_title, source="agency"), [*paragraphs, source_line]),
        "dropped": (with_meta(source="outlet-b"), dropped),
        "added": (with_meta(source="outlet-c"), [*paragraphs[:1], extra, *paragraphs[1:]]),
        "reordered": (with_meta(source="outlet-d"), reorder(paragraphs)),
        "harakat": (with_meta(source="outlet-e"), harakat if arabic else [p.lower() for p in paragraphs]),
        "respelled": (with_meta(source="outlet-f"), [respell(p, arabic) for p in paragraphs]),
        "combined": (
            with_meta(title=new_title, source="outlet-g"),
            [respell(p, arabic) for p in reorder(dropped)] + [source_line],
        ),
    }


def main() -> int:
    """Write ``briefs/`` and ``labels.json``."""
    sources = sorted((PROJECT / "articles").glob("*.txt")) + sorted((SET / "sources").glob("*.txt"))
    stories = {path.stem: read_story(path) for path in sources}
    out = SET / "briefs"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    labels: dict[str, str] = {}
    names = list(stories)
    for i, (name, (meta, paragraphs)) in enumerate(stories.items()):
        rng = random.Random(f"{SEED}-{name}")
        # The added paragraph comes from a story of another kind (the next but five), as background.
        donor = stories[names[(i + 5) % len(names)]][1]
        extra = donor[len(donor) // 2]
        for variant, (vmeta, vparagraphs) in variants(meta, paragraphs, extra, rng).items():
            brief_id = f"{name}__{variant}"
            write_brief(out / f"{brief_id}.txt", vmeta, vparagraphs)
            labels[brief_id] = name
    (SET / "labels.json").write_text(
        json.dumps({"story": labels, "hard_negatives": HARD_NEGATIVES}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"{len(labels)} briefs of {len(stories)} stories in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
