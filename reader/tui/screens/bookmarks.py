"""The bookmarks view: newest first, each with the corpus it was added in; enter opens the article, d removes
the bookmark, u puts the last one removed back."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.bookmarks import Bookmark, Bookmarks
from reader.errors import BookmarkError
from reader.tui.theme import BOOKMARK_MARK


class BookmarksScreen(ModalScreen[Bookmark | None]):
    """Dismisses with the chosen bookmark, or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", tooltip="Back to the reader"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
        Binding("d,delete", "remove", "Remove bookmark", tooltip="Remove the highlighted bookmark"),
        Binding("u", "undo", "Undo removal", tooltip="Put the last bookmark removed back"),
    ]

    def __init__(self, bookmarks: Bookmarks, corpus: Path | None = None) -> None:
        super().__init__()
        self.bookmarks = bookmarks
        self.corpus = corpus  # the corpus open: bookmarks of another one say which
        self.removed: list[Bookmark] = []  # newest last, for undo
        self.items: dict[str, Bookmark] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-box"):
            yield Static(Text("Bookmarks  (enter opens · d removes · u undoes · esc closes)", style="bold"))
            yield OptionList(id="bookmarks-list")
            yield Static("", id="bookmarks-message")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def _say(self, message: Text) -> None:
        self.query_one("#bookmarks-message", Static).update(message)

    def reload(self) -> None:
        options = self.query_one(OptionList)
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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.items.get(event.option.id or ""))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_remove(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        article_id = options.get_option_at_index(options.highlighted).id
        if article_id is None:
            return
        gone = self.items.get(article_id)
        try:
            self.bookmarks.remove(article_id)
        except BookmarkError as exc:
            self._say(Text(str(exc)))
            return
        index = options.highlighted
        self.reload()
        if gone is not None:
            self.removed.append(gone)
            self._say(Text(f"removed: {gone.title}  (u puts it back)", style="dim"))
        if options.option_count:
            options.highlighted = min(index, options.option_count - 1)

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
        options = self.query_one(OptionList)
        ids = list(self.items)
        if bookmark.id in ids:
            options.highlighted = ids.index(bookmark.id)
