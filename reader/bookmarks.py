"""Bookmarks: SQLite in WAL mode in the user data dir, keyed by the stable article id.

Every change is one transaction, so a killed process never leaves half a bookmark. A damaged database is
moved aside (never deleted) and a fresh one started; an unwritable data folder leaves bookmarks readable.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader import paths
from reader.errors import BookmarkError


@dataclass(frozen=True)
class Bookmark:
    id: str
    path: str
    title: str
    date: str | None
    added: str  # ISO 8601, UTC

    def to_json(self) -> dict:
        return asdict(self)


def default_path() -> Path:
    return paths.data_dir() / "bookmarks.sqlite"


class Bookmarks:
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else default_path()
        self.message: str | None = None  # set when something had to be repaired or is read-only
        self.read_only = False
        self._db = self._open()

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return self._read_only(f"cannot create {self.path.parent}: {exc.strerror}")
        try:
            return self._connect()
        except sqlite3.OperationalError as exc:
            # a full disk, a read-only folder, an I/O error, a lock held too long: the file is not at fault,
            # so it is read as it is and never moved aside
            return self._read_only(f"cannot write bookmarks in {self.path.parent} ({exc})")
        except sqlite3.DatabaseError as exc:  # the file itself is damaged (not a database, failed check)
            self._move_aside(exc)
            try:
                return self._connect()
            except sqlite3.DatabaseError as again:
                return self._read_only(f"cannot start a new bookmarks database ({again})")

    def _move_aside(self, exc: Exception) -> None:
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        self.path.rename(aside)
        for suffix in ("-wal", "-shm"):
            extra = Path(str(self.path) + suffix)
            if extra.exists():
                extra.rename(Path(str(aside) + suffix))
        self.message = f"bookmarks database was damaged ({exc}); moved it to {aside} and started a new one"

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS bookmarks (id TEXT PRIMARY KEY, path TEXT NOT NULL, "
                "title TEXT NOT NULL, date TEXT, added TEXT NOT NULL)"
            )
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _read_only(self, why: str) -> sqlite3.Connection | None:
        """The bookmarks as they are on disk, without writing a byte: read-only first; `immutable` where even
        that needs to write (a WAL database's shared-memory file on a full disk or a read-only folder)."""
        self.read_only = True
        self.message = f"{why}; bookmarks are read-only"
        if not self.path.exists():
            return None
        for options in ("mode=ro", "immutable=1"):
            try:
                db = sqlite3.connect(f"{self.path.as_uri()}?{options}", uri=True, isolation_level=None)
            except sqlite3.Error:
                continue
            try:
                db.execute("SELECT count(*) FROM bookmarks").fetchone()
                return db
            except sqlite3.Error:
                db.close()
        return None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    def list(self) -> list[Bookmark]:
        """Newest first."""
        if self._db is None:
            return []
        try:
            rows = self._db.execute(
                "SELECT id, path, title, date, added FROM bookmarks ORDER BY added DESC, rowid DESC"
            ).fetchall()
        except sqlite3.Error as exc:
            raise BookmarkError(f"cannot read bookmarks in {self.path}: {exc}") from exc
        return [Bookmark(*row) for row in rows]

    def ids(self) -> set[str]:
        return {b.id for b in self.list()}

    def get(self, article_id: str) -> Bookmark | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT id, path, title, date, added FROM bookmarks WHERE id=?", (article_id,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise BookmarkError(f"cannot read bookmarks in {self.path}: {exc}") from exc
        return Bookmark(*row) if row else None

    def __contains__(self, article_id: str) -> bool:
        return self.get(article_id) is not None

    def add(self, article_id: str, path: str, title: str, date: str | None) -> Bookmark:
        added = datetime.now(UTC).isoformat(timespec="microseconds")
        bookmark = Bookmark(article_id, path, title, date, added)
        self._write(
            "INSERT INTO bookmarks VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET path=excluded.path, "
            "title=excluded.title, date=excluded.date",
            (article_id, path, title, date, added),
        )
        return self.get(article_id) or bookmark

    def remove(self, article_id: str) -> bool:
        return self._write("DELETE FROM bookmarks WHERE id=?", (article_id,)) > 0

    def toggle(self, article_id: str, path: str, title: str, date: str | None, shown: bool | None = None) -> bool:
        """True if the article is bookmarked afterwards. `shown`: whether the user sees it bookmarked. The
        toggle goes from what the user sees, not from the database, which another reader open on the same
        data may have changed since (b meant to add must never remove)."""
        marked = article_id in self if shown is None else shown
        if marked:
            self.remove(article_id)
            return False
        self.add(article_id, path, title, date)
        return True

    def version(self) -> int:
        """Changes whenever another connection (another reader) commits a change: cheap to poll."""
        if self._db is None:
            return 0
        try:
            return int(self._db.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return 0

    def _write(self, sql: str, params: tuple) -> int:
        if self.read_only or self._db is None:
            raise BookmarkError(self.message or "bookmarks are read-only")
        try:
            return self._db.execute(sql, params).rowcount
        except sqlite3.Error as exc:
            raise BookmarkError(f"cannot save bookmark: {exc}") from exc
