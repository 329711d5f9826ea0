"""Open the index of a corpus, building or repairing it first when needed: the one way in for the command
line and the app alike.

No index yet: it is built (progress through `progress`, messages through `notify`). A damaged index, or one
from another version of reader: `update()` moves it aside (never deleted) and builds anew. With `extract`,
actors and agreements still missing are extracted before the service is handed back (the CLI's `export`,
`actors`, `agreements`); the app does that in the background instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader import index, paths
from reader.errors import IndexUnavailable
from reader.index import manifest
from reader.index.build import Progress, Report, no_progress
from reader.index.store import Notify
from reader.ingest.walk import EXTENSIONS
from reader.search import SearchService


@dataclass
class Library:
    service: SearchService
    built: Report | None  # what building the index did, when it had to be built
    walked: float | None = None  # when the index last walked the folder: files changed since may be missing


def _quiet(message: str) -> None:
    pass


def open_library(
    corpus: Path, *, progress: Progress = no_progress, notify: Notify = _quiet, extract: bool = False
) -> Library:
    """The corpus's search service, the index built or repaired first when needed. Raises IndexUnavailable
    (or OSError) when no index can be had."""
    service, built = None, None
    ixdir = paths.index_dir(corpus)
    if not index.exists(ixdir):
        notify(f"indexing {corpus} (first use)…")
    elif not manifest.complete(ixdir):  # a build was cut short (killed, a full disk, two at once): finish it
        notify(f"the index of {corpus} was left unfinished; finishing it…")
    else:
        try:
            service = SearchService(corpus)
        except IndexUnavailable as exc:  # damaged, or from another version: update() moves it aside
            notify(f"{exc}; rebuilding it")
    if service is None:
        built = index.update(corpus, progress=progress, notify=notify)
        service = SearchService(corpus)
    if not service.doc_count:
        notify(f"no articles in {corpus} ({', '.join(sorted(EXTENSIONS))} files, in any folder)")
    if extract and service.pending():
        index.enrich_pending(corpus, progress=progress, notify=notify)
        service.refresh()
    return Library(service, built, manifest.walked(ixdir))
