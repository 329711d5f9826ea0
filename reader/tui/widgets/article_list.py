"""The article list: one line per article, drawn with the Line API (no widget per row).

It holds only document numbers; rows are fetched from the search service for the lines on screen and
kept in a small LRU cache, so 30,000 articles cost no more than 30.
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
from reader.tui.keys import moves
from reader.tui.theme import BOOKMARK_MARK

CACHE_SIZE = 512

Fetch = Callable[[int], Row]


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
    ]
    COMPONENT_CLASSES = {"article-list--cursor", "article-list--date", "article-list--actors", "article-list--mark"}

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

    # -- data --
    def set_source(self, fetch: Fetch) -> None:
        """Where rows come from: a document number to its row (the search service of the open index)."""
        self._fetch = fetch
        self._rows.clear()
        self.refresh()

    def set_docnums(self, docnums: list[int], cursor_docnum: int | None = None) -> None:
        """Show these documents; the cursor stays on `cursor_docnum` when present, else goes to the top."""
        self.docnums = list(docnums)
        self._rows.clear()  # document numbers may now stand for other articles (rows are fetched as drawn)
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.docnums))
        if cursor_docnum in self.docnums:
            self.cursor = self.docnums.index(cursor_docnum)
            self._scroll_cursor_visible()
        else:
            self.cursor = 0
            self.scroll_to(y=0, animate=False)
        self.refresh()

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

    @property
    def current_docnum(self) -> int | None:
        return self.docnums[self.cursor] if 0 <= self.cursor < len(self.docnums) else None

    @property
    def current_row(self) -> Row | None:
        return self.row_at(self.cursor)

    # -- drawing --
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width or self.size.width
        row = self.row_at(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        text = self._row_text(row, width)
        text.truncate(width, overflow="ellipsis", pad=True)
        base = self.rich_style
        if index == self.cursor:
            style = self.get_component_rich_style("article-list--cursor")
            text.stylize(style)
        console = self.app.console
        segments = [Segment(s.text, base + s.style if s.style else base) for s in text.render(console)]
        return Strip(segments).crop(scroll_x, scroll_x + width)

    def _row_text(self, row: Row, width: int) -> Text:
        """Mark, date, title, then the top actors (dim), which keep up to a quarter of a wide line."""
        mark = BOOKMARK_MARK if row.id in self.marked else " "
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(mark, self.get_component_rich_style("article-list--mark"))
        text.append(" ")
        text.append(row.date or " " * 10, self.get_component_rich_style("article-list--date"))
        text.append("  ")
        actors = " · ".join(row.top_actors)
        room = width - text.cell_len
        actors_width = min(len(actors) + 2, room // 4) if actors and room >= 40 else 0
        title = Text(row.title, no_wrap=True, overflow="ellipsis")
        if title.cell_len > room - actors_width:
            title.truncate(max(1, room - actors_width), overflow="ellipsis")
        text.append_text(title)
        if actors_width > 2:
            text.append("  ")
            text.append(actors, self.get_component_rich_style("article-list--actors"))
        return text

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.docnums))

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
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_top(self) -> None:
        self.move_to(0)

    def action_bottom(self) -> None:
        self.move_to(len(self.docnums) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        docnum = self.current_docnum
        if docnum is not None:
            self.post_message(self.Selected(docnum))
