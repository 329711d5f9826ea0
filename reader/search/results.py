"""What a search gives back, typed: a row of the list, a hit, a result, an open article."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.enrich import EMPTY, Enrichment
from reader.index.documents import Stored, enrichment_of


@dataclass(frozen=True)
class Row:
    """What the list shows for one article."""

    docnum: int
    id: str
    path: str
    title: str
    date: str | None
    top_actors: tuple[str, ...] = ()
    story: str = ""  # the story (near-copies of one news item) it belongs to; alone, its own id
    source: str = ""  # the outlet it comes from, when its file says (reader.ingest.sources)
    url: str = ""  # its URL, likewise


@dataclass(frozen=True)
class Hit:
    row: Row
    score: float
    snippet: tuple[tuple[str, bool], ...] = ()  # (text, is_match) segments

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.snippet)


@dataclass
class SearchResult:
    query: str
    total: int  # exact, whatever the limit
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    note: str | None = None  # e.g. "prefix re* limited to its 64 most frequent words"
    docnums: list[int] = field(default_factory=list)  # the ranked documents returned, best first


@dataclass(frozen=True)
class Document:
    """An open article: its row, language, clean body, and actors and agreements (EMPTY until extracted)."""

    row: Row
    language: str
    body: str
    enrichment: Enrichment
    enriched: bool


def row_of(docnum: int, stored: Stored) -> Row:
    when = stored.get("date")
    return Row(
        docnum,
        stored["id"],
        stored["path"],
        stored["title"],
        when.date().isoformat() if when else None,
        tuple(stored.get("top_actors") or ()),
        stored.get("story") or stored["id"],
        stored.get("source") or "",
        stored.get("url") or "",
    )


def document_of(docnum: int, stored: Stored) -> Document:
    enrichment = enrichment_of(stored)
    return Document(
        row_of(docnum, stored),
        stored.get("language", ""),
        stored["body"],
        enrichment or EMPTY,
        bool(stored.get("enriched")),
    )
