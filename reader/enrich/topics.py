"""What an agreement is about: topic labels from the lemmas of its sentence (tables in lexicon.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.enrich import lexicon as lx
from reader.enrich.tokens import hyphen_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def topics(doc: Doc) -> list[str]:
    """Topic labels of a parsed sentence, in the order they first appear (phrases first)."""
    toks = list(doc)
    lemmas = [t.lemma_.lower() for t in toks]
    found: list[str] = []
    used = _phrases(lemmas, found)
    for i, lem in enumerate(lemmas):
        if i in used:
            continue
        low = toks[i].lower_
        for label, words in lx.TOPIC_LEMMAS.items():
            if (
                (lem in words or low in words or low.startswith("cyber"))
                and (label != "cyber" or low.startswith("cyber"))
                and (label == "cyber" or lem in words or low in words)
                and label not in found
            ):
                found.append(label)
        if (lem == "espace" or low == "espace") and _space_as_outer_space(toks, i) and "espace" not in found:
            found.append("espace")
    if "industrie de défense" in found and "défense" not in found:
        found.insert(0, "défense")
    return found


def _phrases(lemmas: list[str], found: list[str]) -> set[int]:
    """Adds the labels of consecutive-lemma phrases to `found`; returns the positions words may no longer
    count on their own ("sécurité économique" is not also "sécurité")."""
    used: set[int] = set()
    for i in range(len(lemmas)):
        for phrase, label in lx.TOPIC_PHRASES.items():
            if tuple(lemmas[i : i + len(phrase)]) == phrase:
                if label not in found:
                    found.append(label)
                used.update(range(i, i + len(phrase)) if label == "sécurité économique" else ())
    return used


def _space_as_outer_space(toks: list[Token], i: int) -> bool:
    """ "espace" alone, not "l'espace Schengen", "espace euro-atlantique" or "espace aérien"."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt is None or not ("-" in hyphen_word(nxt) or nxt.text[:1].isupper() or nxt.pos_ == "ADJ")
