"""The keys every scrolling pane shares, as terminal readers bind them: j/k and arrows, g/G and home/end,
page down (and space) and page up."""

from __future__ import annotations

from textual.binding import Binding

Move = tuple[str, str, str]  # (action, description, tooltip)


def moves(down: Move, up: Move, top: Move, bottom: Move) -> list[Binding]:
    """Bindings of the four moves, and of the page keys: in the help, not in the footer (every terminal reader
    moves so; the footer keeps its room for the reader's own keys, ? and q)."""
    return [
        *(
            Binding(keys, action, description, tooltip=tooltip, show=False)
            for keys, (action, description, tooltip) in (
                ("j,down", down),
                ("k,up", up),
                ("g,home", top),
                ("G,end", bottom),
            )
        ),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]
