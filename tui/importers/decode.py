"""Turn a brief file's bytes into text, finding the encoding it was written in.

The order of the checks is fixed so the same bytes always give the same answer: a byte order mark
(UTF-32, UTF-8, UTF-16) wins; then NUL bytes, which only UTF-16 text without a mark may contain
(anything else with a NUL is binary); then strict UTF-8; then UTF-8 with its few bad bytes
replaced (:func:`mostly_utf8`); and last charset-normalizer, restricted
to the single-byte encodings an Arabic or English brief is plausibly written in (Windows-1256,
ISO-8859-6, Windows-1252). Latin-1 is left out on purpose: Windows-1256 already decodes every
byte, so Latin-1 could only ever win by mistake. Line ends are normalised to ``\\n``.
"""

from __future__ import annotations

import re
import unicodedata

FALLBACK_ENCODINGS: tuple[str, ...] = ("cp1256", "iso8859_6", "cp1252")
"""The single-byte encodings charset-normalizer may choose between, in order of preference."""

MAX_CONTROL_RATIO = 0.05
"""More than this share of control characters (other than whitespace) means binary data."""

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)
"""(mark, codec used to decode the rest, name reported), longest marks first."""

_CODEC_NAMES = {"cp1256": "cp1256", "iso8859_6": "iso8859-6", "cp1252": "cp1252"}
"""charset-normalizer's codec names mapped to the names this module reports."""

_TEXT_CONTROLS = frozenset("\t\n\v\f\r")
"""Control characters that ordinary text files contain."""


class DecodeError(Exception):
    """Bytes that cannot be read as a brief; the message says why, for a person."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a brief file's bytes; returns ``(text, encoding name)``.

    The text has no byte order mark and uses ``\\n`` for every line end (CRLF and lone CR are
    converted). Raises :class:`DecodeError` for binary data, for an empty (or whitespace-only)
    file, and for bytes that are none of the supported encodings.
    """
    if not data:
        raise DecodeError("empty file")
    text, encoding = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise DecodeError("not text (binary data)")
    if not text.strip():
        raise DecodeError("empty file")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    """Pick the encoding and decode, without any clean-up of the result."""
    for mark, codec, name in _BOMS:
        if data.startswith(mark):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise DecodeError(f"cannot decode: starts with a {name} byte order mark but is not {name}") from None
            return text.removeprefix("\ufeff"), name
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found is None:
            raise DecodeError("not text (binary data)")
        return found
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8"
    return _guess_single_byte(data)


MIN_UTF8_SEQUENCES = 20
"""Well-formed multi-byte UTF-8 sequences from which bytes that are mostly UTF-8 are read as UTF-8."""
UTF8_PER_BAD_BYTE = 20
"""...when there are at least this many of them for each run of bytes that is not UTF-8."""


def mostly_utf8(data: bytes) -> str | None:
    """``data`` decoded as UTF-8 with each byte that is not UTF-8 replaced by U+FFFD, when it is
    UTF-8 but for a few bad bytes (a truncated character, a stray byte): else None.

    Text in a single-byte encoding (Windows-1256, ISO-8859-6, Windows-1252) almost never forms
    well-formed multi-byte UTF-8 sequences, so this does not take such text for UTF-8; read
    as one of those, a UTF-8 document with one bad byte turned every Arabic letter into two
    Latin ones."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # each run of bad bytes is one U+FFFD
    # The characters beyond ASCII that are not replacements are the well-formed sequences (counted
    # in C: a list of matches would take hundreds of MB for a 10 MB feed).
    sequences = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if sequences < MIN_UTF8_SEQUENCES:
        return None
    return text if bad * UTF8_PER_BAD_BYTE <= sequences else None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Decode ``data`` as UTF-16 without a byte order mark when it clearly is, else None.

    UTF-16 text with any ASCII in it (spaces, digits, line ends) has its NUL bytes all at odd
    offsets (little-endian) or all at even offsets (big-endian); binary data has them anywhere.
    """
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    if even_nuls and odd_nuls:
        return None
    codec = "utf-16-le" if odd_nuls else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _looks_binary(text) or not _mostly_printable(text):
        return None
    return text, codec


def _guess_single_byte(data: bytes) -> tuple[str, str]:
    """Let charset-normalizer choose among :data:`FALLBACK_ENCODINGS`."""
    import charset_normalizer  # only for files that are not UTF-8: spares every start-up its import

    try:
        best = charset_normalizer.from_bytes(data, cp_isolation=list(FALLBACK_ENCODINGS)).best()
    except (LookupError, ValueError, UnicodeError):
        best = None
    if best is None or best.encoding not in _CODEC_NAMES:
        raise DecodeError("cannot decode: not UTF-8, UTF-16 or Windows-1256")
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError:
        raise DecodeError("cannot decode: not UTF-8, UTF-16 or Windows-1256") from None
    return text, _CODEC_NAMES[best.encoding]


_CONTROLS = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in _TEXT_CONTROLS) + "]"
)
"""Control characters (category Cc) that a text file does not normally hold."""


def _looks_binary(text: str) -> bool:
    """True when ``text`` has a NUL or too many control characters to be a text file."""
    if "\x00" in text:
        return True
    if not text:
        return False
    controls = len(_CONTROLS.findall(text))
    return controls / len(text) > MAX_CONTROL_RATIO


def _mostly_printable(text: str) -> bool:
    """True when almost every character is assigned and not a private-use or surrogate code point.

    Binary data that happens to decode as UTF-16 lands mostly in CJK and unassigned space; this
    check keeps UTF-16 without a byte order mark to text that is clearly text.
    """
    bad = sum(1 for ch in text if unicodedata.category(ch) in {"Cn", "Co", "Cs"})
    return bad <= len(text) * 0.01
