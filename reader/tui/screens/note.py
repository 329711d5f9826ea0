"""A note on an article: one line, kept with the review beside the bookmarks (`Bookmarks.set_note`)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class NoteScreen(ModalScreen[str | None]):
    """Dismisses with the note typed ("" removes it), or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without saving")]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.title_ = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            heading = Text("Note on ", style="bold")
            heading.append(self.title_)  # (an article's title: text, never markup)
            heading.append("\nenter saves (empty: removes) · esc cancels", "dim")
            yield Static(heading)
            yield Input(self.note, placeholder="a note…", id="note-input")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        if self.app.is_headless:
            field.cursor_blink = False
        field.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())
