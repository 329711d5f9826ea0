"""The screens over the main one: help, bookmarks, the actor picker, the agreements view, watchlists."""

from reader.tui.screens.actor_picker import ActorPicker
from reader.tui.screens.agreements import AgreementsScreen
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.note import NoteScreen
from reader.tui.screens.watchlists import WatchlistsScreen, WatchNameScreen

__all__ = [
    "ActorPicker",
    "AgreementsScreen",
    "BookmarksScreen",
    "HelpScreen",
    "NoteScreen",
    "WatchNameScreen",
    "WatchlistsScreen",
]
