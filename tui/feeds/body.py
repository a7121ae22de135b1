"""Read an HTTP response body within a size limit, decoding gzip and deflate as it arrives.

httpx can decode ``Content-Encoding`` itself, but it inflates each network chunk in one call: a
64 KB chunk of a gzip bomb becomes 64 MB in memory before anything can count it. Here the raw bytes
are inflated with ``max_length`` so no more than the limit (plus one chunk) is ever held, and the
limit applies to the decoded size. Also here: the small parsers for ``Retry-After`` and the
wording of sizes in error messages.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

ACCEPT_ENCODING = "gzip, deflate"
"""What a request offers: the encodings :class:`BodyDecoder` can undo."""

_STEP = 256 * 1024
"""How many decoded bytes to ask zlib for at a time."""


class BodyTooLarge(Exception):
    """The decoded body passed the size limit."""


class BadEncoding(Exception):
    """The body claims an encoding it does not have, or one we never offered."""


class BodyDecoder:
    """Undo one ``Content-Encoding`` (identity, gzip, x-gzip or deflate), counting decoded bytes."""

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        """Prepare for ``content_encoding`` (the header value) and a limit of ``max_bytes``."""
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise BadEncoding(f"more than one Content-Encoding ({', '.join(codings)})")
        self.coding = codings[0] if codings else ""
        """The encoding to undo, or "" for none."""
        if self.coding not in ("", "gzip", "x-gzip", "deflate"):
            raise BadEncoding(f"unsupported Content-Encoding {self.coding!r}")
        self.max_bytes = max_bytes
        """The most decoded bytes accepted."""
        self.parts: list[bytes] = []
        """Decoded bytes so far."""
        self.size = 0
        """Their total length."""
        self._inflater: zlib._Decompress | None = None
        self._first = True

    def _new_inflater(self) -> zlib._Decompress:
        """A decompressor for the coding; deflate starts as zlib-wrapped (RFC 9110) and may fall back."""
        if self.coding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(zlib.MAX_WBITS)

    def _keep(self, data: bytes) -> None:
        """Add decoded bytes, raising :class:`BodyTooLarge` once the total passes the limit."""
        if data:
            self.size += len(data)
            if self.size > self.max_bytes:
                raise BodyTooLarge
            self.parts.append(data)

    def feed(self, raw: bytes) -> None:
        """Decode one raw chunk."""
        if not self.coding:
            self._keep(raw)
            return
        if self._inflater is None:
            self._inflater = self._new_inflater()
        data = raw
        while data:
            try:
                out = self._inflater.decompress(data, _STEP)
            except zlib.error as exc:
                if self.coding == "deflate" and self._first:
                    # Some servers send raw deflate without the zlib wrapper.
                    self._first = False
                    self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise BadEncoding(f"the {self.coding} body is damaged ({exc})") from None
            self._first = False
            self._keep(out)
            if self._inflater.eof:
                # A second gzip member follows (concatenated gzip is legal), or trailing junk.
                data = self._inflater.unused_data
                if data[:2] == b"\x1f\x8b" and self.coding != "deflate":
                    self._inflater = self._new_inflater()
                    continue
                return
            data = self._inflater.unconsumed_tail

    def finish(self) -> bytes:
        """Flush the decoder and return the whole decoded body."""
        if self._inflater is not None:
            self._keep(self._inflater.flush())
            if not self._inflater.eof:
                raise BadEncoding(f"the {self.coding} body is cut short")
        return b"".join(self.parts)


async def read_body(chunks: AsyncIterator[bytes], content_encoding: str | None, max_bytes: int) -> bytes:
    """Read raw ``chunks`` to the end and return them decoded; stop early past ``max_bytes``."""
    decoder = BodyDecoder(content_encoding, max_bytes)
    async for chunk in chunks:
        decoder.feed(chunk)
    return decoder.finish()


MAX_RETRY_AFTER = 10**9
"""Seconds a ``Retry-After`` is read up to (about 32 years; the fetch then waits at most a week)."""


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delta-seconds or an HTTP-date; None if absent or bad."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²", which isdigit() takes for a digit
        return float(min(int(value[:12]), MAX_RETRY_AFTER)) if len(value) <= 12 else float(MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, min((when - (now or datetime.now(UTC))).total_seconds(), MAX_RETRY_AFTER))
    except (TypeError, ValueError, IndexError, OverflowError):  # a date no calendar has: no wait asked
        return None


def describe_size(n: int) -> str:
    """A byte count for a person: "10 MB", "64 KB", "1500 bytes"."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{n} bytes"


def describe_seconds(s: float) -> str:
    """Seconds for a person: "30 s", "0.5 s", "120 s"."""
    return f"{s:.0f} s" if s == int(s) else f"{s:.1f} s"
