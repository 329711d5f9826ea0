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


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def describe_results(
    result: SearchResult | None,
    docnums: list[int],
    shown: list[int] | None = None,
    stories: int | None = None,
    more: bool = False,
) -> tuple[str, str | None]:
    """The count shown for a list of results (None: the whole corpus, browsed), and a message. `shown`: the
    articles listed when fewer than `docnums` (narrowed to actors); `stories`: how many stories they make, said
    first when fewer than the articles ("4 stories (5 articles)"); `more`: the rest of the hits is coming."""
    count = _count(len(docnums), "article", "articles") if result is None else _count(result.total, "hit", "hits")
    if shown is not None:
        count = f"{len(shown):,} of {count}"
    best = f"best {len(docnums):,}; enter lists all" if result is not None and result.total > len(docnums) else ""
    if more:
        best = f"best {len(docnums):,}; listing all…"
    listed = len(docnums if shown is None else shown)
    if stories is not None and stories < listed:
        count = f"{_count(stories, 'story', 'stories')} ({count}{'; ' + best if best else ''})"
    elif best:
        count += f" ({best})"
    if result is None:
        return count, None
    if result.total == 0:
        return count, f"did you mean: {result.suggestion}" if result.suggestion else "no matches"
    return count, result.note


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
