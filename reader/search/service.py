"""The search service: one per open index, shared by the CLI and the app.

A small facade: it keeps one searcher (a searcher per query costs several times more), reopens it when the
index on disk has moved on, and hands each job to its module (parse, rewrite, columns, highlight, catalog).
Every call may come from another thread: the searcher is used under one lock.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import collectors, query
from whoosh.searching import Searcher

from reader import paths
from reader.enrich import Agreement
from reader.errors import IndexUnavailable, QueryError
from reader.index import store
from reader.index.extract import pending_count
from reader.index.schema import text_analyzer
from reader.ingest import sources
from reader.search import catalog
from reader.search.columns import Columns
from reader.search.count import TermSets, matching
from reader.search.highlight import Highlighter, Snippet
from reader.search.parse import Parser, query_terms, within
from reader.search.rank import Ranker, add_boosts, split
from reader.search.results import Document, Hit, Row, SearchResult, document_of, row_of
from reader.search.rewrite import Rewriter
from reader.search.suggest import Speller
from reader.search.tables import Part, Workspace, built, missing_segments, segment_parts, workspace
from reader.text.normalize import clean_inline

if TYPE_CHECKING:
    from reader.search.vector import Vectors

POOL = 200  # the best few are found among this many best articles for the query without its boosts


KEPT_ROWS = 20_000  # rows (and 4× as many stories) remembered for the searcher open, then forgotten at once
KEPT_QUERIES = 32  # queries whose matching ids `matching_ids` keeps (watchlists), for the index generation open


class SearchService:
    def __init__(self, corpus: Path) -> None:
        self.corpus = Path(corpus)
        self.ixdir = paths.index_dir(self.corpus)
        self._lock = threading.RLock()
        self._analyzer = text_analyzer()
        self._highlighter = Highlighter(self._analyzer)
        self._snippet_terms: dict[str, frozenset[str]] = {}
        self._term_sets = TermSets()  # the documents of the words of the last queries (typing reuses them)
        self._folder = store.folder_id(self.ixdir)
        self._ids: tuple[Searcher, list[str]] | None = None  # (searcher, its `_article_ids`)
        self._matched: tuple[Searcher | None, dict[str, list[str]]] = (None, {})  # (searcher, query → ids)
        self._open(*store.open_searcher(self.ixdir))

    def _open(self, ix, searcher) -> None:  # type: ignore[no-untyped-def]
        self.ix, self._searcher = ix, searcher
        self._parser = Parser(ix.schema)
        self._rewriter = Rewriter(searcher.reader(), self._analyzer)
        self._ranker = Ranker(searcher.reader())
        self._columns = Columns(searcher.reader(), self.ixdir)  # (the browsing order saved there)
        self._speller = Speller(searcher, self._analyzer)
        self._vectors: Vectors | None = None  # the array scorer of this searcher, made on first use
        self._rows: dict[int, Row] = {}  # rows read with this searcher (typing lists the same ones again)
        self._stories: dict[int, str] = {}  # the story of documents looked up with this searcher

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
                if self._searcher.up_to_date() and store.folder_id(self.ixdir) == self._folder:
                    return False  # (a rebuild swaps in a new folder whose generation may be the same)
                folder = store.folder_id(self.ixdir)
                ix, fresh = store.open_searcher(self.ixdir)
            except Exception as exc:  # a damaged or vanished index: keep serving the old searcher
                raise IndexUnavailable(f"cannot reopen the index: {exc}") from exc
            old = self._searcher
            self._open(ix, fresh)
            self._folder = folder
            old.close()
            return True

    def warm(self) -> None:
        """Read now what the first searches would read (the array scorer, each scored field's lengths, the
        browsing order that groups hits by story): for a process that only searches, before its first key."""
        from reader.search.vector import Unsupported, Vectors

        with self._lock:
            try:
                self._vectors = Vectors(self._searcher)
            except Unsupported:
                return
            for name in ("title", "body", "exact", "title_prefix"):
                if name in self.ix.schema:
                    self._vectors.lengths(name)
            self._vectors.live()
            self._columns.shared_stories()

    def pending(self) -> int:
        """Articles still waiting for actor extraction, counted on this service's searcher (no reopen)."""
        with self._lock:
            return pending_count(self.ix, self._searcher)

    def stamp(self) -> tuple[object, ...]:
        """Which index generation this service searches: document numbers mean the same articles in two
        services (two processes) with the same stamp."""
        with self._lock:
            reader = self._searcher.reader()
            return (self._folder, reader.generation(), reader.doc_count_all())

    @property
    def doc_count(self) -> int:
        with self._lock:
            return int(self._searcher.doc_count())

    # -- rows and documents --
    def row(self, docnum: int) -> Row:
        with self._lock:
            found = self._rows.get(docnum)
            if found is None:
                found = self._keep_row(docnum, self._searcher.stored_fields(docnum))
            return found

    def _keep_row(self, docnum: int, stored: dict) -> Row:
        """A row, remembered for this searcher: typing shows the same best articles again and again."""
        if len(self._rows) >= KEPT_ROWS:
            self._rows.clear()
        found = self._rows[docnum] = row_of(docnum, stored)
        return found

    def screen(self, docnums: Sequence[int], text: str | None, width: int) -> tuple[dict[int, Row], dict[int, Snippet]]:
        """The rows of these documents and, for a query (`text`), their snippets (empty when the query
        highlights nothing): each article read once."""
        rows: dict[int, Row] = {}
        snippets: dict[int, Snippet] = {}
        terms = self._terms_of(text) if text else frozenset()
        with self._lock:
            for n in docnums:
                row = self._rows.get(n)
                if row is None or terms:
                    stored = self._searcher.stored_fields(n)
                    row = row if row is not None else self._keep_row(n, stored)
                    if terms:
                        snippets[n] = self._highlighter.snippet(stored.get("body", ""), terms, width)
                rows[n] = row
                if text and not terms:
                    snippets[n] = ()
        return rows, snippets

    def document(self, docnum: int) -> Document:
        with self._lock:
            return document_of(docnum, self._searcher.stored_fields(docnum))

    def docnum(self, article_id: str) -> int | None:
        with self._lock:
            found = self._searcher.document_number(id=article_id)
            return None if found is None else int(found)

    def holds(self, path: str) -> bool:
        """The index holds this file (a path in the corpus folder) as it is on disk now (same mtime, size)."""
        try:
            st = os.stat(path)
            rel = os.path.relpath(path, self.corpus.resolve()).replace(os.sep, "/")
        except (OSError, ValueError):
            return False
        with self._lock:
            stored = self._searcher.document(path=rel)
        return stored is not None and [stored.get("mtime_ns"), stored.get("size")] == [st.st_mtime_ns, st.st_size]

    def browse(self) -> list[int]:
        """Every live document, newest first (undated last), as document numbers."""
        with self._lock:
            return self._columns.browse()

    # -- queries --
    def parse(
        self, text: str, live: bool = False, actor: str | None = None, boosts: bool = True
    ) -> tuple[query.Query, str | None]:
        """A user query (and an actor it is narrowed to) as the Whoosh query run; raises QueryError. Without
        `boosts`, the query matches the same articles but ranks them by BM25F alone (for counting)."""
        with self._lock:
            if actor and not text.strip():
                return self._parser.name("actor", actor), None
            parsed = self._parser.parse(text, live=live)
            q, note = self._rewriter.bound(parsed.query, live=live, typed=parsed.typed)
            if parsed.natural:
                q = self._rewriter.drop_common(q)
            if boosts:
                q = self._ranker.boost(q, parsed.words)
            return (within(q, self._parser.name("actor", actor)) if actor else q), note

    def _run(self, q: query.Query, limit: int | None) -> tuple[int, list[tuple[float, int]]]:
        """(exact number of matches, the best `limit` (score, docnum), best first; all with None) for a
        parsed query (call with the lock held)."""
        from reader.search.vector import Unsupported  # (numpy: loaded by the first search, not at start)

        scored_q, allowed = self._columns.date_filter(q)
        if allowed is not None and not allowed:
            return 0, []  # (Whoosh ignores an empty filter: a date range no article falls in would match all)
        try:
            return self._run_arrays(scored_q, allowed, limit)
        except Unsupported:  # a weighting other than BM25F, a coordinated OR of other nodes: Whoosh's matchers
            return self._run_whoosh(scored_q, allowed, limit)

    def _run_arrays(
        self, scored_q: query.Query, allowed: set[int] | None, limit: int | None
    ) -> tuple[int, list[tuple[float, int]]]:
        """Every match scored at once in arrays (vector.py: Whoosh's BM25F scores), the best ranked, the
        boosts added as `_run_whoosh` adds them."""
        from reader.search.vector import Vectors

        if self._vectors is None or self._vectors.searcher is not self._searcher:
            self._vectors = Vectors(self._searcher)
        base, boosts = split(scored_q)
        return self._vectors.ranked(base, boosts, allowed, limit, POOL)

    def _run_whoosh(
        self, scored_q: query.Query, allowed: set[int] | None, limit: int | None
    ) -> tuple[int, list[tuple[float, int]]]:
        searcher = self._searcher
        if limit is None or limit >= searcher.doc_count_all():
            collector: collectors.Collector = collectors.UnlimitedCollector()
            if allowed is not None:
                collector = collectors.FilterCollector(collector, allowed)
            searcher.search_with_collector(scored_q, collector)
            results = collector.results()
            return len(results), list(results.top_n)
        # The best few: the count is exact (the matches as a set, count.py, without scoring them), and the
        # ranking is pruned: the query without its boosts ranks its best POOL articles skipping whole blocks
        # of postings that cannot reach them (Whoosh's block quality), then the boosts (exact forms, words
        # next to each other) are added to those alone.
        matches = matching(searcher, scored_q, self._term_sets)
        if allowed is not None:
            matches &= allowed
        if not matches:
            return 0, []
        base, boosts = split(scored_q)
        pool = max(limit, POOL) if boosts else limit
        collector = collectors.TopCollector(pool, usequality=True)
        # (a filter makes Whoosh walk every match, pruning nothing: only for a date range)
        searcher.search_with_collector(
            base, collector if allowed is None else collectors.FilterCollector(collector, allowed)
        )
        top = list(collector.results().top_n)
        if boosts:
            top = add_boosts(searcher, top, boosts)
        return len(matches), top[:limit]

    def _matches(
        self, text: str, limit: int | None, live: bool, actor: str | None
    ) -> tuple[query.Query, SearchResult, list[float]]:
        """(query run, result with the ranked docnums and the exact total but no hits, their scores)."""
        text = clean_inline(text)  # what is echoed back (and corrected) is what was searched: no escapes
        q, note = self.parse(text, live=live, actor=actor)
        with self._lock:
            total, top = self._run(q, limit)
        # (not while typing: a word half typed is no misspelling, and a keystroke must not pay for it)
        suggestion = self.suggest(text) if total < 3 and text and not live else None
        result = SearchResult(text, total, [], suggestion, note, [docnum for _score, docnum in top])
        return q, result, [score for score, _docnum in top]

    def search(
        self, text: str, limit: int | None = 20, snippets: bool = True, live: bool = False, actor: str | None = None
    ) -> SearchResult:
        """The best `limit` hits (every hit with None) with their rows and snippets, and the exact total."""
        q, result, scores = self._matches(text, limit, live, actor)
        with self._lock:
            stored = [self._searcher.stored_fields(docnum) for docnum in result.docnums]
        terms = query_terms(q)
        result.hits = [
            Hit(row_of(docnum, f), score, self._highlighter.snippet(f["body"], terms) if snippets else ())
            for docnum, f, score in zip(result.docnums, stored, scores, strict=True)
        ]
        return result

    def snippet(self, docnum: int, text: str, width: int = 200) -> Snippet:
        """Where a query (as typed: its last word a prefix) matched an article's body best: the list's second
        line for the rows on screen. Nothing when the query cannot be read."""
        terms = self._terms_of(text)
        if not terms:
            return ()
        with self._lock:
            body = self._searcher.stored_fields(docnum).get("body", "")
        return self._highlighter.snippet(body, terms, width)

    def _terms_of(self, text: str) -> frozenset[str]:
        """The words a query (as typed: its last word a prefix) highlights."""
        terms = self._snippet_terms.get(text)
        if terms is None:
            try:
                terms = query_terms(self.parse(text, live=True)[0])
            except QueryError:
                terms = frozenset()
            self._snippet_terms = {text: terms}  # (one query at a time: the list's)
        return terms

    def by_date(self, docnums: Sequence[int]) -> list[int]:
        """These documents newest first (undated last), in the order browsing lists them."""
        with self._lock:
            rank = self._columns.ranks()
        return sorted(docnums, key=lambda n: rank.get(n, len(rank)))

    def ranked(self, text: str, limit: int | None = None, live: bool = False, actor: str | None = None) -> SearchResult:
        """Every match (or the best `limit`) as document numbers, best first, and the exact total. No
        stored field is read: the list pane fetches the rows it draws, so 20,000 hits cost no more than 20."""
        return self._matches(text, limit, live, actor)[1]

    def suggest(self, text: str) -> str | None:
        """Did-you-mean: the text with the words the index does not know corrected (see suggest.py)."""
        with self._lock:
            try:
                return self._speller.suggest(clean_inline(text))
            except Exception:  # correction is a nicety; never let it break a search
                return None

    def query_spans(self, text_query: str, text: str) -> list[tuple[int, int]]:
        """Spans of a user query's matches in an article's text (for the article pane)."""
        try:
            q, _ = self.parse(text_query)
        except QueryError:
            return []
        return self._highlighter.spans(text, query_terms(q))

    # -- across the corpus --
    def actors(self, kind: str) -> list[tuple[str, int]]:
        """(name, number of articles) for one actor kind (`catalog.ACTOR_KINDS`), most frequent first."""
        with self._lock:
            return catalog.actors(self._searcher, kind)

    def agreements(self, parties: Sequence[str] = ()) -> list[tuple[Row, Agreement]]:
        """Agreement records across the corpus, newest first: (article row, record); with parties, the
        records every one of them is a party to (two: a pair)."""
        with self._lock:
            terms = [self._parser.name("agreement", party) for party in parties]
            q = query.And(terms) if terms else query.Every("kind")
            docnums = list(self._searcher.search(q, limit=None).docs())
        return catalog.agreements(docnums, self.document, parties)

    def matching_ids(self, text: str) -> list[str]:
        """The article ids of every article a query matches, unranked (every article for an empty query);
        raises QueryError. Nothing is scored nor ranked and no stored article is read (a watchlist's count),
        and the ids are kept for the index generation open: the same query again costs nothing."""
        text = clean_inline(text)
        if (kept := self.matched(text)) is not None:
            return list(kept)
        q = self.parse(text, boosts=False)[0] if text.strip() else None
        with self._lock:
            if q is None:
                docnums: Sequence[int] = self._columns.browse()
            else:
                unscored, allowed = self._columns.date_filter(q)
                found_docs = matching(self._searcher, unscored)  # (as a set, a block of postings at a time)
                docnums = list(found_docs & allowed if allowed is not None else found_docs)
            ids = self._article_ids()
            found = [ids[n] for n in docnums]
            kept_now = self._kept()
            kept_now[text] = found
            while len(kept_now) > KEPT_QUERIES:
                kept_now.pop(next(iter(kept_now)))
        return list(found)

    def matched(self, text: str) -> list[str] | None:
        """`matching_ids(text)` if it was worked out on the index generation open, else None (nothing runs)."""
        with self._lock:
            return self._kept().get(clean_inline(text))

    def _kept(self) -> dict[str, list[str]]:
        """The ids kept by `matching_ids` for the index generation open (call with the lock held)."""
        if self._matched[0] is not self._searcher:
            self._matched = (self._searcher, {})
        return self._matched[1]

    def _article_ids(self) -> list[str]:
        """Every document's article id by document number, once per index generation (call with the lock
        held): the workspace's when it has been read, else read from the `id` field's terms."""
        searcher = self._searcher
        if (read := built(searcher)) is not None and read.ids:
            return read.ids
        if self._ids is None or self._ids[0] is not searcher:
            self._ids = (searcher, catalog.article_ids(searcher.reader()))
        return self._ids[1]

    # -- stories (the near-copies of one news item count once) --
    def actors_once(self, kind: str, all_copies: bool = False) -> list[tuple[str, int]]:
        """(name, number of stories) for one actor kind: the copies of one story count once; with
        `all_copies`, (name, number of articles naming it)."""
        with self._lock:
            return catalog.actors_once(self._searcher, kind, all_copies)

    def agreements_once(self, parties: Sequence[str] = ()) -> list[tuple[Row, Agreement, list[Row]]]:
        """Agreement records with the copies of one story counted once: (row, record, the copies' rows)."""
        return catalog.merge_copies(self.agreements(parties))

    # -- stories (near-copies of one news item, reader.stories) --
    def story(self, story: str) -> list[int]:
        """The articles of one story (a Row's `story`) as document numbers, newest first (undated last)."""
        with self._lock:
            members = catalog.story_members(self._searcher, story)
            dates = {n: self._searcher.stored_fields(n).get("date") for n in members}
        return sorted(members, key=lambda n: (dates[n] is not None, dates[n] or 0, -n), reverse=True)

    def outlets(self, docnums: Sequence[int]) -> list[str]:
        """The distinct outlets of these articles, in their order (articles whose files do not say where
        they come from count for none): how many outlets carried a story."""
        with self._lock:
            return sources.distinct(self._searcher.stored_fields(n).get("source") or "" for n in docnums)

    def copies(self, story: str) -> int:
        """How many articles a story has (1: the article alone)."""
        with self._lock:
            return len(catalog.story_members(self._searcher, story))

    def shared_stories(self) -> dict[int, str] | None:
        """{document: story} for the documents whose story has several articles (any other document is a
        story of its own), from the browsing order saved at index time; None when it is not at hand."""
        with self._lock:
            return self._columns.shared_stories()

    def stories_of(self, docnums: Sequence[int]) -> list[str]:
        """The story of each of these documents, read from the `story` column (no stored article is read):
        a ranked list can be grouped one row per story, its best copy first."""
        with self._lock:
            known = self._stories
            missing = [n for n in docnums if n not in known]
            if missing:
                if len(known) + len(missing) > KEPT_ROWS * 4:
                    known.clear()
                column = self._searcher.reader().column_reader("story")
                for n in missing:
                    known[n] = column[n]
            return [known[n] for n in docnums]

    def stories(self, min_size: int = 2) -> list[tuple[str, list[Row]]]:
        """(story id, its articles newest first) of the stories of at least `min_size` articles, newest first
        (by their newest article; stories of undated articles last)."""
        with self._lock:
            found = catalog.stories(self._searcher, min_size)
            out = [(sid, [row_of(n, self._searcher.stored_fields(n)) for n in members]) for sid, members in found]
        out = [(sid, sorted(rows, key=lambda r: r.date or "", reverse=True)) for sid, rows in out]
        return sorted(out, key=lambda item: (item[1][0].date or "", item[0]), reverse=True)

    # -- the analyst's tables --
    def workspace(self) -> Workspace:
        """Every agreement record and every article's actors, read once per index generation (tables.py)."""
        return workspace(self._lock, lambda: self._searcher)

    def unread_tables(self) -> tuple[tuple[object, ...], list[str]]:
        """(`stamp()`, the segments whose tables this process has not read): what another process may read
        for `workspace()` (the app's `remote.read_tables`)."""
        with self._lock:
            return self.stamp(), missing_segments(self._searcher.reader())

    def table_parts(self, segments: Sequence[str], size: int) -> Iterator[tuple[str, Part]]:
        """The tables of these segments (by id), `size` articles at a time (tables.segment_parts)."""
        wanted = set(segments)
        with self._lock:
            leaves = [leaf for leaf, _offset in self._searcher.reader().leaf_readers()]
        for leaf in leaves:
            key = leaf.segment().segment_id()
            if key in wanted:
                for part in segment_parts(leaf, size):
                    yield key, part
