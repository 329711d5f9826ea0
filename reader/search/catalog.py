"""What the corpus holds across articles: actors with their article counts, and agreement records."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from whoosh.query import Term
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from reader.enrich import Agreement
from reader.index.documents import FACET_FIELDS
from reader.search.results import Document, Row
from reader.text.normalize import letters


def facets(searcher: Searcher, fieldname: str) -> list[tuple[str, int]]:
    """(value, number of articles) for a facet field, most frequent first."""
    r = searcher.reader()
    if fieldname not in r.schema:
        return []
    counts = [(value, r.doc_frequency(fieldname, value)) for value in r.field_terms(fieldname)]
    pairs = (((v if isinstance(v, str) else v.decode()), c) for v, c in counts if c)
    return sorted(pairs, key=lambda vc: (-vc[1], vc[0]))


def actors(searcher: Searcher, kind: str) -> list[tuple[str, int]]:
    """(name, number of articles) of the actors of one kind, most frequent first."""
    return facets(searcher, FACET_FIELDS[kind])


def agreements(
    docnums: list[int], document: Callable[[int], Document], parties: Sequence[str] = ()
) -> list[tuple[Row, Agreement]]:
    """The agreement records of these articles, newest first: (article row, record). With parties, only
    records whose parties name each of them (case, accents and punctuation aside)."""
    wanted = [letters(party) for party in parties]
    out = []
    for n in docnums:
        doc = document(n)
        for record in doc.enrichment.agreements:
            named = [letters(p) for p in record.parties]
            if not all(any(w in p for p in named) for w in wanted):
                continue
            out.append((doc.row, record))
    out.sort(key=lambda item: item[1].date or item[0].date or "", reverse=True)
    return out


def actors_once(searcher: Searcher, kind: str, all_copies: bool = False) -> list[tuple[str, int]]:
    """(name, number of stories) of the actors of one kind: the copies of one story count once; with
    `all_copies`, (name, number of articles). Live articles only (a term's document frequency counts the
    articles replaced since the last merge too)."""
    r = searcher.reader()
    fieldname = FACET_FIELDS[kind]
    if fieldname not in r.schema or "story" not in r.schema:
        return actors(searcher, kind)
    story = r.column_reader("story")
    out = []
    for value in r.field_terms(fieldname):
        docs = searcher.docs_for_query(Term(fieldname, value))
        n = len(list(docs)) if all_copies else len({story[d] for d in docs})
        if n:
            out.append(((value if isinstance(value, str) else value.decode()), n))
    return sorted(out, key=lambda vc: (-vc[1], vc[0]))


def merge_copies(records: list[tuple[Row, Agreement]]) -> list[tuple[Row, Agreement, list[Row]]]:
    """Agreement records with the copies of one story counted once: a record of a copy whose story already
    has a record with the same parties and kind (from another article) is dropped, and that article kept as
    one of the record's sources. Order kept (the first article of a story seen owns its records)."""
    owner: dict[tuple, str] = {}  # (story, parties, kind) → id of the article whose records stand
    kept: list[tuple[Row, Agreement, list[Row]]] = []
    first: dict[tuple, list[Row]] = {}  # key → the sources list shared by the owner's records
    for row, record in records:
        key = (row.story or row.id, tuple(sorted({letters(p) for p in record.parties})), record.kind)
        if owner.setdefault(key, row.id) == row.id:
            sources = first.setdefault(key, [])
            kept.append((row, record, sources))
        elif all(s.id != row.id for s in first[key]):
            first[key].append(row)
    return kept


def article_ids(reader: IndexReader) -> list[str]:
    """Every document's article id by document number ("" for a deleted one), from the `id` field's terms
    (an id is one article: a term's first document is its article, but for an article replaced since the
    last merge), not from the stored articles: about ten times faster."""
    ids = [""] * reader.doc_count_all()
    for leaf, offset in reader.leaf_readers():
        deleted = leaf.is_deleted if leaf.has_deletions() else None
        for term, info in leaf.iter_field("id"):
            value = term.decode() if isinstance(term, bytes) else term
            if info.doc_frequency() == 1:
                docs: Iterable[int] = (info.min_id(),)
            else:
                docs = leaf.postings("id", term).all_ids()
            for local in docs:
                if not (deleted and deleted(local)):
                    ids[offset + local] = value
    return ids


def story_members(searcher: Searcher, story: str) -> list[int]:
    """The live documents of one story."""
    return sorted(searcher.docs_for_query(Term("story", story)))


def stories(searcher: Searcher, min_size: int = 2) -> list[tuple[str, list[int]]]:
    """(story id, its documents) of the stories of at least `min_size` articles."""
    r = searcher.reader()
    if "story" not in r.schema:
        return []
    out = []
    for value, info in r.iter_field("story"):
        if info.doc_frequency() < min_size:  # (counts deleted documents too: an upper bound)
            continue
        sid = value if isinstance(value, str) else value.decode()
        members = story_members(searcher, sid)
        if len(members) >= min_size:
            out.append((sid, members))
    return out
