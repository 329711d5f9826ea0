"""The article list: one line per story (two while a query is active: the title, then the line that
matched), drawn with the Line API (no widget per row).

The near-copies of one news item (a story, `Row.story`) stand as one row, their first article in the list's
order (the best hit, or the newest) standing for them, with their number (`×3`); `x` shows the others under it,
indented, and hides them again. It holds only document numbers, grouped by the story of each (read from an
index column by the search worker); rows and their matched lines are fetched from the search service for the
lines on screen and kept in small LRU caches, so 30,000 articles cost no more than 30.
"""

from __future__ import annotations

import gc
from collections import OrderedDict
from collections.abc import Callable, Mapping

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
        Binding("x", "toggle_copies", "Copies", tooltip="Show or hide the other copies of the story"),
        Binding("right", "expand", "Show copies", tooltip="Show the other copies of the story", show=False),
        Binding("left", "collapse", "Hide copies", tooltip="Hide the copies, back to the story's row", show=False),
    ]
    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--date",
        "article-list--actors",
        "article-list--mark",
        "article-list--snippet",
        "article-list--match",
        "article-list--copies",
    }

    DEFAULT_CSS = """
    ArticleList > .article-list--snippet { color: $text-muted; }
    ArticleList > .article-list--match { text-style: reverse bold; }
    ArticleList > .article-list--copies { color: $text-muted; }
    """

    cursor = reactive(0, always_update=True, repaint=False)

    class Selected(Message):
        """Enter on a row: open that article."""

        def __init__(self, docnum: int) -> None:
            super().__init__()
            self.docnum = docnum

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.docnums: list[int] = []  # the rows: one a story, and the copies of the stories shown expanded
        self.articles: list[int] = []  # every article listed, in the list's order (copies included)
        self.groups: list[list[int]] = []  # the articles of each story listed, in order; the first stands for it
        self._keys: list[object] = []  # the story of each group (a document alone: its number)
        self._head: dict[int, int] = {}  # the first article of a story of several → its group
        self._copy: dict[int, int] = {}  # another article of a story of several → its group
        self._expanded: set[object] = set()  # the stories shown with their copies (kept from one list to the next)
        self._stories: Mapping[int, str] = {}  # document number → its story
        self.marked: set[str] = set()  # bookmarked article ids
        self._fetch: Fetch | None = None
        self._rows: OrderedDict[int, Row] = OrderedDict()
        self._snippet: FetchSnippet | None = None  # while a query is active: the line that matched
        self._snippets: OrderedDict[int, Snippet] = OrderedDict()
        self._ranked: list[int] = []  # the order the search gave
        self._by_date: ByDate | None = None  # sorts documents newest first (None: nothing to sort, browsing)
        self.sort_by_date = False  # the user's choice, kept from one search to the next

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers `s` while hits are listed, and the copies keys while a story of several is."""
        if action == "toggle_sort":
            return self._by_date is not None
        if action in ("toggle_copies", "expand", "collapse"):
            return self.grouped
        return True

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
        stories: Mapping[int, str] | None = None,
        rows: Mapping[int, Row] | None = None,
        snippets: Mapping[int, Snippet] | None = None,
    ) -> None:
        """Show these documents, one row a story (`stories`: the story of each; none given, each alone); the
        cursor stays on `cursor_docnum` when present, else goes to the top. `snippet` gives the line a document
        matched (a query is active), drawn under its title; `by_date` sorts hits newest first, for `s` (the
        list then shows them so while the user keeps that choice). `rows` and `snippets`: those already read
        (the first screenful, read with the search off the UI thread)."""
        self._ranked, self._by_date = list(docnums), by_date
        self._stories = stories if stories is not None else {}
        self._group(by_date(self._ranked) if by_date is not None and self.sort_by_date else self._ranked)
        self._rows.clear()  # document numbers may now stand for other articles (rows are fetched as drawn)
        self._snippets.clear()
        self._snippet = snippet
        for row in (rows or {}).values():
            self._remember(row)
        self._snippets.update(snippets or {})
        self._resize_virtual()
        if cursor_docnum is None or not self.reveal(cursor_docnum, expand=False):
            self.cursor = 0
            self.scroll_to(y=0, animate=False)
        self.refresh()
        self.refresh_bindings()

    def extend(self, more: list[int], stories: Mapping[int, str] | None = None) -> None:
        """Add these documents after those listed (the rest of a search whose best hits show already): the
        rows shown stay where they are, the cursor on its article."""
        current = self.current_docnum
        self._ranked += more
        self._stories = {**self._stories, **(stories or {})}
        by_date = self._by_date
        self._group(by_date(self._ranked) if by_date is not None and self.sort_by_date else self._ranked)
        self._resize_virtual()
        if current is not None and current in self.docnums:
            self.cursor = self.docnums.index(current)
            self._scroll_cursor_visible()
        self.refresh()
        self.refresh_bindings()

    def _group(self, ordered: list[int]) -> None:
        """The stories of these articles in order of their first article, and the rows they make."""
        paused = gc.isenabled()
        gc.disable()  # (a list a story: at 200,000 articles Python's collector ran dozens of times, half the cost)
        try:
            self._grouped(ordered)
        finally:
            if paused:
                gc.enable()

    def _grouped(self, ordered: list[int]) -> None:
        self.articles = list(ordered)
        stories = self._stories
        members: dict[object, list[int]] = {}
        for n in ordered:
            members.setdefault(stories.get(n, n), []).append(n)
        self._keys, self.groups = list(members), list(members.values())
        self._head, self._copy = {}, {}
        rows: list[int] = []
        for i, group in enumerate(self.groups):
            rows.append(group[0])
            if len(group) > 1:
                self._head[group[0]] = i
                self._copy.update(dict.fromkeys(group[1:], i))
                if self._keys[i] in self._expanded:
                    rows.extend(group[1:])
        self.docnums = rows

    @property
    def grouped(self) -> bool:
        """Some story of the list has several articles in it."""
        return bool(self._head)

    def copies_of(self, docnum: int) -> list[int]:
        """The articles listed of the story of this one (itself alone when it has no copies listed)."""
        group = self._head.get(docnum, self._copy.get(docnum))
        return [docnum] if group is None else self.groups[group]

    def reveal(self, docnum: int, expand: bool = True) -> bool:
        """Put the cursor on this article's row: a copy hidden in its story is shown (`expand`) or its story's
        row is chosen. False when the article is not listed."""
        group = self._copy.get(docnum)
        if group is not None and self._keys[group] not in self._expanded:
            if expand:
                self._expanded.add(self._keys[group])
                self._group(self.articles)
                self._resize_virtual()
            else:
                docnum = self.groups[group][0]
        try:
            index = self.docnums.index(docnum)
        except ValueError:
            return False
        self.move_to(index)
        self.refresh()
        return True

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
        """Mark, date, title, the number of copies of a story (dim), then the top actors (dim), which keep up
        to a fifth of a wide line. A copy shown under its story is indented."""
        mark = BOOKMARK_MARK if row.id in self.marked else " "
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(mark, self.get_component_rich_style("article-list--mark"))
        text.append(" ")
        if row.docnum in self._copy:
            text.append("  ↳ ", self.get_component_rich_style("article-list--copies"))
        text.append(row.date or " " * 10, self.get_component_rich_style("article-list--date"))
        text.append("  ")
        group = self._head.get(row.docnum)
        copies = f"  ×{len(self.groups[group])}" if group is not None else ""
        actors = " · ".join(row.top_actors)
        room = width - text.cell_len - len(copies)
        actors_width = min(len(actors) + 2, room // 5) if actors and room >= 70 else 0
        title = Text(row.title, no_wrap=True, overflow="ellipsis")
        if title.cell_len > room - actors_width:
            title.truncate(max(1, room - actors_width), overflow="ellipsis")
        text.append_text(title)
        if copies:
            text.append(copies, self.get_component_rich_style("article-list--copies"))
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
        self._group(self._by_date(self._ranked) if self.sort_by_date else self._ranked)
        self._snippets.clear()
        if keep is None or not self.reveal(keep, expand=False):
            self.move_to(0)
        self.refresh()
        self.post_message(self.Sorted(self.sorted_by or "relevance"))

    class Sorted(Message):
        """The hits were sorted again by the user (`s`): "date" or "relevance"."""

        def __init__(self, by: str) -> None:
            super().__init__()
            self.by = by

    # -- stories --
    def _story_at_cursor(self) -> tuple[int, int] | None:
        """(the group of the story under the cursor, the row of its first article), for a story of several."""
        docnum = self.current_docnum
        if docnum is None:
            return None
        group = self._head.get(docnum, self._copy.get(docnum))
        if group is None:
            return None
        return group, self.cursor - self.groups[group].index(docnum)

    def action_toggle_copies(self) -> None:
        found = self._story_at_cursor()
        if found is None:
            self.notify("no other copy of this story is listed", timeout=3)
        elif self._keys[found[0]] in self._expanded:
            self.action_collapse()
        else:
            self.action_expand()

    def action_expand(self) -> None:
        found = self._story_at_cursor()
        if found is None or self._keys[found[0]] in self._expanded:
            return
        group, head = found
        self._expanded.add(self._keys[group])
        self.docnums[head + 1 : head + 1] = self.groups[group][1:]
        self._resize_virtual()
        self._scroll_cursor_visible()
        self.refresh()

    def action_collapse(self) -> None:
        found = self._story_at_cursor()
        if found is None or self._keys[found[0]] not in self._expanded:
            return
        group, head = found
        self._expanded.discard(self._keys[group])
        del self.docnums[head + 1 : head + len(self.groups[group])]
        self._resize_virtual()
        self.move_to(head)
        self.refresh()

    def action_select(self) -> None:
        docnum = self.current_docnum
        if docnum is not None:
            self.post_message(self.Selected(docnum))
