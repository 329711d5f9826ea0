"""Key actors and agreements of an article, extracted once at index time with spaCy's French model.

Importing this package does not import spaCy; the model is loaded on first use, once per process (nlp.py).

- `records`: Actor, Agreement, Enrichment and their JSON (no spaCy);
- `pipeline`: the passes over a batch of texts and the worker processes (`enrich_many`, `stream`);
- `mentions`, `actors`: who the article names (lexicon.py holds the tables);
- `triggers` (what counts as an agreement), `parties` (between whom), `topics` (about what), `agreements`
  (one record per agreement);
- `cache`: enrichments already extracted, by text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.enrich.records import EMPTY, MODEL_VERSION, Actor, Agreement, Enrichment

if TYPE_CHECKING:
    from reader.enrich.pipeline import enrich, enrich_many


def __getattr__(name: str) -> Any:
    # the pipeline (its classifier imports numpy: ~0.2 s) is loaded on first use, not by every reader of
    # records (the search, the app's start, a no-change `reader index`)
    if name in ("enrich", "enrich_many"):
        from reader.enrich import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'reader.enrich' has no attribute {name!r}")


__all__ = ["Actor", "Agreement", "Enrichment", "EMPTY", "MODEL_VERSION", "enrich", "enrich_many"]
