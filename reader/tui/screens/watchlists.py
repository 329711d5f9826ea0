"""Watchlists: saved searches, each with the number of articles new since it was last opened (`reader.watch`).

`WatchlistsScreen` lists them (enter runs one's query and marks it opened, d removes one); the counts are
worked out in a thread, again whenever the index moves on (`recount`). `WatchNameScreen` asks the name a
search is saved under.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.bookmarks import Bookmarks, Watchlist
from reader.errors import BookmarkError
from reader.search import SearchService
from reader.watch import Count, count, to_count


class WatchlistsScreen(ModalScreen[Watchlist | None]):
    """Dismisses with the watchlist chosen, or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", tooltip="Back to the reader"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
        Binding("d,delete", "remove", "Remove watchlist", tooltip="Remove the highlighted watchlist"),
    ]

    def __init__(self, bookmarks: Bookmarks, service: SearchService | None) -> None:
        super().__init__()
        self.bookmarks = bookmarks
        self.service = service
        self.items: dict[str, Watchlist] = {}
        self.counted: dict[str, Count] = {}  # by name, once worked out
        self._generation = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="watchlists-box"):
            yield Static(Text("Watchlists  (enter runs the search · d removes · esc closes)", style="bold"))
            yield OptionList(id="watchlists-list")
            yield Static("", id="watchlists-message")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()
        self.recount(self.service)

    def _say(self, message: Text) -> None:
        self.query_one("#watchlists-message", Static).update(message)

    def reload(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        try:
            items = self.bookmarks.watchlists()
        except BookmarkError as exc:
            self._say(Text(str(exc)))
            return
        self.items = {w.name: w for w in items}
        width = max((len(w.name) for w in items), default=0)
        for w in items:
            options.add_option(Option(self.label(w, width), id=w.name))
        if items:
            options.highlighted = min(highlighted or 0, len(items) - 1)
        else:
            self._say(Text("No watchlists yet: W saves the current search as one.", style="dim"))

    def label(self, watchlist: Watchlist, width: int) -> Text:
        label = Text(no_wrap=True, overflow="ellipsis")  # (a name and a query: text, never markup)
        found = self.counted.get(watchlist.name)
        if found is None:
            label.append(f"{'…':>6}", "dim")
        elif found.error:
            label.append(f"{'!':>6}", "bold red")
        elif found.new:
            label.append(f"{found.new:>6,}", "bold #f0b35a")
        else:
            label.append(f"{0:>6}", "dim")
        label.append(" new  ", "dim")
        label.append(watchlist.name.ljust(width), "bold")
        label.append("  ")
        label.append(watchlist.query or "(every article)", "#7fb4ff")
        if found is not None and not found.error:
            label.append(f"  {found.hits:,} in all", "dim")
        elif found is not None:
            label.append(f"  {found.error}", "red")
        return label

    def recount(self, service: SearchService | None) -> None:
        """Work the counts out again (the index moved on), in a thread."""
        self.service = service
        if service is None:
            return
        self._generation += 1
        try:
            wanted = to_count(self.bookmarks)
        except BookmarkError as exc:
            self._say(Text(str(exc)))
            return
        self._count(service, wanted, self._generation)

    @work(thread=True, group="watch-count", exclusive=True)
    def _count(self, service: SearchService, wanted: list[tuple[Watchlist, set[str]]], generation: int) -> None:
        found = [count(service, watchlist, seen) for watchlist, seen in wanted]
        try:
            self.app.call_from_thread(self._counted, found, generation)
        except RuntimeError:  # the app is closing
            pass

    def _counted(self, found: list[Count], generation: int) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self.counted = {c.watchlist.name: c for c in found}
        self.reload()

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
        name = options.get_option_at_index(options.highlighted).id
        if name is None:
            return
        try:
            self.bookmarks.remove_watchlist(name)
        except BookmarkError as exc:
            self._say(Text(str(exc)))
            return
        self.reload()
        self._say(Text(f"removed: {name}", style="dim"))


class WatchNameScreen(ModalScreen[str | None]):
    """Asks the name to save a search under; dismisses with it, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without saving")]

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(id="watch-name-box"):
            heading = Text("Watch this search: ", style="bold")
            heading.append(self.query_text or "(every article)")  # (a query: text, never markup)
            heading.append("\na name, then enter (a name in use: replaced) · esc cancels", "dim")
            yield Static(heading)
            yield Input(placeholder="a name…", id="watch-name-input")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        if self.app.is_headless:
            field.cursor_blink = False
        field.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if name:
            self.dismiss(name)
