"""The enrichment cache: SQLite map from (article text, extraction version) to actors and agreements, so a
rebuild never runs the model twice on the same text. Where it lives is the index's choice."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.enrich.records import MODEL_VERSION, Enrichment

if TYPE_CHECKING:
    from reader.ingest import Article

_TABLE = "CREATE TABLE IF NOT EXISTS enrichment (key TEXT PRIMARY KEY, version TEXT, data TEXT)"


class EnrichmentCache:
    """Enrichments by the sha1 of an article's title and body. A damaged file is replaced by a new one
    (with a message on stderr): the cache only saves time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._connect()
        except sqlite3.DatabaseError as exc:
            print(f"reader: enrichment cache unusable ({exc}); starting a new one", file=sys.stderr)
            path.unlink(missing_ok=True)
            self.db = self._connect()
        # whether the cache holds an entry of this extraction version (None: not asked yet): a build from
        # nothing, or after the model changed, looks up no article (a hash and a query an article: a tenth of
        # the building process's time). Only this object writes to the cache meanwhile (the index's writer
        # lock is held), and `put` sets it.
        self._current: bool | None = None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(_TABLE)
        return db

    @staticmethod
    def _key(article: Article) -> str:
        return hashlib.sha1((article.title + "\0" + article.body).encode("utf-8")).hexdigest()

    def get(self, article: Article) -> tuple[Enrichment | None, str]:
        """(Enrichment, version) from the cache, or (None, "") when the article still needs the model."""
        if self._current is None:
            found = self.db.execute("SELECT 1 FROM enrichment WHERE version=? LIMIT 1", (MODEL_VERSION,))
            self._current = found.fetchone() is not None
        if not self._current:
            return None, ""
        row = self.db.execute("SELECT version, data FROM enrichment WHERE key=?", (self._key(article),)).fetchone()
        if row and row[0] == MODEL_VERSION:
            return Enrichment.from_json(json.loads(row[1])), MODEL_VERSION
        return None, ""

    def put(self, article: Article, enrichment: Enrichment, version: str) -> None:
        """Stores an enrichment (written at the next commit)."""
        self.db.execute(
            "INSERT OR REPLACE INTO enrichment VALUES (?,?,?)",
            (self._key(article), version, json.dumps(enrichment.to_json(), ensure_ascii=False)),
        )
        self._current = self._current or version == MODEL_VERSION

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.close()
