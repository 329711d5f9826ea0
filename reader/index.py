"""The index: build and update incrementally, crash-safe, one writer at a time.

Two phases. `update()` makes the corpus searchable: it stats every file, reads only new and changed ones,
and commits the full text. `enrich_pending()` then extracts actors and agreements with spaCy in batches,
each batch committed, so an interrupted run resumes where it stopped. Results are also kept in an
enrichment cache keyed by the article text, so a rebuild never runs the model twice on the same text.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.query import AndNot, Every, Term
from whoosh.searching import Searcher

from reader import paths
from reader.ingest import Article, Skipped, make_id, read_article, walk
from reader.schema import SCHEMA_VERSION, get_schema

Progress = Callable[[str, int, int], None]  # (phase, done, total)
MANIFEST = "manifest.json"
PARALLEL_FROM = 2000  # files to (re)index from which two writer processes pay off
LIMIT_MB = 768  # postings a writer process keeps in memory before sorting them out to a temporary run
CHUNK_FILES = 18_000  # files per commit of a big build: ~9,000 per writer process fit in LIMIT_MB


class IndexError_(Exception):
    """The index cannot be built or opened; the message says why."""


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


def _noop(phase: str, done: int, total: int) -> None:
    pass


# --- locking ---------------------------------------------------------------------------------------

@contextmanager
def writer_lock(ixdir: Path, wait: bool = True, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """One `reader index` per corpus at a time. The lock is released by the kernel if the process dies."""
    ixdir.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(str(ixdir) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise IndexError_("another `reader index` is updating this corpus's index") from None
            if notify:
                notify("another `reader index` is updating this corpus's index; waiting for it to finish…")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# --- opening ---------------------------------------------------------------------------------------

def exists(ixdir: Path) -> bool:
    """An index was committed here (usable or not: open_index tells)."""
    return ixdir.is_dir() and any(ixdir.glob("*.toc"))


def open_index(ixdir: Path):
    """Open an existing index; raises IndexError_ if it is damaged or from another schema version."""
    ix, searcher = open_searcher(ixdir)
    searcher.close()
    return ix


def open_searcher(ixdir: Path):
    """(index, searcher): open_index and a searcher on the reader it checked, opened once, not twice.

    Segments are read through plain file reads, not mmap: Whoosh copies each mmapped part of a compound
    segment into a BytesIO when it opens it (postings and term index: ~170 MB of copies plus ~170 MB of
    touched pages for 34,000 articles). Read from the file, the kernel's page cache holds them instead."""
    try:
        ix = FileStorage(str(ixdir), supports_mmap=False).open_index()
        r = ix.reader()  # touch the segments so a truncated file shows now, not mid-search
        try:
            r.doc_count_all()
            if "enriched" not in ix.schema or _version(ixdir) != SCHEMA_VERSION:
                raise IndexError_("index was built by another version of reader")
        except BaseException:
            r.close()
            raise
        hold_lengths(r)
        return ix, Searcher(r, fromindex=ix)  # what ix.searcher() builds, on this reader
    except IndexError_:
        raise
    except Exception as exc:  # Whoosh raises many types on damaged files (EOFError, struct.error, …)
        raise IndexError_(f"index is damaged ({type(exc).__name__}: {exc})") from exc


def hold_lengths(reader) -> None:
    """Keep each segment's field-length columns (one byte per article and text field) in memory.

    Scoring (BM25F) reads a document's field lengths for every candidate; read from the file, that is a
    seek and a read each (~10% of a search). Held as bytes, it is an index lookup. Whoosh 2.7 keeps its
    column readers in the per-document reader's `_readers`; on another layout this does nothing."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    for leaf, _base in reader.leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        held = getattr(perdoc, "_readers", None)
        if not isinstance(held, dict) or not hasattr(perdoc, "_cached_reader"):
            continue
        count = leaf.doc_count_all()
        for name, fieldobj in leaf.schema.items():
            lenfield = f"_{name}_len"
            if not fieldobj.scorable or isinstance(held.get(lenfield), bytes):
                continue
            try:
                column = perdoc._cached_reader(lenfield, LENGTHS_COLUMN)
                if column is None:
                    continue
                raw = column._dbfile.get(column._basepos, column._count)
            except (AttributeError, OSError, ValueError):
                continue
            held[lenfield] = raw + bytes(max(0, count - len(raw)))  # missing lengths read as 0


def _version(ixdir: Path) -> int | None:
    try:
        return int((ixdir / "VERSION").read_text())
    except (OSError, ValueError):
        return None


def _create(ixdir: Path):
    ixdir.mkdir(parents=True, exist_ok=True)
    ix = windex.create_in(str(ixdir), get_schema())
    (ixdir / "VERSION").write_text(str(SCHEMA_VERSION))
    return ix


def _move_aside(ixdir: Path) -> Path:
    dest = ixdir.with_name(f"{ixdir.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    shutil.move(str(ixdir), dest)
    return dest


def open_or_create(ixdir: Path, report: Report):
    if exists(ixdir):
        try:
            return open_index(ixdir)
        except IndexError_ as exc:
            aside = _move_aside(ixdir)
            report.messages.append(f"{exc}; moved it to {aside} and rebuilding")
    elif ixdir.exists() and any(ixdir.iterdir()):
        aside = _move_aside(ixdir)
        report.messages.append(f"index folder had no usable index; moved it to {aside} and rebuilding")
    return _create(ixdir)


# --- manifest: what the index holds, so a no-change run only stats files ----------------------------

def _load_manifest(ixdir: Path, ix) -> tuple[dict[str, list], dict[str, list]]:
    """({path: [mtime_ns, size, id]}, {skipped path: [mtime_ns, size, reason]}) for the committed index
    generation. Skipped files are remembered so that an unchanged one is not read again on every run."""
    try:
        data = json.loads((ixdir / MANIFEST).read_text())
        if data.get("generation") == ix.latest_generation():
            return data["files"], data.get("skipped", {})
    except (OSError, ValueError, KeyError):
        pass
    files = {}  # stale or missing: rebuild it from the stored fields (slow path, after a crash)
    with ix.searcher() as s:
        for fields in s.all_stored_fields():
            files[fields["path"]] = [fields.get("mtime_ns"), fields.get("size"), fields["id"]]
    return files, {}


def _save_manifest(ixdir: Path, generation: int, files: dict[str, list],
                   skipped: dict[str, list] | None = None) -> None:
    tmp = ixdir / (MANIFEST + ".tmp")
    data = {"generation": generation, "files": files, "skipped": skipped or {}}
    tmp.write_text(json.dumps(data, separators=(",", ":")))
    os.replace(tmp, ixdir / MANIFEST)


# --- documents -------------------------------------------------------------------------------------

def document(article: Article, mtime_ns: int, size: int, enrichment=None, version: str = "") -> dict:
    doc = dict(id=article.id, path=article.path, title=article.title, title_prefix=article.title,
               body=article.body, language=article.language, mtime_ns=mtime_ns, size=size, enriched=version)
    if article.date:
        doc["date"] = datetime.fromisoformat(article.date)
    if enrichment is not None:
        doc.update(enrichment_fields(enrichment))
    return doc


def _names(values) -> str:
    """Each name whole and word by word: `person:Rutte` finds Mark Rutte."""
    out: list[str] = []
    for value in values:
        out.append(value)
        words = value.replace("-", " ").split()
        if len(words) > 1:
            out.extend(w for w in words if len(w) > 2)
    return ",".join(v.replace(",", " ") for v in dict.fromkeys(out))


def enrichment_fields(enrichment) -> dict:
    by_kind: dict[str, list[str]] = {"person": [], "place": [], "organisation": []}
    for actor in enrichment.actors:
        by_kind.setdefault(actor.kind, []).append(actor.name)
    parties = [p for a in enrichment.agreements for p in a.parties]
    topics = [t for a in enrichment.agreements for t in a.topics]
    exact = lambda names: ",".join(n.replace(",", " ") for n in dict.fromkeys(names))  # noqa: E731
    return dict(
        actor=_names(a.name for a in enrichment.actors),
        person=_names(by_kind["person"]), place=_names(by_kind["place"]), org=_names(by_kind["organisation"]),
        agreement=_names(parties), topic=_names(topics),
        kind=",".join(dict.fromkeys(a.kind for a in enrichment.agreements)),
        facet_person=exact(by_kind["person"]), facet_place=exact(by_kind["place"]),
        facet_organisation=exact(by_kind["organisation"]), facet_party=exact(parties),
        top_actors=[a.name for a in enrichment.actors[:4]],
        enrichment=json.dumps(enrichment.to_json(), ensure_ascii=False, separators=(",", ":")),
    )


def _article_of(stored: dict) -> Article:
    when = stored.get("date")
    return Article(stored["id"], stored["path"], stored["title"], when.date().isoformat() if when else None,
                   stored["language"], stored["body"])


# --- phase 1: the full text ------------------------------------------------------------------------

def update(corpus: Path, *, rebuild: bool = False, progress: Progress = _noop,
           notify: Callable[[str], None] | None = None) -> Report:
    """Make the index match the corpus folder: add new files, update changed ones, remove deleted ones.

    `rebuild` builds a new index beside the current one and swaps it in when complete: killed midway, the
    current index stays as it was (actors come back from the enrichment cache, not from the model)."""
    ixdir = paths.index_dir(corpus)
    with writer_lock(ixdir, notify=notify):
        if not rebuild:
            return _update(corpus, ixdir, progress, notify)
        fresh = ixdir.with_name(ixdir.name + ".rebuilding")
        shutil.rmtree(fresh, ignore_errors=True)
        report = _update(corpus, fresh, progress, notify)
        old = ixdir.with_name(ixdir.name + ".replaced")
        shutil.rmtree(old, ignore_errors=True)
        if ixdir.exists():
            os.replace(ixdir, old)
        os.replace(fresh, ixdir)
        shutil.rmtree(old, ignore_errors=True)
        return report


def _update(corpus: Path, ixdir: Path, progress: Progress, notify: Callable[[str], None] | None) -> Report:
    """update() into ixdir; the caller holds the writer lock."""
    report = Report()
    ix = open_or_create(ixdir, report)
    known, was_skipped = _load_manifest(ixdir, ix)
    current = {f.path: f for f in walk(corpus, report.skipped)}
    skipped: dict[str, list] = {}  # files skipped before and unchanged since: reported, not read again
    for p, f in current.items():
        before = was_skipped.get(p)
        if before is not None and before[:2] == [f.mtime_ns, f.size]:
            skipped[p] = before
            report.skipped.append((p, before[2]))
    todo = [f for p, f in current.items()
            if p not in skipped and (p not in known or known[p][:2] != [f.mtime_ns, f.size])]
    gone = [p for p in known if p not in current]
    report.unchanged = len(current) - len(todo)
    if not todo and not gone:
        if skipped != was_skipped:  # a skipped file was deleted
            _save_manifest(ixdir, ix.latest_generation(), known, skipped)
        for msg in report.messages:
            notify and notify(msg)
        return report
    cache = EnrichmentCache.for_corpus(corpus)
    ids_in_use = {v[2]: p for p, v in known.items() if p not in gone}
    files = dict(known)
    procs = 2 if len(todo) > PARALLEL_FROM and (os.cpu_count() or 1) > 1 else 1
    # A big build is committed in chunks small enough that each writer process keeps its postings in
    # memory (past LIMIT_MB Whoosh spills sorted runs to disk and merges them back: +30-40% CPU).
    # Each chunk adds one segment per process and saves the manifest: an interrupted build resumes.
    n_chunks = max(1, -(-len(todo) // CHUNK_FILES)) if procs > 1 else 1
    size = -(-len(todo) // n_chunks) if todo else 0
    chunks = [todo[k:k + size] for k in range(0, len(todo), size)] if todo else [[]]
    done = 0
    for n, chunk in enumerate(chunks):
        parallel = procs > 1 and len(chunk) > PARALLEL_FROM
        writer = (ix.writer(procs=procs, limitmb=LIMIT_MB, multisegment=True) if parallel
                  else ix.writer(limitmb=LIMIT_MB))
        try:
            if n == 0:
                for rel in gone:
                    writer.delete_by_term("path", rel)
                    files.pop(rel, None)
                    report.removed += 1
            for src in chunk:
                progress("reading", done, len(todo))
                done += 1
                if src.path in known:
                    writer.delete_by_term("path", src.path)
                    ids_in_use.pop(known[src.path][2], None)
                    files.pop(src.path, None)
                try:
                    article = read_article(corpus, src.path)
                except Skipped as exc:
                    report.skipped.append((src.path, str(exc)))
                    skipped[src.path] = [src.mtime_ns, src.size, str(exc)]
                    continue
                if ids_in_use.get(article.id, src.path) != src.path:  # the same text in two files
                    article = replace(article, id=make_id(article.title, article.path + article.body))
                ids_in_use[article.id] = src.path
                enrichment, version = cache.get(article)
                writer.add_document(**document(article, src.mtime_ns, src.size, enrichment, version))
                files[src.path] = [src.mtime_ns, src.size, article.id]
                if src.path in known:
                    report.updated += 1
                else:
                    report.added += 1
            progress("committing", done, len(todo))
            # chunks of a big build stay separate segments; rewriting them into one would cost a build
            writer.commit(merge=False) if len(chunks) > 1 else writer.commit()
        except BaseException:
            writer.cancel()
            raise
        _save_manifest(ixdir, ix.latest_generation(), files, skipped)
    for msg in report.messages:
        notify and notify(msg)
    return report


# --- phase 2: actors and agreements ----------------------------------------------------------------

def _pending_query():
    from reader.enrich import MODEL_VERSION
    return AndNot(Every(), Term("enriched", MODEL_VERSION))


def pending_count(ix, searcher=None) -> int:
    """Articles still without actors and agreements. Pass an open searcher to avoid opening the index
    again (SearchService.pending() does)."""
    if searcher is not None:
        return len(searcher.search(_pending_query(), limit=None).docs())
    with ix.searcher() as s:
        return len(s.search(_pending_query(), limit=None).docs())


def enrich_pending(corpus: Path, *, batch: int = 1024, progress: Progress = _noop, n_process: int | None = None,
                   notify: Callable[[str], None] | None = None) -> int:
    """Extract actors and agreements for every article that lacks them, committing every `batch`
    articles: an interrupted run loses at most one batch and the next one resumes there.

    The model reads chunks of up to ENRICH_CHUNK articles. With several cores and many articles, worker
    processes extract while this one commits: each keeps its model loaded for the whole run, and the next
    chunks are being read while a batch is written. Chunks are looked up afresh: document numbers are not
    stable across Whoosh commits (merges renumber them), so none is carried over; articles read but not
    yet committed are left out by id."""
    from reader.enrich import MODEL_VERSION, enrich_many

    ixdir = paths.index_dir(corpus)
    done = 0
    chunk = min(batch, ENRICH_CHUNK)
    with writer_lock(ixdir, notify=notify):
        ix = open_index(ixdir)
        # One schema object for every writer of this run: Whoosh would unpickle it afresh for each
        # commit, and with it the analyzers' stemming caches (re-stemming each batch's vocabulary).
        ix = FileStorage(str(ixdir), supports_mmap=False).open_index(schema=ix.schema)
        cache = EnrichmentCache.for_corpus(corpus)
        total = pending_count(ix)
        if n_process is None:
            n_process = 2 if total >= ENRICH_PARALLEL_FROM and (os.cpu_count() or 1) > 1 else 1
        pool = None
        if n_process > 1:
            from reader.enrich.pipeline import Pool

            pool = Pool(n_process)
        in_flight: list[tuple[list[dict], object]] = []  # (stored fields, future enrichments)
        unwritten: list[tuple[dict, object]] = []  # (stored fields, enrichment) extracted, not committed
        held: set[str] = set()  # ids read and not committed yet: in the workers or unwritten

        def write() -> None:
            nonlocal done
            _write_enrichments(ix, cache, [f for f, _ in unwritten], [e for _, e in unwritten], MODEL_VERSION)
            held.difference_update(f["id"] for f, _ in unwritten)
            done += len(unwritten)
            unwritten.clear()
            progress("actors and agreements", done, total)
            # update_document keeps the manifest's paths and ids; only the generation moved on
            _resave_manifest(ixdir, ix)

        try:
            while True:
                if pool is not None:
                    # keep every worker busy with one chunk and one more waiting
                    while len(in_flight) < 2 * n_process:
                        stored = _pending_batch(ix, chunk, held)
                        if not stored:
                            break
                        held.update(d["id"] for d in stored)
                        in_flight.append((stored, pool.submit([_article_of(d) for d in stored])))
                    if not in_flight:
                        break
                    stored, future = in_flight.pop(0)
                    results = future.result()
                else:
                    stored = _pending_batch(ix, chunk, held)
                    if not stored:
                        break
                    held.update(d["id"] for d in stored)
                    results = list(enrich_many(_article_of(d) for d in stored))
                unwritten.extend(zip(stored, results, strict=True))
                if len(unwritten) >= batch:
                    write()
            if unwritten:
                write()
        finally:
            if pool is not None:
                pool.close(wait=False)
    return done


ENRICH_PARALLEL_FROM = 1000  # pending articles from which worker processes pay for their model loads
# Articles per model job. Commits are larger (`batch`, 1,024): a commit re-indexes each article's text
# with its actors (Whoosh has no partial update), and fewer, larger segments cost less CPU per article.
ENRICH_CHUNK = 256


def _pending_batch(ix, batch: int, held: set[str]) -> list[dict]:
    """Stored fields of up to `batch` articles still to enrich, leaving out those in flight."""
    with ix.searcher() as s:
        docnums = [hit.docnum for hit in s.search(_pending_query(), limit=batch + len(held))]
        out = []
        for n in docnums:
            fields = s.stored_fields(n)
            if fields["id"] not in held:
                out.append(fields)
                if len(out) == batch:
                    break
        return out


def _write_enrichments(ix, cache: EnrichmentCache, stored: list[dict], results: list, version: str) -> None:
    writer = ix.writer()
    try:
        for fields, enrichment in zip(stored, results, strict=True):
            article = _article_of(fields)
            cache.put(article, enrichment, version)
            writer.update_document(**document(article, fields.get("mtime_ns"), fields.get("size"),
                                              enrichment, version))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    cache.commit()


def _resave_manifest(ixdir: Path, ix) -> None:
    try:
        data = json.loads((ixdir / MANIFEST).read_text())
        _save_manifest(ixdir, ix.latest_generation(), data["files"], data.get("skipped"))
    except (OSError, ValueError, KeyError):
        pass


# --- the enrichment cache --------------------------------------------------------------------------

class EnrichmentCache:
    """SQLite map from (article text, extraction version) to actors and agreements."""

    def __init__(self, path: Path):
        import sqlite3

        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS enrichment (key TEXT PRIMARY KEY, version TEXT, data TEXT)")
        except sqlite3.DatabaseError as exc:
            print(f"reader: enrichment cache unusable ({exc}); starting a new one", file=sys.stderr)
            path.unlink(missing_ok=True)
            self.db = sqlite3.connect(path, timeout=30)
            self.db.execute("CREATE TABLE IF NOT EXISTS enrichment (key TEXT PRIMARY KEY, version TEXT, data TEXT)")

    @classmethod
    def for_corpus(cls, corpus: Path) -> EnrichmentCache:
        ixdir = paths.index_dir(corpus)
        ixdir.parent.mkdir(parents=True, exist_ok=True)
        return cls(ixdir.with_name(ixdir.name + ".enrichment.sqlite"))

    @staticmethod
    def _key(article: Article) -> str:
        import hashlib
        return hashlib.sha1((article.title + "\0" + article.body).encode("utf-8")).hexdigest()

    def get(self, article: Article):
        """(Enrichment, version) from the cache, or (None, "") when the article still needs the model."""
        try:
            from reader.enrich import MODEL_VERSION, Enrichment
        except ImportError:
            return None, ""
        row = self.db.execute("SELECT version, data FROM enrichment WHERE key=?", (self._key(article),)).fetchone()
        if row and row[0] == MODEL_VERSION:
            return Enrichment.from_json(json.loads(row[1])), MODEL_VERSION
        return None, ""

    def put(self, article: Article, enrichment, version: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO enrichment VALUES (?,?,?)",
                        (self._key(article), version, json.dumps(enrichment.to_json(), ensure_ascii=False)))

    def commit(self) -> None:
        self.db.commit()
