"""A table of many rows drawn with the Line API: only the rows on screen are laid out, so 10,000 agreement
records open as fast as 10 (Textual's DataTable takes seconds to add that many)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.tui.keys import moves

T = TypeVar("T")
Draw = Callable[[T, int], Text]  # an item and the width to a line of text


class Table(ScrollView, Generic[T], can_focus=True):
    """Items with a cursor; `draw` turns an item into its line. Enter posts `Table.Selected`."""

    BINDINGS = [
        *moves(
            ("cursor_down", "Down", "Next row"),
            ("cursor_up", "Up", "Previous row"),
            ("top", "Top", "First row"),
            ("bottom", "Bottom", "Last row"),
        ),
        Binding("enter", "select", "Open", tooltip="Open the article of the row under the cursor"),
    ]
    COMPONENT_CLASSES = {"table--cursor"}

    cursor = reactive(0, always_update=True, repaint=False)

    class Selected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, draw: Draw[T], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: Sequence[T] = []
        self._draw = draw

    def set_items(self, items: Sequence[T], cursor: int = 0) -> None:
        self.items = items
        self.virtual_size = Size(self.scrollable_content_region.width, len(items))
        self.move_to(cursor)
        self.refresh()

    @property
    def current(self) -> T | None:
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width or self.size.width
        if not 0 <= index < len(self.items):
            return Strip.blank(width, self.rich_style)
        text = self._draw(self.items[index], width)
        text.truncate(width, overflow="ellipsis", pad=True)
        if index == self.cursor:
            text.stylize(self.get_component_rich_style("table--cursor"))
        base = self.rich_style
        segments = [Segment(s.text, base + s.style if s.style else base) for s in text.render(self.app.console)]
        return Strip(segments).crop(0, width)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.items))

    def watch_cursor(self) -> None:
        self.refresh()

    def move_to(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self.items) - 1))
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
        self.move_to(len(self.items) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.cursor))
