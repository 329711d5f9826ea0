"""Phase 2, actors and agreements: extract them for every article that lacks them, in batches, each batch
committed, so an interrupted run resumes where it stopped.

The extraction itself (spaCy, worker processes) is `reader.enrich`'s; this module only chooses what to
extract, and writes the results into the index and the enrichment cache. Chunks are looked up afresh:
document numbers are not stable across Whoosh commits (merges renumber them), so none is carried over;
articles read but not yet committed are left out by id.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from whoosh.index import Index
from whoosh.query import AndNot, Every, Query, Term
from whoosh.searching import Searcher

from reader import paths
from reader.enrich import MODEL_VERSION, Enrichment
from reader.enrich.cache import EnrichmentCache
from reader.index import manifest, order, store
from reader.index.build import Progress, no_progress
from reader.index.documents import Stored, article_of, document
from reader.ingest import Article

PARALLEL_FROM = 1000  # pending articles from which worker processes pay for their model loads
# Articles per model job. Commits are larger (`batch`, 1,024): a commit re-indexes each article's text
# with its actors (Whoosh has no partial update), and fewer, larger segments cost less CPU per article.
CHUNK = 256


def pending_query() -> Query:
    return AndNot(Every(), Term("enriched", MODEL_VERSION))


def pending_count(ix: Index, searcher: Searcher | None = None) -> int:
    """Articles still without actors and agreements. Pass an open searcher to avoid opening the index
    again (SearchService.pending() does)."""
    if searcher is not None:
        return _pending(searcher)
    with ix.searcher() as s:
        return _pending(s)


def _pending(searcher: Searcher) -> int:
    """The live documents without the term of this extraction version: counted from that term's postings
    (no deletions: its document frequency), not by collecting every pending document (0.5 s at 200,000)."""
    reader = searcher.reader()
    done = reader.doc_frequency("enriched", MODEL_VERSION)
    if done and reader.has_deletions():
        done = sum(1 for n in reader.postings("enriched", MODEL_VERSION).all_ids() if not reader.is_deleted(n))
    return searcher.doc_count() - done


def enrich_pending(
    corpus: Path,
    *,
    batch: int = 1024,
    progress: Progress = no_progress,
    n_process: int | None = None,
    notify: store.Notify | None = None,
) -> int:
    """Extract actors and agreements for every article that lacks them, committing every `batch`
    articles: an interrupted run loses at most one batch and the next one resumes there. With several
    cores and many articles, worker processes extract while this one commits. Returns the number done."""
    ixdir = paths.index_dir(corpus)
    with store.writer_lock(ixdir, notify=notify):
        ix = store.open_index(ixdir)
        ix = store.reopen_for_writing(ixdir, ix.schema)  # one schema object for every commit of the run
        total = pending_count(ix)
        if n_process is None:
            n_process = 2 if total >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 else 1
        cache = EnrichmentCache(store.cache_path(ixdir))
        try:
            return _Run(ixdir, ix, cache, total, progress).run(batch, n_process)
        finally:
            cache.close()


class _Run:
    def __init__(self, ixdir: Path, ix: Index, cache: EnrichmentCache, total: int, progress: Progress) -> None:
        self.ixdir, self.ix, self.cache, self.total, self.progress = ixdir, ix, cache, total, progress
        self.held: dict[str, Stored] = {}  # read and not committed yet (in the workers or unwritten), by id
        self.done = 0

    def run(self, batch: int, n_process: int) -> int:
        sent: deque[list[Article]] = deque()  # chunks handed to the scheduler, results not back yet

        def chunks() -> Iterator[list[Article]]:
            for chunk in self._chunks(min(batch, CHUNK)):
                sent.append(chunk)
                yield chunk

        unwritten: list[tuple[Article, Enrichment]] = []
        from reader.enrich import pipeline  # (numpy and the classifier: loaded by extraction alone)

        for results in pipeline.stream(chunks(), n_process=n_process):
            unwritten.extend(zip(sent.popleft(), results, strict=True))
            if len(unwritten) >= batch:
                self._write(unwritten)
                unwritten = []
        if unwritten:
            self._write(unwritten)
        if self.done:
            order.save_for(self.ixdir, self.ix)  # (commits renumber documents: the app opens on this order)
        return self.done

    def _chunks(self, size: int) -> Iterator[list[Article]]:
        """Chunks of pending articles, looked up when the scheduler asks for the next one."""
        while stored := self._pending_batch(size):
            self.held.update((d["id"], d) for d in stored)
            yield [article_of(d) for d in stored]

    def _pending_batch(self, size: int) -> list[Stored]:
        """Stored fields of up to `size` articles still to enrich, leaving out those in flight."""
        with self.ix.searcher() as s:
            docnums = [hit.docnum for hit in s.search(pending_query(), limit=size + len(self.held))]
            out = []
            for n in docnums:
                fields = s.stored_fields(n)
                if fields["id"] not in self.held:
                    out.append(fields)
                    if len(out) == size:
                        break
            return out

    def _write(self, items: list[tuple[Article, Enrichment]]) -> None:
        with store.writing(self.ix) as writer:
            for article, enrichment in items:
                fields = self.held[article.id]
                self.cache.put(article, enrichment, MODEL_VERSION)
                story = fields.get("story")  # (the text is the same: so is its story)
                doc = document(article, fields.get("mtime_ns"), fields.get("size"), enrichment, MODEL_VERSION, story)
                writer.update_document(**doc)
        self.cache.commit()
        for article, _ in items:
            self.held.pop(article.id, None)
        self.done += len(items)
        self.progress("actors and agreements", self.done, self.total)
        manifest.advance(self.ixdir, self.ix)  # update_document kept every path and id
