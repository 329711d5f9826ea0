"""Queries to ranked hits, snippets, match spans, browsing order, actors and agreements across the corpus.

- `service`: `SearchService`, the facade the CLI and the app use (one per open index);
- `parse`: a user's text to a Whoosh query; `rewrite`: expansions bounded, common words dropped;
- `columns`: browsing order and date filters from whole columns; `highlight`: match spans and snippets;
- `catalog`: actors with counts, agreement records; `results`: the typed results (Row, Hit, SearchResult,
  Document).
"""

from reader.enrich.records import ACTOR_KINDS
from reader.errors import QueryError
from reader.search.results import Document, Hit, Row, SearchResult
from reader.search.service import SearchService

__all__ = ["ACTOR_KINDS", "Document", "Hit", "QueryError", "Row", "SearchResult", "SearchService"]
