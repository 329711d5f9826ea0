"""Phase 1, the full text: make the index match the corpus folder, reading only new and changed files.

An unchanged corpus is only stat'ed (the manifest says what the index holds). A big build is committed in
chunks, each a commit of its own, so an interrupted build resumes where it stopped; `--rebuild` builds
beside the current index and swaps it in when complete. Actors and agreements come from the enrichment
cache when the text was extracted before; the rest wait for phase 2 (`extract.py`).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.index import Index
from whoosh.writing import IndexWriter

from reader import paths
from reader.errors import Skipped
from reader.index import manifest, order, store
from reader.index.documents import document, stored_path
from reader.ingest import Article, SourceFile, make_id, read_article
from reader.ingest.walk import Table, walk_table
from reader.procs import widen_pipe, worker_signals

if TYPE_CHECKING:  # (loaded when there is something to write: a no-change run needs none)
    from reader.enrich.cache import EnrichmentCache
    from reader.index import bulk
    from reader.stories import Stories
    from reader.stories.groups import Packed, Prepared

Progress = Callable[[str, int, int], None]  # (phase, done, total)
PARALLEL_FROM = 2000  # files to (re)index from which two writer processes pay off
LIMIT_MB = 768  # postings a writer process keeps in memory before sorting them out to a temporary run
CHUNK_FILES = 18_000  # files per commit of a big build: ~9,000 per writer process fit in LIMIT_MB
# files per commit of a big build by index/bulk.py, which keeps no Python object per posting: bigger segments
# share their words (a 9,000-article segment holds 19 terms an article, a 20,000-article one 11)
BULK_CHUNK_FILES = 40_000
BULK = True  # big chunks written as whole segments by index/bulk.py (False: by Whoosh's writer, as before)


@dataclass
class Report:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    enriched: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.enriched)


def no_progress(phase: str, done: int, total: int) -> None:
    pass


def update(
    corpus: Path, *, rebuild: bool = False, progress: Progress = no_progress, notify: store.Notify | None = None
) -> Report:
    """Make the index match the corpus folder: add new files, update changed ones, remove deleted ones.

    `rebuild` builds a new index beside the current one and swaps it in when complete: killed midway, the
    current index stays as it was (actors come back from the enrichment cache, not from the model)."""
    ixdir = paths.index_dir(corpus)
    with store.writer_lock(ixdir, notify=notify):
        if not rebuild:
            report = _update(corpus, ixdir, progress)
        else:
            fresh = ixdir.with_name(ixdir.name + ".rebuilding")
            shutil.rmtree(fresh, ignore_errors=True)
            try:
                # the files keep the ids they had in the index replaced (bookmarks hold across a rebuild)
                report = _update(corpus, fresh, progress, previous=manifest.ids(ixdir))
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)  # a failed rebuild leaves nothing (a full disk frees)
                raise
            store.swap_in(fresh, ixdir)
    for message in report.messages:
        if notify:
            notify(message)
    return report


@dataclass
class _Plan:
    """What a run has to do, from the manifest and one walk of the folder."""

    walked: float  # when the walk began (time.time()): what changed after it may be missed by this run
    known: manifest.Files  # what the index holds: path → [mtime_ns, size, id]
    ids: dict[str, str]  # the id each path had: an edited file keeps its identity (and its bookmark)
    skipped: manifest.Files  # skipped before and unchanged since: reported, not read again
    todo: list[SourceFile]  # new or changed files
    gone: list[str]  # paths no longer in the folder
    order: list[str]  # every path the walk found, in its order (the manifest is saved in it)


def _plan(
    saved: manifest.Manifest, table: Table, walked: float, report: Report, previous: dict[str, str]
) -> tuple[_Plan, manifest.Files]:
    known, was_skipped = saved.files(), saved.skipped
    current = {p: SourceFile(p, m, s) for p, m, s in zip(table.paths, table.mtimes, table.sizes, strict=True)}
    skipped: manifest.Files = {}
    for p, f in current.items():
        before = was_skipped.get(p)
        if before is not None and before[:2] == [f.mtime_ns, f.size]:
            skipped[p] = before
            report.skipped.append((p, before[2]))
    todo = [
        f for p, f in current.items() if p not in skipped and (p not in known or known[p][:2] != [f.mtime_ns, f.size])
    ]
    gone = [p for p in known if p not in current]
    report.unchanged = len(current) - len(todo)
    ids = {**previous, **{p: v[2] for p, v in known.items()}}
    return _Plan(walked, known, ids, skipped, todo, gone, table.paths), was_skipped


def _update(corpus: Path, ixdir: Path, progress: Progress, previous: dict[str, str] | None = None) -> Report:
    """update() into ixdir; the caller holds the writer lock. `previous`: ids of paths from an index being
    replaced."""
    report = Report()
    ix = store.open_or_create(ixdir, report.messages)
    saved = manifest.load(ixdir, ix)
    walked = time.time()
    table = walk_table(corpus, report.skipped)
    if saved.holds(table):
        # nothing added, changed or removed (the common run: 200,000 files stat'ed, no object made a file)
        report.unchanged = len(table.paths)
        if saved.skipped:
            report.skipped += [(p, saved.skipped[p][2]) for p in table.paths if p in saved.skipped]
        # the last run ended between its last commit and its manifest, or the manifest is of an earlier
        # version or generation
        if not manifest.complete(ixdir) or not saved.current:
            manifest.save(ixdir, ix.latest_generation(), saved.files(), saved.skipped, walked=walked, order=table.paths)
        if not order.saved(ixdir, ix):  # (an index from an earlier version: saved once)
            order.save_for(ixdir, ix)
        return report
    plan, was_skipped = _plan(saved, table, walked, report, previous or {})
    if not plan.todo and not plan.gone:
        # a skipped file was deleted, or the last run ended between its last commit and its manifest
        if plan.skipped != was_skipped or not manifest.complete(ixdir) or not saved.current:
            manifest.save(ixdir, ix.latest_generation(), plan.known, plan.skipped, walked=plan.walked, order=plan.order)
        return report
    from reader.enrich.cache import EnrichmentCache

    cache = EnrichmentCache(store.cache_path(paths.index_dir(corpus)))  # not the .rebuilding folder's
    try:
        stories = _stories(ixdir, ix, plan.known)
        _Writer(corpus, ixdir, ix, plan, cache, report, progress, stories).run()
    finally:
        cache.close()
    return report


def _stories(ixdir: Path, ix: Index, known: manifest.Files) -> Stories:
    """The stories of the articles the index holds: saved beside it, else rebuilt from its stored fields."""
    from reader.stories import Stories

    saved = Stories.load(ixdir, (entry[2] for entry in known.values()))
    if saved is not None:
        return saved
    with ix.searcher() as s:
        return Stories.rebuilt(
            (f["id"], f["title"], f["body"], f["date"].date().isoformat() if f.get("date") else None, f.get("story"))
            for f in s.all_stored_fields()
        )


class _Writer:
    """Writes a plan's changes in chunks; after each commit the manifest says what the index holds, and the
    stories the story of each article (reader.stories)."""

    def __init__(
        self,
        corpus: Path,
        ixdir: Path,
        ix: Index,
        plan: _Plan,
        cache: EnrichmentCache,
        report: Report,
        progress: Progress,
        stories: Stories,
    ) -> None:
        self.corpus, self.ixdir, self.ix, self.plan = corpus, ixdir, ix, plan
        self.cache, self.report, self.progress, self.stories = cache, report, progress, stories
        self.files = dict(plan.known)
        self.ids_in_use = {v[2]: p for p, v in plan.known.items() if p not in plan.gone}
        self.done = 0
        self.ahead: _ReadAhead | None = None  # the files read in advance by other processes (big builds)

    def run(self) -> None:
        todo = self.plan.todo
        procs = 2 if len(todo) > PARALLEL_FROM and (os.cpu_count() or 1) > 1 else 1
        # A big build is committed in chunks small enough that each writer process keeps its postings in
        # memory (past LIMIT_MB Whoosh spills sorted runs to disk and merges them back: +30-40% CPU).
        # Each chunk adds one segment per process and saves the manifest: an interrupted build resumes.
        from reader.index import bulk  # (numpy: for builds only)

        fast = BULK and len(todo) > PARALLEL_FROM and bulk.supported(self.ix.schema)
        n_chunks = max(1, -(-len(todo) // (BULK_CHUNK_FILES if fast else CHUNK_FILES))) if procs > 1 or fast else 1
        size = -(-len(todo) // n_chunks) if todo else 0
        chunks = [todo[k : k + size] for k in range(0, len(todo), size)] if todo else [[]]
        bulk_writer = bulk.BulkWriter(self.ix, procs) if fast else None
        if fast and procs > 1:
            self.ahead = _ReadAhead(self.corpus, [src.path for src in todo], procs)
        try:
            for n, chunk in enumerate(chunks):
                self._chunk(n, chunk, chunks, procs, bulk_writer)
        finally:
            if self.ahead is not None:
                self.ahead.close()
                self.ahead = None
            if bulk_writer is not None:
                bulk_writer.close()
        order.save_for(self.ixdir, self.ix)  # (the app opens on it: sorting every date at start took seconds)

    def _chunk(
        self,
        n: int,
        chunk: list[SourceFile],
        chunks: list[list[SourceFile]],
        procs: int,
        bulk_writer: bulk.BulkWriter | None,
    ) -> None:
        todo = self.plan.todo
        writing: Any
        merge = len(chunks) == 1  # chunks of a big build stay separate segments (merging them costs a build)
        if bulk_writer is not None and len(chunk) > PARALLEL_FROM:
            writing = store.bulk_writing(bulk_writer, merge=merge, limitmb=LIMIT_MB)
        elif procs > 1 and len(chunk) > PARALLEL_FROM:
            writing = store.writing(self.ix, merge=merge, procs=procs, limitmb=LIMIT_MB, multisegment=True)
        else:
            writing = store.writing(self.ix, merge=merge, limitmb=LIMIT_MB)
        with writing as writer:
            if n == 0:
                self._remove_gone(writer)
            for src in chunk:
                self.progress("reading", self.done, len(todo))
                self.done += 1
                self._write(writer, src)
            self.progress("committing", self.done, len(todo))
        last = n == len(chunks) - 1
        manifest.save(
            self.ixdir,
            self.ix.latest_generation(),
            self.files,
            self.plan.skipped,
            last,
            self.plan.walked,
            self.plan.order,
        )
        self.stories.save(self.ixdir)

    def _remove_gone(self, writer: IndexWriter | bulk.BulkWriter) -> None:
        for rel in self.plan.gone:
            writer.delete_by_term("path", stored_path(rel))
            self.stories.remove(self.plan.known[rel][2])
            self.files.pop(rel, None)
            self.report.removed += 1

    def _write(self, writer: IndexWriter | bulk.BulkWriter, src: SourceFile) -> None:
        known = self.plan.known
        if src.path in known:
            writer.delete_by_term("path", stored_path(src.path))
            self.ids_in_use.pop(known[src.path][2], None)
            self.stories.remove(known[src.path][2])
            self.files.pop(src.path, None)
        prepared: Prepared | None = None  # (the story's sketch, worked out by the process that read the file)
        try:
            read = self.ahead.next() if self.ahead is not None else read_article(self.corpus, src.path)
            if isinstance(read, str):
                raise Skipped(read)
            if isinstance(read, tuple):
                article, prepared = read
            else:
                article = read
        except Skipped as exc:
            self.report.skipped.append((src.path, str(exc)))
            self.plan.skipped[src.path] = [src.mtime_ns, src.size, str(exc)]
            return
        kept = self.plan.ids.get(src.path)
        if kept is not None and self.ids_in_use.get(kept, src.path) == src.path:
            article = replace(article, id=kept)  # edited in place: the same article, the same id
        elif self.ids_in_use.get(article.id, src.path) != src.path:  # the same text in two files
            article = replace(article, id=make_id(article.title, article.path + article.body))
        self.ids_in_use[article.id] = src.path
        enrichment, version = self.cache.get(article)
        story = self.stories.assign(article.id, article.title, article.body, article.date, prepared)
        writer.add_document(**document(article, src.mtime_ns, src.size, enrichment, version, story))
        self.files[src.path] = [src.mtime_ns, src.size, article.id]
        if src.path in known:
            self.report.updated += 1
        else:
            self.report.added += 1


def _read_many(corpus: Path, rels: list[str]) -> tuple[list[Article | str], Packed]:
    """read_article of each file (the article, or why it was skipped), with what its story assignment works
    out of it alone (`stories.prepare`), the batch's packed in a few arrays (`stories.pack`: sent to the
    building process, six small arrays an article took a fifth of the time to work them out)."""
    from reader.stories import pack, prepare

    out: list[Article | str] = []
    prepared = []
    for rel in rels:
        try:
            article = read_article(corpus, rel)
        except Skipped as exc:
            out.append(str(exc))
            continue
        out.append(article)
        prepared.append(prepare(article.title, article.body))
    return out, pack(prepared)


class _ReadAhead:
    """The files of a big build read (`read_article`: parsing and cleaning, a third of a build's work) by
    `procs` processes of their own, in order, at most WINDOW batches ahead of the one taken: the process
    that numbers, assigns stories and sends documents to the segment writers only does that."""

    BATCH = 32
    WINDOW = 64

    def __init__(self, corpus: Path, rels: list[str], procs: int) -> None:
        self.corpus = corpus
        self._pool = mp.Pool(procs, initializer=worker_signals)
        # a batch's result (~110 KB at 32 articles) fits the pipe: the readers never wait for this process
        widen_pipe(getattr(getattr(self._pool, "_outqueue", None), "_writer", None))
        self._batches = iter([rels[k : k + self.BATCH] for k in range(0, len(rels), self.BATCH)])
        self._pending: deque[Any] = deque()
        self._ready: deque[tuple[Article, Prepared] | str] = deque()
        for _ in range(self.WINDOW):
            self._submit()

    def _submit(self) -> None:
        batch = next(self._batches, None)
        if batch is not None:
            self._pending.append(self._pool.apply_async(_read_many, (self.corpus, batch)))

    def next(self) -> tuple[Article, Prepared] | str:
        """The next file's article and its story's sketch, or why it was skipped."""
        if not self._ready:
            from reader.stories import unpack

            read, packed = self._pending.popleft().get()
            prepared = iter(unpack(packed))
            self._ready.extend(item if isinstance(item, str) else (item, next(prepared)) for item in read)
            self._submit()
        return self._ready.popleft()

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()
