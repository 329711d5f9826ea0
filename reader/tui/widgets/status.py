"""The status line: hit count, filter, match counter, indexing progress, messages. Always plain Text."""

from __future__ import annotations

from typing import TypedDict, Unpack

from rich.text import Text
from textual.widgets import Static

from reader.search import SearchResult

FIELDS = ("hits", "filter", "match", "progress", "message")
STYLES = {"hits": "bold", "filter": "bold #f0b35a", "match": "reverse", "progress": "italic", "message": ""}


class Parts(TypedDict, total=False):
    """The parts of the status line; a part given as None (or "") is removed, one not given is kept."""

    hits: str | None
    filter: str | None
    match: str | None
    progress: str | None
    message: str | None


def describe_results(result: SearchResult | None, docnums: list[int]) -> tuple[str, str | None]:
    """The hit count shown for a list of results (None: the whole corpus, browsed), and a message."""
    if result is None:
        return f"{len(docnums):,} article{'s' if len(docnums) != 1 else ''}", None
    hits = f"{result.total:,} hit{'s' if result.total != 1 else ''}"
    if result.total > len(docnums):
        hits += f" (best {len(docnums):,}; enter lists all)"
    if result.total == 0:
        return hits, f"did you mean: {result.suggestion}" if result.suggestion else "no matches"
    return hits, result.note


class StatusLine(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._parts: dict[str, str] = {}

    def set(self, **parts: Unpack[Parts]) -> None:
        for key, value in parts.items():
            if isinstance(value, str) and value:
                self._parts[key] = value
            else:
                self._parts.pop(key, None)
        self.update(self._line())

    def _line(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        first = True
        for key in FIELDS:
            if key in self._parts:
                if not first:
                    text.append("  │  ", "dim")
                text.append(self._parts[key], STYLES[key])
                first = False
        return text

    @property
    def plain(self) -> str:
        """The line as plain text (what the tests read)."""
        return self._line().plain
