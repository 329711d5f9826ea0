"""One line asked for in a box: `Prompt`, and the two questions the reader asks with it, a note on an article
(kept with the review beside the bookmarks, `Bookmarks.set_note`) and the name a search is watched under."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class Prompt(ModalScreen[str | None]):
    """A heading over one Input. Dismisses with what was typed, stripped, or None when cancelled; with
    `empty_ok` false, enter on an empty line does nothing."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without saving")]

    def __init__(
        self, heading: Text, prefix: str, value: str = "", placeholder: str = "", empty_ok: bool = True
    ) -> None:
        super().__init__()
        self.heading = heading  # (built from titles and queries as Text: never read as markup)
        self.prefix = prefix  # the widgets' ids: `prefix-box`, `prefix-input`
        self.value = value
        self.placeholder = placeholder
        self.empty_ok = empty_ok

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self.prefix}-box", classes="prompt-box"):
            yield Static(self.heading)
            yield Input(self.value, placeholder=self.placeholder, id=f"{self.prefix}-input")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        if self.app.is_headless:
            field.cursor_blink = False
        field.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        if typed or self.empty_ok:
            self.dismiss(typed)


class NoteScreen(Prompt):
    """A note on an article: dismisses with the note typed ("" removes it), or None when cancelled."""

    def __init__(self, title: str, note: str) -> None:
        heading = Text("Note on ", style="bold")
        heading.append(title)  # (an article's title: text, never markup)
        heading.append("\nenter saves (empty: removes) · esc cancels", "dim")
        super().__init__(heading, "note", note, "a note…")


class WatchNameScreen(Prompt):
    """The name to save a search under; dismisses with it, or None when cancelled."""

    def __init__(self, query: str) -> None:
        heading = Text("Watch this search: ", style="bold")
        heading.append(query or "(every article)")  # (a query: text, never markup)
        heading.append("\na name, then enter (a name in use: replaced) · esc cancels", "dim")
        super().__init__(heading, "watch-name", placeholder="a name…", empty_ok=False)
