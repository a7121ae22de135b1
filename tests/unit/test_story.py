"""Story sketches (:mod:`tui.text.story`): what is the same story after folding and stemming, and what is not."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tui.importers.load import load_file
from tui.store.index import article_columns, index_columns
from tui.text import story
from tui.text.stem import light10

ARTICLES = Path(__file__).resolve().parents[2] / "articles"


def body_stems(text: str) -> str:
    return index_columns("", text, light10)[3]


def sample_sketch(name: str) -> tuple[int, ...]:
    return story.sketch(article_columns(load_file(ARTICLES / f"{name}.txt"), light10)[3])


def test_harakat_and_hamza_spellings_give_the_same_sketch() -> None:
    plain = (
        "أعلنت الدول الضامنة لمحادثات أستانة أنها بحثت الوضع في محافظة إدلب وأعربت عن قلقها من زيادة سيطرة"
        " الهيئة في تلك المنطقة. واتفقت الدول الضامنة على اتخاذ تدابير معينة لخفض عدد انتهاكات وقف إطلاق"
        " النار في منطقة خفض التصعيد، ورحبت بالخطوات المتخذة في المحافظة بما في ذلك الدوريات المشتركة"
        " بين تركيا وروسيا منذ شهر حزيران الماضي. وتشكل محافظة إدلب مع ريف حماة الشمالي وريف حلب الغربي"
        " وجزء صغير من ريف اللاذقية الشمالي منطقة خفض التصعيد، وذلك بموجب اتفاق أبرمته تركيا وروسيا وإيران"
        " في أيلول 2017 في العاصمة الكازاخية نور سلطان."
    )
    # Spelled as outlets do, by plain replacements (not brief's folding): hamza dropped from alef,
    # alef maksura as yeh, final taa marbuta as heh; and a fatha after every other letter.
    respelled = plain
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة ", "ه "), ("ة.", "ه."), ("ة،", "ه،")):
        respelled = respelled.replace(a, b)
    marked = "".join(ch + ("\u064e" if i % 2 and "\u0621" <= ch <= "\u064a" else "") for i, ch in enumerate(plain))
    assert respelled != plain and marked != plain
    a = story.sketch(body_stems(plain))
    assert a and story.sketch(body_stems(marked)) == a and story.sketch(body_stems(respelled)) == a
    assert story.similarity(a, a) == 1.0


def test_the_two_idlib_briefs_are_not_the_same_story() -> None:
    """001 and 002 report the same talks in other words: related, not the same story."""
    a, b = sample_sketch("001_turkey_idlib_first_military_step"), sample_sketch("002_erdogan_idlib_emergency")
    assert 0 < story.similarity(a, b) < story.SAME_STORY


def test_a_copy_with_a_paragraph_dropped_and_a_source_line_is_the_same_story() -> None:
    paragraphs = [b.text for b in load_file(ARTICLES / "001_turkey_idlib_first_military_step.txt").blocks]
    copy = paragraphs[:2] + paragraphs[3:] + ["المصدر: وكالة الأنباء"]
    a, b = story.sketch(body_stems("\n".join(paragraphs))), story.sketch(body_stems("\n".join(copy)))
    assert story.similarity(a, b) >= story.SAME_STORY


def test_too_little_text_has_no_sketch() -> None:
    assert story.sketch(body_stems("خبر قصير")) == ()
    assert story.similarity((), ()) == 0.0


def test_sketch_is_the_smallest_hashes_of_the_sampled_shingles() -> None:
    words = [f"d{i}" for i in range(200)]  # every word an anchor ("d" is an anchor letter)
    stems = " ".join(words)
    shingles = [" ".join(words[i : i + 3]) for i in range(198)]
    assert story.sampled_shingles(stems) == shingles
    import zlib

    expected = sorted({zlib.crc32(s.encode()) for s in shingles})[: story.SKETCH]
    assert story.sketch(stems) == tuple(expected)


@given(st.lists(st.text(alphabet=st.sampled_from(list("عحشبتالcdeab19_")), min_size=1, max_size=4), max_size=40))
def test_sampled_shingles_are_the_runs_of_three_words_from_each_anchor(words: list[str]) -> None:
    # Written out word by word: every run of three words whose first begins with an anchor letter.
    expected = [" ".join(words[i : i + 3]) for i in range(len(words) - 2) if words[i][0] in story.ANCHOR_LETTERS]
    assert story.sampled_shingles(" ".join(words)) == expected


def test_words_that_are_no_anchor_start_no_shingle() -> None:
    # "cat" and "mat" start with anchor letters; "mat" has no two words after it.
    assert story.sampled_shingles("the big cat sat on a mat") == ["cat sat on"]


@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), max_size=80, unique=True))
def test_pack_round_trip(values: list[int]) -> None:
    signature = tuple(sorted(values))
    assert story.unpack(story.pack(signature)) == signature


def test_similarity_estimates_jaccard() -> None:
    """Two sets sharing half their union: the estimate from sketches is near 1/2."""
    rng = random.Random(7)
    shared = [f"d{rng.random()}" for _ in range(3000)]
    a = " ".join(shared + [f"d{rng.random()}" for _ in range(1500)])
    b = " ".join(shared + [f"d{rng.random()}" for _ in range(1500)])
    words_a, words_b = a.split(), b.split()
    set_a = {" ".join(words_a[i : i + 3]) for i in range(len(words_a) - 2)}
    set_b = {" ".join(words_b[i : i + 3]) for i in range(len(words_b) - 2)}
    exact = len(set_a & set_b) / len(set_a | set_b)
    estimate = story.similarity(story.sketch(a), story.sketch(b))
    assert abs(estimate - exact) < 0.2, (estimate, exact)


@given(st.lists(st.sampled_from(["d1", "قال", "عن", "x", "9", "حرب", "the", "ظل", "a", "c"]), max_size=40))
def test_sampled_shingles_are_every_run_of_three_words_from_an_anchor(words: list[str]) -> None:
    """The regular expression against the definition: each word whose first letter is an anchor
    letter, with the two words after it."""
    expected = [" ".join(words[i : i + 3]) for i in range(len(words) - 2) if words[i][0] in story.ANCHOR_LETTERS]
    assert story.sampled_shingles(" ".join(words)) == expected


sketches = st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=story.SKETCH, unique=True).map(
    lambda hashes: tuple(sorted(hashes))
)


@given(sketches, sketches, st.integers(0, story.SKETCH))
def test_masks_never_bound_the_shared_hashes_below_their_count(a: tuple[int, ...], b: tuple[int, ...], n: int) -> None:
    # b shares n of a's hashes (as many as a has): the bound holds whatever a and b share
    b = tuple(sorted(set(b) | set(a[:n])))
    bits_a = story.mask_bits(story.mask(a), len(a))
    bits_b = story.mask_bits(story.mask(b), len(b))
    assert story.shared_bound(bits_a, bits_b) >= len(set(a) & set(b))
    assert story.shared_bound(bits_a, bits_a) >= len(a)
    # what the masks rule out is never the same story
    assert story.may_be_same_story(bits_a, bits_b) or not story.same_story(a, b)


def test_a_mask_sets_one_bit_for_each_hash_modulo_its_size() -> None:
    size = story.MASK_BITS
    hashes = (3, 5, size + 3, 2 * size - 1)  # 3 and size + 3 share bit 3
    bits, lost, count = story.mask_bits(story.mask(hashes), len(hashes))
    assert bits == (1 << 3) | (1 << 5) | (1 << (size - 1))
    assert (lost, count) == (1, 4)
    assert len(story.mask(hashes)) == story.MASK_BITS // 8


def test_masks_rule_out_briefs_of_other_stories() -> None:
    first = sample_sketch("001_turkey_idlib_first_military_step")  # two stories of one topic
    second = sample_sketch("002_erdogan_idlib_emergency")
    shared = len(set(first) & set(second))
    bound = story.shared_bound(
        story.mask_bits(story.mask(first), len(first)), story.mask_bits(story.mask(second), len(second))
    )
    assert shared <= bound < story.SAME_STORY * min(len(first), len(second))
    assert not story.may_be_same_story(
        story.mask_bits(story.mask(first), len(first)), story.mask_bits(story.mask(second), len(second))
    )


@given(
    st.lists(
        st.text(alphabet=st.sampled_from([*story.ANCHOR_LETTERS, *"بتالeab_ـةى", "\u00e9", "\U0001f600"]), min_size=1),
        max_size=120,
    )
)
def test_the_sketch_of_the_utf8_is_the_sketch_of_the_text(words: list[str]) -> None:
    # Every anchor letter, other Arabic and Latin letters, two- and four-byte characters.
    stems = " ".join(words)
    assert story.sketch(stems.encode()) == story.sketch(stems)


def test_the_sketch_of_a_brief_is_made_from_its_utf8_stems_alike() -> None:
    sketched = 0
    for path in sorted(ARTICLES.glob("*.txt")):
        stems = article_columns(load_file(path), light10)[3]
        assert story.sketch(stems.encode()) == story.sketch(stems)
        sketched += bool(story.sketch(stems))
    assert sketched >= 3


def test_one_liners_that_share_a_template_are_not_one_story() -> None:
    """A developer's portfolio feed: one line each, different products, the same wording. They
    share most of their few shingles (0.5 estimated), but there is too little text to tell by
    shingles: each has an exact sketch, which only the same words share."""
    lines = [
        "An 12-section landing page created for the purpose of selling the Natural product.",
        "An 4-section landing page created for the purpose of selling the Natural product.",
        "An 8-section landing page created for the purpose of selling the Natural products.",
        "An 8-section landing page created for the purpose of the exercise",
    ]
    sketches = [story.sketch(body_stems(line)) for line in lines]
    assert sketches == [story.exact_sketch(body_stems(line)) for line in lines]
    assert all(len(s) == story.MIN_SHINGLES for s in sketches)
    assert not [(a, b) for a in sketches for b in sketches if a is not b and set(a) & set(b)]
    assert story.same_story(sketches[0], story.sketch(body_stems(lines[0])))  # the same line again
    # A sketch made when fewer shingles were enough, as an older store holds it, groups nothing either.
    short = tuple(range(1, story.MIN_SHINGLES))
    assert not story.same_story(short, short)
    long_enough = tuple(range(1, story.MIN_SHINGLES + 1))
    assert story.same_story(long_enough, long_enough)


TEASER_JERASH = (
    "صف من الأعمدة الحجرية في الساحة البيضاوية بمدينة جرش شمال البلاد.\n"
    "أدى موقع الأردن في الشرق الأدنى إلى تعريض البلاد إلى عشرات الحضارات عبر التاريخ. خلال ثلاثة آلاف سنة"
    " شهدت هذه المنطقة قدوم الإمبراطوريات الفارسية واليونانية والرومانية والعثمانية، على سبيل المثال لا"
    " الحصر، التي لا يزال تراثها ظاهرا حتى اليوم."
)
TEASER_AMMAN = (
    "أطلال معبد هرقل الروماني فوق جبل القلعة في عمان.\n"
    "تعرض الأردن بسبب موقعه في الشرق الأدنى إلى عشرات الحضارات عبر التاريخ. فخلال ثلاثة آلاف سنة وقعت"
    " المنطقة تحت حكم الإمبراطورية الفارسية واليونانية والنبطية والعربية والعثمانية، ولا يزال تراث هذه"
    " الحضارات ظاهرا حتى اليوم."
)


def test_two_teasers_opening_with_one_stock_sentence_are_not_one_story() -> None:
    """A photo blog's feed of fifty-word teasers: two posts on different places, each opening with
    its own wording of the same sentence. Their sketches hold every sampled shingle, so the
    similarity is the share of shingles they have in common, counted from the shingles themselves
    here; the bottom 10 hashes of the union (the estimate for long briefs) put it over the bar."""
    shingles = [set(story.sampled_shingles(body_stems(text))) for text in (TEASER_JERASH, TEASER_AMMAN)]
    exact = len(shingles[0] & shingles[1]) / len(shingles[0] | shingles[1])
    assert 0 < exact < story.SAME_STORY
    a, b = (story.sketch(body_stems(text)) for text in (TEASER_JERASH, TEASER_AMMAN))
    assert story.MIN_SHINGLES <= len(a) < story.SKETCH and story.MIN_SHINGLES <= len(b) < story.SKETCH
    assert story.similarity(a, b) == exact
    assert not story.same_story(a, b)
    both = set(a) & set(b)
    k = min(len(a), len(b))
    assert len(both & set(sorted(both | set(a) | set(b))[:k])) / k >= story.SAME_STORY  # what the estimate said


def test_a_short_brief_is_one_story_only_with_the_same_words() -> None:
    """The same short entry from two feeds (or a feed subscribed twice) is one story; a word changed
    in its title or body, or too few words to tell, and it is not."""
    body = body_stems("Football: the local derby ends in a draw after a late goal")
    title = body_stems("Derby ends in a draw")
    same = story.sketch(body, title)
    assert story.same_story(same, story.sketch(body.encode(), title.encode()))  # as an import's workers give it
    assert story.similarity(same, story.sketch(body, title)) == 1.0
    assert not story.same_story(same, story.sketch(body, body_stems("Derby ends in a win")))
    assert not story.same_story(same, story.sketch(body_stems("Football: the local derby ends in a draw"), title))
    assert story.sketch(body_stems("Photo"), body_stems("Live")) == ()  # too few words to tell
    # A title alone says too little: a daily item under the same title is a new brief each day.
    assert story.sketch("", body_stems("مواقيت الصلاة اليوم في مدينة القاهرة الكبرى والجيزة")) == ()
