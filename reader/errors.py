"""Every error a user can meet, in one place: each carries a message meant for the user.

The command line maps them to exit codes (DESIGN.md: 2 for bad usage or a bad query, 1 for the rest); the
app shows the message in its status line. Nothing here imports anything.
"""

from __future__ import annotations


class ReaderError(Exception):
    """Base of the errors below; `str(error)` is one line for the user."""


class CorpusError(ReaderError):
    """The corpus folder is missing or unusable."""


class IndexUnavailable(ReaderError):
    """The index cannot be built, opened or reopened; the message says why."""


class QueryError(ReaderError, ValueError):
    """A query that cannot be run."""


class BookmarkError(ReaderError):
    """Bookmarks cannot be read or written."""


class Skipped(ReaderError):
    """A file that cannot be ingested; the message is the one-line reason shown in the index summary."""


class NotText(ReaderError, ValueError):
    """The bytes are not text (a binary file with a text extension)."""
