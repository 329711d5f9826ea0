"""Parsed queries made affordable: prefixes, wildcards and fuzzy terms stand for their most frequent words
(within a postings budget), a word being typed is one term of the titles' edge n-grams, and a question in
plain words drops the words most articles have. One Rewriter per open index (it caches the lexicons)."""

from __future__ import annotations

import heapq
import re
import struct
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from whoosh import query
from whoosh.analysis import Analyzer
from whoosh.reading import IndexReader

from reader.index.schema import PREFIX_MAX, fold_prefix
from reader.search.parse import TEXT_FIELDS

MAX_EXPANSION = 64  # terms a prefix or wildcard may stand for: the most frequent ones
MAX_SCAN = 20_000  # lexicon entries a pattern may look at
MAX_PATTERN_WORDS = 5_000  # words a leading wildcard may match before the most frequent are chosen
# While a word is being typed (live): its prefix is one term of the title's edge n-grams; in the bodies it
# stands for its few most frequent words only, and only from LIVE_BODY_MIN characters on.
LIVE_BODY_MIN = 4
LIVE_EXPANSION = 4
COMMON_SHARE = 0.2  # natural-language queries on COMMON_MIN_DOCS+ articles ignore words in 20% of them
COMMON_MIN_DOCS = 2000
KEPT_PREFIXES = 256  # expansions kept for the searcher open
POSTINGS_BUDGET = 1  # an expansion reads at most this many postings per article in the index (~0.3 s)


class Rewriter:
    def __init__(self, reader: IndexReader, analyzer: Analyzer) -> None:
        self.reader = reader
        self.analyzer = analyzer
        self._lexicons: dict[str, str] = {}  # field → its words, one per line (leading wildcards)
        # a prefix's expansions: the search and the snippets of the same keystroke expand it alike, and
        # reading them walks the lexicon (~20 ms for a short prefix at 200,000 articles)
        self._prefixes: dict[tuple[str, str, int], tuple[list[bytes], bool]] = {}

    def _top_prefix_terms(self, fieldname: str, prefix: str, cap: int) -> tuple[list[bytes], bool]:
        key = (fieldname, prefix, cap)
        found = self._prefixes.get(key)
        if found is None:
            if len(self._prefixes) >= KEPT_PREFIXES:
                self._prefixes.clear()
            found = self._prefixes[key] = top_prefix_terms(self.reader, fieldname, prefix, cap)
        return list(found[0]), found[1]

    def bound(self, q: query.Query, live: bool = False, typed: str = "") -> tuple[query.Query, str | None]:
        """Replace prefixes, wildcards and fuzzy terms by their most frequent expansions."""
        notes: list[str] = []

        def fix(node: query.Query) -> query.Query:
            if isinstance(node, query.Every) or (isinstance(node, query.Wildcard) and not node.text.strip("*?")):
                # `*` is every article. Whoosh's Every on a field is the union of all the field's words'
                # postings (84 s on 33,847 articles); without a field it is the list of documents.
                return query.Every(boost=node.boost)
            if isinstance(node, query.MultiTerm):
                return self._expand(node, live, typed, notes.append)
            if node.is_leaf():
                return node
            return node.apply(fix)

        return fix(q), ("; ".join(notes) or None)

    def _expand(self, node: query.MultiTerm, live: bool, typed: str, note: Callable[[str], None]) -> query.Query:
        reader, fieldname = self.reader, node.fieldname
        if fieldname not in reader.schema:
            return query.NullQuery
        extra: list[query.Term] = []
        if isinstance(node, query.Prefix):
            if live and fieldname == "title" and "title_prefix" in reader.schema:
                folded = fold_prefix(node.text)
                if 0 < len(folded) <= PREFIX_MAX:
                    return query.Term("title_prefix", folded, boost=node.boost)
            cap = MAX_EXPANSION
            if live and fieldname == "body":
                # (the parser stems a prefix: "Hegs*" arrives as "heg*"; the rule is on what was typed)
                if len(typed or node.text) < LIVE_BODY_MIN:
                    return query.NullQuery
                cap = LIVE_EXPANSION
                # the whole word typed so far, stemmed as the index stems it ("retraites" → retrait)
                extra = [
                    query.Term(fieldname, t.text, boost=node.boost) for t in self.analyzer(node.text, mode="query")
                ]
            btexts, limited = self._top_prefix_terms(fieldname, node.text, cap)
        else:
            if isinstance(node, query.Wildcard) and node.text[:1] in "*?":
                found = self.lexicon_matches(fieldname, node.text)
            else:
                found = list(islice(node._btexts(reader), MAX_SCAN))  # Whoosh has no public way to list them
            limited = len(found) > MAX_EXPANSION
            btexts = heapq.nlargest(MAX_EXPANSION, found, key=lambda b: reader.doc_frequency(fieldname, b))
        if not live:
            kept = within_budget(reader, fieldname, btexts)
            if limited or len(kept) < len(btexts):
                note(f"{node} limited to its {len(kept)} most frequent words")
            btexts = kept
        field_ = reader.schema[fieldname]
        terms = [query.Term(fieldname, field_.from_bytes(b), boost=node.boost) for b in btexts]
        terms += [t for t in extra if t.text.encode("utf-8") not in btexts]
        return query.Or(terms) if terms else query.NullQuery

    def lexicon_matches(self, fieldname: str, pattern: str) -> list[bytes]:
        """Words of a field matching a wildcard that starts with one (`*tion`): Whoosh would walk the whole
        lexicon in Python for each query (2.4 s on 33,847 articles); the lexicon is joined into one string
        once per open index and searched with a regular expression (tens of ms)."""
        words = self._lexicons.get(fieldname)
        if words is None:
            words = self._lexicons[fieldname] = "\n".join(
                t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t) for t in self.reader.lexicon(fieldname)
            )
        regex = "".join("[^\n]*" if c == "*" else "[^\n]" if c == "?" else re.escape(c) for c in pattern)
        found = re.finditer(f"^{regex}$", words, re.MULTILINE)
        return [m.group().encode("utf-8") for m in islice(found, MAX_PATTERN_WORDS)]

    def drop_common(self, q: query.Query) -> query.Query:
        """A question in plain words: words found in more than COMMON_SHARE of a large corpus add little
        to the ranking and most of the cost ("annoncé", "nouvelles"); they go while rarer ones remain."""
        reader = self.reader
        n = reader.doc_count()
        if n < COMMON_MIN_DOCS or not isinstance(q, query.Or):
            return q
        common = [
            c
            for c in q.subqueries
            if isinstance(c, query.Term)
            and c.fieldname in TEXT_FIELDS
            and reader.doc_frequency(c.fieldname, c.text) > COMMON_SHARE * n
        ]
        words = {c.text for c in q.subqueries if isinstance(c, query.Term)}
        if len(words - {c.text for c in common}) < 2:
            return q
        return query.Or(
            [c for c in q.subqueries if not any(c is d for d in common)], boost=q.boost, scale=getattr(q, "scale", None)
        )


def top_prefix_terms(reader: IndexReader, fieldname: str, prefix: str, cap: int) -> tuple[list[bytes], bool]:
    """The `cap` most frequent terms of a field that start with prefix, read with their document
    frequencies in one pass over each segment's lexicon; (terms, whether some were left out)."""
    freqs: dict[bytes, int] = {}
    for leaf, _ in reader.leaf_readers():
        if fieldname not in leaf.schema:
            continue
        walked = _prefix_frequencies(leaf, fieldname, prefix)
        if walked is None:  # (a segment this does not read: Whoosh's walk, a term info decoded an entry)
            walked = ((btext, info.doc_frequency()) for btext, info in leaf.iter_prefix(fieldname, prefix))
        for btext, df in islice(walked, MAX_SCAN):
            freqs[btext] = freqs.get(btext, 0) + df
    if len(freqs) <= cap:
        return sorted(freqs), False
    return heapq.nlargest(cap, freqs, key=freqs.__getitem__), True


def within_budget(reader: IndexReader, fieldname: str, btexts: list[bytes]) -> list[bytes]:
    """The most frequent of the expansions whose postings together stay within POSTINGS_BUDGET × articles:
    `a*` would otherwise score 64 of the commonest words (3 s on 33,847 articles). The first is always kept."""
    budget = max(POSTINGS_BUDGET * reader.doc_count_all(), 20_000)  # small corpora: no reason to cut
    ranked = sorted(((reader.doc_frequency(fieldname, b), b) for b in btexts), reverse=True)
    kept: list[bytes] = []
    total = 0
    for df, b in ranked:
        total += df
        if kept and total > budget:
            break
        kept.append(b)
    return kept


_ENTRY = struct.Struct("!ii")  # an entry of Whoosh's ordered term index: key length, value length
_DF = struct.Struct("!I")  # a term info's document frequency, after its flags (1 byte) and weight (4)
_CHUNK = 1 << 16


def _prefix_frequencies(leaf: Any, fieldname: str, prefix: str) -> Iterator[tuple[bytes, int]] | None:
    """(term, document frequency) of a segment's terms that start with `prefix`, read from its term index a
    chunk at a time: Whoosh's walk makes three reads and a term info object an entry (a short prefix in
    a big index has thousands). None for a segment stored otherwise."""
    terms: Any = getattr(leaf, "_terms", None)
    if terms is None or type(terms).__name__ != "W3TermsReader":
        return None
    tindex = getattr(terms, "_tindex", None)
    if tindex is None or not hasattr(tindex, "closest_key_pos") or not hasattr(tindex, "endofdata"):
        return None
    key = terms._keycoder(fieldname, prefix.encode("utf-8"))
    return _walk_entries(tindex, key, len(key) - len(prefix.encode("utf-8")))


def _walk_entries(tindex: Any, key: bytes, field_bytes: int) -> Iterator[tuple[bytes, int]]:
    pos = tindex.closest_key_pos(key)
    if pos is None:
        return
    end_of_data = tindex.endofdata
    dbfile = tindex.dbfile
    head = _ENTRY.size
    while pos < end_of_data:
        buf = dbfile.get(pos, min(max(_CHUNK, head), end_of_data - pos))
        at = 0
        while at + head <= len(buf):
            keylen, datalen = _ENTRY.unpack_from(buf, at)
            stop = at + head + keylen + datalen
            if stop > len(buf):
                if at:
                    break  # (the rest of this entry is in the next chunk)
                buf = dbfile.get(pos, min(stop, end_of_data - pos))  # (one entry longer than a chunk)
                if stop > len(buf):
                    return
            found = buf[at + head : at + head + keylen]
            if not found.startswith(key):
                return
            yield found[field_bytes:], _DF.unpack_from(buf, at + head + keylen + 5)[0]
            at = stop
        if at == 0:
            return
        pos += at
