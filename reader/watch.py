"""Watchlists (saved searches) and the corpus folder watched while the reader is open.

A watchlist is a name and a query; the actors the app's list was narrowed to are folded into the query as
`person:"…"`, `place:"…"`, `org:"…"` clauses, so the command line and the app run the same search. What is
new in a watchlist is what it matches now that it did not match when it was last opened: the ids of the
articles it matched then are kept (`Bookmarks.seen`). Ids, not the index's order or the files' mtimes: an
article keeps its id across reindexes (the extraction rewrites every document, which would make all of
them "new" by indexing order), and a file copied in with an old mtime (`cp -p`, an unpacked archive) is new
to the reader all the same.

`FolderWatcher` has watchfiles watch the folder in a process of its own (`python -m reader.watch --serve`,
a thread of the app relaying what it reports) and reports each batch of changed article files; the app then
runs an incremental `reader index`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.bookmarks import Bookmarks, Watchlist
from reader.procs import die_with_parent, end

if TYPE_CHECKING:
    from reader.search import SearchService

FIELDS = {"person": "person", "place": "place", "organisation": "org"}  # actor kind -> query field
SUFFIXES = (".txt", ".md", ".html", ".htm")  # what the index reads (ingest.walk)


def watch_query(text: str, actors: Sequence[tuple[str, str]] = ()) -> str:
    """The query text with the actors (name, kind) the list is narrowed to, as one query."""
    clauses = [f'{FIELDS.get(kind, "actor")}:"{name.replace(chr(34), " ").strip()}"' for name, kind in actors]
    text = text.strip()
    if text and clauses:
        text = f"({text})"
    return " AND ".join([text, *clauses] if text else clauses)


def matching_ids(service: SearchService, query: str) -> list[str]:
    """The ids of every article the query matches, unranked (raises QueryError for a bad query)."""
    return service.matching_ids(query)


@dataclass(frozen=True)
class Count:
    watchlist: Watchlist
    hits: int
    new: int
    error: str | None = None  # the query cannot be run on this index: why

    def to_json(self) -> dict:
        return {
            "name": self.watchlist.name,
            "query": self.watchlist.query,
            "hits": self.hits,
            "new": self.new,
            "opened": self.watchlist.opened,
        }


def count(service: SearchService, watchlist: Watchlist, seen: set[str]) -> Count:
    """How many articles a watchlist matches, and how many of them are not among `seen` (those it matched
    when it was last opened: `Bookmarks.seen`)."""
    try:
        ids = matching_ids(service, watchlist.query)
    except Exception as exc:  # a query that no longer parses, an index moving under us: said, not raised
        return Count(watchlist, 0, 0, str(exc))
    return Count(watchlist, len(ids), sum(1 for i in ids if i not in seen))


def to_count(bookmarks: Bookmarks) -> list[tuple[Watchlist, set[str]]]:
    """Every watchlist with the articles it matched when last opened: read in the thread that owns the
    database (SQLite connections stay in theirs), counted in another with `count`."""
    return [(w, bookmarks.seen(w.name)) for w in bookmarks.watchlists()]


def counts(service: SearchService, bookmarks: Bookmarks) -> list[Count]:
    return [count(service, w, seen) for w, seen in to_count(bookmarks)]


def is_article(path: str, folder: Path) -> bool:
    """A change the index may care about: an article's file, or a folder (a folder made and filled at once
    may be reported as the folder alone: its files were written before it was watched), or anything removed
    (a removed folder took its articles with it); never in a hidden folder of the corpus `folder`."""
    p = Path(path)
    try:
        parts = p.relative_to(folder).parts
    except ValueError:
        parts = p.parts[-1:]
    if any(part.startswith(".") for part in parts):
        return False
    return p.suffix.lower() in SUFFIXES or p.is_dir() or not p.exists()


def changed_since(folder: Path, since: float, stop: threading.Event | None = None, slack: float = 1.0) -> list[str]:
    """Article files (and folders) of `folder` created, changed, moved in or with a file removed after the
    time `since` (seconds since the epoch, as `os.stat` gives them): by the change time too, so that a file
    copied in with an old mtime (`cp -p`) counts. Files within `slack` seconds before `since` count too (file
    times may be coarse): the caller checks those against the index. Hidden folders are passed over, as the
    index does."""
    found: list[str] = []
    pending = [str(folder)]
    while pending and not (stop is not None and stop.is_set()):
        here = pending.pop()
        try:
            st = os.stat(here)
            if max(st.st_mtime, st.st_ctime) > since and here != str(folder):
                found.append(here)  # (a file added, renamed or removed in it)
            with os.scandir(here) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    elif entry.name.lower().endswith(SUFFIXES):
                        st = entry.stat()
                        if max(st.st_mtime, st.st_ctime) > since - slack:
                            found.append(entry.path)
        except OSError:  # a folder gone or unreadable meanwhile: the index says what it cannot read
            continue
    return sorted(found)


def _watch_process(*args: str) -> subprocess.Popen[bytes]:
    """`python -m reader.watch ARGS`, its output piped here, in a session of its own, killed when the thread
    that started it ends (or the app)."""
    return subprocess.Popen(
        [sys.executable, "-m", "reader.watch", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=die_with_parent,
    )


def changed_elsewhere(folder: Path, since: float, stop: threading.Event | None = None) -> list[str]:
    """`changed_since`, walked by another process (`python -m reader.watch`): at 200,000 files the walk
    costs a second of CPU, which in the app's thread would be taken from the keys typed at start. Walked
    here when that process cannot be run."""
    try:
        proc = _watch_process("--changed-since", repr(since), str(folder))
    except OSError:
        return changed_since(folder, since, stop)
    try:
        while True:
            try:
                out, _ = proc.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stop is not None and stop.is_set():
                    return []
        found = json.loads(out) if proc.returncode == 0 else None
    except ValueError:
        found = None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if not isinstance(found, list):
        return changed_since(folder, since, stop)
    return [str(f) for f in found]


def _batches(
    folder: Path, stop: threading.Event, debounce_ms: int, since: float | None, elsewhere: bool
) -> Iterator[tuple[list[str], list[str]]]:
    """(article files changed, files changed since `since` before the watch began) of each batch of
    changes watchfiles reports; the second only once, with the first batch (the walk is in another process
    with `elsewhere`)."""
    from watchfiles import watch  # (loaded only when watching)

    caught_up = since is None
    for batch in watch(
        folder,
        stop_event=stop,
        debounce=debounce_ms,
        step=50,
        rust_timeout=500,
        yield_on_timeout=True,  # (the first yield comes once the folder is watched: then catch up)
        recursive=True,
        raise_interrupt=False,
        ignore_permission_denied=True,
    ):
        files = sorted({path for _change, path in batch if is_article(path, folder)})
        catchup: list[str] = []
        if not caught_up and since is not None:
            caught_up = True
            catchup = changed_elsewhere(folder, since, stop) if elsewhere else changed_since(folder, since, stop)
        if files or catchup:
            yield files, catchup


class FolderWatcher:
    """Watches a corpus folder with watchfiles in another process, relayed by a thread (in that thread when no
    process can be started); `changed` is called (in that thread) with the article files of each batch
    (watchfiles groups the changes of a burst, `debounce_ms`). `stop()` ends the thread and the process
    within a fraction of a second.

    With `since` (the time the index last walked the folder), once the folder is watched the files changed
    after that time and before the watch began are reported too, as a first batch: a file written while the
    app was opening (or while it was closed) is not missed for having come before the watch. `indexed(path)`
    says whether the index holds a file as it is now (those are not reported)."""

    def __init__(
        self,
        folder: Path,
        changed: Callable[[list[str]], object],
        debounce_ms: int = 800,
        failed: Callable[[str], object] | None = None,
        since: float | None = None,
        indexed: Callable[[str], bool] | None = None,
    ) -> None:
        self.folder = Path(folder).resolve()
        self.since = since
        self.indexed = indexed
        self.changed = changed
        self.failed = failed  # called (in the thread) with why, when the folder cannot be watched
        self.debounce_ms = debounce_ms
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self.started = False
        self.error: str | None = None

    def start(self) -> None:
        self.started = True
        self._thread = threading.Thread(target=self._run, name="reader-folder-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if not self.folder.is_dir():  # (watchfiles, told to pass over unreadable folders, would wait on nothing)
                raise FileNotFoundError(f"no folder {self.folder}")
            proc = self._spawn()
            if proc is None:  # no process can be started: watched in this thread
                for files, catchup in _batches(self.folder, self._stop, self.debounce_ms, self.since, elsewhere=True):
                    self._report(files, catchup)
            else:
                self._relay(proc)
        except Exception as exc:  # the folder vanished, too many watches: the reader goes on without
            self.error = str(exc) or type(exc).__name__
            if self.failed is not None:
                self.failed(self.error)

    def _spawn(self) -> subprocess.Popen[bytes] | None:
        """The process that watches (`python -m reader.watch --serve`): watchfiles registers every file of
        the folder holding the GIL (0.5 s of CPU at 200,000 files), which in the app's process would hold up
        its first screen and the first keys."""
        since = ["--changed-since", repr(self.since)] if self.since is not None else []
        try:
            proc = _watch_process("--serve", "--debounce", str(self.debounce_ms), *since, str(self.folder))
        except OSError:
            return None
        self._proc = proc
        if self._stop.is_set():  # stopped while it started
            end(proc, grace=0)
        return proc

    def _relay(self, proc: subprocess.Popen[bytes]) -> None:
        """Report the batches the watching process writes, a JSON line each, until it ends or is stopped."""
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                message = json.loads(line)
                if "error" in message:
                    raise OSError(str(message["error"]))
                self._report([str(f) for f in message["files"]], [str(f) for f in message["catchup"]])
        finally:
            end(proc, grace=0)
        if not self._stop.is_set():
            raise OSError("the folder watch ended")

    def _report(self, files: list[str], catchup: list[str]) -> None:
        if catchup and self.indexed is not None:
            catchup = [f for f in catchup if not self.indexed(f)]
        files = sorted(set(files) | set(catchup))
        if files and not self._stop.is_set():
            self.changed(files)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        self._stop.set()
        proc = self._proc
        if proc is not None:
            end(proc, grace=0)  # (its output ends: the thread follows)
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)


def serve(folder: Path, since: float | None, debounce_ms: int) -> None:
    """The watching process: each batch as a JSON line on standard output, or one line with the error."""
    try:
        for files, catchup in _batches(folder, threading.Event(), debounce_ms, since, elsewhere=False):
            print(json.dumps({"files": files, "catchup": catchup}), flush=True)
    except Exception as exc:
        print(json.dumps({"error": str(exc) or type(exc).__name__}), flush=True)


if __name__ == "__main__":  # `--serve`: the app's folder watch; else `changed_elsewhere`'s walker
    import argparse

    ap = argparse.ArgumentParser(prog="reader.watch")
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--debounce", type=int, default=800)
    ap.add_argument("--changed-since", type=float)
    ap.add_argument("folder", type=Path)
    args = ap.parse_args()
    if args.serve:
        serve(args.folder.resolve(), args.changed_since, args.debounce)
    else:
        json.dump(changed_since(args.folder, args.changed_since or 0.0), sys.stdout)
