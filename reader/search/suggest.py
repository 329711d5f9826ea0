"""Did-you-mean: a word the index does not know is replaced by the most frequent known word a letter or two
away; a word the index knows is never touched.

Words are compared as the index keeps them (stemmed, accents folded) across titles and bodies, so a name
found only in bodies ("Castaner") is a suggestion too; the word shown is one the articles use, read back
from an article that has it.
"""

from __future__ import annotations

import re

from whoosh.analysis import Analyzer
from whoosh.query import Or, Query, Term
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from reader.index.schema import PREFIX_MAX, fold_word
from reader.search.parse import TEXT_FIELDS, USER_FIELDS
from reader.text.normalize import WORD

MAX_DISTANCE = 2
CANDIDATES = 5  # title words and body terms near a word that are read back as words (each reads an article)
SCAN = 5_000  # characters of an article looked through for a word
_WORDS = re.compile(WORD)
# what is not a word to correct: operators, a field and its value, wildcards, phrases
_SKIP = re.compile(
    r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|\b(?:" + "|".join(USER_FIELDS) + r"):\S*|\S*\w[*?]\S*|\"[^\"]*\""
)


class Speller:
    def __init__(self, searcher: Searcher, analyzer: Analyzer) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.analyzer = analyzer

    def suggest(self, text: str) -> str | None:
        """The text with its unknown words corrected, or None when nothing was changed."""
        skipped = [m.span() for m in _SKIP.finditer(text)]
        out, pos, changed = [], 0, False
        for m in _WORDS.finditer(text):
            if any(a <= m.start() < b for a, b in skipped):
                continue
            better = self._correct(m.group())
            if better is not None:
                out.append(text[pos : m.start()] + better)
                pos, changed = m.end(), True
        out.append(text[pos:])
        return "".join(out) if changed else None

    def _correct(self, word: str) -> str | None:
        terms = [t.text for t in self.analyzer(word, mode="query")]
        if len(terms) != 1:
            return None  # a stop word, or a word the analyzer splits
        if self._df(terms[0]):
            return None  # known: never rewritten
        candidates = self._candidates(word.lower(), terms[0])
        if not candidates:
            return None
        shown = min(candidates)[2]
        return shown[:1].upper() + shown[1:] if word[:1].isupper() else shown.lower()

    def _df(self, term: str) -> int:
        return int(sum(self.reader.doc_frequency(f, term) for f in TEXT_FIELDS))

    def _candidates(self, lowered: str, term: str) -> list[tuple[int, int, str, str]]:
        """(edits from the word typed, -articles, the word folded, its term): the titles' own words (kept
        unfolded-unstemmed for spelling), and the bodies' most frequent terms near the word's; each read back
        from an article as the word it stands for."""
        folded = fold_word(lowered)
        spelling = self.reader.schema["title"].spelling_fieldname("title")
        near_words = [
            (self.reader.doc_frequency(spelling, w), w)
            for w in set(self.reader.terms_within(spelling, folded, MAX_DISTANCE, prefix=1))
        ]
        near_terms = [(self._df(t), t) for t in self.reader.terms_within("body", term, MAX_DISTANCE, prefix=2)]
        out = []
        # (a title word is found again through the titles' edge n-grams: the spelling field is not searchable)
        for query_ in [
            Term("title_prefix", w[:PREFIX_MAX]) for _, w in sorted(near_words, reverse=True)[:CANDIDATES]
        ] + [Or([Term(f, t) for f in TEXT_FIELDS]) for _, t in sorted(near_terms, reverse=True)[:CANDIDATES]]:
            for word in self._words_of(query_, folded):
                stems = [t.text for t in self.analyzer(word, mode="query")]
                edits = distance(fold_word(word), folded)
                if len(stems) == 1 and edits <= MAX_DISTANCE:
                    out.append((edits, -self._df(stems[0]), word, stems[0]))
        return out

    def _words_of(self, q: Query, folded: str) -> list[str]:
        """The words of the first article matching q that are at most MAX_DISTANCE from `folded`."""
        for hit in self.searcher.search(q, limit=1):
            fields = hit.fields()
            text = fields.get("title", "") + " " + fields.get("body", "")[:SCAN]
            words = {m.group() for m in _WORDS.finditer(text) if abs(len(m.group()) - len(folded)) <= MAX_DISTANCE}
            return [w for w in words if distance(fold_word(w), folded) <= MAX_DISTANCE]
        return []
