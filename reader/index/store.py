"""Where an index lives and how it is opened, locked and written: one writer per corpus at a time, an index
from another version or damaged is told apart from a good one, a writer commits whole or not at all.

Whoosh internals are touched here and in `search/` only where the public API falls short (each place says
why)."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as windex
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from reader.errors import IndexUnavailable
from reader.index.schema import SCHEMA_VERSION, get_schema
from reader.procs import worker_signals

if TYPE_CHECKING:  # (numpy and the segment writer: for builds only, not for opening the app)
    from reader.index.bulk import BulkWriter

Notify = Callable[[str], None]


def cache_path(ixdir: Path) -> Path:
    """The enrichment cache beside the index: it outlives rebuilds, so the model never reads a text twice."""
    return ixdir.with_name(ixdir.name + ".enrichment.sqlite")


@contextmanager
def writer_lock(ixdir: Path, wait: bool = True, notify: Notify | None = None) -> Iterator[None]:
    """One `reader index` per corpus at a time. The lock is released by the kernel if the process dies."""
    ixdir.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(str(ixdir) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise IndexUnavailable("another `reader index` is updating this corpus's index") from None
            if notify:
                notify("another `reader index` is updating this corpus's index; waiting for it to finish…")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


class _SubWriter(SubWriterTask):
    def run(self) -> None:
        worker_signals()
        super().run()


class _MpWriter(MpWriter):
    """Whoosh's writer in several processes, whose sub-writers go when the build goes (even by kill -9) and
    leave ctrl+c to it. (Whoosh makes them in `_new_task`, which has no public hook.)"""

    def _new_task(self) -> SubWriterTask:
        task = _SubWriter(
            self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment
        )
        self.tasks.append(task)
        task.start()
        return task


@contextmanager
def writing(ix: Index, merge: bool = True, procs: int = 1, **options: Any) -> Iterator[IndexWriter]:
    """A writer that commits when the block ends and cancels on any error (a killed or failed write leaves
    the last commit as it was); `procs` > 1 writes in that many processes."""
    writer = _MpWriter(ix, procs=procs, **options) if procs > 1 else ix.writer(**options)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=merge)


@contextmanager
def bulk_writing(bulk: BulkWriter, merge: bool = True, **options: Any) -> Iterator[BulkWriter]:
    """`writing` through a BulkWriter: its documents written as whole segments by its processes, committed
    (with the deletions and any document left to Whoosh's writer) when the block ends, cancelled on any
    error. Whoosh's write lock is held meanwhile, as by Whoosh's writer."""
    bulk.start(bulk.ix.writer(**options))
    try:
        yield bulk
    except BaseException:
        bulk.cancel()
        raise
    bulk.commit(merge=merge)


def exists(ixdir: Path) -> bool:
    """An index was committed here (usable or not: open_index tells)."""
    return ixdir.is_dir() and any(ixdir.glob("*.toc"))


def open_index(ixdir: Path) -> Index:
    """Open an existing index; raises IndexUnavailable if it is damaged or from another schema version."""
    ix, searcher = open_searcher(ixdir)
    searcher.close()
    return ix


def open_searcher(ixdir: Path) -> tuple[Index, Searcher]:
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
                raise IndexUnavailable("index was built by another version of reader")
        except BaseException:
            r.close()
            raise
        hold_lengths(r)
        return ix, Searcher(r, fromindex=ix)  # what ix.searcher() builds, on this reader
    except IndexUnavailable:
        raise
    except Exception as exc:  # Whoosh raises many types on damaged files (EOFError, struct.error, …)
        raise IndexUnavailable(f"index is damaged ({type(exc).__name__}: {exc})") from exc


def reopen_for_writing(ixdir: Path, schema: Any) -> Index:
    """The index again with a schema object the caller keeps for many commits: Whoosh would unpickle it
    afresh for each writer, and with it the analyzers' stemming caches."""
    return FileStorage(str(ixdir), supports_mmap=False).open_index(schema=schema)


def hold_lengths(reader: IndexReader) -> None:
    """Keep each segment's field-length columns (one byte per article and text field) in memory.

    Scoring (BM25F) reads a document's field lengths for every candidate; read from the file, that is a
    seek and a read each (~10% of a search). Held as bytes, it is an index lookup. Whoosh 2.7 keeps its
    column readers in the per-document reader's `_readers`; on another layout this does nothing."""
    for leaf, _base in reader.leaf_readers():
        for name, fieldobj in leaf.schema.items():
            if fieldobj.scorable:
                held_lengths(leaf, name)


def held_lengths(leaf: Any, fieldname: str) -> bytes | None:
    """A segment's length column for one field (a byte a document, missing ones 0), read whole once and
    held by the segment's reader; None on a layout other than Whoosh 2.7's."""
    perdoc: Any = getattr(leaf, "_perdoc", None)
    held = getattr(perdoc, "_readers", None)
    if not isinstance(held, dict) or not hasattr(perdoc, "_cached_reader"):
        return None
    lenfield = f"_{fieldname}_len"
    found = held.get(lenfield)
    if isinstance(found, bytes):
        return found
    try:
        column = perdoc._cached_reader(lenfield, LENGTHS_COLUMN)
        if column is None:
            return None
        raw = column._dbfile.get(column._basepos, column._count)
    except (AttributeError, OSError, ValueError):
        return None
    held[lenfield] = raw = raw + bytes(max(0, leaf.doc_count_all() - len(raw)))
    return raw


def _version(ixdir: Path) -> int | None:
    try:
        return int((ixdir / "VERSION").read_text())
    except (OSError, ValueError):
        return None


def _create(ixdir: Path) -> Index:
    ixdir.mkdir(parents=True, exist_ok=True)
    ix = windex.create_in(str(ixdir), get_schema())
    (ixdir / "VERSION").write_text(str(SCHEMA_VERSION))
    return ix


def _move_aside(ixdir: Path) -> Path:
    dest = ixdir.with_name(f"{ixdir.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    shutil.move(str(ixdir), dest)
    return dest


def open_or_create(ixdir: Path, messages: list[str]) -> Index:
    """The index to write into: the existing one, or a new one after moving a damaged or foreign one aside
    (never deleted; `messages` says where it went)."""
    if exists(ixdir):
        try:
            return open_index(ixdir)
        except IndexUnavailable as exc:
            aside = _move_aside(ixdir)
            messages.append(f"{exc}; moved it to {aside} and rebuilding")
    elif ixdir.exists() and any(ixdir.iterdir()):
        aside = _move_aside(ixdir)
        messages.append(f"index folder had no usable index; moved it to {aside} and rebuilding")
    return _create(ixdir)


def swap_in(fresh: Path, ixdir: Path) -> None:
    """Replace ixdir by a complete index built beside it (`--rebuild`): readers see the old or the new."""
    old = ixdir.with_name(ixdir.name + ".replaced")
    shutil.rmtree(old, ignore_errors=True)
    if ixdir.exists():
        os.replace(ixdir, old)
    os.replace(fresh, ixdir)
    shutil.rmtree(old, ignore_errors=True)


def folder_id(folder: Path) -> tuple[int, int] | None:
    """Which folder this is on disk: a rebuild swaps in a new one whose generation may be the same."""
    try:
        st = folder.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino
