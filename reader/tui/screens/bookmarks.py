"""The bookmarks view: newest first; enter opens the article, d removes the bookmark."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.bookmarks import Bookmarks
from reader.errors import BookmarkError
from reader.tui.theme import BOOKMARK_MARK


class BookmarksScreen(ModalScreen[str | None]):
    """Dismisses with the chosen article id, or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", tooltip="Back to the reader"),
        Binding("d,delete", "remove", "Remove bookmark", tooltip="Remove the highlighted bookmark"),
    ]

    def __init__(self, bookmarks: Bookmarks) -> None:
        super().__init__()
        self.bookmarks = bookmarks

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-box"):
            yield Static(Text("Bookmarks  (enter opens · d removes · esc closes)", style="bold"))
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
        for b in items:
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(BOOKMARK_MARK + " ", "#f0b35a")
            label.append(b.date or " " * 10, "dim")
            label.append("  ")
            label.append(b.title)
            options.add_option(Option(label, id=b.id))
        if items:
            options.highlighted = 0
        else:
            self._say(Text("No bookmarks yet: press b on an article to add one.", style="dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_remove(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        article_id = options.get_option_at_index(options.highlighted).id
        if article_id is None:
            return
        try:
            self.bookmarks.remove(article_id)
        except BookmarkError as exc:
            self._say(Text(str(exc)))
            return
        self.reload()
