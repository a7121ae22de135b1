"""Search folding, word splitting and light stemming, against hand-checked expectations."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.text.matching import find_all
from tui.text.normalize import normalize_for_search, normalize_with_map, search_key, search_keys, word_spans
from tui.text.stem import get_stemmer, light10, no_stem, snowball, strip_prefix

# -- folding: one test per variant class ----------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("أستانة", "استانه"),  # hamza above, taa marbuta
        ("إدلب", "ادلب"),  # hamza below
        ("آلة", "اله"),  # madda
        ("ٱلعلم", "العلم"),  # alef wasla
        ("\u0627\u0654\u0633\u062a\u0627\u0646\u0629", "استانه"),  # decomposed hamza above (NFC)
    ],
)
def test_hamza_forms_fold_to_bare_alef(written: str, key: str) -> None:
    assert search_key(written) == key


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (("مسؤول", "مسئول", "مسءول"), "مسءول"),  # Levantine and Gulf, Egyptian, bare: one word
        (("شؤون", "شئون"), "شءون"),
        (("رئيس", "رءيس"), "رءيس"),
        (("\u0648\u0654", "\u064a\u0654"), "\u0621"),  # decomposed hamza above waw and yeh (NFC)
    ],
)
def test_a_hamza_on_waw_or_yeh_folds_to_the_hamza(variants: tuple[str, ...], key: str) -> None:
    """The seat of a hamza is spelling, which differs from country to country: the word is the same."""
    assert [search_key(v) for v in variants] == [key] * len(variants)


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (("القارئ", "القارىء", "القاريء"), "القارء"),  # a hamza after yeh or alef maksura: the hamza on its seat
        (("شيء", "شئ", "شَيْءٌ"), "شء"),
        (("بيئة", "بيئه"), "بءه"),
        (("كورونا", "کورونا"), "كورونا"),  # Persian kaf
        (("فيروس", "فیروس"), "فيروس"),  # Persian yeh
        (("هرمنا", "ہرمنا", "ھرمنا"), "هرمنا"),  # Urdu heh goal, heh doachashmee
        (("ايران", "ایران", "إيران"), "ايران"),
    ],
)
def test_persian_letters_and_a_hamza_after_yeh_fold_with_the_arabic_spelling(
    variants: tuple[str, ...], key: str
) -> None:
    assert {search_key(v) for v in variants} == {key}


def test_find_sees_a_hamza_after_alef_maksura_and_persian_letters() -> None:
    text = "قال القارىء إن کتاب الطب يشرح كل شيء"
    assert [text[s:e] for s, e in find_all(text, "القارئ")] == ["القارىء"]
    assert [text[s:e] for s, e in find_all(text, "كتاب")] == ["کتاب"]
    assert [text[s:e] for s, e in find_all(text, "شئ")] == ["شيء"]


def test_a_hamza_seat_is_found_by_find_in_the_text_as_written() -> None:
    """Find (the reader's /) folds the same way, and lights the word as it is written."""
    text = "قال المسئول إن الشؤون"
    assert [text[s:e] for s, e in find_all(text, "المسؤول")] == ["المسئول"]
    assert [text[s:e] for s, e in find_all(text, "الشئون")] == ["الشؤون"]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Café", "cafe"),
        ("naïve", "naive"),
        ("Größe", "grosse"),  # ö, and ß case-folded
        ("İstanbul", "istanbul"),
        ("Ångström", "angstrom"),
        ("cafe\u0301", "cafe"),  # decomposed: the mark is dropped as before
        ("ＡＢＣ１２", "abc12"),  # fullwidth
        ("Øresund", "øresund"),  # a letter of its own, not a letter with a mark: kept
    ],
)
def test_latin_diacritics_and_fullwidth_forms_fold_away(written: str, key: str) -> None:
    assert search_key(written) == key


def test_alef_maksura_folds_to_yeh() -> None:
    assert search_key("موسى") == "موسي"
    assert search_key("أخرى") == "اخري"


def test_taa_marbuta_folds_to_heh() -> None:
    assert search_key("مكتبة") == "مكتبه"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("الْعِلْمُ", "العلم"),
        ("وَالْقَلَمُ", "والقلم"),
        ("مَشْكُولًا", "مشكولا"),  # tanween
        ("الشِّدَّةِ", "الشده"),  # shadda
        ("هٰذا", "هذا"),  # superscript alef U+0670
    ],
)
def test_harakat_are_removed(written: str, key: str) -> None:
    assert search_key(written) == key


def test_tatweel_is_removed() -> None:
    assert search_key("إدلـــب") == "ادلب"
    assert search_key("الـ") == "ال"


def test_latin_case_is_folded() -> None:
    assert search_key("PyThOn") == "python"
    assert search_key("Straße") == "strasse"


def test_arabic_indic_digits_become_ascii() -> None:
    assert search_key("٢٠١٩") == "2019"
    assert search_key("۱۴۰۲") == "1402"  # extended (Persian) digits


def test_existing_normalize_for_search_is_unchanged() -> None:
    assert normalize_for_search("أعلنتِ الدولُ، إدلـب ٢٠١٩ ABC") == "اعلنت الدول، ادلب 2019 abc"
    assert find_all("الْعِلْمُ نُورٌ", "العلم") == [(0, 9)]


# -- words and their logical spans ------------------------------------------------------------


def test_word_spans_cover_the_written_word_with_its_harakat() -> None:
    text = "قال: «وَالْقَلَمُ»."
    spans = word_spans(text)
    assert [k for k, _, _ in spans] == ["قال", "والقلم"]
    _, start, end = spans[1]
    assert text[start:end] == "وَالْقَلَمُ"


def test_punctuation_and_bidi_marks_separate_words() -> None:
    assert search_keys("covid-19، title:x") == ["covid", "19", "title", "x"]
    assert search_keys("abc\u200fdef") == ["abc", "def"]
    assert search_keys("a_b") == ["a", "b"]  # FTS5's unicode61 splits at "_" too


def test_harakat_do_not_split_a_word() -> None:
    # FTS5 unicode61 would make three tokens of this; brief keeps one.
    assert search_keys("كَتَبَ") == ["كتب"]


ARABIC_AND_LATIN = st.text(
    alphabet=st.sampled_from(
        list("ابتةثجحخدذرسشصطعغفقكلمنهويىأإآءـ")
        + list("\u064b\u064e\u064f\u0650\u0651\u0652")
        + list('abcXYZ019٣ .,:«»"*-_\u200f\n')
    ),
    max_size=60,
)


@given(st.text(max_size=80))
def test_keys_and_spans_agree(text: str) -> None:
    text = unicodedata.normalize("NFC", text)  # see the test below
    spans = word_spans(text)
    assert [k for k, _, _ in spans] == search_keys(text)
    last_end = 0
    for key, start, end in spans:
        assert last_end <= start < end <= len(text)
        assert search_key(text[start:end]) == key
        last_end = end


TRICKY = st.text(
    alphabet=st.sampled_from(
        list("اأةىكتب\u064e\u0651\u0653\u0670\u06d6\u0640\u200c\u200d\u200f\u202e")
        + list("aİßŉ\u0301\u0345\u0e01\u0e31\u093c\u0915e\u0308_-٣۴ ")
    ),
    max_size=40,
)


@given(TRICKY)
def test_keys_of_whole_text_equal_keys_word_by_word(text: str) -> None:
    # search_keys folds the whole text at once; search_key folds one word found in the original.
    # Only NFC text: normalising may reorder marks of different classes across a word boundary.
    text = unicodedata.normalize("NFC", text)
    assert search_keys(text) == [k for k, _, _ in word_spans(text)]


DECOMPOSED = st.text(
    alphabet=st.sampled_from(
        list("ابوىيةءئکیہeEaoﺇﺩﻟﺐ ") + list("\u0653\u0654\u0655\u064e\u0651\u0670\u0640\u200d\u0301\u0308\u0327")
    ),
    max_size=40,
)


@given(DECOMPOSED)
def test_the_map_folds_as_the_whole_text_is_folded(text: str) -> None:
    # Find-in-brief folds with a map back to the text; a letter and its marks must fold together,
    # as they do when the whole text is folded (NFC composes them first).
    folded, mapping = normalize_with_map(text)
    assert folded == normalize_for_search(text)
    assert len(mapping) == len(folded) + 1 and mapping[-1] == len(text)
    assert mapping == sorted(mapping) and all(0 <= i < len(text) for i in mapping[:-1])


@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("قال \u0627\u0654\u062d\u0645\u062f أمس", "احمد", "\u0627\u0654\u062d\u0645\u062f"),  # hamza as a mark
        ("قال \u0627\u0654\u062d\u0645\u062f أمس", "أحمد", "\u0627\u0654\u062d\u0645\u062f"),
        ("المسو\u0654ول عن", "مسئول", "مسو\u0654ول"),  # hamza on waw, as a mark
        ("un cafe\u0301 noir", "café", "cafe\u0301"),  # the mark after the last letter is the match's
        ("un cafe\u0301 noir", "cafe", "cafe\u0301"),
    ],
)
def test_find_sees_letters_written_with_combining_marks(text: str, query: str, found: str) -> None:
    assert [text[s:e] for s, e in find_all(text, query)] == [found]


@given(ARABIC_AND_LATIN)
def test_keys_are_stable_when_folded_again(text: str) -> None:
    for key in search_keys(text):
        assert search_keys(key) == [key]


# -- light10: Lucene's ArabicStemmer, outputs checked by hand against its rules ---------------


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("والمكتبات", "مكتب"),  # وال, then ات
        ("بالبيت", "بيت"),  # بال
        ("كالعادة", "عاد"),  # كال, then ه (from ة) leaving 3 letters
        ("فالغيوم", "غيوم"),  # فال
        ("للتراث", "تراث"),  # لل
        ("الكتاب", "كتاب"),  # ال
        ("وكتب", "كتب"),  # و: a four-letter word leaves three
        ("ولد", "ولد"),  # و: a three-letter word keeps it
        ("المعلمون", "معلم"),  # ون
        ("المعلمين", "معلم"),  # ين
        ("كتابان", "كتاب"),  # ان
        ("العربية", "عرب"),  # ية (folded to يه)
        ("بيتها", "بيت"),  # ها
        ("معلوماتها", "معلوم"),  # ها then ات: suffixes in turn
        ("بيتي", "بيت"),  # ي
        ("بنات", "بن"),  # ات may leave exactly two letters
        ("ذات", "ذات"),  # ... but not one
        ("الم", "الم"),  # ال needs two letters left
        ("إلى", "ال"),  # folded الي: no prefix (too short), then ي
        ("والقلم", "قلم"),  # وال before و
    ],
)
def test_light10_on_hand_checked_words(word: str, stem: str) -> None:
    assert light10(search_key(word)) == stem


def test_light10_removes_one_prefix_only() -> None:
    # وال is removed, the ال left behind by a second article is not (Lucene strips one prefix).
    assert light10("والالعاب") == "العاب"


def test_strip_prefix_leaves_suffixes() -> None:
    assert strip_prefix("المكتبات") == "مكتبات"
    assert strip_prefix("مكت") == "مكت"


def test_stemmers_leave_latin_and_numbers_alone() -> None:
    for stem in (light10, snowball, no_stem):
        assert stem("python") == "python"
        assert stem("2019") == "2019"


def test_snowball_is_available_and_stems_arabic() -> None:
    assert snowball("بالبيت") == "بيت"
    assert snowball("الدول") == "دول"


def test_unknown_stemmer_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown stemmer"):
        get_stemmer("porter")


ARTICLES = Path(__file__).resolve().parents[2] / "articles"


def _article_lines() -> list[str]:
    """Every body line of the sample briefs (front matter aside)."""
    lines = []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[-1] if text.startswith("---") else text
        lines += [line.strip() for line in body.splitlines() if line.strip()]
    return lines


def test_lines_copied_from_the_screen_read_in_logical_order() -> None:
    """What a terminal copies from brief's screen is each line as drawn: presentation forms, in
    visual order (the renderer is checked against GNU FriBidi). Read back, an Arabic line (numbers,
    brackets and punctuation in it) has the keys of the line as written, in order; a line with Latin
    words in it has them too, but for a word of both scripts (وJava), in an order that may differ."""
    from collections import Counter

    from tui.text.layout import render_line
    from tui.text.normalize import screen_to_logical

    lines = _article_lines()
    arabic = [line for line in lines if "\u0600" <= max(line) and not any("a" <= ch.lower() <= "z" for ch in line)]
    mixed = [
        line
        for line in lines
        if any("a" <= ch.lower() <= "z" for ch in line) and any("\u0621" <= ch <= "\u064a" for ch in line)
    ]
    assert len(arabic) > 50 and len(mixed) > 5  # the test means something
    for line in arabic:
        assert search_keys(screen_to_logical(render_line(line, 5000).text)) == search_keys(line), line
    for line in mixed:
        back = Counter(search_keys(screen_to_logical(render_line(line, 5000).text)))
        written = Counter(search_keys(line))
        assert all(any("a" <= ch <= "z" for ch in key) for key in (back - written) + (written - back)), line


@pytest.mark.parametrize("name", ["001_turkey_idlib_first_military_step.txt", "009_harakat_proverbs.txt"])
def test_a_phrase_copied_from_the_screen_is_found_in_the_brief(name: str) -> None:
    """A stretch of a line as brief draws it, pasted into find or search, finds the brief's words
    (it found nothing: the letters were presentation forms, in the order of the screen)."""
    from tui.text.layout import render_line
    from tui.text.query import parse_query

    text = (ARTICLES / name).read_text(encoding="utf-8")
    sentence = text.splitlines()[-1].split("،")[0].strip()[:40].rsplit(" ", 1)[0]
    shown = render_line(sentence, 200).text.strip()
    assert any("\ufb50" <= ch <= "\ufeff" for ch in shown) and shown != sentence
    assert find_all(text, shown) == find_all(text, sentence) != []
    assert parse_query(shown) == parse_query(sentence)


def test_presentation_forms_in_logical_order_stay_in_their_order() -> None:
    """Presentation forms joined as they are read (a web page that stores them so) are not turned
    round: ﺇﺩﻟﺐ is إدلب, and words of lone letters, which say nothing of their order, stay as given."""
    from tui.text.normalize import screen_to_logical

    assert screen_to_logical("\ufe87\ufea9\ufedf\ufe90") == "\ufe87\ufea9\ufedf\ufe90"
    assert screen_to_logical("\ufeed \ufe8d") == "\ufeed \ufe8d"
    assert screen_to_logical("plain text, 12 (a)") == "plain text, 12 (a)"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("\ufe87\ufea9\ufedf\ufe90", "ادلب"),  # إدلب in its joining forms
        ("\ufefb", "لا"),  # the lam-alef ligature is two letters
        ("\ufdf2", "الله"),  # a word ligature
        ("\ufe8d\ufe70\ufe8d", "اا"),  # an isolated fathatan form is a haraka: dropped
    ],
)
def test_presentation_forms_fold_to_their_letters(written: str, key: str) -> None:
    assert search_key(written) == key


def test_a_ligature_of_several_words_is_not_split() -> None:
    """U+FDFA (a blessing of four words in one character) stays one character: folding never
    makes a space, so the keys of a text are the keys of its words."""
    assert normalize_for_search("\ufdfa") == "\ufdfa"
    assert search_keys("قال \ufdfa") == ["قال", "\ufdfa"]
