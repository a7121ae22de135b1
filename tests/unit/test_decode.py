"""Decoding brief files: byte order marks, UTF-8, UTF-16, Windows-1256 Arabic, binary, empty."""

from __future__ import annotations

import codecs

import pytest

from tui.importers.decode import DecodeError, decode_bytes

ARABIC = (
    "أعلنت الدول الضامنة لمحادثات أستانة (روسيا وتركيا وإيران) في البيان الختامي لجولة المباحثات"
    " الثانية عشرة، أنها بحثت الوضع في محافظة إدلب، وأعربت عن قلقها من زيادة سيطرة “هيئة تحرير"
    " الشام” في تلك المنطقة.\n"
    "وأوضح البيان أن الدول الضامنة اتفقت على اتخاذ تدابير معينة لخفض عدد انتهاكات وقف إطلاق النار.\n"
)
"""A hand-written Arabic paragraph that Windows-1256 can encode (curly quotes included)."""


def test_plain_utf8() -> None:
    data = ARABIC.encode("utf-8")
    assert decode_bytes(data) == (ARABIC, "utf-8")


def test_utf8_with_bom_drops_the_mark() -> None:
    data = codecs.BOM_UTF8 + "Hello\nمرحبا\n".encode()
    assert decode_bytes(data) == ("Hello\nمرحبا\n", "utf-8-sig")


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_utf16_and_utf32_with_bom(bom: bytes, codec: str, name: str) -> None:
    data = bom + ARABIC.encode(codec)
    assert decode_bytes(data) == (ARABIC, name)


def test_utf16_le_without_bom_when_clearly_utf16() -> None:
    data = ARABIC.encode("utf-16-le")
    assert decode_bytes(data) == (ARABIC, "utf-16-le")


def test_utf16_be_without_bom_when_clearly_utf16() -> None:
    data = "Read also: the travels of Ibn Battuta\n".encode("utf-16-be")
    assert decode_bytes(data) == ("Read also: the travels of Ibn Battuta\n", "utf-16-be")


def test_windows_1256_arabic() -> None:
    data = ARABIC.encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text, encoding = decode_bytes(data)
    assert encoding == "cp1256"
    assert text == ARABIC


def test_short_windows_1256_line() -> None:
    text, encoding = decode_bytes("اقرأ أيضاً: تركيا تبدأ أول إجراء عسكري\n".encode("cp1256"))
    assert (text, encoding) == ("اقرأ أيضاً: تركيا تبدأ أول إجراء عسكري\n", "cp1256")


def test_windows_1252_french() -> None:
    data = "Le café était très agréable, à côté de l'église.\n".encode("cp1252")
    assert decode_bytes(data) == ("Le café était très agréable, à côté de l'église.\n", "cp1252")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"one\r\ntwo\r\n", "one\ntwo\n"),
        (b"one\rtwo\r", "one\ntwo\n"),
        (b"one\r\n\r\ntwo\rthree\n", "one\n\ntwo\nthree\n"),
    ],
)
def test_crlf_and_lone_cr_become_lf(raw: bytes, expected: str) -> None:
    assert decode_bytes(raw) == (expected, "utf-8")


def test_crlf_in_utf16() -> None:
    data = codecs.BOM_UTF16_LE + "سطر\r\nآخر\r\n".encode("utf-16-le")
    assert decode_bytes(data) == ("سطر\nآخر\n", "utf-16-le")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        b"hello\x00world, this is text with one NUL in it",
        b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11 some text",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
        bytes(range(256)) * 4,
    ],
    ids=["png", "zip", "nul-in-ascii", "control-bytes", "elf", "all-bytes"],
)
def test_binary_data_is_an_error(data: bytes) -> None:
    with pytest.raises(DecodeError, match=r"^not text \(binary data\)$"):
        decode_bytes(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        b"\n\n\r\n\t ",
        codecs.BOM_UTF8,
        codecs.BOM_UTF8 + b" \n",
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    ],
    ids=["nothing", "spaces", "blank-lines", "bom-only", "bom-space", "utf16-blank"],
)
def test_empty_is_an_error(data: bytes) -> None:
    with pytest.raises(DecodeError, match="^empty file$"):
        decode_bytes(data)


def test_truncated_utf16_after_bom_is_an_error() -> None:
    data = codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x41"
    with pytest.raises(DecodeError, match="cannot decode"):
        decode_bytes(data)


def test_a_few_control_characters_do_not_make_text_binary() -> None:
    text = "A normal paragraph of text with a form feed\f and a bell \x07 inside it.\n" * 3
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
