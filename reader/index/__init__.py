"""The index of a corpus: built and updated incrementally, crash-safe, one writer at a time.

- `schema`: the Whoosh fields and analyzers;
- `store`: where an index lives, opening (a damaged one told apart), the writer lock, writers that commit
  whole or not at all, the rebuild swap;
- `manifest`: what the index holds file by file, so a no-change run only stats files;
- `documents`: an article and its enrichment as stored fields, and back;
- `build`: phase 1, the full text (`update`);
- `extract`: phase 2, actors and agreements (`enrich_pending`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.index.build import Report, update
    from reader.index.extract import enrich_pending, pending_count
    from reader.index.store import exists, open_index, open_searcher, writer_lock

# Loaded on first use: searching and the app import `reader.index.documents` and `store`, and must not pay
# for the build's imports (the stories' datasketch pulls in scipy: ~0.6 s and ~70 MB at every start).
_WHERE = {
    "Report": "build",
    "update": "build",
    "enrich_pending": "extract",
    "pending_count": "extract",
    "exists": "store",
    "open_index": "store",
    "open_searcher": "store",
    "writer_lock": "store",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"reader.index.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'reader.index' has no attribute {name!r}")


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
