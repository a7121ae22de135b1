"""Read-also resolution: spelling variants, fuzzy matches, look-alikes that must not match, late links."""

from __future__ import annotations

import dataclasses

import pytest
from store_helpers import import_batch, remove_briefs

from tui.models import Article, Block
from tui.store.store import Store


def brief(bid: str, title: str, *links: str, date: str | None = None, body: str = "نص") -> Article:
    blocks = (Block("text", body),) + tuple(Block("link", t, label="اقرأ أيضاً") for t in links)
    return Article(id=bid, title=title, blocks=blocks, date=date, content_hash=f"{bid}|{title}|{links}|{body}")


def target_of(store: Store, bid: str, i: int = 0) -> str | None:
    return store.outgoing(bid)[i].target


@pytest.mark.parametrize(
    ("title", "link"),
    [
        ("أردوغان يكشف عن خطته", "اردوغان يكشف عن خطته"),  # hamza above
        ("إدلب والشمال السوري", "ادلب والشمال السوري"),  # hamza below
        ("آفاق جديدة للتعاون", "افاق جديدة للتعاون"),  # madda
        ("ٱلعلم نور", "العلم نور"),  # alef wasla
        ("على التوالي", "على التوالى"),  # alef maksura
        ("زيارة رسمية إلى القاهرة", "زيارة رسميه إلى القاهرة"),  # taa marbuta
        ("لماذا تحمل الغيوم أمطاراً", "لماذا تحمل الغيوم أمطارا"),  # tanween
        ("العِلْمُ نُورٌ وَالجَهْلُ ظَلامٌ", "العلم نور والجهل ظلام"),  # harakat
        ("الجـــولة الثانية", "الجولة الثانية"),  # tatweel
        ("«هيئة تحرير الشام» في إدلب", "هيئة تحرير الشام في إدلب"),  # guillemets
        ("بيان “أستانة” الختامي", 'بيان "أستانة" الختامي'),  # quote marks
        ("محادثات (أستانة) الجديدة", "محادثات أستانة الجديدة"),  # brackets
        ("خفض   التصعيد  في المنطقة", "خفض التصعيد في المنطقة"),  # spaces
        ("How Arabic Numerals Reached Europe", "how arabic numerals reached europe"),  # Latin case
    ],
)
def test_each_normalisation_resolves(store: Store, title: str, link: str) -> None:
    import_batch(store, [brief("t", title), brief("s", "مصدر", link)])
    assert target_of(store, "s") == "t"


def test_fuzzy_match_above_the_threshold(store: Store) -> None:
    import_batch(
        store,
        [
            brief("t", "تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري"),
            # one letter dropped and one word ending changed: not equal after folding, but close
            brief("s", "مصدر", "تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب و الشمال السوريه"),
        ],
    )
    assert target_of(store, "s") == "t"


@pytest.mark.parametrize(
    ("title", "link"),
    [
        ("الجولة 12 من محادثات أستانة", "الجولة 13 من محادثات أستانة"),  # another round
        ("أمطار غزيرة في عمان", "أمطار غزيرة في لبنان"),  # another place
        ("ارتفاع أسعار النفط", "انخفاض أسعار النفط"),  # the opposite
        ("القهوة", "القهوة العربية وتاريخها الطويل"),  # a short title is not a prefix match
    ],
)
def test_similar_titles_of_different_briefs_do_not_match(store: Store, title: str, link: str) -> None:
    import_batch(store, [brief("t", title), brief("s", "مصدر", link)])
    assert target_of(store, "s") is None


def test_ties_go_to_the_nearest_date(store: Store) -> None:
    import_batch(
        store,
        [
            brief("old", "تقرير الطقس", date="2019-01-01"),
            brief("new", "تقرير الطقس", date="2024-06-01"),
            brief("s1", "مصدر", "تقرير الطقس", date="2024-05-20"),
            brief("s2", "مصدر آخر", "تقرير الطقس", date="2019-02-01"),
        ],
    )
    assert target_of(store, "s1") == "new"
    assert target_of(store, "s2") == "old"


def test_a_link_resolves_when_its_target_arrives_later(store: Store) -> None:
    import_batch(store, [brief("s", "مصدر", "خبر سيأتي لاحقا")])
    assert target_of(store, "s") is None  # kept, shown as not in the store
    import_batch(store, [brief("t", "خبر سيأتي لاحقاً")])
    assert target_of(store, "s") == "t"
    assert [l.target for l in store.incoming("t")] == ["s"]


def test_retitled_brief_frees_or_moves_its_links(store: Store) -> None:
    import_batch(store, [brief("a", "العنوان الأول"), brief("s", "مصدر", "العنوان الأول")])
    assert target_of(store, "s") == "a"
    import_batch(store, [brief("a", "عنوان مختلف تماما")])  # re-imported under another title
    assert target_of(store, "s") is None
    import_batch(store, [brief("b", "العنوان الأول")])
    assert target_of(store, "s") == "b"
    remove_briefs(store, ["b"])
    assert target_of(store, "s") is None


def test_self_links_and_cycles_are_harmless(store: Store) -> None:
    import_batch(
        store,
        [
            brief("a", "الخبر أ", "الخبر ب", "الخبر أ"),
            brief("b", "الخبر ب", "الخبر أ"),
        ],
    )
    assert [l.target for l in store.outgoing("a")] == ["b", "a"]
    assert target_of(store, "b") == "a"
    assert {l.target for l in store.incoming("a")} == {"a", "b"}


def test_the_sample_briefs_resolve(sample_store: Store) -> None:
    """Every read-also link in the bundled briefs resolves, except the one meant to dangle."""
    dangling = []
    for row in sample_store.iter_rows():
        for link in sample_store.outgoing(row.id):
            if link.target is None:
                dangling.append(link.text)
    assert dangling == ["بيت الحكمة في بغداد: مكتبة العصر العباسي"]
    sample = sample_store.outgoing("000_6b818919d795fa73")
    assert [l.target for l in sample] == ["001_turkey_idlib_first_military_step", "002_erdogan_idlib_emergency"]


def test_bulk_import_resolves_fuzzy_links_across_batches(store: Store, tmp_path, monkeypatch) -> None:
    """Batches match exact titles; the fuzzy pass at the end of the import finds the rest."""
    import tui.importing.run as import_run

    monkeypatch.setattr(import_run, "BATCH_SIZE", 1)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "نص.\nاقرأ أيضاً: تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب و الشمال السوريه\nاقرأ أيضاً: خبر بعنوان دقيق\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "---\ntitle: تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري\n---\nنص.\n", encoding="utf-8"
    )
    (folder / "c.txt").write_text("---\ntitle: خبر بعنوان دقيق\n---\nنص.\n", encoding="utf-8")
    import_run.run_import(store, [folder], progress=False, out=None)
    assert [l.target for l in store.outgoing("a")] == ["b", "c"]


def test_a_link_to_a_purged_feed_brief_finds_another_brief_of_that_title(store: Store) -> None:
    """Two briefs bear the title; the link points at the feed's (nearer in date). Purging the feed
    points it at the other, the one left, without trying the store's other unresolved links."""
    url = "http://127.0.0.1:9/feed.xml"
    title = "تركيا تبدأ أول إجراء عسكري يخص محافظة إدلب والشمال السوري"
    assert store.add_feed(url)
    from_feed = dataclasses.replace(brief("f", title, date="2024-03-02"), feed=url)
    import_batch(
        store,
        [brief("old", title, date="2020-01-01"), from_feed, brief("s", "مصدر", title, date="2024-03-03")],
    )
    assert target_of(store, "s") == "f"
    assert store.remove_feed(url, purge=True) == 1
    assert target_of(store, "s") == "old"
