"""One normal form for text, one fold for comparing it, one word pattern.

- `normalise`: NFC, `\\n` line ends, no terminal escape sequences or control characters. Every text that
  comes from outside (file contents, file names, queries) goes through it or `clean_inline` before it is
  stored or shown.
- `fold`: case and accents folded, punctuation kept ("États-Unis" → "etats-unis"): names compared.
- `letters`: fold, then letters and digits only: lines, titles and article texts compared whatever their
  spacing, quotes or apostrophes (article ids hash it, so it must never change).
- `WORD`: the index's tokenizer pattern, for code that finds words the way the index does.
"""

from __future__ import annotations

import re
import unicodedata

WORD = r"\w+(?:\.?\w+)*"

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
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\ufff9-\ufffb]")


# What makes an emoji's width a matter of opinion: variation selectors (❤️ is 2 cells for rich, 1 for tmux
# and many terminals), skin-tone modifiers and zero-width joiners (👍🏽, 👨‍👩‍👧: one glyph for some, two to six
# cells for others). Without them every emoji is as wide everywhere, and a row's border stays where it is.
_EMOJI_GLUE = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]|(?<=[\U0001f000-\U0001faff\u2600-\u27bf])\u200d")


# any character the three patterns above can remove (a quick scan: most text has none)
_MAY_STRIP = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200d-\u200f\u202a-\u202e\u2066-\u2069\u061c"
    "\ufe0e\ufe0f\ufeff\ufff9-\ufffb\U0001f3fb-\U0001f3ff]"
)


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters; keep `\\n` and `\\t`."""
    if not _MAY_STRIP.search(text):
        return text
    text = _ESCAPES.sub("", text)
    return _EMOJI_GLUE.sub("", _CONTROLS.sub("", text))


def normalise(text: str) -> str:
    """NFC, `\\n` line ends, no control characters, no trailing spaces on lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = strip_controls(unicodedata.normalize("NFC", text))
    text = text.replace("\t", " ").replace("\u00a0", " ").replace("\u202f", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def clean_inline(text: str) -> str:
    """For a one-line value such as a title or a query: controls removed, whitespace collapsed."""
    return " ".join(strip_controls(unicodedata.normalize("NFC", text)).split())


def fold(text: str) -> str:
    """Accent- and case-insensitive key with uniform apostrophes and hyphens."""
    text = text.replace("’", "'").replace("‐", "-").replace("–", "-")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() plus "_": this keeps exactly what isalnum() keeps
_NON_ASCII_ALNUM = re.compile(r"[^\W_\x00-\x7f]")
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


def letters(text: str) -> str:
    """A comparison key: case, accents, apostrophes and spacing do not matter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if _NON_ASCII_ALNUM.search(decomposed) is None:  # (most French text once its accents are apart: twice as fast)
        return decomposed.encode("ascii", "ignore").translate(None, _ASCII_NOT_ALNUM).decode("ascii")
    return _NOT_ALNUM.sub("", decomposed)
