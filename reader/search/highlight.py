"""Where a query matched: character spans of the matching words in a text (the same analysis as the index,
without running it on every word), and snippets around the densest run of matches."""

from __future__ import annotations

import re

from whoosh.analysis import Analyzer

from reader.index.schema import fold_word
from reader.text.normalize import WORD

_TOKEN = re.compile(WORD)  # the index's tokenizer: snippets find words without running the analyzer
_MISSING = object()
Snippet = tuple[tuple[str, bool], ...]  # (text, is_match) segments
# A snippet is looked for in the first SNIPPET_SCAN characters: a search must not pay for a 50 MB article
# (every word of it analysed) each time it is a hit. News articles are a few thousand characters.
SNIPPET_SCAN = 100_000


class Highlighter:
    """Keeps each word's analysed term (one analysis per distinct word for the life of the index)."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self._word_terms: dict[str, object] = {}
        self._heads: dict[str, str] = {}  # a word's first two letters folded (most words are never analysed)

    def spans(self, text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
        """Character spans in text of the words whose analysed term is one of `terms`."""
        if not terms:
            return []
        # A word new to the cache is analysed only if it starts like a query term: the French stemmer keeps
        # the first two letters, so the others cannot match (and stemming them would cost ~0.1 ms each).
        known, heads_of = self._word_terms, self._heads
        heads = {t[:2] for t in terms}
        spans = []
        for m in _TOKEN.finditer(text):
            word = m.group()
            term = known.get(word, _MISSING)
            if term is _MISSING:
                head = heads_of.get(word)
                if head is None:
                    if len(heads_of) > 500_000:
                        heads_of.clear()
                    head = heads_of[word] = fold_word(word[:2])[:2]
                if len(head) >= 2 and head not in heads:
                    continue
                term = self._word_term(word)
            if term in terms:
                spans.append(m.span())
        return spans

    def _word_term(self, word: str) -> str | None:
        if len(self._word_terms) > 500_000:
            self._word_terms.clear()
        found = [t.text for t in self.analyzer(word, mode="query")]
        term = found[0] if len(found) == 1 else None
        self._word_terms[word] = term
        return term

    def snippet(self, body: str, terms: frozenset[str], width: int = 220) -> Snippet:
        """About `width` characters of body around the window holding the most matches."""
        spans = self.spans(body[:SNIPPET_SCAN], terms)
        if not spans:
            text = " ".join(body[:width].split())
            return ((text + ("…" if len(body) > width else ""), False),)
        best, best_count, j = 0, 0, 0
        for i, (start, _) in enumerate(spans):
            while spans[j][0] < start - width + 40:
                j += 1
            if i - j + 1 > best_count:
                best, best_count = j, i - j + 1
        start = max(0, spans[best][0] - min(60, width // 3))  # (a narrow line still shows the match)
        start = body.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(body), start + width)
        out: list[tuple[str, bool]] = [("…", False)] if start else []
        pos = start
        for a, b in spans:
            if a < start or b > end:
                continue
            out.append((body[pos:a], False))
            out.append((body[a:b], True))
            pos = b
        out.append((body[pos:end] + ("…" if end < len(body) else ""), False))
        return tuple((" ".join(t.split("\n")).replace("  ", " "), m) for t, m in out if t)
