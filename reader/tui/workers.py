"""The jobs of the app that are not drawing: the search queue and the background actor extraction.

Neither knows about widgets: the app runs each search in a thread worker and shows what comes back, and
polls the extraction on a timer.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reader.errors import QueryError
from reader.procs import die_with_parent, end
from reader.search import SearchResult, SearchService
from reader.search.highlight import Snippet
from reader.search.results import Row

_ONE_LETTER = re.compile(r"(?:^|\s)\w$")
LIVE_LIMIT = 500  # while typing, the best 500 hits; Enter lists them all
POLL_SECONDS = 2.0  # how often the app looks at the extraction and the index it updates


def _with_the_app() -> None:
    die_with_parent(signal.SIGTERM)  # (SIGTERM: `reader index` then stops its workers and its writer)


@dataclass(frozen=True, eq=False)
class SearchRequest:
    """One search of the list: the text typed, narrowed to an actor or not."""

    text: str
    actor: str | None = None
    live: bool = False  # while typing: the best LIVE_LIMIT hits, the last word a prefix
    focus: bool = False  # move the focus to the list once the results show
    keep_id: str | None = None  # the article to keep the cursor on, if it is still listed
    screen_rows: int = 0  # rows the list shows at once: read with the search, off the UI thread (their snippets too)
    width: int = 0  # the width of a row's snippet line


@dataclass(frozen=True)
class SearchOutcome:
    request: SearchRequest
    docnums: list[int] = field(default_factory=list)  # what the list shows, in order
    result: SearchResult | None = None  # None: no query, the whole corpus newest first
    keep: int | None = None  # the document number of `request.keep_id` in the index searched
    error: str | None = None  # the query could not be run: why, for the user
    hold: bool = False  # nothing new to show yet (one letter typed): the list and the count stay as they are
    stories: dict[int, str] = field(default_factory=dict)  # the story of each of `docnums`: one row a story
    partial: bool = False  # the best LIVE_LIMIT hits of a search that lists them all: the rest follows
    rows: dict[int, Row] = field(default_factory=dict)  # the first screenful's rows, read with the search
    snippets: dict[int, Snippet] = field(default_factory=dict)  # and their snippets (a query is active)


def search(service: SearchService, request: SearchRequest, first: bool = False) -> SearchOutcome:
    """Run one request (in a worker thread). An error comes back as the outcome's `error`. With `first`, a
    search that lists every hit gives its best LIVE_LIMIT first (ranked among the best, the count exact: fast
    on any index), `partial`; the whole list is then a second call."""
    text = request.text.strip()
    if request.live and _ONE_LETTER.search(text):
        return SearchOutcome(request, hold=True)  # a word of one letter says nothing yet ("m", "Macron r")
    try:
        if not text and not request.actor:
            result, docnums, first = None, service.browse(), False
        else:
            limit = LIVE_LIMIT if request.live or first else None
            result = service.ranked(text, limit=limit, live=request.live, actor=request.actor)
            docnums = result.docnums
            first = first and not request.live and result.total > len(docnums)
        keep = service.docnum(request.keep_id) if request.keep_id else None
    except QueryError as exc:
        return SearchOutcome(request, error=str(exc))
    except Exception as exc:  # the index changed under the query: report it, keep the list
        return SearchOutcome(request, error=f"search failed: {exc}")
    try:
        shared = service.shared_stories()
    except Exception:  # (the index moved meanwhile: read the stories below)
        shared = None
    if shared is not None:
        # the stories that have copies come with the browsing order (saved at index time: reading the story
        # of 200,000 articles at start took seconds, and of 500 hits ~50 ms a key); any other article is a
        # story of its own
        stories = shared if result is None else {n: shared[n] for n in docnums if n in shared}
    else:
        try:  # one row a story: the story of each document, from an index column (no article is read)
            stories = dict(zip(docnums, service.stories_of(docnums), strict=True))
        except Exception:  # (an index without stories, or one that moved meanwhile: each article alone)
            stories = {}
    rows, snippets = _first_screen(service, request, docnums, stories, result is not None and bool(text))
    return SearchOutcome(request, docnums, result, keep, stories=stories, rows=rows, snippets=snippets, partial=first)


def _first_screen(
    service: SearchService, request: SearchRequest, docnums: list[int], stories: dict[int, str], matched: bool
) -> tuple[dict[int, Row], dict[int, Snippet]]:
    """The rows (and, for a query, the snippets) the list draws first: one a story, in order. Read here, in
    the search's thread, so that drawing the new list reads no stored article on the UI thread."""
    heads: list[int] = []
    seen: set[object] = set()
    for n in docnums:
        if len(heads) >= request.screen_rows:
            break
        story = stories.get(n, n)
        if story not in seen:
            seen.add(story)
            heads.append(n)
    try:
        return service.screen(heads, request.text if matched else None, request.width)
    except Exception:  # the index moved meanwhile: the list reads what it lacks as it draws
        return {}, {}


class SearchQueue:
    """Search as you type without a debounce: latest wins.

    A request starts at once when no search is running; requests made while one runs leave only the
    newest waiting, started when the running one ends. Only the newest request's results are worth showing
    (`is_latest`)."""

    def __init__(self, start: Callable[[SearchRequest], object]) -> None:
        self._start = start  # runs a request in the background; `finished()` must be called when it ends
        self._latest: SearchRequest | None = None
        self._running = False
        self._waiting: SearchRequest | None = None

    def submit(self, request: SearchRequest) -> None:
        self._latest = request
        if self._running:
            self._waiting = request  # replaces an older waiting request: only the newest is worth running
        else:
            self._run(request)

    def _run(self, request: SearchRequest) -> None:
        self._running = True
        self._start(request)

    def finished(self) -> None:
        """The running search ended: start the one waiting, if any."""
        self._running = False
        request, self._waiting = self._waiting, None
        if request is not None:
            self._run(request)

    def is_latest(self, request: SearchRequest) -> bool:
        return request is self._latest


def pending(service: SearchService) -> int:
    """Articles still waiting for actor extraction; 0 when that cannot be told."""
    try:
        return service.pending()
    except Exception:  # no extractor installed, or the index moved under us: nothing to wait for
        return 0


class Extraction:
    """`reader index` in a child process: it extracts the actors and agreements still missing while the
    reader works, at a lower priority (it takes both cores; typing and scrolling come first). It commits
    per batch and resumes next time: stopping it loses nothing."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        """Started, and not yet seen ended by `poll()`."""
        return self._proc is not None

    def start(self, text_only: bool = False) -> None:
        """Start the extraction (with `text_only`, only the incremental text index: files added, changed or
        removed); raises OSError when the process cannot be started."""
        nice = ["nice", "-n", "10"] if shutil.which("nice") else []
        only = ["--text-only"] if text_only else []
        self._proc = subprocess.Popen(
            [*nice, sys.executable, "-m", "reader", "index", "--corpus", str(self.corpus), "--quiet", *only],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_with_the_app,  # killed with the app, even by kill -9
        )

    def poll(self) -> int | None:
        """None while it runs; once it has ended, its exit code (0 if none was started), and it is no
        longer `running`."""
        proc = self._proc
        if proc is None:
            return 0
        code = proc.poll()
        if code is not None:
            self._proc = None
        return code

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            end(proc)
