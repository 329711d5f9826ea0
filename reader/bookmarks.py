"""Bookmarks, and the review of agreement records: SQLite in WAL mode in the user data dir, keyed by the
stable article id (a record by its article's id and its sentence), so both survive reindexing.

Every change is one transaction, so a killed process never leaves half a bookmark. A damaged database is
moved aside (never deleted) and a fresh one started; an unwritable data folder leaves bookmarks readable.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
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
    corpus: str | None = None  # the corpus folder it was added in (None: added before that was kept)

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "corpus"}  # the contract: id, path, title, date, added


@dataclass(frozen=True)
class Review:
    """An analyst's word on an agreement record (key: `reader.search.tables.record_key`) or an article (key:
    its id): confirmed or rejected, and a note."""

    key: str
    article: str
    verdict: str | None  # "confirmed" | "rejected" | None
    note: str
    updated: str  # ISO 8601, UTC

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Watchlist:
    """A saved search (its actor filters folded into the query: `reader.watch.watch_query`)."""

    name: str
    query: str
    created: str  # ISO 8601, UTC
    opened: str | None  # when it was last opened (None: never)


VERDICTS = ("confirmed", "rejected")
Watchlists = list[Watchlist]  # (inside `Bookmarks`, `list` is its method)
Statements = list[tuple[str, tuple]]
Rows = list[tuple[str, str]]


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
            if "corpus" not in {row[1] for row in db.execute("PRAGMA table_info(bookmarks)")}:
                db.execute("ALTER TABLE bookmarks ADD COLUMN corpus TEXT")
            db.execute(
                "CREATE TABLE IF NOT EXISTS reviews (key TEXT PRIMARY KEY, article TEXT NOT NULL, verdict TEXT, "
                "note TEXT NOT NULL DEFAULT '', updated TEXT NOT NULL)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS watchlists (name TEXT PRIMARY KEY, query TEXT NOT NULL, "
                "created TEXT NOT NULL, opened TEXT)"
            )
            db.execute(  # the articles each watchlist matched when it was last opened: the rest are new
                "CREATE TABLE IF NOT EXISTS watch_seen (name TEXT NOT NULL, id TEXT NOT NULL, "
                "PRIMARY KEY (name, id)) WITHOUT ROWID"
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

    def _columns(self) -> str:
        """The bookmark columns this database has (one made before corpora were kept, read-only, has no corpus)."""
        assert self._db is not None
        names = {row[1] for row in self._db.execute("PRAGMA table_info(bookmarks)")}
        return "id, path, title, date, added" + (", corpus" if "corpus" in names else "")

    def list(self) -> list[Bookmark]:
        """Newest first."""
        if self._db is None:
            return []
        try:
            rows = self._db.execute(
                f"SELECT {self._columns()} FROM bookmarks ORDER BY added DESC, rowid DESC"
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
            row = self._db.execute(f"SELECT {self._columns()} FROM bookmarks WHERE id=?", (article_id,)).fetchone()
        except sqlite3.Error as exc:
            raise BookmarkError(f"cannot read bookmarks in {self.path}: {exc}") from exc
        return Bookmark(*row) if row else None

    def __contains__(self, article_id: str) -> bool:
        return self.get(article_id) is not None

    def add(
        self, article_id: str, path: str, title: str, date: str | None, corpus: str | None = None, added: str = ""
    ) -> Bookmark:
        """Bookmark an article (in `corpus`, a folder); `added` puts an undone removal back in its place."""
        added = added or _now()
        bookmark = Bookmark(article_id, path, title, date, added, corpus)
        self._write(
            "INSERT INTO bookmarks (id, path, title, date, added, corpus) VALUES (?,?,?,?,?,?) ON CONFLICT(id) "
            "DO UPDATE SET path=excluded.path, title=excluded.title, date=excluded.date, "
            "corpus=coalesce(excluded.corpus, corpus)",
            (article_id, path, title, date, added, corpus),
        )
        return self.get(article_id) or bookmark

    def restore(self, bookmark: Bookmark) -> None:
        """Put a removed bookmark back as it was (undo)."""
        self.add(bookmark.id, bookmark.path, bookmark.title, bookmark.date, bookmark.corpus, bookmark.added)

    def remove(self, article_id: str) -> bool:
        return self._write("DELETE FROM bookmarks WHERE id=?", (article_id,)) > 0

    def toggle(
        self,
        article_id: str,
        path: str,
        title: str,
        date: str | None,
        shown: bool | None = None,
        corpus: str | None = None,
    ) -> bool:
        """True if the article is bookmarked afterwards. `shown`: whether the user sees it bookmarked. The
        toggle goes from what the user sees, not from the database, which another reader open on the same
        data may have changed since (b meant to add must never remove)."""
        marked = article_id in self if shown is None else shown
        if marked:
            self.remove(article_id)
            return False
        self.add(article_id, path, title, date, corpus)
        return True

    def version(self) -> int:
        """Changes whenever another connection (another reader) commits a change: cheap to poll."""
        if self._db is None:
            return 0
        try:
            return int(self._db.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return 0

    # -- review --
    def reviews(self) -> dict[str, Review]:
        """Every review, by key."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute("SELECT key, article, verdict, note, updated FROM reviews").fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):  # a read-only database from before reviews
                return {}
            raise BookmarkError(f"cannot read reviews in {self.path}: {exc}") from exc
        except sqlite3.Error as exc:
            raise BookmarkError(f"cannot read reviews in {self.path}: {exc}") from exc
        return {row[0]: Review(*row) for row in rows}

    def set_verdict(self, key: str, article: str, verdict: str | None) -> None:
        """Confirm or reject a record (None: neither); its note stays."""
        if verdict is not None and verdict not in VERDICTS:
            raise ValueError(f"verdict: {verdict}")
        self._review(key, article, "verdict", verdict)

    def set_note(self, key: str, article: str, note: str) -> None:
        """A note on a record or, keyed by its id, an article ("" removes it)."""
        self._review(key, article, "note", note)

    def _review(self, key: str, article: str, column: str, value: str | None) -> None:
        self._write(
            f"INSERT INTO reviews (key, article, {column}, updated) VALUES (?,?,?,?) "
            f"ON CONFLICT(key) DO UPDATE SET {column}=excluded.{column}, updated=excluded.updated",
            (key, article, value if value is not None or column == "verdict" else "", _now()),
        )
        self._write("DELETE FROM reviews WHERE key=? AND verdict IS NULL AND note=''", (key,))

    # -- watchlists: saved searches, with the articles each matched when last opened --
    def watchlists(self) -> Watchlists:
        """By name."""
        if self._db is None:
            return []
        try:
            rows = self._db.execute("SELECT name, query, created, opened FROM watchlists ORDER BY name").fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):  # a read-only database from before watchlists
                return []
            raise BookmarkError(f"cannot read watchlists in {self.path}: {exc}") from exc
        except sqlite3.Error as exc:
            raise BookmarkError(f"cannot read watchlists in {self.path}: {exc}") from exc
        return [Watchlist(*row) for row in rows]

    def watchlist(self, name: str) -> Watchlist | None:
        return next((w for w in self.watchlists() if w.name == name), None)

    def seen(self, name: str) -> set[str]:
        """The ids of the articles the watchlist matched when it was last opened."""
        if self._db is None:
            return set()
        try:
            return {row[0] for row in self._db.execute("SELECT id FROM watch_seen WHERE name=?", (name,))}
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return set()
            raise BookmarkError(f"cannot read watchlists in {self.path}: {exc}") from exc
        except sqlite3.Error as exc:
            raise BookmarkError(f"cannot read watchlists in {self.path}: {exc}") from exc

    def save_watchlist(self, name: str, query: str, seen: Iterable[str] = ()) -> Watchlist:
        """Save (or replace) a watchlist; `seen`, the articles it matches now, are not new."""
        now = _now()
        self._transaction(
            [
                (
                    "INSERT INTO watchlists (name, query, created, opened) VALUES (?,?,?,?) ON CONFLICT(name) "
                    "DO UPDATE SET query=excluded.query, opened=excluded.opened",
                    (name, query, now, now),
                ),
                ("DELETE FROM watch_seen WHERE name=?", (name,)),
            ],
            ("INSERT OR IGNORE INTO watch_seen (name, id) VALUES (?,?)", [(name, i) for i in seen]),
        )
        return self.watchlist(name) or Watchlist(name, query, now, now)

    def mark_opened(self, name: str, seen: Iterable[str]) -> None:
        """The watchlist was opened and matched `seen`: none of them is new any more."""
        self._transaction(
            [
                ("UPDATE watchlists SET opened=? WHERE name=?", (_now(), name)),
                ("DELETE FROM watch_seen WHERE name=?", (name,)),
            ],
            ("INSERT OR IGNORE INTO watch_seen (name, id) VALUES (?,?)", [(name, i) for i in seen]),
        )

    def remove_watchlist(self, name: str) -> bool:
        removed = self._transaction(
            [("DELETE FROM watchlists WHERE name=?", (name,)), ("DELETE FROM watch_seen WHERE name=?", (name,))]
        )
        return removed > 0

    def _transaction(self, statements: Statements, many: tuple[str, Rows] | None = None) -> int:
        """Statements (and one executemany) in one transaction: all of them or none. The first one's rowcount."""
        if self.read_only or self._db is None:
            raise BookmarkError(self.message or "bookmarks are read-only")
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                first = db.execute(*statements[0]).rowcount
                for sql, params in statements[1:]:
                    db.execute(sql, params)
                if many is not None:
                    db.executemany(*many)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise BookmarkError(f"cannot save the watchlist: {exc}") from exc
        return int(first)

    def _write(self, sql: str, params: tuple) -> int:
        if self.read_only or self._db is None:
            raise BookmarkError(self.message or "bookmarks are read-only")
        try:
            return self._db.execute(sql, params).rowcount
        except sqlite3.Error as exc:
            raise BookmarkError(f"cannot save bookmark: {exc}") from exc


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
