"""Decode a fetched document (feed or web page) to text, choosing the encoding in a fixed order.

The order: a byte order mark (UTF-8, UTF-16, UTF-32) wins; then UTF-16 without a mark, recognised
by the NUL bytes around an ASCII ``<`` at the start (XML 1.0, appendix F); then strict UTF-8 when
the bytes are not all ASCII and decode as UTF-8 (Arabic or Latin text in a single-byte encoding is
never valid UTF-8, while a stale declaration on a UTF-8 document is common); then the encodings the
document declares, in the order the caller gives them (for a feed: the XML declaration, then the
HTTP ``charset``; for a page: the HTTP ``charset``, then ``<meta charset>``); then UTF-8 (ASCII
text); then UTF-8 with its few bad bytes replaced, when the rest is well-formed UTF-8
(:func:`tui.importers.decode.mostly_utf8`: one stray byte turned a whole Arabic feed into Latin
letters); and last the single-byte guess the file importer makes (Windows-1256, ISO-8859-6,
Windows-1252, :func:`tui.importers.decode.decode_bytes`). A declared encoding is used only when it
is a known codec and decodes the bytes without error, because servers and generators often declare
one they do not write; an unknown name ("bogus") is remembered so that a document that then yields
nothing can say so. The result never contains a byte order mark.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tui.importers.decode import DecodeError, decode_bytes, mostly_utf8

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
"""Byte order marks and the codec of the rest, longest marks first."""

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")
"""The encoding named in an XML declaration (read on the raw bytes, ASCII-compatible encodings)."""

_META_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})",
    re.IGNORECASE,
)
"""``<meta charset=...>`` or ``<meta http-equiv=Content-Type content="...; charset=...">``."""

_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]{1,40})", re.IGNORECASE)
"""The ``charset`` parameter of an HTTP ``Content-Type`` header."""


@dataclass(frozen=True)
class Decoded:
    """A decoded document and where its encoding came from."""

    text: str
    """The document's text, without a byte order mark."""
    encoding: str
    """The codec name it was decoded with, as Python spells it (``utf-8``, ``cp1256``...)."""
    unknown: tuple[str, ...] = ()
    """Declared encodings that are not known codecs, as written (for an error message)."""


def http_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header, or None."""
    if not content_type:
        return None
    match = _HTTP_CHARSET.search(content_type)
    return match.group(1) if match else None


def xml_declared_encoding(data: bytes) -> str | None:
    """The encoding named by the XML declaration at the start of ``data``, or None."""
    match = _XML_DECL.match(data[:512])
    return match.group(1).decode("ascii") if match else None


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KB, or None."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _codec(name: str) -> str | None:
    """Python's canonical codec name for ``name``, or None when it is not a text codec we accept."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``data`` starts with ``<`` as UTF-16 without a mark."""
    if data.startswith(b"<\x00") and len(data) > 3 and data[3:4] == b"\x00":
        return "utf-16-le"
    if data.startswith(b"\x00<") and len(data) > 2 and data[2:3] == b"\x00":
        return "utf-16-be"
    return None


def decode_document(data: bytes, declared: Iterable[str | None]) -> Decoded:
    """Decode ``data``; ``declared`` are the encodings the document and its server name, best first.

    Raises :class:`tui.importers.decode.DecodeError` when nothing decodes the bytes (binary data).
    """
    for mark, codec in _BOMS:
        if data.startswith(mark):
            try:
                return Decoded(data[len(mark) :].decode(codec), codec.removesuffix("-le").removesuffix("-be"))
            except UnicodeDecodeError:
                break
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return Decoded(data.decode(utf16), "utf-16")
        except UnicodeDecodeError:
            pass
    names = [name for name in declared if name]
    unknown = tuple(name for name in names if _codec(name) is None)
    if not data.isascii():
        try:
            return Decoded(data.decode("utf-8"), "utf-8", unknown)
        except UnicodeDecodeError:
            pass
    for name in names:
        known = _codec(name)
        if known is None:
            continue
        if known in {"utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"}:
            continue  # a wide encoding without a mark and without a leading "<" is a false claim
        try:
            return Decoded(data.decode(known), known, unknown)
        except UnicodeDecodeError:
            continue
    if data.isascii():
        return Decoded(data.decode("ascii"), "utf-8", unknown)
    mostly = mostly_utf8(data)
    if mostly is not None:
        return Decoded(mostly, "utf-8", unknown)
    text, name = decode_bytes(data)
    return Decoded(text, _codec(name) or name, unknown)


__all__ = ["DecodeError", "Decoded", "decode_document", "http_charset", "meta_charset", "xml_declared_encoding"]
