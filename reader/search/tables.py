"""The analyst's tables, kept in memory: every agreement record with its article, and the actors of every
article, read from the stored extraction of each article.

The app's agreements view, pair timeline and facets of the results filter these in memory, so they open in
milliseconds on 34,000 articles. Reading them is one pass over the stored fields (about 3 s for 34,000
articles), done a slice at a time with the service's lock taken for each slice only, so searches go on
meanwhile (`SearchService.workspace()`). Each index segment is read once for the life of the process: a new
index generation (the background extraction commits every thousand articles) reads only its new segments.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from weakref import WeakKeyDictionary

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from reader.enrich import Agreement, Enrichment
from reader.enrich.records import ACTOR_KINDS
from reader.index.documents import Stored
from reader.search.catalog import merge_copies
from reader.search.facets import ActorCounter, Counted
from reader.search.results import Row, row_of
from reader.text.normalize import fold, letters

SLICE = 200  # articles read under the lock at a time
ASSEMBLE = 20_000  # articles put together under the lock at a time, their segments read


def record_key(article_id: str, agreement: Agreement) -> str:
    """A record's identity across reindexes: its article's stable id and its sentence (letters and digits)."""
    return f"{article_id}:{hashlib.sha1(letters(agreement.text).encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class Record:
    """One agreement record and the article that reports it."""

    row: Row
    agreement: Agreement
    key: str  # `record_key`: what a review is kept under
    # the other copies of the article's story reporting it (`once`); empty when every copy stands for itself
    sources: tuple[Row, ...] = field(default=(), compare=False)

    @property
    def date(self) -> str | None:
        return self.agreement.date or self.row.date

    @property
    def parties(self) -> tuple[str, ...]:
        return self.agreement.parties


class Facet(NamedTuple):
    name: str
    kind: str
    articles: int  # how many of the articles counted name it
    key: str  # the name with case and accents folded, for a picker


def once(records: Sequence[Record]) -> list[Record]:
    """The records with the copies of one story counted once (`catalog.merge_copies`, as `reader agreements`
    does): a copy's record with the parties and kind of one already kept for its story is dropped, and its
    article becomes one of that record's `sources`. Order kept."""
    merged = iter(merge_copies([(r.row, r.agreement) for r in records]))
    out = []
    kept = next(merged, None)
    for r in records:  # (what merge_copies keeps is a subsequence of these, the same objects)
        if kept is not None and kept[0] is r.row and kept[1] is r.agreement:
            out.append(replace(r, sources=tuple(kept[2])) if kept[2] else r)
            kept = next(merged, None)
    return out


class Workspace:
    """Every agreement record (newest first), those records with a story's copies counted once, and the
    actors of every article, for one index generation."""

    def __init__(
        self,
        records: list[Record],
        names: list[tuple[str, str, str]],
        actors: list[tuple[int, ...]],
        ids: list[str] | None = None,
        stories: list[str] | None = None,
    ) -> None:
        self.records = records
        self.ids = ids if ids is not None else []  # document number → article id ("" for a deleted document)
        self.names = names  # actor number → (name, kind, name folded)
        self.actors = actors  # document number → its actors' numbers
        self.stories = stories or []  # document number → its story
        self._numbers = {(name, kind): n for n, (name, kind, _) in enumerate(names)}
        self.records_once: list[Record] = records
        self.counter: ActorCounter | None = None

    def lay_out(self) -> None:
        """Work out what the views open on (each story's records once, the actors as arrays), in the thread
        that read the workspace: `workspace()` does it before handing the workspace out."""
        self.records_once = once(self.records)
        self.counter = ActorCounter(self.actors, self.names, self.stories, ACTOR_KINDS)

    def count(self, docnums: Sequence[int], once: bool = True) -> Counted:
        """The actors of these articles, most named first, with how many name each (with `once`, the copies
        of one story count once): milliseconds for 34,000 articles (facets.py)."""
        if self.counter is None:
            self.lay_out()
        assert self.counter is not None
        return self.counter.count(docnums, once)

    def number(self, name: str, kind: str) -> int | None:
        return self._numbers.get((name, kind))

    def actors_of(self, docnum: int) -> tuple[int, ...]:
        return self.actors[docnum] if 0 <= docnum < len(self.actors) else ()

    def facet(self, number: int, count: int) -> Facet:
        name, kind, key = self.names[number]
        return Facet(name, kind, count, key)

    def naming(self, docnums: Iterable[int], wanted: Sequence[int]) -> list[int]:
        """Those of these articles that name every one of the `wanted` actors, in the same order."""
        if not wanted:
            return list(docnums)
        need = set(wanted)
        actors, size = self.actors, len(self.actors)
        return [n for n in docnums if 0 <= n < size and need.issubset(actors[n])]


_BUILT: WeakKeyDictionary[Searcher, Workspace] = WeakKeyDictionary()


def built(searcher: Searcher) -> Workspace | None:
    """The workspace of this searcher, if it has been read."""
    return _BUILT.get(searcher)


@dataclass
class _Segment:
    """What one index segment holds, by its own document numbers (deleted documents included: a segment
    gains deletions, never documents)."""

    names: list[tuple[str, str, str]]  # (name, kind, name folded)
    actors: list[tuple[int, ...]]  # local document number → its actors, numbers into `names`
    ids: list[str]  # local document number → article id ("" for a deleted document)
    stories: list[str]  # local document number → its story ("" for a deleted document)
    records: list[tuple[int, Stored, tuple[Agreement, ...]]]  # (local document number, stored fields, records)


_SEGMENTS: dict[str, _Segment] = {}  # by segment id, for the life of the process
_SEGMENTS_LOCK = threading.Lock()


def workspace(lock: threading.RLock, current: Callable[[], Searcher]) -> Workspace:
    """The workspace of the current searcher: kept from an earlier call, or read now, a slice at a time with
    the lock held for each slice (read again from the start if the index moved on meanwhile)."""
    while True:
        with lock:
            searcher = current()
            if (built := _BUILT.get(searcher)) is not None:
                return built
            steps = _read(searcher.reader())
        read: Workspace | None = None
        try:
            while read is None:
                with lock:
                    if current() is not searcher:
                        break  # a newer index generation: start again on it
                    try:
                        next(steps)
                    except StopIteration as done:
                        read = done.value
        except Exception:
            with lock:
                if current() is searcher:
                    raise
            continue  # (the searcher was closed under us by a refresh: start again on the new one)
        if read is None:
            continue
        read.lay_out()  # (the index is not read for it: outside the lock, so searches go on meanwhile)
        with lock:
            _BUILT[searcher] = read
        return read


def _read(reader: IndexReader) -> Generator[None, None, Workspace]:
    """Reads the segments not read before, yielding between slices, then puts the workspace together."""
    leaves = reader.leaf_readers()
    for segment, _offset in leaves:
        key = segment.segment().segment_id()
        if key not in _SEGMENTS:
            found = yield from _read_segment(segment)
            with _SEGMENTS_LOCK:
                _SEGMENTS[key] = found
    names: list[tuple[str, str, str]] = []
    numbers: dict[tuple[str, str, str], int] = {}
    actors: list[tuple[int, ...]] = [()] * reader.doc_count_all()
    ids: list[str] = [""] * reader.doc_count_all()
    stories: list[str] = [""] * reader.doc_count_all()
    records: list[Record] = []
    for segment, offset in leaves:
        part = _SEGMENTS[segment.segment().segment_id()]
        remap = []
        for pair in part.names:
            if pair not in numbers:
                numbers[pair] = len(names)
                names.append(pair)
            remap.append(numbers[pair])
        deleted = segment.is_deleted if segment.has_deletions() else None
        for local, own in enumerate(part.actors):
            if local % ASSEMBLE == 0:
                yield  # (the lock is let go now and then: a large index's rows are read meanwhile)
            if own and not (deleted and deleted(local)):
                actors[offset + local] = tuple(remap[n] for n in own)
        ids[offset : offset + len(part.ids)] = part.ids
        stories[offset : offset + len(part.stories)] = part.stories
        if deleted:
            for local in range(len(part.ids)):
                if deleted(local):
                    ids[offset + local] = stories[offset + local] = ""
        for local, stored, agreements in part.records:
            if not (deleted and deleted(local)):
                row = row_of(offset + local, stored)
                records.extend(Record(row, a, record_key(row.id, a)) for a in agreements)
    records.sort(key=lambda r: (r.date or "", r.row.id), reverse=True)
    return Workspace(records, names, actors, ids, stories)


class Part(NamedTuple):
    """A run of one segment's documents as `segment_parts` reads them (what another process sends)."""

    names: list[tuple[str, str]]  # (name, kind) of the actors first met in this part, numbered on from before
    actors: list[tuple[int, ...]]
    ids: list[str]
    stories: list[str]
    records: list[tuple[int, Stored, tuple[Agreement, ...]]]


def segment_parts(segment: IndexReader, size: int = SLICE) -> Iterator[Part]:
    """One segment's documents read `size` at a time, from its stored fields."""
    names: dict[tuple[str, str], int] = {}
    deleted = segment.is_deleted if segment.has_deletions() else None
    total = segment.doc_count_all()
    for start in range(0, total, size):
        known = len(names)
        actors: list[tuple[int, ...]] = []
        records: list[tuple[int, Stored, tuple[Agreement, ...]]] = []
        ids: list[str] = []
        stories: list[str] = []
        for local in range(start, min(start + size, total)):
            if deleted and deleted(local):  # (deleted for good: a segment only gains deletions)
                actors.append(())
                ids.append("")
                stories.append("")
                continue
            stored = segment.stored_fields(local)
            ids.append(stored.get("id", ""))
            stories.append(stored.get("story") or "")
            raw = stored.get("enrichment")
            if not raw:
                actors.append(())
                continue
            data = json.loads(raw)
            actors.append(tuple(names.setdefault((a[0], a[1]), len(names)) for a in data.get("actors", ())))
            if data.get("agreements"):
                enrichment = Enrichment.from_json({"agreements": data["agreements"]})
                kept = {k: v for k, v in stored.items() if k not in ("body", "enrichment")}
                records.append((local, kept, enrichment.agreements))
        yield Part(list(names)[known:], actors, ids, stories, records)


class SegmentReading:
    """A segment put together from its parts, in order."""

    def __init__(self) -> None:
        self.segment = _Segment([], [], [], [], [])

    def add(self, part: Part) -> None:
        seg = self.segment
        seg.names.extend((name, kind, fold(name)) for name, kind in part.names)
        seg.actors.extend(part.actors)
        seg.ids.extend(part.ids)
        seg.stories.extend(part.stories)
        seg.records.extend(part.records)


def _read_segment(segment: IndexReader) -> Generator[None, None, _Segment]:
    reading = SegmentReading()
    for part in segment_parts(segment):
        reading.add(part)
        yield
    return reading.segment


def missing_segments(reader: IndexReader) -> list[str]:
    """The ids of this index's segments whose tables this process has not read yet."""
    with _SEGMENTS_LOCK:
        return [
            leaf.segment().segment_id()
            for leaf, _offset in reader.leaf_readers()
            if leaf.segment().segment_id() not in _SEGMENTS
        ]


def keep_segment(key: str, segment: _Segment) -> None:
    """A segment's tables read elsewhere (another process: the app's `remote.read_tables`), kept as if read
    here: the next `workspace()` only puts them together."""
    with _SEGMENTS_LOCK:
        _SEGMENTS[key] = segment
