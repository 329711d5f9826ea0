"""The exact set of documents a query matches, without scoring them: how many hits there are, whatever the
number of hits ranked.

Whoosh counts by walking a matcher document by document in Python (is_active, id, next: three calls a
document, and an OR of words walks each of its parts alike). Here the postings of each word are read a
block at a time (an array of document numbers) and the query's AND, OR and NOT become set operations done in
C. Query nodes with nothing to gain (phrases, which need positions) are matched by Whoosh as before.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from whoosh import query
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher


class TermSets:
    """The documents of the words looked up last, for one searcher: a query typed a key at a time asks for
    the same words again ("Macron r", "Macron re"…), and a common word's postings are most of the cost."""

    def __init__(self, max_ids: int = 2_000_000) -> None:
        self.max_ids = max_ids
        self._searcher: Searcher | None = None
        self._sets: OrderedDict[tuple[str, str | bytes], frozenset[int]] = OrderedDict()
        self._size = 0

    def get(self, searcher: Searcher, key: tuple[str, str | bytes]) -> frozenset[int] | None:
        if searcher is not self._searcher:
            self._searcher, self._sets, self._size = searcher, OrderedDict(), 0
            return None
        found = self._sets.get(key)
        if found is not None:
            self._sets.move_to_end(key)
        return found

    def put(self, key: tuple[str, str | bytes], docs: frozenset[int]) -> None:
        self._sets[key] = docs
        self._size += len(docs)
        while self._size > self.max_ids and len(self._sets) > 1:
            _key, dropped = self._sets.popitem(last=False)
            self._size -= len(dropped)


def matching(searcher: Searcher, q: query.Query, cache: TermSets | None = None) -> set[int]:
    """The live documents `q` matches (document numbers of the searcher's reader); `cache` keeps the
    documents of the words looked up, for the next query on the same searcher."""
    return set(_Counter(searcher, cache).docs(q))


class _Counter:
    def __init__(self, searcher: Searcher, cache: TermSets | None = None) -> None:
        self.searcher = searcher
        self.reader: IndexReader = searcher.reader()
        self.cache = cache
        self._live: set[int] | None = None

    def live(self) -> set[int]:
        if self._live is None:
            self._live = set(self.reader.all_doc_ids())
        return self._live

    def docs(self, q: query.Query) -> AbstractSet[int]:
        if q is query.NullQuery:
            return set()
        if isinstance(q, query.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, query.Or | query.DisjunctionMax):
            out: set[int] = set()
            for sub in q.subqueries:
                out |= self.docs(sub)
            return out
        if isinstance(q, query.And):
            subs = sorted(q.subqueries, key=self._cost)  # (the rarest first: the sets shrink at once)
            found: AbstractSet[int] | None = None
            for sub in subs:
                part = self.docs(sub)
                found = part if found is None else found & part
                if not found:
                    return set()
            return found if found is not None else set()
        if isinstance(q, query.AndNot):
            found = self.docs(q.a)
            return found - self.docs(q.b) if found else found
        if isinstance(q, query.AndMaybe):
            return self.docs(q.a)
        if isinstance(q, query.Not):
            return self.live() - self.docs(q.query)
        if isinstance(q, query.ConstantScoreQuery):
            return self.docs(q.child)
        if isinstance(q, query.Every):
            return self.live() if not q.fieldname or q.fieldname == "*" else self._whoosh(q)
        if isinstance(q, query.MultiTerm) and not isinstance(q, query.FuzzyTerm):
            out = set()
            for text in q._btexts(self.reader):
                out |= self.term(q.fieldname, text)
            return out
        return self._whoosh(q)

    def term(self, fieldname: str, text: str | bytes) -> AbstractSet[int]:
        key = (fieldname, text)
        if self.cache is not None and (found := self.cache.get(self.searcher, key)) is not None:
            return found
        from reader.search.blocks import term_postings  # (numpy: not before a search needs it)

        out: set[int] = set()
        for leaf, offset in self.reader.leaf_readers():
            # (deletions: Whoosh's matcher leaves them out)
            fast = isinstance(text, bytes) and not leaf.has_deletions()
            read = term_postings(leaf, fieldname, text) if fast and isinstance(text, bytes) else None
            if read is not None:
                out.update((read[0] + offset).tolist() if offset else read[0].tolist())
                continue
            try:
                matcher = leaf.postings(fieldname, text)
            except TermNotFound:
                continue
            out.update(_ids(matcher, offset))
        docs = frozenset(out)
        if self.cache is not None:
            self.cache.put(key, docs)
        return docs

    def _whoosh(self, q: query.Query) -> set[int]:
        return set(q.docs(self.searcher))

    def _cost(self, q: query.Query) -> int:
        if isinstance(q, query.Term):
            try:
                return int(self.reader.doc_frequency(q.fieldname, q.text))
            except Exception:
                return 0
        return 1 << 62  # (anything else after the words)


def _ids(matcher, offset: int) -> Iterable[int]:  # type: ignore[no-untyped-def]
    """The document numbers of a fresh leaf matcher, a block at a time where the matcher allows (Whoosh 2.7's
    on-disk posting reader keeps each block's ids in an array); deleted documents left out."""
    excluded: frozenset[int] = frozenset()
    inner = matcher
    if type(matcher).__name__ == "FilterMatcher" and getattr(matcher, "_exclude", False):
        excluded, inner = frozenset(matcher._ids), matcher.child
    if not all(hasattr(inner, a) for a in ("_read_ids", "_next_block", "_i", "_ids", "_atend")):
        ids: Iterable[int] = matcher.all_ids()  # (another posting format: Whoosh's own walk)
        return [n + offset for n in ids] if offset else list(ids)
    found: list[int] = []
    while inner.is_active():
        if inner._ids is None:
            inner._read_ids()
        found.extend(inner._ids[inner._i :])
        inner._next_block()
    if excluded:
        found = [n for n in found if n not in excluded]
    return [n + offset for n in found] if offset else found
