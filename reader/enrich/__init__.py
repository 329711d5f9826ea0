"""Key actors and agreements of an article, extracted once at index time with spaCy's French model.

Importing this package does not import spaCy; the model is loaded on first use, once per process (nlp.py).

- `records`: Actor, Agreement, Enrichment and their JSON (no spaCy);
- `pipeline`: the passes over a batch of texts and the worker processes (`enrich_many`, `stream`);
- `mentions`, `actors`: who the article names (lexicon.py holds the tables);
- `triggers` (what counts as an agreement), `parties` (between whom), `topics` (about what), `agreements`
  (one record per agreement);
- `cache`: enrichments already extracted, by text.
"""

from reader.enrich.pipeline import enrich, enrich_many
from reader.enrich.records import EMPTY, MODEL_VERSION, Actor, Agreement, Enrichment

__all__ = ["Actor", "Agreement", "Enrichment", "EMPTY", "MODEL_VERSION", "enrich", "enrich_many"]
