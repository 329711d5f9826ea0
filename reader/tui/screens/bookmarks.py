"""The bookmarks view: newest first, each with the corpus it was added in; enter opens the article, d removes
the bookmark, u puts the last one removed back."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.widgets.option_list import Option

from reader.bookmarks import Bookmark, Bookmarks
from reader.errors import BookmarkError
from reader.tui.screens.list_screen import ListScreen
from reader.tui.theme import BOOKMARK_MARK


class BookmarksScreen(ListScreen[Bookmark]):
    """Dismisses with the chosen bookmark, or None."""

    PREFIX = "bookmarks"
    HEADING = "Bookmarks  (enter opens · d removes · u undoes · esc closes)"
    BINDINGS = [
        *ListScreen.BINDINGS,
        Binding("d,delete", "remove", "Remove bookmark", tooltip="Remove the highlighted bookmark"),
        Binding("u", "undo", "Undo removal", tooltip="Put the last bookmark removed back"),
    ]

    def __init__(self, bookmarks: Bookmarks, corpus: Path | None = None) -> None:
        super().__init__()
        self.bookmarks = bookmarks
        self.corpus = corpus  # the corpus open: bookmarks of another one say which
        self.removed: list[Bookmark] = []  # newest last, for undo

    def reload(self) -> None:
        options = self.options
        options.clear_options()
        try:
            items = self.bookmarks.list()
        except BookmarkError as exc:  # the reader goes on; the view says why it is empty
            self._say(Text(str(exc)))
            return
        self.items = {b.id: b for b in items}
        here = str(self.corpus) if self.corpus else None
        for b in items:
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(BOOKMARK_MARK + " ", "#f0b35a")
            label.append(b.date or " " * 10, "dim")
            label.append("  ")
            if b.corpus and b.corpus != here:  # (a file name: shown as text, never markup)
                label.append(f"[{Path(b.corpus).name}] ", "italic #7fb4ff")
            label.append(b.title)
            options.add_option(Option(label, id=b.id))
        if items:
            options.highlighted = 0
        else:
            self._say(Text("No bookmarks yet: press b on an article to add one.", style="dim"))

    def remove_item(self, item_id: str) -> None:
        gone = self.items.get(item_id)
        self.bookmarks.remove(item_id)
        self.reload()
        if gone is not None:
            self.removed.append(gone)
            self._say(Text(f"removed: {gone.title}  (u puts it back)", style="dim"))

    def action_undo(self) -> None:
        if not self.removed:
            self._say(Text("nothing to undo", style="dim"))
            return
        bookmark = self.removed.pop()
        try:
            self.bookmarks.restore(bookmark)
        except BookmarkError as exc:
            self._say(Text(str(exc)))
            return
        self.reload()
        self._say(Text(f"put back: {bookmark.title}", style="dim"))
        ids = list(self.items)
        if bookmark.id in ids:
            self.options.highlighted = ids.index(bookmark.id)
