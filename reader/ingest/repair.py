"""Text that lost its line breaks, repaired before anyone reads it: a sentence's full stop glued to the next
sentence ("la crise.Les marchés", "(Inde).L'Inde") and a word glued to the capitalised word after it
("hierJean Castex", "franceinfoLe"), as scraped news often has them. A space goes back where the break was;
nothing else moves, and only letters and digits count in an article's id, so ids do not change.

Left alone: abbreviations and initials ("M.Dupont" is spaced, "U.S.A" is not touched: a capital must be
followed by a small letter), decimal numbers, web addresses, handles and hashtags ("@realDonaldTrump"),
and names that are written glued (`GLUED_NAMES`)."""

from __future__ import annotations

import re

# a full stop, ! ? or … right after a word, a closing bracket or quote, a per cent or a plus ("la Chiron Super
# Sport 300+.Après"), glued to a capitalised word
# (the stop matched first and the look-behinds reach over it: the search skips from stop to stop)
_SENTENCE = re.compile(r"([.!?…])(?<!www.)(?<=[^\W_][^\W_].|.[)\]»\"%+].)(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’])")
# a word in small letters glued to a capitalised one, not inside an address, a handle or a hashtag
# (its first letter matched before the look-behind: the search skips to small letters, and only a word's first
# letter passes the look-behind)
_WORD = re.compile(r"([a-zà-öø-ÿ](?<![@#/.\w'’-][a-zà-öø-ÿ])[a-zà-öø-ÿ]{2,})(?=([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+))")
GLUED_NAMES = frozenset({"easyJet", "easyCar", "easyHotel"})
# where _WORD can end: a small letter before a capitalised word (in one text in five; a search for it costs a
# third of _WORD's)
_GLUED = re.compile(r"[a-zà-öø-ÿ](?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")


def unglue(text: str) -> str:
    """The text with a space back at every lost line break."""
    text = _SENTENCE.sub(r"\1 ", text)
    return _WORD.sub(_split_word, text) if _GLUED.search(text) else text


def _split_word(m: re.Match[str]) -> str:
    return m.group(1) if m.group(1) + m.group(2) in GLUED_NAMES else m.group(1) + " "
