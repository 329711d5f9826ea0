"""Dates stated in an article: the first full date (day, month, year), never a guess."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATES = [
    (re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH})\s*,?\s+((?:19|20)\d\d)\b", re.IGNORECASE), "dmy"),
    (re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b", re.IGNORECASE), "mdy"),
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b"), "dmy"),
]


def find_date(text: str) -> str | None:
    """The first full date the text states (day, month and year), as YYYY-MM-DD; never a guess."""
    best: tuple[int, str] | None = None
    for pattern, order in _DATES:
        for m in pattern.finditer(text[:50000]):
            a, b, c = m.groups()
            if order == "dmy":
                d, mo, y = a, b, c
            elif order == "mdy":
                mo, d, y = a, b, c
            else:
                y, mo, d = a, b, c
            month = int(mo) if mo.isdigit() else _MONTHS[unicodedata.normalize("NFC", mo.lower())]
            iso = valid_date(f"{int(y):04d}-{month:02d}-{int(d):02d}")
            if iso:
                if best is None or m.start() < best[0]:
                    best = (m.start(), iso)
                break
    return best[1] if best else None


def valid_date(iso: str) -> str | None:
    try:
        return date.fromisoformat(iso).isoformat()
    except ValueError:
        return None
