"""The search query set: queries over the sample briefs (``articles/*.txt``) with hand-judged answers.

How the answers were judged. For each query I listed, for every sample brief, the words of its title
and body (read-also titles included, front matter otherwise not) whose folded form contains the
query's stem-like core (e.g. ``تفاق`` for ``الاتفاقية``), read them in context, and kept the briefs
that truly contain the query word in one of its *inflections*: with attached clitics (و ال بال كال
فال لل وال, pronoun suffixes), in the dual or sound plural, masculine or feminine, with or without
hamza, harakat, tatweel, taa marbuta or alef maksura spelled either way. Derived words with their
own meaning are NOT relevant: nisba adjectives (أوروبا vs الأوروبية, الأمم vs الأممي, الثقافة vs
الثقافي), other nouns of the same root (علم "knowledge" vs علماء "scholars", اتفاقية "convention" vs
اتفاق "agreement"), verbs vs verbal nouns (مترجم vs تُرجم). Broken plurals are not in the set (a
light stemmer cannot find them; that limit is documented, not measured). The judgements were made
from the texts, never from a search engine's output.

The answer sets name briefs by the first three characters of their file name (``"006"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.importers.load import load_file
from tui.models import Article

ARTICLES = Path(__file__).resolve().parents[2] / "articles"


@dataclass(frozen=True)
class JudgedQuery:
    """A query, the variant class it exercises, and the briefs that truly contain it."""

    variant: str
    query: str
    relevant: frozenset[str]
    note: str = ""


def _q(variant: str, query: str, relevant: str, note: str = "") -> JudgedQuery:
    return JudgedQuery(variant, query, frozenset(relevant.split()), note)


QUERIES: tuple[JudgedQuery, ...] = (
    # Hamza forms: typed with a bare alef, written with أ إ آ (or the reverse); a seat for another.
    _q("hamza", "ايران", "000 001 002", "إيران وإيران وايران; الإيرانية is a nisba"),
    _q("hamza", "استانه", "000 001 002", "أستانة"),
    _q("hamza", "اسطوره", "006 012", "أسطورة (012: in a read-also title)"),
    _q("hamza", "اردوغان", "000 001 002", "أردوغان (000, 001: read-also titles)"),
    _q("hamza", "الامم", "003 007", "الأمم للأمم; الأممي (000, 002) is a nisba"),
    _q("hamza", "اوروبا", "006 007", "أوروبا; الأوروبية الأوروبيين (003) are nisbas"),
    _q("hamza", "إسطنبول", "006", "typed with hamza, written إسطنبول"),
    _q("hamza", "الدئلي", "004", "الدؤلي: the name is written with either seat of its hamza"),
    # Alef maksura typed as yeh.
    _q("alef maksura", "يسمي", "008 009", "يسمى, وَيُسَمَّى; رسميةً السميكة are other words"),
    _q("alef maksura", "اخري", "003 004 005 007 008", "أخرى وأخرى"),
    _q("alef maksura", "موسي", "003", "موسى"),
    # Taa marbuta typed as heh.
    _q("taa marbuta", "محافظه", "000 001 002", "محافظة المحافظة"),
    _q("taa marbuta", "مكتبه", "003", "مكتبة"),
    _q("taa marbuta", "قهوه", "006 012", "قهوة القهوة بالقهوة"),
    _q("taa marbuta", "صوره", "004 007 008", "صورة وصورة للصورة"),
    # Harakat in the query, or in the text but not in the query.
    _q("harakat", "العِلْمُ", "003 009", "الْعِلْمُ والعلم; العلماء (scholars) is another word"),
    _q("harakat", "الصبر", "009", "الصَّبْرُ الصَّبْرِ"),
    _q("harakat", "مشكولة", "009", "مَشْكُولَةٌ مَشْكُولًا"),
    _q("harakat", "الحَرَكات", "004 009", "الحركات الْحَرَكَاتُ"),
    _q("harakat", "القلم", "009", "وَالْقَلَمُ"),
    # Tatweel in the query.
    _q("tatweel", "إدلـــب", "000 001 002", "إدلب بإدلب"),
    _q("tatweel", "تـركيا", "000 001 002", "تركيا وتركيا"),
    _q("tatweel", "القهـوة", "006 012", "القهوة بالقهوة قهوة"),
    # Each prefix: the query is bare (or has another prefix), the text has the prefix.
    _q("prefix و", "تتشابه", "004", "وتتشابه"),
    _q("prefix و", "روسيا", "000 001 002", "وروسيا (002 has only the و form)"),
    _q("prefix ال", "بيان", "000 001 002", "البيان بيان بيانٍ"),
    _q("prefix ال", "تصعيد", "000 001 002", "التصعيد only"),
    _q("prefix وال", "جهل", "009", "وَالْجَهْلُ"),
    _q("prefix وال", "انهار", "008", "والأنهار"),
    _q("prefix وال", "ثقافة", "003", "والثقافة; الثقافي (005, 006) is a nisba"),
    _q("prefix بال", "يمن", "006", "باليمن اليمن"),
    _q("prefix بال", "خطوات", "000 001 002 003", "بالخطوات الخطوات"),
    _q("prefix كال", "غبار", "008", "كالغبار"),
    _q("prefix فال", "غيوم", "007 008", "فالغيوم الغيوم والغيوم"),
    _q("prefix فال", "قطرات", "007 008", "فالقطرات القطرات وقطراته"),
    _q("prefix لل", "تراث", "005 006", "للتراث التراث"),
    _q("prefix لل", "بشرية", "005", "للبشرية"),
    # Sound plurals (and singular queries for plural text).
    _q("plural suffixes", "الاتفاقية", "000 002", "الاتفاقيات; اتفاق الاتفاقات (agreement) are another word"),
    _q("plural suffixes", "انتهاك", "000 001", "انتهاكات انتهاكاتها انتهاك"),
    _q("plural suffixes", "مؤرخ", "006", "المؤرخون"),
    _q("plural suffixes", "مبرمج", "003", "المبرمجون"),
    _q("plural suffixes", "مسلم", "003", "والمسلمون"),
    _q("plural suffixes", "مترجم", "003", "والمترجمين; تُرجم الترجمة are verb / verbal noun"),
    # Latin case.
    _q("Latin case", "python", "003 010 011", "Python (010: read-also title), python-bidi"),
    _q("Latin case", "UNICODE", "004 010 011", "Unicode"),
    _q("Latin case", "MOCHA", "006", "Mocha"),
    _q("Latin case", "fibonacci", "003 010", "Fibonacci"),
    # Arabic-Indic digits against ASCII digits and back.
    _q("digits", "٢٠١٥", "006 007", "2015"),
    _q("digits", "١٢٠٢", "003 010", "1202"),
    _q("digits", "2020", "003", "٢٠٢٠"),
    # Phrases.
    _q("phrases", '"الدول الضامنة"', "000 001 002"),
    _q("phrases", '"بيت الحكمة"', "003 010", "010: read-also title"),
    _q("phrases", '"قوس قزح"', "007 008"),
    _q("phrases", '"Arabic numerals"', "010 011", "011: read-also title"),
    _q("phrases", '"خفض التصعيد"', "000 001 002"),
)
"""Every judged query, grouped by variant class."""

VARIANTS: tuple[str, ...] = tuple(dict.fromkeys(q.variant for q in QUERIES))
"""The variant classes, in table order."""


# -- loading the sample briefs ---------------------------------------------------------------


def sample_articles() -> list[Article]:
    """Every sample brief in ``articles/``, parsed by brief's own importer, in file-name order."""
    return [load_file(p) for p in sorted(ARTICLES.glob("*.txt"))]


def short_id(brief_id: str) -> str:
    """The name a judgement uses for a brief: the first three characters of its id."""
    return brief_id[:3]
