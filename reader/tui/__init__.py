"""The terminal app. Imported by the CLI only: textual is loaded when the app is created, not before.

- `app`: the App (layout, keys, what shows where); `workers`: the search queue and the background actor
  extraction; `widgets`: the list, the article, the search bar, the status line; `screens`: help,
  bookmarks, the actor picker; `theme` and `app.tcss`: how it looks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.bookmarks import Bookmarks
    from reader.tui.app import ReaderApp


def create_app(
    corpus: Path,
    bookmarks: Bookmarks | None = None,
    *,
    enrich_in_background: bool = True,
    watch_folder: bool = True,
    search_process: bool = True,
) -> ReaderApp:
    """The one app factory: the CLI, the tests and the screenshot script all build the app here. With
    `search_process`, the list's searches run in a process of their own (`remote.py`)."""
    from reader.tui.app import ReaderApp

    return ReaderApp(
        Path(corpus),
        bookmarks=bookmarks,
        enrich_in_background=enrich_in_background,
        watch_folder=watch_folder,
        search_process=search_process,
    )


def run(corpus: Path) -> int:
    app = create_app(corpus)
    try:
        app.run()
    finally:
        app.stop_background()
    return app.return_code or 0
