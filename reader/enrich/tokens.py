"""Small readings of spaCy tokens that several rule modules share."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


def is_cap(tok: Token) -> bool:
    """Capitalised, or a number: how a name or a figure starts; or a brand's camel case ("easyJet", "eBay")."""
    t = tok.text
    return bool(t) and (t[0].isupper() or t[0].isdigit() or _CAMEL.match(t) is not None)


_CAMEL = re.compile(r"[a-z]{1,5}[A-Z][a-z]")


def hyphen_word(tok: Token) -> str:
    """The whole hyphenated word around tok ("nippo" "-" "américaine" → "nippo-américaine")."""
    doc = tok.doc
    i = j = tok.i
    while i > 0 and not doc[i - 1].whitespace_ and (doc[i - 1].text == "-" or doc[i].text == "-"):
        i -= 1
    while j + 1 < len(doc) and not doc[j].whitespace_ and (doc[j + 1].text == "-" or doc[j].text == "-"):
        j += 1
    return doc[i : j + 1].text
