"""A query's matches and their scores for every article at once, in numpy arrays: the same BM25F scores
Whoosh gives, without its matchers' walk.

Whoosh scores a query by walking a tree of matchers article by article in Python (is_active, id, score,
next for every posting of every word): on 200,000 articles a common word's 50,000 postings cost 200–700 ms
to rank, even for the best 20. Here each word's postings are read a block at a time (the document numbers
and term weights Whoosh 2.7 keeps in each block), scored with BM25F as whole arrays (Whoosh's formula, its
idf, its average and quantised field lengths), and the query's AND, OR, AND NOT and OR-with-coordination
become array operations. The best few are then an `argpartition`. A query with a node this does not know
(a phrase, a fuzzy word, a range) is walked by Whoosh's matcher, its scores put in the arrays.

The scores are Whoosh's, term for term: `tests/test_vector.py` compares them, and the known-item ranking
(`eval/search/known_items.py`) is unchanged.
"""

from __future__ import annotations

import pickle
from collections import OrderedDict
from itertools import accumulate
from typing import Any

import numpy as np
from whoosh import formats, query, scoring
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length, length_to_byte

from reader.index import store
from reader.search.blocks import term_postings

LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
LENGTH_OF_BYTE[0] = 1.0  # (a document without the field has no posting in it: never read)


class Unsupported(Exception):
    """A query node scored here would not give Whoosh's score: let Whoosh run the query."""


Node = tuple[np.ndarray, np.ndarray]  # (matches: bool per document, scores: float64 per document)


class Vectors:
    """The array scorer of one searcher (a new searcher, a new one of these). Keeps each field's lengths
    and the postings of the words of the last queries (typing asks for the same words again)."""

    def __init__(self, searcher: Searcher, max_postings: int = 3_000_000) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.n = int(self.reader.doc_count_all())
        self.leaves = [(leaf, int(offset)) for leaf, offset in self.reader.leaf_readers()]
        weighting = searcher.weighting
        if type(weighting) is not scoring.BM25F:
            raise Unsupported("a weighting other than BM25F")
        self.weighting: scoring.BM25F = weighting
        self._lengths: dict[str, np.ndarray] = {}
        self._live: np.ndarray | None = None
        self._postings: OrderedDict[tuple[str, bytes], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._held = 0
        self.max_postings = max_postings

    # -- what a query runs on --
    def live(self) -> np.ndarray | None:
        """Documents not deleted (None: none is)."""
        if self._live is None and self.reader.has_deletions():
            live = np.zeros(self.n, dtype=bool)
            live[np.fromiter(self.reader.all_doc_ids(), dtype=np.int64)] = True
            self._live = live
        return self._live

    def lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length in a field as Whoosh's scorer reads it (one byte, quantised)."""
        found = self._lengths.get(fieldname)
        if found is None:
            parts = [_length_bytes(leaf, fieldname) for leaf, _offset in self.leaves]
            raw = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint8)
            found = self._lengths[fieldname] = LENGTH_OF_BYTE[raw]
        return found

    def postings(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, term weights) of a word, deleted documents included (masked later)."""
        key = (fieldname, btext)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        ids_parts: list[np.ndarray] = []
        weight_parts: list[np.ndarray] = []
        for leaf, offset in self.leaves:
            read = term_postings(leaf, fieldname, btext)
            if read is None:  # (a segment this does not read: Whoosh's matcher)
                try:
                    read = _blocks(leaf.postings(fieldname, btext))
                except TermNotFound:
                    continue
            ids, weights = read
            if not len(ids):
                continue
            ids_parts.append(ids + offset if offset else ids)
            weight_parts.append(weights)
        # (kept as 32 bits: a document number fits, and the weights were C floats on disk)
        if ids_parts:
            found = (np.concatenate(ids_parts).astype(np.int32), np.concatenate(weight_parts).astype(np.float32))
        else:
            found = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        self._postings[key] = found
        self._held += len(found[0])
        while self._held > self.max_postings and len(self._postings) > 1:
            _key, (dropped, _w) = self._postings.popitem(last=False)
            self._held -= len(dropped)
        return found

    # -- ranking --
    def ranked(
        self, base: query.Query, boosts: list[query.Query], allowed: set[int] | None, limit: int | None, pool: int
    ) -> tuple[int, list[tuple[float, int]]]:
        """(exact number of matches, the best `limit` (score, docnum); all with None) of a query without its
        boosts (`base`) and those boosts, the matches restricted to `allowed` (a date range). With a
        `limit`, the boosts are added to the best `pool` of `base` alone (those are the scores the whole
        query gives them); listing all, to every match."""
        mask, scores = self.run(base)
        if allowed is not None:
            keep = np.zeros(len(mask), dtype=bool)
            keep[np.fromiter(allowed, dtype=np.int64, count=len(allowed))] = True
            mask &= keep
        total = int(np.count_nonzero(mask))
        if not total:
            return 0, []
        if limit is not None and limit < total:
            top = best(mask, scores, max(limit, pool) if boosts else limit)
            if boosts:
                within = np.zeros(len(mask), dtype=bool)
                within[[docnum for _score, docnum in top]] = True
                top = best(within, self._with_boosts(scores, within, boosts), len(top))
            return total, top[:limit]
        return total, best(mask, self._with_boosts(scores, mask, boosts), total)

    def _with_boosts(self, scores: np.ndarray, within: np.ndarray, boosts: list[query.Query]) -> np.ndarray:
        """The scores of the documents `within`, with those of the boosts they have added (an OR of boosts
        adds up the parts that match): a word in the form typed, a constant; two words next to each other, a
        phrase whose positions are read for these documents only."""
        out = scores.copy()
        for boost in boosts:
            m, s = self.phrase(boost, within=within) if isinstance(boost, query.Phrase) else self.run(boost)
            out += np.where(m & within, s, 0.0)
        return out

    # -- scoring --
    def run(self, q: query.Query) -> Node:
        """(matches, scores) of q over every document; raises Unsupported for a node it does not know."""
        mask, scores = self._node(q)
        live = self.live()
        if live is not None:
            mask = mask & live
        return mask, scores

    def _node(self, q: query.Query) -> Node:
        if q is query.NullQuery:
            return self._none()
        if type(q) is query.Term:
            return self._term(q)
        if type(q) in (query.Prefix, query.Wildcard) and q.text not in ("", "*"):  # (those two: Every)
            return self._multiterm(q)
        if type(q) is query.Or or type(q).__name__ == "DefaultOr":
            return self._or(q)
        if type(q) is query.And:
            return self._and(q)
        # (binary queries: Whoosh applies no boost of theirs)
        if isinstance(q, query.AndMaybe):  # (rank.Boosted too: the boosts added, as Whoosh adds them)
            return self._andmaybe(q)
        if type(q) is query.Phrase:
            return self.phrase(q)
        if type(q) is query.Not:  # (Whoosh's InverseMatcher: every other document, scoring 1)
            m, _ = self._node(q.query)
            return ~m, np.where(m, 0.0, 1.0)
        if type(q) is query.ConstantScoreQuery:  # (as a boost is scored: outside a walk that needs it)
            m, _ = self._node(q.child)
            return m, np.where(m, q.score, 0.0)
        if type(q) is query.AndNot:
            a_mask, a_scores = self._node(q.a)
            b_mask, _ = self._node(q.b)
            mask = a_mask & ~b_mask
            return mask, np.where(mask, a_scores, 0.0)
        return self._walked(q)

    def phrase(self, q: query.Phrase, within: np.ndarray | None = None) -> Node:
        """Whoosh's phrase (a SpanNear2 of its words, in order, each 1 to `slop` positions after the one
        before; scored as the sum of its words' scores): the articles having every word are found in
        arrays, then the positions of those alone are read and checked. `within`: only these articles
        (a boost added to the best few)."""
        schema = self.searcher.schema
        if q.fieldname not in schema:
            return self._none()
        field = schema[q.fieldname]
        if len(q.words) < 2 or not field.format or not field.format.supports("positions"):
            return self._walked(q)
        try:
            words = [field.to_bytes(w) for w in q.words]
        except ValueError:
            return self._none()
        nodes = [self._term(query.Term(q.fieldname, w)) for w in q.words]
        mask = nodes[0][0].copy()
        for m, _ in nodes[1:]:
            mask &= m
        if within is not None:
            mask &= within
        live = self.live()
        if live is not None:
            mask &= live
        candidates = np.flatnonzero(mask)
        if not len(candidates):
            return self._none()
        positions = [self._positions(q.fieldname, w, candidates) for w in words]
        slop = q.slop
        found = [n for n in candidates.tolist() if _in_order([p.get(n, ()) for p in positions], slop)]
        out_mask, scores = self._none()
        if found:
            where = np.array(found, dtype=np.int64)
            out_mask[where] = True
            total = nodes[0][1][where].copy()
            for _, s in nodes[1:]:
                total += s[where]
            scores[where] = total * q.boost if q.boost != 1.0 else total
        return out_mask, scores

    def _positions(self, fieldname: str, btext: bytes, wanted: np.ndarray) -> dict[int, list[int]]:
        """The positions of a word in each of the `wanted` documents (sorted) that have it: only the blocks
        holding them are read, and only their postings decoded."""
        fmt = self.searcher.schema[fieldname].format
        decode = _decode_positions if type(fmt) is formats.Positions else fmt.decode_positions
        out: dict[int, list[int]] = {}
        for leaf, offset in self.leaves:
            count = int(leaf.doc_count_all())
            lo, hi = np.searchsorted(wanted, [offset, offset + count])
            if lo == hi:
                continue
            local = wanted[lo:hi] - offset
            try:
                matcher = leaf.postings(fieldname, btext)
            except TermNotFound:
                continue
            inner = matcher.child if type(matcher).__name__ == "FilterMatcher" else matcher
            if not all(hasattr(inner, a) for a in ("_read_data", "_read_values", "_next_block", "_maxid", "_atend")):
                for n in local.tolist():  # another posting format: Whoosh's own skipping
                    if not matcher.is_active():
                        break
                    matcher.skip_to(n)
                    if matcher.is_active() and matcher.id() == n:
                        out[n + offset] = list(matcher.value_as("positions"))
                continue
            k = 0
            while not inner._atend and k < len(local):
                if inner._maxid < local[k]:
                    inner._next_block()  # (no document wanted in this block: its data is not even read)
                    continue
                if inner._data is None:
                    inner._read_data()
                ids = np.array(inner._data[0], dtype=np.int64)
                if not inner._byteids:
                    ids = np.cumsum(ids)
                end = k + int(np.searchsorted(local[k:], ids[-1], side="right"))
                if end > k:
                    at = np.searchsorted(ids, local[k:end])
                    hit = ids[np.minimum(at, len(ids) - 1)] == local[k:end]
                    if hit.any():
                        inner._read_values()
                        values = inner._values
                        taken = at[hit].tolist()
                        if decode is _decode_positions:
                            decoded = _decode_many([values[j] for j in taken])
                        else:
                            decoded = [decode(values[j]) for j in taken]
                        for n, found in zip(local[k:end][hit].tolist(), decoded, strict=True):
                            out[n + offset] = found
                k = end
                inner._next_block()
        return out

    def _walked(self, q: query.Query) -> Node:
        """A node this module does not score (a phrase, a fuzzy word, a range): Whoosh walks its matcher,
        segment by segment, and its matches and scores are put in arrays. The score of a node does not depend
        on the rest of the query, so the sum is the one Whoosh makes."""
        mask, scores = self._none()
        context = self.searcher.context()
        ids: list[int] = []
        values: list[float] = []
        for sub, offset in self.searcher.leaf_searchers():
            m = q.matcher(sub, context)
            while m.is_active():
                ids.append(m.id() + offset)
                values.append(m.score())
                m.next()
        if ids:
            where = np.array(ids, dtype=np.int64)
            mask[where] = True
            scores[where] = values
        return mask, scores

    def _none(self) -> Node:
        return np.zeros(self.n, dtype=bool), np.zeros(self.n, dtype=np.float64)

    @staticmethod
    def _boosted(node: Node, boost: float) -> Node:
        return node if boost == 1.0 else (node[0], node[1] * boost)

    def _term(self, q: query.Term) -> Node:
        mask, scores = self._none()
        schema = self.searcher.schema
        if q.fieldname not in schema:
            return mask, scores
        field = schema[q.fieldname]
        try:
            btext = field.to_bytes(q.text)
        except ValueError:
            return mask, scores
        ids, weights32 = self.postings(q.fieldname, btext)
        weights = weights32.astype(np.float64)
        if not len(ids):
            return mask, scores
        mask[ids] = True
        scores[ids] = self._bm25(q.fieldname, btext, ids, weights, field.scorable) * q.boost
        return mask, scores

    def _bm25(self, fieldname: str, btext: bytes, ids: np.ndarray, weights: np.ndarray, scorable: bool) -> np.ndarray:
        """Whoosh's BM25F for one word, operation for operation (`scoring.bm25`)."""
        if not scorable:
            return weights.copy()  # (Whoosh's WeightScorer: the weight)
        w = self.weighting
        searcher = self.searcher
        idf = searcher.idf(fieldname, btext)
        avgfl = searcher.avg_field_length(fieldname) or 1
        B = w._field_B.get(fieldname, w.B)
        K1 = w.K1
        fl = self.lengths(fieldname)[ids]
        return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))

    def _multiterm(self, q: query.MultiTerm) -> Node:
        """A prefix or wildcard: an OR of the words it stands for (Whoosh scores each, whatever
        `constantscore` says: it falls back on the searcher's weighting)."""
        words = [query.Term(q.fieldname, word) for word in q._btexts(self.reader) if word]
        if not words:
            return self._none()
        if len(words) == 1:
            return self._node(words[0])
        return self._or(query.Or(words, boost=q.boost))

    def _and(self, q: query.And) -> Node:
        subs = q.subqueries
        if not subs:
            return self._none()
        mask, scores = self._node(subs[0])
        scores = scores.copy()
        for sub in subs[1:]:
            m, s = self._node(sub)
            mask = mask & m
            scores += s
        scores[~mask] = 0.0
        return self._boosted((mask, scores), q.boost if len(subs) > 1 else 1.0)

    def _andmaybe(self, q: query.AndMaybe) -> Node:
        a_mask, a_scores = self._node(q.a)
        b_mask, b_scores = self._node(q.b)
        return a_mask, np.where(a_mask & b_mask, a_scores + b_scores, a_scores)

    def _or(self, q: query.Or) -> Node:
        subs = q.subqueries
        if not subs:
            return self._none()
        if len(subs) == 1:
            return self._node(subs[0])
        mask = np.zeros(self.n, dtype=bool)
        scores = np.zeros(self.n, dtype=np.float64)
        for sub in subs:
            m, s = self._node(sub)
            mask |= m
            scores += s
        if q.boost != 1.0:
            scores *= q.boost
        scale = getattr(q, "scale", None)
        if scale:  # (Whoosh wraps the boosted sum)
            scores = self._coordinated(q, scores, mask, scale)
        return mask, scores

    def _coordinated(self, q: query.Or, scores: np.ndarray, mask: np.ndarray, scale: float) -> np.ndarray:
        """Whoosh's CoordMatcher over an OR: an article matching more of its words scores more. It counts
        the words in each segment's matcher tree (the words the segment has), so per segment here too."""
        matching = np.zeros(self.n, dtype=np.float64)
        for leaf_q in _term_leaves(q):
            m, _ = self._node(leaf_q)
            matching += m
        out = np.zeros(self.n, dtype=np.float64)
        for leaf, offset in self.leaves:
            count = leaf.doc_count_all()
            termcount = sum(1 for t in _term_leaves(q) if _in_leaf(leaf, t))
            if not termcount:
                out[offset : offset + count] = scores[offset : offset + count]  # (no CoordMatcher there)
                continue
            if termcount == scale:
                continue
            part = slice(offset, offset + count)
            out[part] = (scores[part] + ((matching[part] - 1) / (termcount - scale) ** 2)) * (
                (termcount - 1) / termcount
            )
        out[~mask] = 0.0
        return out


def best(mask: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[float, int]]:
    """The best `limit` (score, docnum) of the matches, as Whoosh's top collector orders them: score
    down, then document number up."""
    ids = np.flatnonzero(mask)
    if not len(ids):
        return []
    s = scores[ids]
    if len(ids) > limit:
        # every article scoring at least the limit-th best score, so that ties are cut by document number
        cut = np.partition(s, len(s) - limit)[len(s) - limit]
        keep = s >= cut
        ids, s = ids[keep], s[keep]
    order = np.lexsort((ids, -s))[:limit]
    return [(float(s[i]), int(ids[i])) for i in order]


def _decode_positions(value: bytes) -> list[int]:
    """`formats.Positions.decode_positions`, its running sum done in C."""
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(pickle.loads(value[_INT_SIZE:])))


def _decode_many(values: list[bytes]) -> list[list[int]]:
    """`_decode_positions` of several values in one unpickling: each value is a count and a whole pickle of
    its list of deltas, whose insides put together under one mark unpickle as a tuple of those lists."""
    if len(values) > 1 and all(v[_INT_SIZE : _INT_SIZE + 2] == b"\x80\x02" and v[-1:] == b"." for v in values):
        try:
            lists = pickle.loads(b"\x80\x02(" + b"".join([v[_INT_SIZE + 2 : -1] for v in values]) + b"t.")
        except Exception:
            lists = None
        if isinstance(lists, tuple) and len(lists) == len(values) and all(type(x) is list for x in lists):
            return [list(accumulate(x)) for x in lists]
    return [_decode_positions(v) for v in values]


def _in_order(positions: list[Any], slop: int, mindist: int = 1) -> bool:
    """Whoosh's SpanNear2 (ordered) on one document: each word at `mindist` to `slop` positions after the
    span of the words before it, spans chained from the first word's positions."""
    if len(positions) == 2:  # (most phrases: two words)
        after = set(positions[1])
        return any(a + d in after for a in positions[0] for d in range(mindist, slop + 1))
    spans = {(p, p) for p in positions[0]}
    for nxt in positions[1:]:
        if not spans:
            return False
        spans = {(start, b) for start, end in spans for b in nxt if mindist <= b - end <= slop}
    return bool(spans)


def _term_leaves(q: query.Query) -> list[query.Term]:
    """The words of a query tree, as Whoosh's `term_matchers` would find them (prefixes expanded)."""
    out: list[query.Term] = []
    if type(q) is query.Term:
        out.append(q)
    elif type(q) is query.Phrase:  # (its matcher's words: each counts, as the words of the phrase)
        out += [query.Term(q.fieldname, w) for w in q.words]
    elif type(q) is query.Or:  # (an AND or a NOT under it counts words the way its matcher walks: not here)
        for sub in q.subqueries:
            out += _term_leaves(sub)
    else:
        raise Unsupported(f"{type(q).__name__} under a coordinated OR")
    return out


def _in_leaf(leaf: Any, t: query.Term) -> bool:
    try:
        return (t.fieldname, leaf.schema[t.fieldname].to_bytes(t.text)) in leaf
    except (KeyError, ValueError):
        return False


def _blocks(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights) of a fresh leaf matcher, a block at a time (Whoosh 2.7's on-disk posting reader keeps
    each block's ids, delta-coded, and weights in a pickled tuple); any other matcher is walked."""
    inner = matcher
    if type(matcher).__name__ == "FilterMatcher":
        inner = matcher.child  # (deleted documents are masked by the caller)
    if not all(hasattr(inner, a) for a in ("_read_data", "_next_block", "_data", "_byteids", "_atend")):
        ids_list, weights_list = [], []
        while matcher.is_active():
            ids_list.append(matcher.id())
            weights_list.append(matcher.weight())
            matcher.next()
        return np.array(ids_list, dtype=np.int64), np.array(weights_list, dtype=np.float64)
    ids_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    while not inner._atend:
        if inner._data is None:
            inner._read_data()
        raw_ids, raw_weights = inner._data[0], inner._data[1]
        ids = np.array(raw_ids, dtype=np.int64)
        if not inner._byteids:
            ids = np.cumsum(ids)
        count = len(ids)
        if raw_weights is None:
            weights = np.ones(count, dtype=np.float64)
        elif isinstance(raw_weights, float):
            weights = np.full(count, raw_weights, dtype=np.float64)
        else:
            # (Whoosh hands the weights out of an array of C floats: the same rounding to 32 bits)
            weights = np.array(raw_weights, dtype=np.float32).astype(np.float64)
        if inner._i:
            ids, weights = ids[inner._i :], weights[inner._i :]
        ids_parts.append(ids)
        weight_parts.append(weights)
        inner._next_block()
    if not ids_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    return np.concatenate(ids_parts), np.concatenate(weight_parts)


def _length_bytes(leaf: Any, fieldname: str) -> np.ndarray:
    """A segment's field-length column (one byte a document), as stored."""
    count = int(leaf.doc_count_all())
    raw = store.held_lengths(leaf, fieldname)
    if raw is None:  # another layout: Whoosh's own lookups, one a document
        return np.array(
            [length_to_byte(leaf.doc_field_length(i, fieldname, 0) or 0) for i in range(count)], dtype=np.uint8
        )
    return np.frombuffer(raw, dtype=np.uint8)[:count]
