"""The search bar: an Input whose every change the app turns into a live search (see ReaderApp.run_search)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class SearchBar(Input):
    """Type to search as you type; enter runs the full search; escape returns to the list."""

    BINDINGS = [
        Binding("escape", "app.focus_list", "Back to list", tooltip="Leave the search bar, keep the query"),
        Binding("enter", "submit", "Search", tooltip="Run the search and go to the first hit"),
    ]

    def __init__(self) -> None:
        super().__init__(placeholder='Search: words, "a phrase", person:Starmer, date:2025…  (/ to focus)', id="search")

    def on_mount(self) -> None:
        if self.app.is_headless:  # tests and screenshots: no blinking cursor, stable snapshots
            self.cursor_blink = False
