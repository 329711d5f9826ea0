"""Highlight styles: one per actor kind, one for agreements, one for query matches.

Query matches are reverse + bold, so they read without colour too.
"""

from __future__ import annotations

from rich.style import Style

KIND_STYLES: dict[str, Style] = {
    "person": Style(color="#7fb4ff", bold=True),
    "place": Style(color="#8fd18f"),
    "organisation": Style(color="#f0b35a"),
}
AGREEMENT = Style(bgcolor="#3a2d4f", underline=True)
MATCH = Style(reverse=True, bold=True)
CURRENT_MATCH = Style(reverse=True, bold=True, color="#ffd75f")
DIM = Style(dim=True)
BOOKMARK_MARK = "★"


def kind_style(kind: str) -> Style:
    return KIND_STYLES.get(kind, Style(color="#c0a0ff"))
