"""The reader app: search bar on top, article list left, article right, status line and footer.

Only the screen's jobs live here (layout, keys, what shows where): the index's life (opening, background
extraction, reloading) is `IndexedApp`'s, the search queue is in `workers`, the widgets and dialogs are in
`widgets` and `screens`.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from reader.bookmarks import Bookmark, Bookmarks, Watchlist
from reader.errors import BookmarkError
from reader.search import SearchService
from reader.search.results import Row
from reader.search.tables import Record, Workspace
from reader.text.normalize import clean_inline
from reader.tui.indexed import IndexedApp
from reader.tui.records import agreement_spans
from reader.tui.remote import read_tables
from reader.tui.screens import (
    ActorPicker,
    AgreementsScreen,
    BookmarksScreen,
    HelpScreen,
    NoteScreen,
    WatchlistsScreen,
    WatchNameScreen,
)
from reader.tui.screens.help import Section
from reader.tui.widgets import ArticleList, ArticleView, SearchBar, StatusLine
from reader.tui.widgets.article_view import EAGER
from reader.tui.widgets.status import describe_results
from reader.tui.workers import POLL_SECONDS, SearchOutcome, SearchQueue, SearchRequest, search
from reader.watch import matching_ids, watch_query

TABLES_ELSEWHERE_FROM = 10_000  # articles from which another process reads the workspace's tables
WORKSPACE_QUIET_S = 4.0  # after the index opens or changes, before the workspace is read in the background
COMMANDS = (  # the command palette (ctrl+p): title, help, action
    ("Search", "Focus the search bar", "focus_search"),
    ("Bookmark article", "Toggle the bookmark on the open article", "toggle_bookmark"),
    ("Bookmarks", "List bookmarks, newest first", "show_bookmarks"),
    ("Note on the article", "Write a note on the open article (kept with the review)", "note_article"),
    ("Agreements", "Who agreed what with whom, and when: every agreement record", "show_agreements"),
    ("Sort agreements, pair timeline", "Agreements: d/p sort, / filters, t a pair over time", "show_agreements"),
    ("Watch this search", "Save the search and its actor filters as a watchlist, by name", "watch_search"),
    ("Watchlists", "Saved searches, each with the articles new since it was last opened", "show_watchlists"),
    ("Filter by actor", "Narrow the list to one person, place or organisation", "pick_actor"),
    ("Clear actor filter", "Show every article again", "clear_filter"),
    ("Sort hits", "Sort the hits by relevance or by date (s in the list)", "sort_list"),
    ("Copies of the story", "Show or hide the other copies of the story under the cursor (x)", "toggle_copies"),
    ("Next copy", "Open the next copy of the open article's story (c)", "next_copy"),
    ("Next match", "Jump to the next search match", "next_match"),
    ("Previous match", "Jump to the previous search match", "previous_match"),
    ("Reload index", "Pick up an index updated elsewhere", "reload"),
    ("Help: every key", "The help screen: every key of the reader", "help"),
)


class ReaderApp(IndexedApp):
    CSS_PATH = "app.tcss"
    TITLE = "reader"
    BINDINGS = [
        # priority: read before any key already waiting, so "/q" in one burst (a paste, type-ahead) moves the
        # focus first and types "q" rather than quitting
        Binding("slash", "focus_search", "Search", tooltip="Focus the search bar", priority=True),
        Binding("n", "next_match", "Next", tooltip="Jump to the next search match in the article"),
        Binding("N", "previous_match", "Prev match", tooltip="Jump to the previous search match", show=False),
        Binding("b", "toggle_bookmark", "Mark", tooltip="Bookmark the open article (else the selected row)"),
        Binding("B", "show_bookmarks", "Marks", tooltip="List bookmarks, newest first"),
        Binding("w", "show_agreements", "Agreements", tooltip="Who agreed what with whom: every agreement record"),
        Binding("e", "note_article", "Note", tooltip="A note on the open article (else the selected row)", show=False),
        Binding("W", "watch_search", "Watch search", tooltip="Save the search as a watchlist", show=False),
        Binding("f", "show_watchlists", "Watchlists", tooltip="Saved searches: what is new in each", show=False),
        Binding("a", "pick_actor", "Actors", tooltip="Narrow the list to one actor"),
        Binding("A", "clear_filter", "Clear filter", tooltip="Remove the actor filter", show=False),
        Binding("c", "next_copy", "Next copy", tooltip="Open the next copy of the open article's story", show=False),
        Binding("r", "reload", "Reload", tooltip="Pick up an index updated by another process", show=False),
        Binding("tab", "focus_next", "Next pane", show=False, tooltip="Move between search, list and article"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False),
        # short names: at 120 columns the footer keeps room for ? and q whatever the list shows
        Binding("question_mark", "help", "Help", tooltip="Every key"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        corpus: Path,
        bookmarks: Bookmarks | None = None,
        enrich_in_background: bool = True,
        watch_folder: bool = True,
        search_process: bool = True,
    ) -> None:
        super().__init__(
            corpus, enrich_in_background=enrich_in_background, watch_folder=watch_folder, search_process=search_process
        )
        self.bookmarks = bookmarks if bookmarks is not None else Bookmarks()
        self.query_text = ""  # what the list currently shows results for
        self.filter_actor: str | None = None  # (the search service's own actor filter: not used by the app)
        self.actors: list[tuple[str, str]] = []  # (name, kind) of the actors the list is narrowed to (a)
        self.searches = SearchQueue(self._search_worker)
        self._partial: SearchOutcome | None = None  # the best hits shown of a search whose rest is coming
        self.workspace: Workspace | None = None  # agreement records and actors of the index shown, once read
        self._workspace_generation = 0  # moves on with the index: a workspace read before is not used
        self._workspace_loading = False
        self._after_workspace: str | None = None  # the action waiting for it
        self._workspace_timer: Timer | None = None

    # -- layout --
    def compose(self) -> ComposeResult:
        yield SearchBar()
        with Horizontal(id="panes"):
            yield ArticleList(id="list")
            yield ArticleView(id="article")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#list", ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search", SearchBar)

    def on_mount(self) -> None:
        self.article_list.focus()
        self.article_list.set_marked(self._bookmark_ids())
        if self.bookmarks.message:  # lasts longer than the status line's message, which the next search clears
            self.notify(self.bookmarks.message, title="Bookmarks", severity="warning", timeout=15, markup=False)
        self.status.set(progress="opening the index…")
        self.open_index()
        self._bookmarks_seen = self.bookmarks.version()
        self.set_interval(POLL_SECONDS, self._watch_bookmarks)
        # ctrl+c from outside (kill -INT): quit as the README says, with 130
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, lambda: self.exit(return_code=130))

    def on_unmount(self) -> None:
        asyncio.get_running_loop().remove_signal_handler(signal.SIGINT)

    def _watch_bookmarks(self) -> None:
        """Another reader open on the same data changed the bookmarks: show them as they are now."""
        version = self.bookmarks.version()
        if version != self._bookmarks_seen:
            self._bookmarks_seen = version
            self.article_list.set_marked(self._bookmark_ids())

    def _bookmark_ids(self) -> set[str]:
        try:
            return self.bookmarks.ids()
        except Exception as exc:  # an unreadable bookmarks database must not stop reading
            self.status.set(message=f"cannot read bookmarks: {exc}")
            return set()

    def index_ready(self) -> None:
        assert self.service is not None
        self.article_list.set_source(self.service.row)
        self.run_search("", live=False)
        self._reread_workspace(later=True)

    def index_changed(self) -> None:
        """Document numbers changed: find the same articles again by id."""
        self._reread_workspace(later=True)
        row = self.article_list.current_row
        self.run_search(self.query_text, live=False, keep_id=row.id if row else None)
        doc = self.article_view.document
        if doc is not None and self.service is not None:
            docnum = self.service.docnum(doc.row.id)
            if docnum is None:
                self.article_view.clear()
                self.status.set(match=None, message="the open article left the index")
            else:
                self.open_article(docnum, keep_scroll=True, focus=False)

    # -- searching --
    def run_search(self, text: str, live: bool, focus: bool = False, keep_id: str | None = None) -> None:
        if self.service is not None:
            listing = self.article_list
            rows = max(1, listing.size.height // 2 + 1)  # (two lines a row while a query is active)
            width = max(30, listing.size.width - 5)
            self.searches.submit(SearchRequest(text, self.filter_actor, live, focus, keep_id, rows, width))

    @work(thread=True, group="search")
    def _search_worker(self, request: SearchRequest) -> None:
        try:
            assert self.service is not None
            # (a search that lists every hit: its best first, at once, then the rest, added below them)
            first = self._search(request, first=not request.live)
            self.call_from_worker(self._show_results, first)
            if first.partial and self.searches.is_latest(request):
                self.call_from_worker(self._show_results, self._search(request))
        finally:
            self.call_from_worker(self.searches.finished)

    def _search(self, request: SearchRequest, first: bool = False) -> SearchOutcome:
        """(In a worker thread.) Run by the search process when it holds the index generation shown, else
        here."""
        service = self.service
        assert service is not None
        if self.search_process is not None:
            try:
                stamp = service.stamp()
            except Exception:  # (the index moved under us: searched here, where the error is told)
                stamp = None
            if stamp is not None and (found := self.search_process.search(request, stamp, first)) is not None:
                return found
        return search(service, request, first=first)

    def _show_results(self, outcome: SearchOutcome) -> None:
        request = outcome.request
        if not self.searches.is_latest(request):
            return  # a newer search is on its way
        if outcome.error is not None:
            self.status.set(message=outcome.error)
            return
        if outcome.hold:
            return
        if self._partial is not None and self._partial.request is request and not outcome.partial:
            self._show_the_rest(self._partial, outcome)
            return
        self._partial = outcome if outcome.partial else None
        if request.text != self.query_text:
            self.status.set(match=None)  # the open article's counter counted the previous query's matches
        self.query_text = request.text
        docnums = self._narrowed(outcome.docnums)  # (to the articles naming the actors chosen with a)
        service, listing = self.service, self.article_list
        snippet = None  # while a query is active, each row shows the line it matched (rows on screen only)
        if outcome.result is not None and request.text.strip() and service is not None:
            snippet = lambda d: service.snippet(d, request.text, max(30, listing.size.width - 5))  # noqa: E731
        by_date = service.by_date if outcome.result is not None and service is not None else None
        listing.set_docnums(
            docnums,
            cursor_docnum=outcome.keep,
            snippet=snippet,
            by_date=by_date,
            stories=outcome.stories,  # (one row a story)
            rows=outcome.rows,  # (the first screenful, read with the search)
            snippets=outcome.snippets if snippet is not None else None,
        )
        shown = docnums if docnums is not outcome.docnums else None
        hits, message = describe_results(
            outcome.result, outcome.docnums, shown, stories=len(listing.groups), more=outcome.partial
        )
        self.status.set(hits=hits, message=message)
        if request.focus:
            self.article_list.focus()
        self.call_after_refresh(self.start_processes)  # (once; after the first list is drawn)

    def _show_the_rest(self, first: SearchOutcome, outcome: SearchOutcome) -> None:
        """The whole list of a search whose best hits are shown: the rest goes below them, in its order (the
        rows shown do not move)."""
        self._partial = None
        listed = set(first.docnums)
        more = [n for n in outcome.docnums if n not in listed]
        docnums = self._narrowed(more)
        listing = self.article_list
        listing.extend(docnums, outcome.stories)
        shown = listing.articles if docnums is not more else None  # (narrowed to actors: what is listed)
        everything = first.docnums + more
        hits, message = describe_results(outcome.result, everything, shown, stories=len(listing.groups))
        self.status.set(hits=hits, message=message)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value, live=True)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_search(event.value, live=False, focus=True)

    # -- opening articles --
    def on_article_list_selected(self, message: ArticleList.Selected) -> None:
        self.open_article(message.docnum)

    def open_article(self, docnum: int, keep_scroll: bool = False, focus: bool = True) -> None:
        if self.service is None:
            return
        try:
            doc = self.service.document(docnum)
        except Exception as exc:
            self.status.set(message=f"cannot open the article: {exc}")
            return
        service, text = self.service, self.query_text
        find = (lambda body: service.query_spans(text, body)) if text.strip() else None
        view = self.article_view
        sentences = agreement_spans(doc.enrichment.agreements, text)  # after agreement:X, n/N step through them
        copy = self._copy_of(docnum, doc.row.story)  # ("2 of 3 copies of this story")
        if sentences is not None:
            words = service.query_spans(text, doc.body) if len(doc.body) <= EAGER else []
            view.show(doc, sorted(set(sentences) | set(words)), keep_scroll=keep_scroll, copy=copy)
        else:  # (a big article's matches come a slice at a time)
            view.show(doc, keep_scroll=keep_scroll, find=find, copy=copy)
        self.status.set(match=view.match_label())
        if not keep_scroll and (note := self._note_of(doc.row.id)):
            self.status.set(message=f"note: {note}")
        if focus:
            view.focus()

    def on_article_view_matches_found(self) -> None:
        self.status.set(match=self.article_view.match_label())

    def _jump(self, step: int) -> None:
        view = self.article_view
        if view.document is None:
            self.status.set(message="open an article first")
        elif view.next_match(step):
            self.status.set(match=view.match_label())
        else:
            self.status.set(message="no search matches in this article")

    def action_next_match(self) -> None:
        self._jump(1)

    def action_previous_match(self) -> None:
        self._jump(-1)

    # -- stories: the copies of one news item --
    def _copies(self, story: str) -> list[int]:
        """The articles of a story, newest first (none when it cannot be told)."""
        try:
            return self.service.story(story) if self.service is not None and story else []
        except Exception:  # the index moved meanwhile: the copies are not said
            return []

    def _copy_of(self, docnum: int, story: str) -> tuple[int, int, int] | None:
        """(which, of how many) copy of its story an article is, newest first, and how many outlets carried
        the story (0 when its files do not say)."""
        copies = self._copies(story)
        if docnum not in copies:
            return None
        try:
            outlets = len(self.service.outlets(copies)) if self.service is not None and len(copies) > 1 else 0
        except Exception:  # the index moved meanwhile: the outlets are not said
            outlets = 0
        return copies.index(docnum) + 1, len(copies), outlets

    def action_next_copy(self) -> None:
        """Open the next copy of the open article's story (after the last, the first), shown in the list."""
        doc = self.article_view.document
        if doc is None:
            self.status.set(message="open an article first")
            return
        copies = self._copies(doc.row.story)
        if len(copies) < 2 or doc.row.docnum not in copies:
            self.status.set(message="this article has no other copy")
            return
        docnum = copies[(copies.index(doc.row.docnum) + 1) % len(copies)]
        self.article_list.reveal(docnum)  # (when listed: its row, under its story)
        self.open_article(docnum, focus=self.article_view.has_focus)

    def action_toggle_copies(self) -> None:
        self.article_list.action_toggle_copies()

    # -- focus --
    def action_focus_search(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):  # "/" is a priority key: typed in a text field, it is a character
            focused.insert_text_at_cursor("/")
        elif self.search_bar.screen is self.screen:  # (not under a dialog)
            self.screen.set_focus(self.search_bar)  # at once, before the keys already waiting
        elif isinstance(self.screen, AgreementsScreen):  # its own filter bar
            self.screen.action_focus_filter()

    def action_focus_list(self) -> None:
        self.article_list.focus()

    # -- bookmarks --
    def _target_row(self) -> Row | None:
        """What `b` and `e` act on: the open article when the article pane has the focus, else the row."""
        doc = self.article_view.document
        return doc.row if doc is not None and self.article_view.has_focus else self.article_list.current_row

    def action_toggle_bookmark(self) -> None:
        row = self._target_row()
        if row is None:
            self.status.set(message="no article to bookmark")
            return
        try:  # from what the user sees: another reader may have changed the database since
            added = self.bookmarks.toggle(
                row.id, row.path, row.title, row.date, shown=row.id in self.article_list.marked, corpus=self.folder
            )
        except BookmarkError as exc:
            self.status.set(message=str(exc))
            return
        self.article_list.set_marked(self._bookmark_ids())
        self.status.set(message=f"{'bookmarked' if added else 'bookmark removed'}: {row.title}")

    @property
    def folder(self) -> str:
        """The corpus folder, as bookmarks keep it."""
        return str(self.corpus.resolve())

    def action_show_bookmarks(self) -> None:
        self.push_screen(BookmarksScreen(self.bookmarks, Path(self.folder)), self._bookmark_chosen)

    def _bookmark_chosen(self, bookmark: Bookmark | None) -> None:
        self.article_list.set_marked(self._bookmark_ids())
        if bookmark is None or self.service is None:
            return
        docnum = self.service.docnum(bookmark.id)
        if docnum is None:
            if bookmark.corpus and bookmark.corpus != self.folder:  # (as text: a path may hold anything)
                where = clean_inline(bookmark.corpus)
                self.status.set(message=f"{bookmark.title}: bookmarked in {where} (reader --corpus {where})")
            else:
                self.status.set(message=f"article {bookmark.id} is not in this corpus's index")
            return
        self.article_list.reveal(docnum)  # (a copy of a story: shown under it)
        self.open_article(docnum)

    # -- a note on an article (kept with the review) --
    def _note_of(self, article_id: str) -> str:
        try:
            review = self.bookmarks.reviews().get(article_id)
        except BookmarkError:
            return ""
        return review.note if review else ""

    def action_note_article(self) -> None:
        row = self._target_row()
        if row is None:
            self.status.set(message="no article to write a note on")
            return

        def save(note: str | None) -> None:
            if note is None:
                return
            try:
                self.bookmarks.set_note(row.id, row.id, note)
            except BookmarkError as exc:
                self.status.set(message=str(exc))
                return
            self.status.set(message=f"note: {note}" if note else f"note removed: {row.title}")

        self.push_screen(NoteScreen(row.title, self._note_of(row.id)), save)

    # -- the analyst's workspace: agreement records and the actors of every article, read in the background --
    def _reread_workspace(self, later: bool = False) -> None:
        """Forget the workspace read for another index generation. Reading it again takes seconds of CPU on
        a large corpus (and the GIL from the UI): with `later`, it is read a few seconds after the list is on
        screen (and not again at every commit of the background extraction), or at once when a view asks."""
        self.workspace = None
        self._workspace_generation += 1
        if not later:
            self._want_workspace()
            return
        if self._workspace_timer is not None:
            self._workspace_timer.stop()
        self._workspace_timer = self.set_timer(WORKSPACE_QUIET_S, self._want_workspace)

    def _want_workspace(self, then: str | None = None) -> Workspace | None:
        """The workspace if read; else start reading it (and run `then`, an action, once it is)."""
        if self.workspace is not None:
            return self.workspace
        if then:
            self._after_workspace = then
            self.status.set(message="reading the agreements and actors…")
        if not self._workspace_loading and self.service is not None:
            self._workspace_loading = True
            self._read_workspace(self.service, self._workspace_generation)
        return None

    @work(thread=True, group="workspace")
    def _read_workspace(self, service: SearchService, generation: int) -> None:
        try:
            # read by another process on a large index: the UI keeps the interpreter lock (on a small one,
            # starting a process costs more than reading here)
            if self.search_process is not None and service.doc_count >= TABLES_ELSEWHERE_FROM:
                try:
                    read_tables(service)
                except Exception:  # (read here, below)
                    pass
            found, error = service.workspace(), None
        except Exception as exc:  # a damaged or vanished index: say so, the reader goes on
            found, error = None, f"cannot read the agreements: {exc}"
        self.call_from_worker(self._workspace_read, found, error, generation)

    def _workspace_read(self, found: Workspace | None, error: str | None, generation: int) -> None:
        self._workspace_loading = False
        if generation != self._workspace_generation:  # the index moved on meanwhile: read the new one
            self._want_workspace()
            return
        if error is not None:
            self._after_workspace = None
            self.status.set(message=error)
            return
        self.workspace = found
        self._watch_ahead()
        if self.actors:  # the list was shown before the actors of the new index were read: narrow it again
            row = self.article_list.current_row
            self.run_search(self.query_text, live=False, keep_id=row.id if row else None)
        then, self._after_workspace = self._after_workspace, None
        if then:
            self.status.set(message=None)
            getattr(self, f"action_{then}")()

    def action_show_agreements(self) -> None:
        workspace = self._want_workspace(then="show_agreements")
        if workspace is None:
            return
        searched = bool(self.query_text.strip() or self.actors)
        results = set(self.article_list.articles) if searched else None
        screen = AgreementsScreen(workspace.records_once, self.bookmarks, results, self.query_text, workspace.records)
        self.push_screen(screen, self._agreement_chosen)

    def _agreement_chosen(self, record: Record | None) -> None:
        """Open the record's article at its sentence; n/N then step through the article's agreement sentences."""
        if record is None or self.service is None:
            return
        docnum = self.service.docnum(record.row.id)
        if docnum is None:
            self.status.set(message=f"{record.row.title}: the article left the index")
            return
        try:
            doc = self.service.document(docnum)
        except Exception as exc:
            self.status.set(message=f"cannot open the article: {exc}")
            return
        size = len(doc.body)
        sentences = sorted({(a.start, a.end) for a in doc.enrichment.agreements if 0 <= a.start < a.end <= size})
        chosen = (record.agreement.start, record.agreement.end)
        self.article_list.reveal(docnum)  # (a copy of a story: shown under it)
        view = self.article_view
        first = sentences.index(chosen) if chosen in sentences else 0
        view.show(doc, sentences, first=first, noun="agreement", copy=self._copy_of(docnum, doc.row.story))
        self.status.set(match=view.match_label())
        view.focus()

    # -- watchlists: saved searches (reader.watch), with what is new since each was last opened --
    def action_watch_search(self) -> None:
        """Save the search shown, with the actors the list is narrowed to, under a name asked for."""
        query = watch_query(self.query_text, self.actors)

        def save(name: str | None) -> None:
            if name:
                self._watch_ids(query, name, "save")

        self.push_screen(WatchNameScreen(query), save)

    def _watch_ahead(self) -> None:
        """Work out each watchlist's hits on the index open, in a thread, so that the watchlists view counts
        what is new at once (after the workspace: its article ids serve)."""
        try:
            queries = [watchlist.query for watchlist in self.bookmarks.watchlists()]
        except BookmarkError:
            return
        if queries and self.service is not None:
            self._match_ahead(self.service, queries)

    @work(thread=True, group="watch-ahead", exclusive=True)
    def _match_ahead(self, service: SearchService, queries: list[str]) -> None:
        for query in queries:
            try:
                service.matching_ids(query)
            except Exception:  # a query that no longer parses: the view says so when it counts
                continue

    def action_show_watchlists(self) -> None:
        self.push_screen(WatchlistsScreen(self.bookmarks, self.service), self._watchlist_chosen)

    def _watchlist_chosen(self, watchlist: Watchlist | None) -> None:
        """Run the watchlist's query (its actors are in it) and mark it opened."""
        if watchlist is None:
            return
        self.actors = []
        self.status.set(filter=None)
        self.search_bar.value = watchlist.query
        self.run_search(watchlist.query, live=False, focus=True)
        self._watch_ids(watchlist.query, watchlist.name, "open")

    @work(thread=True, group="watch")
    def _watch_ids(self, query: str, name: str, then: str) -> None:
        """The ids the query matches now (in a thread: every hit's id is read), then save or mark opened."""
        if self.service is None:
            return
        try:
            ids, error = matching_ids(self.service, query), None
        except Exception as exc:
            ids, error = [], str(exc)
        self.call_from_worker(self._watch_seen, query, name, then, ids, error)

    def _watch_seen(self, query: str, name: str, then: str, ids: list[str], error: str | None) -> None:
        if error is not None:
            self.status.set(message=f"cannot run the watchlist {name}: {error}")
            return
        try:
            if then == "save":
                self.bookmarks.save_watchlist(name, query, ids)
            else:
                self.bookmarks.mark_opened(name, ids)
        except BookmarkError as exc:
            self.status.set(message=str(exc))
            return
        if then == "save":
            self.status.set(message=f"watching {name}: {len(ids):,} articles now (f lists watchlists)")

    # -- actor filter: the actors of the articles listed; each one chosen narrows the list further --
    def action_pick_actor(self) -> None:
        workspace = self._want_workspace(then="pick_actor")
        if workspace is None:
            return
        listing = self.article_list  # (a story's copies count once)
        counted = workspace.count(listing.articles)
        picker = ActorPicker(workspace, counted, len(listing.articles), self.actors, stories=len(listing.groups))
        self.push_screen(picker, self._actor_chosen)

    def _actor_chosen(self, choice: tuple[str, str] | None) -> None:
        if choice:
            self.set_filter([*self.actors, choice])

    def set_filter(self, actors: list[tuple[str, str]]) -> None:
        """Narrow the list to the articles that name all these actors, (name, kind) each (none: every article)."""
        self.actors = actors
        names = [name for name, _ in actors]
        self.status.set(filter=f"actor{'s' if len(names) > 1 else ''}: {' + '.join(names)}" if names else None)
        self.run_search(self.search_bar.value, live=False, focus=True)

    def _narrowed(self, docnums: list[int]) -> list[int]:
        """The articles of a result that name every actor chosen, in the same order."""
        if not self.actors or self.workspace is None:
            return docnums
        numbers = [self.workspace.number(name, kind) for name, kind in self.actors]
        return [] if None in numbers else self.workspace.naming(docnums, [n for n in numbers if n is not None])

    def action_clear_filter(self) -> None:
        if self.actors:
            self.set_filter([])
        else:
            self.status.set(message="no filter to clear")

    # -- the rest --
    def action_reload(self) -> None:
        self.refresh_index()

    def help_sections(self) -> list[Section]:
        """The help screen's sections: the app's keys, then those of each widget and dialog."""
        palette = Binding("ctrl+p", "command_palette", "Command palette", tooltip="Every action by name")
        return [
            ("Everywhere (except while typing in the search bar)", [*self.BINDINGS, palette]),
            ("Article list", ArticleList.BINDINGS),
            ("Article", ArticleView.BINDINGS),
            ("Search bar", SearchBar.BINDINGS),
            ("Actor picker", ActorPicker.BINDINGS),
            ("Bookmarks view", BookmarksScreen.BINDINGS),
            ("Note on an article", NoteScreen.BINDINGS),
            ("Agreements view", AgreementsScreen.BINDINGS),
            ("Watchlists", WatchlistsScreen.BINDINGS),
            ("This help", HelpScreen.BINDINGS),
        ]

    def action_sort_list(self) -> None:
        self.article_list.action_toggle_sort()

    def on_article_list_sorted(self, message: ArticleList.Sorted) -> None:
        self.status.set(message=f"sorted by {message.by}")

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, help_, action in COMMANDS:
            yield SystemCommand(title, help_, getattr(self, f"action_{action}"))
