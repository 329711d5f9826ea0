"""The article list: one line per article (two while a query is active: the title, then the line that
matched), drawn with the Line API (no widget per row).

It holds only document numbers; rows and their matched lines are fetched from the search service for the
lines on screen and kept in small LRU caches, so 30,000 articles cost no more than 30.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.search import Row
from reader.search.highlight import Snippet
from reader.tui.keys import moves
from reader.tui.theme import BOOKMARK_MARK

CACHE_SIZE = 512

Fetch = Callable[[int], Row]
FetchSnippet = Callable[[int], Snippet]
ByDate = Callable[[list[int]], list[int]]


class ArticleList(ScrollView, can_focus=True):
    """Document numbers, newest first or by relevance, with a cursor."""

    BINDINGS = [
        *moves(
            ("cursor_down", "Down", "Next article"),
            ("cursor_up", "Up", "Previous article"),
            ("top", "Top", "First article"),
            ("bottom", "Bottom", "Last article"),
        ),
        Binding("enter", "select", "Open", tooltip="Open the article under the cursor"),
        Binding("s", "toggle_sort", "Sort", tooltip="Sort the hits by relevance or by date, newest first"),
    ]
    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--date",
        "article-list--actors",
        "article-list--mark",
        "article-list--snippet",
        "article-list--match",
    }

    DEFAULT_CSS = """
    ArticleList > .article-list--snippet { color: $text-muted; }
    ArticleList > .article-list--match { text-style: reverse bold; }
    """

    cursor = reactive(0, always_update=True, repaint=False)

    class Selected(Message):
        """Enter on a row: open that article."""

        def __init__(self, docnum: int) -> None:
            super().__init__()
            self.docnum = docnum

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.docnums: list[int] = []
        self.marked: set[str] = set()  # bookmarked article ids
        self._fetch: Fetch | None = None
        self._rows: OrderedDict[int, Row] = OrderedDict()
        self._snippet: FetchSnippet | None = None  # while a query is active: the line that matched
        self._snippets: OrderedDict[int, Snippet] = OrderedDict()
        self._ranked: list[int] = []  # the order the search gave
        self._by_date: ByDate | None = None  # sorts documents newest first (None: nothing to sort, browsing)
        self.sort_by_date = False  # the user's choice, kept from one search to the next

    @property
    def row_height(self) -> int:
        return 2 if self._snippet is not None else 1

    # -- data --
    def set_source(self, fetch: Fetch) -> None:
        """Where rows come from: a document number to its row (the search service of the open index)."""
        self._fetch = fetch
        self._rows.clear()
        self.refresh()

    def set_docnums(
        self,
        docnums: list[int],
        cursor_docnum: int | None = None,
        snippet: FetchSnippet | None = None,
        by_date: ByDate | None = None,
    ) -> None:
        """Show these documents; the cursor stays on `cursor_docnum` when present, else goes to the top.
        `snippet` gives the line a document matched (a query is active), drawn under its title; `by_date`
        sorts hits newest first, for `s` (the list then shows them so while the user keeps that choice)."""
        self._ranked, self._by_date = list(docnums), by_date
        self.docnums = by_date(self._ranked) if by_date is not None and self.sort_by_date else list(docnums)
        self._rows.clear()  # document numbers may now stand for other articles (rows are fetched as drawn)
        self._snippets.clear()
        self._snippet = snippet
        self._resize_virtual()
        if cursor_docnum in self.docnums:
            self.cursor = self.docnums.index(cursor_docnum)
            self._scroll_cursor_visible()
        else:
            self.cursor = 0
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def _resize_virtual(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.docnums) * self.row_height)

    def set_marked(self, ids: set[str]) -> None:
        """The bookmarked article ids, drawn with a mark."""
        self.marked = set(ids)
        self.refresh()

    def _remember(self, row: Row) -> None:
        self._rows[row.docnum] = row
        self._rows.move_to_end(row.docnum)
        while len(self._rows) > CACHE_SIZE:
            self._rows.popitem(last=False)

    def row_at(self, index: int) -> Row | None:
        if not 0 <= index < len(self.docnums):
            return None
        docnum = self.docnums[index]
        row = self._rows.get(docnum)
        if row is None:
            if self._fetch is None:
                return None
            try:
                row = self._fetch(docnum)
            except Exception:  # a stale docnum after an index change: show a blank row, never crash
                return None
            self._remember(row)
        else:
            self._rows.move_to_end(docnum)
        return row

    def snippet_at(self, index: int) -> Snippet:
        """The line the row at `index` matched (nothing when no query is active)."""
        if self._snippet is None or not 0 <= index < len(self.docnums):
            return ()
        docnum = self.docnums[index]
        found = self._snippets.get(docnum)
        if found is None:
            try:
                found = self._snippet(docnum)
            except Exception:  # a stale docnum after an index change: an empty line, never a crash
                found = ()
            self._snippets[docnum] = found
            while len(self._snippets) > CACHE_SIZE:
                self._snippets.popitem(last=False)
        return found

    @property
    def current_docnum(self) -> int | None:
        return self.docnums[self.cursor] if 0 <= self.cursor < len(self.docnums) else None

    @property
    def current_row(self) -> Row | None:
        return self.row_at(self.cursor)

    # -- drawing --
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index, sub = divmod(y + scroll_y, self.row_height)
        width = self.scrollable_content_region.width or self.size.width
        row = self.row_at(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        text = self._row_text(row, width) if sub == 0 else self._snippet_text(index, width)
        text.truncate(width, overflow="ellipsis", pad=True)
        base = self.rich_style
        if index == self.cursor:
            style = self.get_component_rich_style("article-list--cursor")
            text.stylize(style)
        console = self.app.console
        segments = [Segment(s.text, base + s.style if s.style else base) for s in text.render(console)]
        return Strip(segments).crop(scroll_x, scroll_x + width)

    def _row_text(self, row: Row, width: int) -> Text:
        """Mark, date, title, then the top actors (dim), which keep up to a fifth of a wide line."""
        mark = BOOKMARK_MARK if row.id in self.marked else " "
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(mark, self.get_component_rich_style("article-list--mark"))
        text.append(" ")
        text.append(row.date or " " * 10, self.get_component_rich_style("article-list--date"))
        text.append("  ")
        actors = " · ".join(row.top_actors)
        room = width - text.cell_len
        actors_width = min(len(actors) + 2, room // 5) if actors and room >= 70 else 0
        title = Text(row.title, no_wrap=True, overflow="ellipsis")
        if title.cell_len > room - actors_width:
            title.truncate(max(1, room - actors_width), overflow="ellipsis")
        text.append_text(title)
        if actors_width > 2:
            text.append("  ")
            text.append(actors, self.get_component_rich_style("article-list--actors"))
        return text

    def _snippet_text(self, index: int, width: int) -> Text:
        """The line that matched, under the title, its matches marked like the article pane's."""
        text = Text(" " * 3, no_wrap=True, overflow="ellipsis")
        style = self.get_component_rich_style("article-list--snippet")
        match = self.get_component_rich_style("article-list--match")
        for segment, is_match in self.snippet_at(index):
            text.append(segment.lstrip("…") if text.cell_len == 3 else segment, match if is_match else style)
        return text

    def on_resize(self) -> None:
        self._resize_virtual()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- cursor --
    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()

    def move_to(self, index: int) -> None:
        """Put the cursor on the row at `index` (clamped to the list) and scroll it into view."""
        if not self.docnums:
            return
        self.cursor = max(0, min(index, len(self.docnums) - 1))
        self._scroll_cursor_visible()

    def _scroll_cursor_visible(self) -> None:
        h = self.row_height
        height = self.scrollable_content_region.height or h
        top = self.scroll_offset.y
        first, last = self.cursor * h, self.cursor * h + h - 1
        if first < top:
            self.scroll_to(y=first, animate=False)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_top(self) -> None:
        self.move_to(0)

    def action_bottom(self) -> None:
        self.move_to(len(self.docnums) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height // self.row_height - 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height // self.row_height - 1))

    @property
    def sorted_by(self) -> str | None:
        """`date` or `relevance` while hits are listed; None while browsing (always newest first)."""
        if self._by_date is None:
            return None
        return "date" if self.sort_by_date else "relevance"

    def action_toggle_sort(self) -> None:
        if self._by_date is None:
            self.notify("browsing lists every article newest first; sort applies to search hits", timeout=3)
            return
        keep = self.current_docnum
        self.sort_by_date = not self.sort_by_date
        self.docnums = self._by_date(self._ranked) if self.sort_by_date else list(self._ranked)
        self._snippets.clear()
        self.cursor = self.docnums.index(keep) if keep in self.docnums else 0
        self._scroll_cursor_visible()
        self.refresh()
        self.post_message(self.Sorted(self.sorted_by or "relevance"))

    class Sorted(Message):
        """The hits were sorted again by the user (`s`): "date" or "relevance"."""

        def __init__(self, by: str) -> None:
            super().__init__()
            self.by = by

    def action_select(self) -> None:
        docnum = self.current_docnum
        if docnum is not None:
            self.post_message(self.Selected(docnum))
