"""The reader app: search bar on top, article list left, article right, status line and footer."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from reader import index, paths
from reader.bookmarks import BookmarkError, Bookmarks
from reader.index import IndexError_
from reader.search import QueryError, SearchResult, SearchService
from reader.tui.actor_picker import ActorPicker
from reader.tui.article_list import ArticleList
from reader.tui.article_view import ArticleView, actors_of
from reader.tui.bookmarks_screen import BookmarksScreen
from reader.tui.help import HelpScreen
from reader.tui.search_bar import SearchBar
from reader.tui.status import StatusLine

LIVE_LIMIT = 500  # while typing, the best 500 hits; Enter lists them all
POLL_SECONDS = 2.0
OPERATORS = re.compile(r"\b(OR|NOT|ANDNOT|ANDMAYBE)\b")


class ReaderApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "reader"
    BINDINGS = [
        Binding("slash", "focus_search", "Search", tooltip="Focus the search bar"),
        Binding("n", "next_match", "Next match", tooltip="Jump to the next search match in the article"),
        Binding("N", "previous_match", "Prev match", tooltip="Jump to the previous search match"),
        Binding("b", "toggle_bookmark", "Bookmark",
                tooltip="Bookmark the open article (else the selected row)"),
        Binding("B", "show_bookmarks", "Bookmarks", tooltip="List bookmarks, newest first"),
        Binding("a", "pick_actor", "Actor filter", tooltip="Narrow the list to one actor"),
        Binding("A", "clear_filter", "Clear filter", tooltip="Remove the actor filter"),
        Binding("r", "reload", "Reload", tooltip="Pick up an index updated by another process"),
        Binding("tab", "focus_next", "Next pane", show=False,
                tooltip="Move between search, list and article"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False),
        Binding("question_mark", "help", "Help", tooltip="Every key"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, corpus: Path, bookmarks: Bookmarks | None = None,
                 enrich_in_background: bool = True) -> None:
        super().__init__()
        self.corpus = Path(corpus)
        self.bookmarks = bookmarks if bookmarks is not None else Bookmarks()
        self.enrich_in_background = enrich_in_background
        self.service: SearchService | None = None
        self.query_text = ""  # what the list currently shows results for
        self.filter_actor: str | None = None
        self.last_result: SearchResult | None = None
        self._generation = 0
        # Search as you type without a debounce: a key starts its search at once when none is running;
        # keys typed while one runs leave only the newest request waiting, started when it ends.
        self._searching = False
        self._waiting: tuple | None = None
        self._poll: Timer | None = None
        self._enrich_proc: subprocess.Popen | None = None

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
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search", SearchBar)

    def on_mount(self) -> None:
        self.article_list.focus()
        self.article_list.set_marked(self._bookmark_ids())
        if self.bookmarks.message:  # lasts longer than the status line's message, which the next search clears
            self.notify(self.bookmarks.message, title="Bookmarks", severity="warning", timeout=15, markup=False)
        self.status.set(progress="opening the index…")
        self.prepare_index()

    def _bookmark_ids(self) -> set[str]:
        try:
            return self.bookmarks.ids()
        except Exception as exc:  # an unreadable bookmarks database must not stop reading
            self.status.set(message=f"cannot read bookmarks: {exc}")
            return set()

    # -- index lifecycle --
    @work(thread=True, exclusive=True, group="index")
    def prepare_index(self) -> None:
        ixdir = paths.index_dir(self.corpus)
        service = None
        try:
            if index.exists(ixdir):
                try:
                    service = SearchService(self.corpus)
                except IndexError_ as exc:
                    self._from_thread(self.status.set, message=f"{exc}; rebuilding")
            if service is None:
                self._from_thread(self.status.set, progress="building the index…")
                index.update(self.corpus, progress=self._index_progress,
                             notify=lambda msg: self._from_thread(self.status.set, message=msg))
                service = SearchService(self.corpus)
            pending = self._pending(service)
        except Exception as exc:  # no index and none can be built: say why, keep the app usable
            self._from_thread(self.status.set, progress=None, message=f"cannot open the index: {exc}")
            return
        self._from_thread(self._index_ready, service, pending)

    def _index_progress(self, phase: str, done: int, total: int) -> None:
        if total and (done % 200 == 0 or done == total):
            self._from_thread(self.status.set, progress=f"indexing: {phase} {done:,}/{total:,}")

    def _from_thread(self, callback, *args, **kwargs) -> None:
        try:
            self.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:  # the app is closing
            pass

    @staticmethod
    def _pending(service: SearchService) -> int:
        try:
            return service.pending()
        except Exception:  # no extractor installed, or the index moved under us: nothing to wait for
            return 0

    def _index_ready(self, service: SearchService, pending: int) -> None:
        self.service = service
        self.article_list.fetch = service.row
        self.status.set(progress=None)
        self.run_search("", live=False)
        if pending and self.enrich_in_background:
            self.start_enrichment(pending)
        elif pending:
            self.status.set(progress=f"{pending:,} articles await actor extraction (reader index)")

    def start_enrichment(self, pending: int) -> None:
        try:
            # at a lower priority: extraction takes both cores; typing and scrolling come first
            nice = ["nice", "-n", "10"] if shutil.which("nice") else []
            self._enrich_proc = subprocess.Popen(
                [*nice, sys.executable, "-m", "reader", "index", "--corpus", str(self.corpus)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)
        except OSError as exc:
            self.status.set(message=f"cannot start actor extraction: {exc}")
            return
        self.status.set(progress=f"extracting actors… ({pending:,} articles left)")
        self._poll = self.set_interval(POLL_SECONDS, self.poll_index)

    def poll_index(self) -> None:
        proc = self._enrich_proc
        finished = proc is None or proc.poll() is not None
        self.refresh_index(quiet=True)
        if self.service is not None and not finished:
            pending = self._pending(self.service)
            self.status.set(progress=f"extracting actors… ({pending:,} articles left)")
        if finished:
            if self._poll:
                self._poll.stop()
                self._poll = None
            code = proc.returncode if proc else 0
            self._enrich_proc = None
            self.status.set(progress=None if code == 0 else f"actor extraction stopped (exit {code})")

    def stop_enrichment(self) -> None:
        """Actor extraction commits per batch and resumes next time: stopping it loses nothing."""
        proc, self._enrich_proc = self._enrich_proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()

    def refresh_index(self, quiet: bool = False) -> bool:
        if self.service is None:
            return False
        try:
            changed = self.service.refresh()
        except IndexError_ as exc:
            self.status.set(message=str(exc))
            return False
        if changed:
            self.reload_views()
        if not quiet:
            self.status.set(message="index reloaded" if changed else "index is up to date")
        return changed

    def reload_views(self) -> None:
        """The index moved on: document numbers changed; find the same articles again by id."""
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
    def effective_query(self, text: str) -> str | None:
        text = text.strip()
        if not self.filter_actor:
            return text or None
        actor = 'actor:"{}"'.format(self.filter_actor.replace('"', " "))
        if not text:
            return actor
        return f"{actor} ({text})" if OPERATORS.search(text) else f"{actor} {text}"

    def run_search(self, text: str, live: bool, focus: bool = False, keep_id: str | None = None) -> None:
        if self.service is None:
            return
        self._generation += 1
        request = (self._generation, text, self.effective_query(text), live, focus, keep_id)
        if self._searching:
            self._waiting = request  # replaces an older waiting request: only the newest is worth running
        else:
            self._start_search(request)

    def _start_search(self, request: tuple) -> None:
        self._searching = True
        self.search_worker(*request)

    def _search_ended(self) -> None:
        self._searching = False
        request, self._waiting = self._waiting, None
        if request is not None:
            self._start_search(request)

    @work(thread=True, group="search")
    def search_worker(self, generation: int, text: str, query: str | None, live: bool, focus: bool,
                      keep_id: str | None) -> None:
        try:
            self._search(generation, text, query, live, focus, keep_id)
        finally:
            self._from_thread(self._search_ended)

    def _search(self, generation: int, text: str, query: str | None, live: bool, focus: bool,
                keep_id: str | None) -> None:
        service = self.service
        assert service is not None
        try:
            if query is None:
                result, docnums = None, service.browse()
            else:
                result = service.ranked(query, limit=LIVE_LIMIT if live else None, live=live)
                docnums = result.docnums
            keep = service.docnum(keep_id) if keep_id else None
        except QueryError as exc:
            self._from_thread(self._search_failed, generation, str(exc))
            return
        except Exception as exc:  # the index changed under the query: report it, keep the list
            self._from_thread(self._search_failed, generation, f"search failed: {exc}")
            return
        self._from_thread(self._show_results, generation, text, result, docnums, focus, keep)

    def _search_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.status.set(message=message)

    def _show_results(self, generation: int, text: str, result: SearchResult | None, docnums: list[int],
                      focus: bool, keep: int | None) -> None:
        if generation != self._generation:
            return  # a newer search is on its way
        self.query_text = text
        self.last_result = result
        self.article_list.set_docnums(docnums, cursor_docnum=keep)
        message = None
        if result is None:
            hits = f"{len(docnums):,} article{'s' if len(docnums) != 1 else ''}"
        else:
            hits = f"{result.total:,} hit{'s' if result.total != 1 else ''}"
            if result.total > len(docnums):
                hits += f" (best {len(docnums):,}; enter lists all)"
            if result.total == 0:
                message = f"did you mean: {result.suggestion}" if result.suggestion else "no matches"
            elif result.note:
                message = result.note
        self.status.set(hits=hits, message=message)
        if focus:
            self.article_list.focus()

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
        spans = self.service.query_spans(self.query_text, doc.body) if self.query_text.strip() else []
        view = self.article_view
        view.show(doc, spans, keep_scroll=keep_scroll)
        if view.matches and not keep_scroll:
            position, count = view.next_match()
            self.status.set(match=f"match {position}/{count}")
        else:
            self.status.set(match=f"{len(view.matches)} matches" if view.matches else None)
        if focus:
            view.focus()

    def _jump(self, step: int) -> None:
        view = self.article_view
        if view.document is None:
            self.status.set(message="open an article first")
            return
        position, count = view.next_match(step)
        if count:
            self.status.set(match=f"match {position}/{count}")
        else:
            self.status.set(message="no search matches in this article")

    def action_next_match(self) -> None:
        self._jump(1)

    def action_previous_match(self) -> None:
        self._jump(-1)

    # -- focus --
    def action_focus_search(self) -> None:
        self.search_bar.focus()

    def action_focus_list(self) -> None:
        self.article_list.focus()

    # -- bookmarks --
    def action_toggle_bookmark(self) -> None:
        doc = self.article_view.document
        row = doc.row if doc is not None else self.article_list.current_row
        if row is None:
            self.status.set(message="no article to bookmark")
            return
        try:
            added = self.bookmarks.toggle(row.id, row.path, row.title, row.date)
        except BookmarkError as exc:
            self.status.set(message=str(exc))
            return
        self.article_list.set_marked(self._bookmark_ids())
        self.status.set(message=f"{'bookmarked' if added else 'bookmark removed'}: {row.title}")

    def action_show_bookmarks(self) -> None:
        self.push_screen(BookmarksScreen(self.bookmarks), self._bookmark_chosen)

    def _bookmark_chosen(self, article_id: str | None) -> None:
        self.article_list.set_marked(self._bookmark_ids())
        if article_id is None or self.service is None:
            return
        docnum = self.service.docnum(article_id)
        if docnum is None:
            self.status.set(message=f"article {article_id} is not in this corpus's index")
            return
        if docnum in self.article_list.docnums:
            self.article_list._move(self.article_list.docnums.index(docnum))
        self.open_article(docnum)

    # -- actor filter --
    def action_pick_actor(self) -> None:
        if self.service is None:
            return
        doc = self.article_view.document
        actors = actors_of(doc.enrichment) if doc is not None else []
        self.push_screen(ActorPicker(self.service, actors), self._actor_chosen)

    def _actor_chosen(self, name: str | None) -> None:
        if not name:
            return
        self.set_filter(name)

    def set_filter(self, name: str | None) -> None:
        self.filter_actor = name
        self.status.set(filter=f"actor: {name}" if name else None)
        self.run_search(self.search_bar.value, live=False, focus=True)

    def action_clear_filter(self) -> None:
        if self.filter_actor:
            self.set_filter(None)
        else:
            self.status.set(message="no filter to clear")

    # -- the rest --
    def action_reload(self) -> None:
        self.refresh_index()

    def help_sections(self) -> list[tuple[str, list]]:
        from reader.tui.search_bar import SearchBar as Bar

        app_keys = [*self.BINDINGS, Binding("ctrl+p", "command_palette", "Command palette",
                                            tooltip="Every action by name")]
        return [("Everywhere (except while typing in the search bar)", app_keys),
                ("Article list", ArticleList.BINDINGS), ("Article", ArticleView.BINDINGS),
                ("Search bar", Bar.BINDINGS), ("Actor picker", ActorPicker.BINDINGS),
                ("Bookmarks view", BookmarksScreen.BINDINGS), ("This help", HelpScreen.BINDINGS)]

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections()))

    async def action_quit(self) -> None:
        self.stop_enrichment()
        self.exit(0)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Search", "Focus the search bar", self.action_focus_search)
        yield SystemCommand("Bookmark article", "Toggle the bookmark on the open article",
                            self.action_toggle_bookmark)
        yield SystemCommand("Bookmarks", "List bookmarks, newest first", self.action_show_bookmarks)
        yield SystemCommand("Filter by actor", "Narrow the list to one person, place or organisation",
                            self.action_pick_actor)
        yield SystemCommand("Clear actor filter", "Show every article again", self.action_clear_filter)
        yield SystemCommand("Next match", "Jump to the next search match", self.action_next_match)
        yield SystemCommand("Previous match", "Jump to the previous search match", self.action_previous_match)
        yield SystemCommand("Reload index", "Pick up an index updated elsewhere", self.action_reload)
        yield SystemCommand("Help: every key", "The help screen: every key of the reader", self.action_help)
