"""The status line: hit count, filter, match counter, indexing progress, messages. Always plain Text."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

FIELDS = ("hits", "filter", "match", "progress", "message")


class StatusLine(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.parts: dict[str, str] = {}

    def set(self, **parts: str | None) -> None:
        for key, value in parts.items():
            if value:
                self.parts[key] = value
            else:
                self.parts.pop(key, None)
        self.update(self.render_parts())

    def render_parts(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        styles = {"hits": "bold", "filter": "bold #f0b35a", "match": "reverse", "progress": "italic",
                  "message": ""}
        first = True
        for key in FIELDS:
            if key in self.parts:
                if not first:
                    text.append("  │  ", "dim")
                text.append(self.parts[key], styles[key])
                first = False
        return text

    @property
    def plain(self) -> str:
        return self.render_parts().plain
