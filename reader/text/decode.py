"""Bytes to text, whatever encoding people meet: BOMs, UTF-8 (with a few broken bytes too), UTF-16 without a
BOM, cp1252/latin-1, and charset-normalizer for the rest. Binary data is refused with NotText."""

from __future__ import annotations

import codecs

from reader.errors import NotText

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros > 0.4 * half:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def decode(data: bytes) -> str:
    """Decode bytes of unknown encoding. Raises NotText for binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise NotText("binary data (NUL bytes)")
    # Mostly UTF-8 with a few broken bytes: keep UTF-8, replace the broken bytes.
    replaced = data.decode("utf-8", errors="replace")
    broken = replaced.count("\ufffd")
    multibyte = sum(1 for ch in replaced if ord(ch) > 0x7F) - broken
    if multibyte > 0 and broken <= max(16, multibyte):  # cp1252 text has no valid UTF-8 sequence at all
        return replaced
    from charset_normalizer import from_bytes  # (~60 ms to import: only for a file that is not UTF-8)

    best = from_bytes(data[: 1 << 20]).best()
    if best is not None and best.encoding and not best.encoding.startswith(("utf_16", "utf_32")):
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    if _looks_binary(data):
        raise NotText(f"not text ({first_error.reason} at byte {first_error.start})")
    return data.decode("cp1252", errors="replace")


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) // 20
