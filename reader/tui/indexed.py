"""The app's side that draws nothing: the corpus's index while the app runs.

The index is opened in a worker thread (built first when missing, repaired when damaged: `open_library`),
the actors still missing are extracted by a background `reader index` at a lower priority, and an index
updated by that process, or by another terminal, is picked up. While the app is open the corpus folder is
watched (`reader.watch.FolderWatcher`, watchfiles): a batch of files added, changed or removed starts the
same background `reader index` (one at a time: changes seen while one runs start another when it ends), and
so do files changed since the index last walked the folder (written while the app was closed or opening).
Progress and messages go to the status line;
`ReaderApp` shows the rest (`index_ready`, `index_changed`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec

from textual import work
from textual.app import App
from textual.timer import Timer

from reader.errors import IndexUnavailable
from reader.library import open_library
from reader.search import SearchService
from reader.tui.remote import SearchProcess
from reader.tui.widgets import StatusLine
from reader.tui.workers import POLL_SECONDS, Extraction, pending
from reader.watch import FolderWatcher

P = ParamSpec("P")


class IndexedApp(App[int]):
    def __init__(
        self, corpus: Path, enrich_in_background: bool = True, watch_folder: bool = True, search_process: bool = True
    ) -> None:
        super().__init__()
        self.corpus = Path(corpus)
        self.enrich_in_background = enrich_in_background
        self.service: SearchService | None = None  # None until the index is open
        self.extraction = Extraction(self.corpus)
        # the list's searches, in a process of their own once it has opened the index (remote.py)
        self.search_process: SearchProcess | None = SearchProcess(self.corpus) if search_process else None
        self._poll: Timer | None = None
        self.watcher: FolderWatcher | None = None
        self._frozen = False  # (gc.freeze once the first list is drawn)
        if watch_folder:
            self.watcher = FolderWatcher(self.corpus, self._folder_changed, failed=self._watch_failed)
        self._changes_waiting = False  # files changed since the last background `reader index` started
        self._indexing_changes = False  # the background `reader index` running was started for changed files

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    def index_ready(self) -> None:
        """The index is open (`service`): show it."""

    def index_changed(self) -> None:
        """The index moved on (document numbers changed): show it again."""

    def call_from_worker(self, callback: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> None:
        """`call_from_thread`, but nothing when the app is closing (the worker's result is no longer wanted)."""
        try:
            self.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:  # the app is closing
            pass

    @work(thread=True, exclusive=True, group="index")
    def open_index(self) -> None:
        """Open the corpus's index, building or repairing it first when needed (progress on the status line)."""
        try:
            library = open_library(self.corpus, progress=self._index_progress, notify=self._index_message)
            waiting = pending(library.service)
        except Exception as exc:  # no index and none can be built: say why, keep the app usable
            self.call_from_worker(self.status.set, progress=None, message=f"cannot open the index: {exc}")
            return
        if self.watcher is not None and library.walked is not None:
            # what changed since the index last walked the folder (while the app was closed or opening) is
            # indexed once the folder is watched; files the index holds as they are are not
            self.watcher.since = library.walked
            self.watcher.indexed = library.service.holds
        self.call_from_worker(self._index_opened, library.service, waiting)

    def _index_progress(self, phase: str, done: int, total: int) -> None:
        if total and (done % 200 == 0 or done == total):
            self.call_from_worker(self.status.set, progress=f"indexing: {phase} {done:,}/{total:,}")

    def _index_message(self, message: str) -> None:
        self.call_from_worker(self.status.set, message=message)

    def _index_opened(self, service: SearchService, waiting: int) -> None:
        self.service = service
        self.status.set(progress=None)
        self.index_ready()
        if waiting and self.enrich_in_background:
            self.start_extraction(waiting)
        elif waiting:
            self.status.set(progress=f"{waiting:,} articles await actor extraction (reader index)")

    def start_processes(self) -> None:
        """Start the folder watch and the search process, once the first list is on screen (each takes a core
        for a few tenths of a second as it starts). The app searches itself until that process has opened
        the index; what changes in the folder meanwhile is reported when the watch begins."""
        if self.watcher is not None and not self.watcher.started:
            self.watcher.start()
        if not self._frozen:
            # What the app holds once its first list is drawn (the modules, the widgets, the list's rows: ~280,000
            # objects at 200,000 articles) lives as long as the app; each full collection walked them all again
            # while a key was typed (55-78 ms, six times over 48 keys). Garbage keeps going by reference
            # counting; only cycles among these objects would wait.
            gc.freeze()
            self._frozen = True
        process = self.search_process
        if process is not None and not process.started:
            try:
                process.start()
            except OSError:
                self.search_process = None

    def start_extraction(self, waiting: int) -> None:
        """Extract the actors of the `waiting` articles in the background; the index is polled meanwhile."""
        try:
            self.extraction.start()
        except OSError as exc:
            self.status.set(message=f"cannot start actor extraction: {exc}")
            return
        self.status.set(progress=f"extracting actors… ({waiting:,} articles left)")
        self._poll = self.set_interval(POLL_SECONDS, self._poll_extraction)

    def _folder_changed(self, files: list[str]) -> None:
        """(In the watcher's thread.) Files of the corpus were added, changed or removed."""
        self.call_from_worker(self._index_changes)

    def _watch_failed(self, why: str) -> None:
        """(In the watcher's thread.) The folder cannot be watched: say so; `r` still picks up a new index."""
        self.call_from_worker(self._say, f"not watching the corpus folder for new files: {why}")

    def _say(self, message: str) -> None:
        self.status.set(message=message)

    def _index_changes(self) -> None:
        """Index the corpus's changes in the background: now, or when the `reader index` running ends."""
        self._changes_waiting = True
        if self.extraction.running or self.service is None:
            return  # (picked up by `_poll_extraction` when it ends)
        self._changes_waiting = False
        try:  # (without the extraction in the background, the text only: the new articles show all the same)
            self.extraction.start(text_only=not self.enrich_in_background)
        except OSError as exc:
            self.status.set(message=f"cannot index the changed files: {exc}")
            return
        self._indexing_changes = True
        self.status.set(progress="indexing changed files…")
        if self._poll is None:
            self._poll = self.set_interval(POLL_SECONDS / 4, self._poll_extraction)

    def _poll_extraction(self) -> None:
        code = self.extraction.poll()
        self.refresh_index(quiet=True)
        if code is None:
            if self.service is not None and not self._indexing_changes:
                self.status.set(progress=f"extracting actors… ({pending(self.service):,} articles left)")
            return
        if self._poll:
            self._poll.stop()
            self._poll = None
        what = "indexing" if self._indexing_changes else "actor extraction"
        self._indexing_changes = False
        self.status.set(progress=None if code == 0 else f"{what} stopped (exit {code})")
        if self._changes_waiting and code == 0:
            self._index_changes()

    def stop_background(self) -> None:
        """Stop the folder watcher and the background `reader index`: nothing outlives the app."""
        if self.watcher is not None:
            self.watcher.stop()
        self.extraction.stop()
        if self.search_process is not None:
            self.search_process.stop()

    def on_unmount(self) -> None:
        self.stop_background()
        if self._frozen:  # (what the app held can go, in a process that runs on: the tests, a script)
            gc.unfreeze()
            self._frozen = False

    def refresh_index(self, quiet: bool = False) -> bool:
        """Pick up an index another process updated; True if it changed (`index_changed` then shows it)."""
        if self.service is None:
            return False
        try:
            changed = self.service.refresh()
        except IndexUnavailable as exc:
            self.status.set(message=str(exc))
            return False
        if changed:
            self.index_changed()
            for screen in self.screen_stack:  # a dialog that counts articles (the watchlists) counts again
                recount = getattr(screen, "recount", None)
                if callable(recount):
                    recount(self.service)
        if not quiet:
            self.status.set(message="index reloaded" if changed else "index is up to date")
        return changed

    async def action_quit(self) -> None:
        self.stop_background()
        self.exit(0)
