"""The dialogs over the main screen: help, bookmarks, the actor picker."""

from reader.tui.screens.actor_picker import ActorPicker
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.screens.help import HelpScreen

__all__ = ["ActorPicker", "BookmarksScreen", "HelpScreen"]
