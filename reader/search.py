"""Search service: queries to ranked hits, snippets, match spans, browsing, facets and suggestions.

One service per open index, shared by the CLI and the app. It keeps one searcher (a searcher per query
costs several times more) and reopens it when the index on disk has moved on.
"""

from __future__ import annotations

import bisect
import heapq
import json
import re
import threading
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import qparser, query
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.support.charset import accent_map

from reader import paths
from reader.boilerplate import fold

if TYPE_CHECKING:
    from reader.enrich import Agreement
from reader.index import IndexError_, open_searcher, pending_count
from reader.schema import _WORD, PREFIX_MAX, fold_prefix, text_analyzer
from reader.textclean import clean_inline

TEXT_FIELDS = ("title", "body")
NAME_FIELDS = ("actor", "person", "place", "org", "agreement", "topic")
MAX_EXPANSION = 64  # terms a prefix or wildcard may stand for: the most frequent ones
MAX_SCAN = 20_000  # lexicon entries a pattern may look at
MAX_PATTERN_WORDS = 5_000  # words a leading wildcard may match before the most frequent are chosen
LONG_QUERY_WORDS = 7  # past this, a plain query is treated as natural language (any word may match)
# While a word is being typed (live): its prefix is one term of the title's edge n-grams; in the bodies it
# stands for its few most frequent words only, and only from LIVE_BODY_MIN characters on.
LIVE_BODY_MIN = 4
LIVE_EXPANSION = 4
COMMON_SHARE = 0.2  # natural-language queries on COMMON_MIN_DOCS+ articles ignore words in 20% of them
COMMON_MIN_DOCS = 2000
_TOKEN = re.compile(_WORD)  # the index's tokenizer: snippets find words without running the analyzer
_MISSING = object()


class QueryError(ValueError):
    """A query that cannot be run; the message is meant for the user."""


@dataclass(frozen=True)
class Row:
    """What the list shows for one article."""

    docnum: int
    id: str
    path: str
    title: str
    date: str | None
    top_actors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    row: Row
    score: float
    snippet: tuple[tuple[str, bool], ...] = ()  # (text, is_match) segments


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    note: str | None = None  # e.g. "prefix re* limited to its 64 most frequent words"
    docnums: list[int] = field(default_factory=list)  # the ranked documents returned, best first


@dataclass(frozen=True)
class Document:
    row: Row
    language: str
    body: str
    enrichment: dict  # Enrichment.to_json() shape, {} while not extracted yet
    enriched: bool


def _date_str(value) -> str | None:
    return value.date().isoformat() if value else None


def _row(docnum: int, stored: dict) -> Row:
    return Row(docnum, stored["id"], stored["path"], stored["title"], _date_str(stored.get("date")),
               tuple(stored.get("top_actors") or ()))


class SearchService:
    def __init__(self, corpus: Path):
        self.corpus = Path(corpus)
        self.ixdir = paths.index_dir(self.corpus)
        self._lock = threading.RLock()
        self._folder = _folder_id(self.ixdir)
        self.ix, self._searcher = open_searcher(self.ixdir)
        self._analyzer = text_analyzer()
        self._word_terms: dict[str, str | None] = {}
        self._parsers = {}
        self._by_date: list[int] | None = None
        self._dates: tuple[list[int], list[int]] | None = None
        self._lexicons: dict[str, str] = {}  # field → its words, one per line (leading wildcards)

    # -- lifecycle --
    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    def refresh(self) -> bool:
        """Pick up a newer index generation (another process indexed). True if anything changed.

        The index is opened afresh, not with Whoosh's `Searcher.refresh()`: that one reuses the reader of
        every segment it already had, deletions included, so articles replaced in an existing segment
        (actor extraction replaces every article) showed twice, old and new. Opening costs a few ms."""
        with self._lock:
            try:
                if self._searcher.up_to_date() and _folder_id(self.ixdir) == self._folder:
                    return False  # (a rebuild swaps in a new folder whose generation may be the same)
                folder = _folder_id(self.ixdir)
                ix, fresh = open_searcher(self.ixdir)
            except Exception as exc:  # a damaged or vanished index: keep serving the old searcher
                raise IndexError_(f"cannot reopen the index: {exc}") from exc
            old, self.ix, self._searcher, self._folder = self._searcher, ix, fresh, folder
            old.close()
            self._by_date = None
            self._dates = None
            self._lexicons = {}
            return True

    def pending(self) -> int:
        """Articles still waiting for actor extraction, counted on this service's searcher (no reopen)."""
        with self._lock:
            return pending_count(self.ix, self._searcher)

    @property
    def doc_count(self) -> int:
        with self._lock:
            return self._searcher.doc_count()

    # -- rows and documents --
    def row(self, docnum: int) -> Row:
        with self._lock:
            f = self._searcher.stored_fields(docnum)
        return _row(docnum, f)

    def browse(self) -> list[int]:
        """Every live document, newest first (undated last), as document numbers."""
        with self._lock:
            if self._by_date is None:
                r = self._searcher.reader()
                # whole columns as lists: one pass each, not a column lookup per comparison
                dates = _column(r, "date", translate=False)  # raw numbers; missing = 2**64-1
                paths_ = _column(r, "path")
                live = list(r.all_doc_ids()) if r.has_deletions() else range(r.doc_count_all())
                missing = 2**64 - 1
                # newest first; undated ones last, by path so the order is stable
                dated = sorted((n for n in live if dates[n] != missing), key=lambda n: (dates[n], paths_[n]),
                               reverse=True)
                undated = sorted((n for n in live if dates[n] == missing), key=lambda n: paths_[n])
                self._by_date = dated + undated
            return self._by_date

    def _date_filter(self, q: query.Query) -> tuple[query.Query, set[int] | None]:
        """`date:[2019 to 2020] grève`: the date range becomes a set of documents read from the date column
        (sorted once per searcher), not a union of Whoosh's numeric range terms (300 ms on 30,000 articles).
        Same documents; dates never scored anyway (ranges are constant-score)."""
        if not isinstance(q, query.And):
            return q, None
        ranges = [c for c in q.subqueries if isinstance(c, query.NumericRange) and c.fieldname == "date"]
        rest = [c for c in q.subqueries if not any(c is r for r in ranges)]
        if not ranges or not rest:
            return q, None
        if self._dates is None:
            r = self._searcher.reader()
            column = _column(r, "date", translate=False)  # raw numbers; missing = 2**64-1
            live = r.all_doc_ids() if r.has_deletions() else range(len(column))
            pairs = sorted((column[n], n) for n in live)
            self._dates = ([v for v, _ in pairs], [n for _, n in pairs])
        values, docnums = self._dates
        allowed: set[int] | None = None
        for node in ranges:
            lo = 0 if node.start is None else (bisect.bisect_right if node.startexcl else bisect.bisect_left)(
                values, node.start)
            hi = bisect.bisect_left(values, 2**64 - 1) if node.end is None else (
                bisect.bisect_left if node.endexcl else bisect.bisect_right)(values, node.end)
            found = set(docnums[lo:hi])
            allowed = found if allowed is None else allowed & found
        return (rest[0] if len(rest) == 1 else query.And(rest, boost=q.boost)), allowed

    def docnum(self, article_id: str) -> int | None:
        with self._lock:
            return self._searcher.document_number(id=article_id)

    def document(self, docnum: int) -> Document:
        with self._lock:
            f = self._searcher.stored_fields(docnum)
        row = _row(docnum, f)
        enrichment = json.loads(f["enrichment"]) if f.get("enrichment") else {}
        return Document(row, f.get("language", ""), f["body"], enrichment, bool(f.get("enriched")))

    # -- queries --
    def _parser(self, natural: bool) -> qparser.QueryParser:
        if natural not in self._parsers:
            group = qparser.OrGroup.factory(0.9) if natural else qparser.AndGroup
            p = qparser.MultifieldParser(list(TEXT_FIELDS), self.ix.schema, group=group)
            p.add_plugin(DateParserPlugin(free=False, callback=_bad_date))
            p.add_plugin(qparser.FieldAliasPlugin({"org": ["organisation", "organization"],
                                                   "agreement": ["party", "accord"], "actor": ["acteur"]}))
            p.add_plugin(qparser.GtLtPlugin())
            self._parsers[natural] = p
        return self._parsers[natural]

    def parse(self, text: str, live: bool = False) -> tuple[query.Query, str | None]:
        """Parse a user query; raises QueryError. `live` treats the last word as a prefix (typing)."""
        text = clean_inline(text)
        if not text:
            raise QueryError("empty query")
        if live and re.search(r"(?<![\w*?:\"\]\)])\w{2,}$", text) and not text.endswith('"'):
            text += "*"
        _check_balanced(text)
        # Whoosh reads date:2025-04-09 as a date only inside a range; compact it so it parses alone too.
        text = _compact_dates(text)
        words = re.findall(r"\w+", text)
        operators = re.search(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b|[\":()\[\]*?+]", text)
        natural = len(words) >= LONG_QUERY_WORDS and not operators
        try:
            q = self._parser(natural).parse(text)
        except QueryError:
            raise
        except Exception as exc:  # the parser raises on some malformed input
            raise QueryError(f"cannot parse query: {exc}") from exc
        if q is query.NullQuery and not words:
            raise QueryError(f"nothing to search for in {text!r}")
        with self._lock:
            typed = re.search(r"(\w+)\*$", text) if live else None  # the word being typed, unstemmed
            q, note = self._bound(q, self._searcher.reader(), live=live, typed=typed.group(1) if typed else "")
            if natural:
                q = self._drop_common(q, self._searcher.reader())
        return q, note

    @staticmethod
    def _drop_common(q: query.Query, reader) -> query.Query:
        """A question in plain words: words found in more than COMMON_SHARE of a large corpus add little
        to the ranking and most of the cost ("annoncé", "nouvelles"); they go while rarer ones remain."""
        n = reader.doc_count()
        if n < COMMON_MIN_DOCS or not isinstance(q, query.Or):
            return q
        common = [c for c in q.subqueries if isinstance(c, query.Term) and c.fieldname in TEXT_FIELDS
                  and reader.doc_frequency(c.fieldname, c.text) > COMMON_SHARE * n]
        words = {c.text for c in q.subqueries if isinstance(c, query.Term)}
        if len(words - {c.text for c in common}) < 2:
            return q
        return query.Or([c for c in q.subqueries if not any(c is d for d in common)], boost=q.boost,
                        scale=getattr(q, "scale", None))

    def _bound(self, q: query.Query, reader, live: bool = False,
               typed: str = "") -> tuple[query.Query, str | None]:
        """Replace prefixes, wildcards and fuzzy terms by their most frequent expansions."""
        notes: list[str] = []

        def fix(node):
            if isinstance(node, query.Every) or (isinstance(node, query.Wildcard) and not node.text.strip("*?")):
                # `*` is every article. Whoosh's Every on a field is the union of all the field's words'
                # postings (84 s on 33,847 articles); without a field it is the list of documents.
                return query.Every(boost=node.boost)
            if isinstance(node, query.MultiTerm):
                fieldname = node.fieldname
                if fieldname not in reader.schema:
                    return query.NullQuery
                extra: list[query.Query] = []
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
                        extra = [query.Term(fieldname, t.text, boost=node.boost)
                                 for t in self._analyzer(node.text, mode="query")]
                    btexts, limited = _top_prefix_terms(reader, fieldname, node.text, cap)
                else:
                    if isinstance(node, query.Wildcard) and node.text[:1] in "*?":
                        found = self._lexicon_matches(reader, fieldname, node.text)
                    else:
                        found = list(islice(node._btexts(reader), MAX_SCAN))
                    limited = len(found) > MAX_EXPANSION
                    btexts = heapq.nlargest(MAX_EXPANSION, found, key=lambda b: reader.doc_frequency(fieldname, b))
                if not live:
                    kept = _within_budget(reader, fieldname, btexts)
                    if limited or len(kept) < len(btexts):
                        notes.append(f"{node} limited to its {len(kept)} most frequent words")
                    btexts = kept
                field_ = reader.schema[fieldname]
                terms = [query.Term(fieldname, field_.from_bytes(b), boost=node.boost) for b in btexts]
                terms += [t for t in extra if t.text.encode("utf-8") not in btexts]
                return query.Or(terms) if terms else query.NullQuery
            if node.is_leaf():
                return node
            return node.apply(fix)

        return fix(q), ("; ".join(notes) or None)

    def _lexicon_matches(self, reader, fieldname: str, pattern: str) -> list[bytes]:
        """Words of a field matching a wildcard that starts with one (`*tion`): Whoosh would walk the whole
        lexicon in Python for each query (2.4 s on 33,847 articles); the lexicon is joined into one string
        once per open index and searched with a regular expression (tens of ms)."""
        words = self._lexicons.get(fieldname)
        if words is None:
            words = self._lexicons[fieldname] = "\n".join(
                t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t) for t in reader.lexicon(fieldname))
        regex = "".join("[^\n]*" if c == "*" else "[^\n]" if c == "?" else re.escape(c) for c in pattern)
        found = re.finditer(f"^{regex}$", words, re.MULTILINE)
        return [m.group().encode("utf-8") for m in islice(found, MAX_PATTERN_WORDS)]

    def _run(self, q: query.Query, limit: int | None):
        """Whoosh results for a parsed query (call with the lock held)."""
        scored_q, allowed = self._date_filter(q)
        # optimize=False: no block-quality skipping, so every match is seen and the count is exact.
        # Measured on 33,847 articles, skipping saved nothing (few blocks per term) while counting
        # afterwards ran the query a second time (twice the time of a search).
        return self._searcher.search(scored_q, limit=limit, terms=False, filter=allowed, optimize=False)

    def _matches(self, text: str, limit: int | None, live: bool):
        """(cleaned text, parsed query, note, exact total, [(score, docnum)] best first)."""
        text = clean_inline(text)  # what is echoed back (and corrected) is what was searched: no escapes
        q, note = self.parse(text, live=live)
        with self._lock:
            results = self._run(q, limit)
            return text, q, note, len(results), list(results.top_n)

    def search(self, text: str, limit: int | None = 20, snippets: bool = True, live: bool = False) -> SearchResult:
        text, q, note, total, top = self._matches(text, limit, live)
        with self._lock:
            stored = [self._searcher.stored_fields(docnum) for _score, docnum in top]
        spans_terms = self._query_terms(q)
        hits = []
        for (score, docnum), f in zip(top, stored, strict=True):
            snippet = self._snippet_of(f["body"], spans_terms) if snippets else ()
            hits.append(Hit(_row(docnum, f), score, snippet))
        suggestion = self.suggest(text, q) if total < 3 else None
        return SearchResult(text, total, hits, suggestion, note, [docnum for _score, docnum in top])

    def ranked(self, text: str, limit: int | None = None, live: bool = False) -> SearchResult:
        """Every match (or the best `limit`) as document numbers, best first, and the exact total. No
        stored field is read: the list pane fetches the rows it draws, so 20,000 hits cost no more than 20."""
        text, q, note, total, top = self._matches(text, limit, live)
        suggestion = self.suggest(text, q) if total < 3 else None
        return SearchResult(text, total, [], suggestion, note, [docnum for _score, docnum in top])

    def suggest(self, text: str, q: query.Query | None = None) -> str | None:
        """Did-you-mean: the query with its words corrected from the index's vocabulary."""
        with self._lock:
            try:
                q = q or self._parser(False).parse(text)
                # words come from the titles (the only spelling field: see schema), for body terms too
                words = self._searcher.corrector("title")
                corrected = self._searcher.correct_query(q, text, correctors={"title": words, "body": words},
                                                         maxdist=2, prefix=1)
            except Exception:  # correction is a nicety; never let it break a search
                return None
        if corrected.string and corrected.string.strip() != text.strip():
            return corrected.string
        return None

    # -- match spans: the article pane and snippets --
    @staticmethod
    def _query_terms(q: query.Query) -> frozenset[str]:
        terms = set()
        for fieldname, value in q.iter_all_terms(phrases=True):
            if fieldname in TEXT_FIELDS:
                terms.add(value.decode("utf-8") if isinstance(value, bytes) else str(value))
        return frozenset(terms)

    def match_spans(self, text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
        """Character spans in text of the words the query matches (same analysis as the index)."""
        if not terms:
            return []
        # Same tokens and terms as the analyzer, which runs once per distinct word: a body of 700 words
        # is then a regex scan and dictionary lookups.
        # A word new to the cache is analysed only if it starts like a query term: the French stemmer keeps
        # the first two letters, so the others cannot match (and stemming them would cost ~0.1 ms each).
        known = self._word_terms
        heads = {t[:2] for t in terms}
        spans = []
        for m in _TOKEN.finditer(text):
            word = m.group()
            term = known.get(word, _MISSING)
            if term is _MISSING:
                head = word[:2].lower().translate(accent_map)
                if len(head) >= 2 and head[:2] not in heads:
                    continue
                term = self._word_term(word)
            if term in terms:
                spans.append(m.span())
        return spans

    def _word_term(self, word: str) -> str | None:
        if len(self._word_terms) > 500_000:
            self._word_terms.clear()
        found = [t.text for t in self._analyzer(word, mode="query")]
        term = self._word_terms[word] = found[0] if len(found) == 1 else None
        return term

    def query_spans(self, text_query: str, text: str) -> list[tuple[int, int]]:
        """Spans of a user query's matches in an article's text (for the article pane)."""
        try:
            q, _ = self.parse(text_query)
        except QueryError:
            return []
        return self.match_spans(text, self._query_terms(q))

    def _snippet(self, docnum: int, terms: frozenset[str], width: int = 220) -> tuple[tuple[str, bool], ...]:
        with self._lock:
            body = self._searcher.stored_fields(docnum)["body"]
        return self._snippet_of(body, terms, width)

    def _snippet_of(self, body: str, terms: frozenset[str], width: int = 220) -> tuple[tuple[str, bool], ...]:
        spans = self.match_spans(body, terms)
        if not spans:
            text = " ".join(body[:width].split())
            return ((text + ("…" if len(body) > width else ""), False),)
        # the window of `width` characters holding the most matches
        best, best_count, j = 0, 0, 0
        for i, (start, _) in enumerate(spans):
            while spans[j][0] < start - width + 40:
                j += 1
            if i - j + 1 > best_count:
                best, best_count = j, i - j + 1
        start = max(0, spans[best][0] - 60)
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

    # -- facets --
    def facets(self, fieldname: str) -> list[tuple[str, int]]:
        """(value, number of articles) for a facet field, most frequent first."""
        with self._lock:
            r = self._searcher.reader()
            if fieldname not in r.schema:
                return []
            counts = [(value, r.doc_frequency(fieldname, value)) for value in r.field_terms(fieldname)]
        pairs = (((v if isinstance(v, str) else v.decode()), c) for v, c in counts if c)
        return sorted(pairs, key=lambda vc: (-vc[1], vc[0]))

    def agreements(self, party: str | None = None) -> list[tuple[Row, Agreement]]:
        """Agreement records across the corpus, newest first: (article row, record)."""
        from reader.enrich import Enrichment

        with self._lock:
            if party:
                q, _ = self._bound(self._parser(False).parse(f'agreement:"{party}"'), self._searcher.reader())
            else:
                q = query.Every("kind")
            docnums = list(self._searcher.search(q, limit=None).docs())
        out = []
        for n in docnums:
            doc = self.document(n)
            for record in Enrichment.from_json(doc.enrichment).agreements:
                if party and not any(fold(party) in fold(p) for p in record.parties):
                    continue
                out.append((doc.row, record))
        out.sort(key=lambda item: item[1].date or item[0].date or "", reverse=True)
        return out



def _top_prefix_terms(reader, fieldname: str, prefix: str, cap: int) -> tuple[list[bytes], bool]:
    """The `cap` most frequent terms of a field that start with prefix, read with their document
    frequencies in one pass over each segment's lexicon; (terms, whether some were left out)."""
    freqs: dict[bytes, int] = {}
    for leaf, _ in reader.leaf_readers():
        if fieldname not in leaf.schema:
            continue
        for btext, info in islice(leaf.iter_prefix(fieldname, prefix), MAX_SCAN):
            freqs[btext] = freqs.get(btext, 0) + info.doc_frequency()
    if len(freqs) <= cap:
        return sorted(freqs), False
    return heapq.nlargest(cap, freqs, key=freqs.__getitem__), True


def _folder_id(folder: Path) -> tuple[int, int] | None:
    try:
        st = folder.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


POSTINGS_BUDGET = 1  # an expansion reads at most this many postings per article in the index (~0.3 s)


def _within_budget(reader, fieldname: str, btexts: list[bytes]) -> list[bytes]:
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


def _column(reader, name: str, translate: bool = True) -> list:
    """A whole column as a list indexed by document number. Whoosh's multi-segment column reader yields
    only its first segment when iterated, so read segment by segment."""
    out: list = []
    for leaf, _offset in reader.leaf_readers():
        values = list(leaf.column_reader(name, translate=translate))
        out.extend(values)
        count = leaf.doc_count_all()
        if len(values) < count:  # trailing documents without a value
            column = leaf.column_reader(name, translate=translate)
            out.extend(column[n] for n in range(len(values), count))
    return out


_DATE_CLAUSE = re.compile(r"\bdate:(?:\[[^\]]*\]|\{[^}]*\}|[<>]=?\S+|\S+)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def _compact_dates(text: str) -> str:
    """Whoosh's date parser reads 2025-06-01 as the year 2025 alone (inside ranges and after > or < too):
    in date clauses, ISO dates become 20250601, which it reads to the day."""
    return _DATE_CLAUSE.sub(lambda m: _ISO_DATE.sub(lambda d: "".join(g or "" for g in d.groups()), m.group()),
                            text)


def _bad_date(message: str) -> None:
    raise QueryError(f"not a date: {message} "
                     "(dates look like 2025, 2025-04 or 2025-04-09; ranges: date:[2025 to 2026])")


def _check_balanced(text: str) -> None:
    """Whoosh's parser forgives unbalanced syntax by guessing; the user is better served by being told."""
    if text.count('"') % 2:
        raise QueryError('a quote " is not closed')
    outside = re.sub(r'"[^"]*"', "", text)
    for opening, closing, name in (("(", ")", "parenthesis"), ("[", "]", "bracket"), ("{", "}", "brace")):
        depth = 0
        for ch in outside:
            depth += (ch == opening) - (ch == closing)
            if depth < 0:
                raise QueryError(f"a closing {name} {closing} has no opening {opening}")
        if depth:
            raise QueryError(f"a {name} {opening} is not closed")
