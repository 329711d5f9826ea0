"""The analyst's tables, read once per index generation and kept: every agreement record with its article,
and the actors of every article (from the exact-name facet fields, turned around: article → actors).

The app's agreements view, pair timeline and facets of the results filter these in memory, so they open in
milliseconds on 34,000 articles. Reading them takes a few hundred milliseconds; it is done a slice at a time
with the service's lock taken for each slice only, so searches go on meanwhile
(`SearchService.workspace()`).
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from whoosh import query
from whoosh.searching import Searcher

from reader.enrich import Agreement
from reader.enrich.records import ACTOR_KINDS
from reader.index.documents import FACET_FIELDS, enrichment_of
from reader.search.results import Row, row_of
from reader.text.normalize import letters

SLICE = 200  # articles (or names) read under the lock at a time


def record_key(article_id: str, agreement: Agreement) -> str:
    """A record's identity across reindexes: its article's stable id and its sentence (letters and digits)."""
    return f"{article_id}:{hashlib.sha1(letters(agreement.text).encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class Record:
    """One agreement record and the article that reports it."""

    row: Row
    agreement: Agreement
    key: str  # `record_key`: what a review is kept under

    @property
    def date(self) -> str | None:
        return self.agreement.date or self.row.date

    @property
    def parties(self) -> tuple[str, ...]:
        return self.agreement.parties


@dataclass(frozen=True)
class Facet:
    name: str
    kind: str
    articles: int  # how many of the articles counted name it


class Workspace:
    """Every agreement record (newest first) and the actors of every article, for one index generation."""

    def __init__(self, records: list[Record], names: list[tuple[str, str]], actors: list[tuple[int, ...]]) -> None:
        self.records = records
        self.names = names  # actor number → (name, kind)
        self.actors = actors  # document number → its actors' numbers
        self._numbers = {pair: n for n, pair in enumerate(names)}

    def number(self, name: str, kind: str) -> int | None:
        return self._numbers.get((name, kind))

    def actors_of(self, docnum: int) -> tuple[int, ...]:
        return self.actors[docnum] if 0 <= docnum < len(self.actors) else ()

    def facets(self, docnums: Iterable[int]) -> list[Facet]:
        """The actors of these articles with how many of them name each, most named first."""
        counts: Counter[int] = Counter()
        actors = self.actors
        size = len(actors)
        for n in docnums:
            if 0 <= n < size:
                counts.update(actors[n])
        return [Facet(*self.names[number], count) for number, count in counts.most_common()]

    def naming(self, docnums: Iterable[int], wanted: Sequence[int]) -> list[int]:
        """Those of these articles that name every one of the `wanted` actors, in the same order."""
        if not wanted:
            return list(docnums)
        need = set(wanted)
        actors, size = self.actors, len(self.actors)
        return [n for n in docnums if 0 <= n < size and need.issubset(actors[n])]


_BUILT: WeakKeyDictionary[Searcher, Workspace] = WeakKeyDictionary()


def workspace(lock: threading.RLock, current: Callable[[], Searcher]) -> Workspace:
    """The workspace of the current searcher: kept from an earlier call, or read now, a slice at a time with
    the lock held for each slice (read again from the start if the index moved on meanwhile)."""
    while True:
        with lock:
            searcher = current()
            if (built := _BUILT.get(searcher)) is not None:
                return built
            steps = _read(searcher)
        try:
            while True:
                with lock:
                    if current() is not searcher:
                        break  # a newer index generation: start again on it
                    try:
                        next(steps)
                    except StopIteration as done:
                        _BUILT[searcher] = done.value
                        return done.value
        except Exception:
            with lock:
                if current() is searcher:
                    raise
            # (the searcher was closed under us by a refresh: start again on the new one)


def _read(searcher: Searcher) -> Generator[None, None, Workspace]:
    """Reads the workspace, yielding between slices; its return value is the Workspace."""
    reader = searcher.reader()
    names: list[tuple[str, str]] = []
    actors: list[list[int]] = [[] for _ in range(reader.doc_count_all())]
    for kind in ACTOR_KINDS:
        field = FACET_FIELDS[kind]
        if field not in reader.schema:
            continue
        terms = list(reader.field_terms(field))
        for start in range(0, len(terms), SLICE):
            for term in terms[start : start + SLICE]:
                number = len(names)
                names.append((term if isinstance(term, str) else term.decode(), kind))
                for docnum in reader.postings(field, term).all_ids():
                    actors[docnum].append(number)
            yield
    records: list[Record] = []
    docnums = list(searcher.search(query.Every("kind"), limit=None).docs()) if "kind" in reader.schema else []
    for start in range(0, len(docnums), SLICE):
        for docnum in docnums[start : start + SLICE]:
            stored = searcher.stored_fields(docnum)
            enrichment = enrichment_of(stored)
            if enrichment is None:
                continue
            row = row_of(docnum, stored)
            records.extend(Record(row, record, record_key(row.id, record)) for record in enrichment.agreements)
        yield
    records.sort(key=lambda r: (r.date or "", r.row.id), reverse=True)
    return Workspace(records, names, [tuple(a) for a in actors])
