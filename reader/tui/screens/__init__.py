"""The screens over the main one: help, bookmarks, the actor picker, the agreements view, watchlists, and
the one-line prompts (a note, a watchlist's name)."""

from reader.tui.screens.actor_picker import ActorPicker
from reader.tui.screens.agreements import AgreementsScreen
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.prompt import NoteScreen, Prompt, WatchNameScreen
from reader.tui.screens.watchlists import WatchlistsScreen

__all__ = [
    "ActorPicker",
    "AgreementsScreen",
    "BookmarksScreen",
    "HelpScreen",
    "NoteScreen",
    "Prompt",
    "WatchNameScreen",
    "WatchlistsScreen",
]
