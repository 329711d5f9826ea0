"""The index of a corpus: built and updated incrementally, crash-safe, one writer at a time.

- `schema`: the Whoosh fields and analyzers;
- `store`: where an index lives, opening (a damaged one told apart), the writer lock, writers that commit
  whole or not at all, the rebuild swap;
- `manifest`: what the index holds file by file, so a no-change run only stats files;
- `documents`: an article and its enrichment as stored fields, and back;
- `build`: phase 1, the full text (`update`);
- `extract`: phase 2, actors and agreements (`enrich_pending`).
"""

from reader.index.build import Report, update
from reader.index.extract import enrich_pending, pending_count
from reader.index.store import exists, open_index, open_searcher, writer_lock

__all__ = [
    "Report",
    "enrich_pending",
    "exists",
    "open_index",
    "open_searcher",
    "pending_count",
    "update",
    "writer_lock",
]
