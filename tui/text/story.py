"""Story sketches: a small fingerprint of a brief's words that tells republished copies of one story.

Two briefs are the same story when most of their word shingles (runs of :data:`SHINGLE` words) are
shared: a rewritten title, a paragraph dropped or added, sentences in another order, a source line
appended leave most shingles as they were, while two different stories on the same topic share
words but few runs of words. The words are the brief's body stems as the search index makes them
(:func:`tui.store.index.index_columns`): folded hamza, alef maksura, taa marbuta, harakat and
tatweel (so a brief with harakat added or hamza spelled otherwise has the same words), then light
stemming.

The sketch is a bottom-k MinHash over a sample of the shingles: only shingles that start with an
*anchor* word (one whose first letter is in :data:`ANCHOR_LETTERS`: about one Arabic word in
nine, one English word in five, and every number) are kept. The sample depends on the words alone, so a shingle
two briefs share is kept in both or in neither, and the Jaccard similarity of the samples
estimates that of the whole shingle sets; sampling by content keeps the work to a regular
expression and C-level hashing (CRC-32), a small fraction of what indexing the brief costs. The
:data:`SKETCH` smallest hashes of the sample are kept, and two briefs' similarity is estimated from
their sketches alone (:func:`similarity`). Two briefs with a similarity of at least
:data:`SAME_STORY` are likely to share one of their :data:`KEYS` smallest hashes, which the store
indexes to find candidates without scanning (:func:`index_keys`). Pure functions, no I/O.
"""

from __future__ import annotations

import re
import struct
import zlib
from array import array
from collections.abc import Callable
from functools import reduce
from operator import or_

SHINGLE = 3
"""Words per shingle."""
SKETCH = 64
"""Hashes kept in a sketch (the bottom k)."""
KEYS = 4
"""The smallest hashes of a sketch that the store indexes to find candidates."""
MIN_SHINGLES = 8
"""A brief with fewer sampled shingles (about seventy Arabic words, forty English ones) is not
judged by its shingles: too little text to tell. One-line entries of a feed that share a template
("An 8-section landing page created for the purpose of...") share most of their few shingles while
being different things; the shortest brief of the labelled set has 17. Such a brief is one story
only with a brief of the same words (:func:`exact_sketch`)."""
SAME_STORY = 0.35
"""Estimated Jaccard similarity of shingles from which two briefs are the same story.

Chosen on the labelled set in ``tests/data/same_story`` (``bench/bench_same_story.py``)."""

ANCHOR_LETTERS = "عحشصضغطظ" + "cdghjkmpqvwxyz" + "0123456789"
"""First letters of anchor words (of search keys: folded, so no hamza forms or capitals)."""
_ANCHORED = re.compile(f" (?=([{ANCHOR_LETTERS}]\\S* \\S+ \\S+))")
"""A shingle starting with an anchor word, after a space: searched in the text with a space put
before it, since a pattern that starts with one literal character is searched for much faster
than one that starts with ``^`` or a space (half the time of the sketch)."""


def _utf8_anchors() -> re.Pattern[bytes]:
    """:data:`_ANCHORED` for the same text in UTF-8: an anchor letter there is one byte (ASCII) or
    a lead byte followed by one of its letters' second bytes. A word holds no whitespace (stems are
    words split at whitespace, then joined by single spaces), so ``\\S`` means the same in both."""
    ascii_letters = re.escape("".join(c for c in ANCHOR_LETTERS if c.isascii()).encode())
    by_lead: dict[bytes, list[int]] = {}  # the letters by all but their last byte
    for letter in ANCHOR_LETTERS:
        if not letter.isascii():
            encoded = letter.encode()
            by_lead.setdefault(encoded[:-1], []).append(encoded[-1])
    choices = [b"[" + ascii_letters + b"]"] + [
        re.escape(lead) + b"[" + re.escape(bytes(sorted(last))) + b"]" for lead, last in by_lead.items()
    ]
    return re.compile(b" (?=((?:" + b"|".join(choices) + rb")\S* \S+ \S+))")


_ANCHORED_UTF8 = _utf8_anchors()


def sampled_shingles(stems: str) -> list[str]:
    """The shingles of ``stems`` (search keys or stems, space separated) that start with an anchor word."""
    return _ANCHORED.findall(" " + stems)


def sketch(stems: str | bytes, title: str | bytes = "") -> tuple[int, ...]:
    """The sketch of a brief from its body stems (space separated, as text or UTF-8): the smallest
    hashes of its sampled shingles, ascending. The UTF-8 is searched as it is
    (:data:`_ANCHORED_UTF8`): an import's workers have it already, and its shingles need no encoding
    before they are hashed (6% of the sketch).

    A brief with fewer than :data:`MIN_SHINGLES` sampled shingles is too short to tell by its
    shingles: its sketch is then :func:`exact_sketch` of its title and body stems (``title``), which
    only a brief with the same words has."""
    if isinstance(stems, bytes):
        hashes = set(map(zlib.crc32, _ANCHORED_UTF8.findall(b" " + stems)))
    else:
        hashes = set(map(zlib.crc32, map(str.encode, sampled_shingles(stems))))
    if len(hashes) < MIN_SHINGLES:
        return exact_sketch(stems, title)
    return tuple(sorted(hashes)[:SKETCH])


EXACT_MIN_WORDS = 6
"""Words of text a short brief needs for an :func:`exact_sketch`, its title aside: a title alone, or
a line ("Photo", "Live updates"), says too little for two briefs alike to be one story (a daily item
under the same title, "مواقيت الصلاة اليوم في القاهرة", is a new brief each day)."""


def exact_sketch(stems: str | bytes, title: str | bytes = "") -> tuple[int, ...]:
    """The sketch of a short brief: :data:`MIN_SHINGLES` hashes of its whole title and body stems,
    so that two briefs with the same words (the same entry in two feeds, a feed subscribed twice)
    have the same sketch, a similarity of 1, and any other brief shares none of it. Empty under
    :data:`EXACT_MIN_WORDS` words of text."""
    if isinstance(stems, str):
        stems = stems.encode()
    if isinstance(title, str):
        title = title.encode()
    if len(stems.split()) < EXACT_MIN_WORDS:
        return ()
    whole = b" ".join(title.split()) + b"\n" + b" ".join(stems.split())
    # CRC-32 from as many starting values: distinct hashes of the same bytes (CRC is linear in it)
    return tuple(sorted({zlib.crc32(whole, start) for start in range(1, MIN_SHINGLES + 1)}))


def index_keys(signature: tuple[int, ...]) -> tuple[int, ...]:
    """The hashes of a sketch the store indexes: two briefs sharing one are candidates."""
    return signature[:KEYS]


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two briefs' shingles from their sketches (0 to 1).

    The bottom k of the union of two sets is a random sample of it; the share of that sample found
    in both sketches estimates the share of the union found in both sets. Two sketches shorter than
    :data:`SKETCH` hold every sampled shingle of their briefs: their similarity is then counted, not
    estimated (the estimate from a dozen hashes is coarse: two teasers of fifty words that open
    with the same stock sentence share 4 of their 17 shingles, 0.24, where the bottom 10 of the
    union said 0.40)."""
    if not a or not b:
        return 0.0
    both = set(a).intersection(b)
    if not both:
        return 0.0
    if len(a) < SKETCH and len(b) < SKETCH:
        return len(both) / (len(a) + len(b) - len(both))
    return _estimate(a, b, both)


def _estimate(a: tuple[int, ...], b: tuple[int, ...], both: set[int]) -> float:
    """The bottom-k estimate of two sketches' similarity (``both``: the hashes they share)."""
    # A sketch holds every hash below its largest: sample no further than the shorter one reaches.
    k = min(len(a), len(b))
    return len(both.intersection(sorted(both.union(a, b))[:k])) / k


def same_story_estimated(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """:func:`same_story` as schema 15 and earlier decided it, from the bottom-k estimate for short
    sketches too: what the groups a store holds from then were made by (schema 16 checks them)."""
    k = min(len(a), len(b))
    both = set(a).intersection(b)
    return k >= MIN_SHINGLES and len(both) >= SAME_STORY * k and _estimate(a, b, both) >= SAME_STORY


def same_story(a: tuple[int, ...], b: tuple[int, ...], a_set: frozenset[int] | None = None) -> bool:
    """True when two sketches are similar enough to be one story (:data:`SAME_STORY`); ``a_set``
    is ``frozenset(a)`` when the caller has it (comparing one sketch with many).

    Most candidates share a hash or two: they are told apart without sorting, since the estimate
    cannot exceed the share of the shorter sketch found in both."""
    k = min(len(a), len(b))
    if k < MIN_SHINGLES or len((a_set or frozenset(a)).intersection(b)) < SAME_STORY * k:
        return False  # a sketch stored when fewer shingles sufficed is too short to tell as well
    return similarity(a, b) >= SAME_STORY


MASK_BITS = 512
"""Bits of a sketch's mask (:func:`mask`)."""


_BITS = [1 << i for i in range(MASK_BITS)]
_LOW_BITS = MASK_BITS - 1


def mask(signature: tuple[int, ...]) -> bytes:
    """A sketch's mask: a :data:`MASK_BITS`-bit set with bit ``h % MASK_BITS`` on for each hash
    ``h`` (as bytes, least significant first; :func:`mask_bits` reads it back).

    Two sketches' masks bound how many hashes they share (:func:`shared_bound`) at a small
    fraction of what counting them costs: a brief is compared with dozens of candidates, nearly all
    of them sharing a few hashes only."""
    # OR of one-bit integers, looked up and combined by C loops: half the time of setting bits in a bytearray
    bits = reduce(or_, map(_BITS.__getitem__, map(_LOW_BITS.__and__, signature)), 0)
    return bits.to_bytes(MASK_BITS // 8, "little")


Mask = tuple[int, int, int]
"""A sketch's mask as :func:`may_be_same_story` reads it: ``(bits, lost, size)``, the set as an
integer, how many of the sketch's hashes share their bit with another of them, and how many
hashes the sketch has."""


def mask_bits(data: bytes, size: int) -> Mask:
    """The :data:`Mask` of a sketch of ``size`` hashes from its :func:`mask`."""
    bits = int.from_bytes(data, "little")
    return bits, size - bits.bit_count(), size


def shared_bound(a: Mask, b: Mask) -> int:
    """At least as many as the hashes two sketches share, from their masks.

    A shared hash sets the same bit in both masks, so the shared hashes are no more than the bits
    set in both, plus those of them that share a bit with another hash of the same sketch (no
    more than either sketch's ``lost``)."""
    return (a[0] & b[0]).bit_count() + min(a[1], b[1])


def may_be_same_story(a: Mask, b: Mask) -> bool:
    """False when two sketches' masks show that they share too few hashes to be one story
    (:func:`same_story` would say False); True tells nothing."""
    return shared_bound(a, b) >= SAME_STORY * min(a[2], b[2])


def pack(signature: tuple[int, ...]) -> bytes:
    """A sketch as bytes for the store (4 bytes a hash)."""
    return array("I", signature).tobytes()


_UNPACKERS: dict[int, Callable[[bytes], tuple[int, ...]]] = {}
"""A sketch's unpacking function by its length in bytes (a :class:`struct.Struct`'s, made once)."""


def unpack(data: bytes) -> tuple[int, ...]:
    """The sketch :func:`pack` stored."""
    unpacker = _UNPACKERS.get(len(data))
    if unpacker is None:
        # "=": native byte order, as array("I") packed it, 4 bytes a hash
        unpacker = _UNPACKERS[len(data)] = struct.Struct(f"={len(data) // 4}I").unpack
    return unpacker(data)
