"""Ranking boosts for queries in plain words: what matches stays what matched (the count is unchanged), but
an article that has the words as they were typed, and next to each other, ranks above one that shares only
their stems, scattered ("accord Chine" is about an accord before it is about "une interview accordée")."""

from __future__ import annotations

import math

from whoosh import query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from reader.index.schema import exact_analyzer, text_analyzer

EXACT_BOOST = 2.0  # a word in the form typed (the `exact` field): this many times the word's idf
PAIR_BOOST = 3.0  # two words of the query next to each other in the body (one word between allowed)
COMMON_EXACT = 0.1  # words in more than this share of the articles get no exact-form boost
MAX_PAIRS = 12  # pairs looked at in a long paste: the first ones
PAIR_BUDGET = 0.02  # articles whose positions the pairs may read, as a share of the index (the rarest first)


class Ranker:
    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self._exact = exact_analyzer()
        self._stems = text_analyzer()

    def boost(self, q: query.Query, words: str) -> query.Query:
        """q with the boosts of its plain words (the user's words in order, outside any operator)."""
        if not words or q is query.NullQuery:
            return q
        reader = self.reader
        boosts: list[query.Query] = []
        n = reader.doc_count_all()
        if "exact" in reader.schema:
            forms = dict.fromkeys(t.text for t in self._exact(words, mode="query"))
            # a constant per article (the word's rarity), not a frequency: an article that says "Londres" once
            # in its title stays above one that says it ten times in its body (the stemmed fields rank that)
            for f in forms:
                df = reader.doc_frequency("exact", f)
                if df and df <= COMMON_EXACT * n:  # (a word most articles have tells nothing, and costs)
                    boosts.append(query.ConstantScoreQuery(query.Term("exact", f), EXACT_BOOST * _idf(n, df)))
        stems = [t.text for t in self._stems(words, mode="query")]
        if len(stems) >= 2:
            df = {s: reader.doc_frequency("body", s) for s in set(stems)}
            # the rarest pairs first, within a budget of articles to read positions for: Whoosh checks a
            # phrase in pure Python, article by article (a question of common words took 2 s without it)
            pairs = sorted(
                {(a, b) for a, b in zip(stems, stems[1:], strict=False) if a != b and df[a] and df[b]},
                key=lambda p: min(df[p[0]], df[p[1]]),
            )
            budget, kept = max(PAIR_BUDGET * n, 200), []
            for a, b in pairs[:MAX_PAIRS]:
                budget -= min(df[a], df[b])
                if budget < 0:
                    break
                kept.append((a, b))
            boosts += [
                query.Phrase(field, [a, b], slop=2, boost=PAIR_BOOST) for a, b in kept for field in ("title", "body")
            ]
        if not boosts:
            return q
        return Boosted(q, query.Or(boosts))


class Boosted(query.AndMaybe):
    """A query (`a`) and the boosts of its plain words (`b`): matches what `a` matches, scored `a`'s score
    plus that of each boost the article has. Marked so that a search for the best few can rank `a` alone,
    pruned, and add the boosts to the best of it (`split`, `add_boosts`)."""


def split(q: query.Query) -> tuple[query.Query, list[query.Query]]:
    """(the query without its boosts, the boosts): at the top, or beside an actor or a date in an AND."""
    if isinstance(q, Boosted):
        return q.a, list(q.b.subqueries) if isinstance(q.b, query.Or) else [q.b]
    if isinstance(q, query.And):
        for i, sub in enumerate(q.subqueries):
            if isinstance(sub, Boosted):
                base, boosts = split(sub)
                return query.And([*q.subqueries[:i], base, *q.subqueries[i + 1 :]], boost=q.boost), boosts
    return q, []


def add_boosts(searcher: Searcher, top: list[tuple[float, int]], boosts: list[query.Query]) -> list[tuple[float, int]]:
    """`top` (score, docnum) with the score of each boost an article has added, best first: the score the
    whole query gives these articles (an OR of boosts adds up the parts that match), found by skipping
    through each boost's matches to these articles alone."""
    scores = {docnum: score for score, docnum in top}
    wanted = sorted(scores)
    context = searcher.context()
    for boost in boosts:
        matcher = boost.matcher(searcher, context)
        for docnum in wanted:
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
                if not matcher.is_active():
                    break
            if matcher.id() == docnum:
                scores[docnum] += matcher.score()
    return sorted(((score, docnum) for docnum, score in scores.items()), key=lambda p: (-p[0], p[1]))


def _idf(n: int, df: int) -> float:
    return math.log(n / (df + 1)) + 1  # Whoosh's, as BM25F uses it
