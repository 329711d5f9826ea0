"""Bytes to clean text: decoding of any encoding people meet, NFC, `\\n`, and no control characters."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes


class NotText(ValueError):
    """The bytes are not text (a binary file with a text extension)."""


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
            return data[len(bom):].decode(enc, errors="replace")
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


# ESC-introduced sequences: CSI (colours, clear screen), OSC (title, clipboard: OSC 52), DCS/SOS/PM/APC
# strings, and two-byte escapes; then the C1 forms of the same.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\n]{0,4096}?(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x90\x9d\x98\x9e\x9f][^\n]{0,4096}?(?:\x07|\x1b\\|\x9c)"
)
# Every other control character but tab and newline, plus bidirectional controls and other
# format characters that can make text display other than it reads.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\ufff9-\ufffb]"
)


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters; keep `\\n` and `\\t`."""
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def normalise(text: str) -> str:
    """NFC, `\\n` line ends, no control characters, no trailing spaces on lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = strip_controls(unicodedata.normalize("NFC", text))
    text = text.replace("\t", " ").replace("\u00a0", " ").replace("\u202f", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def clean_inline(text: str) -> str:
    """For a one-line value such as a title or a query: controls removed, whitespace collapsed."""
    return " ".join(strip_controls(unicodedata.normalize("NFC", text)).split())
