"""What the corpus holds across articles: actors with their article counts, and agreement records."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
