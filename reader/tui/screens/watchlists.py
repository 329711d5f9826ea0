"""Watchlists: saved searches, each with the number of articles new since it was last opened (`reader.watch`).

`WatchlistsScreen` lists them (enter runs one's query and marks it opened, d removes one); the counts are
worked out in a thread, again whenever the index moves on (`recount`), or at once when the app has worked out
each query's hits on the index ahead (`SearchService.matched`). The name a search is saved under is
asked by `WatchNameScreen` (prompt.py).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets.option_list import Option

from reader.bookmarks import Bookmarks, Watchlist
from reader.errors import BookmarkError
from reader.search import SearchService
from reader.tui.screens.list_screen import ListScreen
from reader.watch import Count, count, to_count


class WatchlistsScreen(ListScreen[Watchlist]):
    """Dismisses with the watchlist chosen, or None."""

    PREFIX = "watchlists"
    HEADING = "Watchlists  (enter runs the search · d removes · esc closes)"
    BINDINGS = [
        *ListScreen.BINDINGS,
        Binding("d,delete", "remove", "Remove watchlist", tooltip="Remove the highlighted watchlist"),
    ]

    def __init__(self, bookmarks: Bookmarks, service: SearchService | None) -> None:
        super().__init__()
        self.bookmarks = bookmarks
        self.service = service
        self.counted: dict[str, Count] = {}  # by name, once worked out
        self._generation = 0

    def on_mount(self) -> None:
        super().on_mount()
        self.recount(self.service)

    def reload(self) -> None:
        options = self.options
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
        if all(service.matched(watchlist.query) is not None for watchlist, _ in wanted):
            # each query's hits were worked out on this index already (the app does it ahead): counted at once
            self._counted([count(service, watchlist, seen) for watchlist, seen in wanted], self._generation)
        else:
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

    def remove_item(self, item_id: str) -> None:
        self.bookmarks.remove_watchlist(item_id)
        self.reload()
        self._say(Text(f"removed: {item_id}", style="dim"))
