"""The help screen: every key, generated from the bindings of the app and its widgets."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "space": "space",
    "enter": "enter",
    "tab": "tab",
    "shift+tab": "shift+tab",
    "delete": "del",
}

Section = tuple[str, Sequence[BindingType]]  # a title, and the bindings listed under it


def key_label(keys: str) -> str:
    """A binding's keys as the help shows them: `question_mark,q` is `? q`."""
    return " ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def help_text(sections: Sequence[Section]) -> Text:
    text = Text()
    for title, bindings in sections:
        text.append(title + "\n", "bold underline")
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            text.append(f"  {key_label(binding.key):<16}", "bold #7fb4ff")
            text.append(binding.description)
            if binding.tooltip:
                text.append(f"  — {binding.tooltip}", "dim")
            text.append("\n")
        text.append("\n")
    return text


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", show=False),
        Binding("g,home", "scroll('top')", "Top", show=False),
        Binding("G,end", "scroll('bottom')", "Bottom", show=False),
        Binding("pagedown,space", "scroll('page_down')", "Page down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("reader — keys\n", style="bold"), id="help-title")
            yield Static(help_text(self.sections), id="help-keys")

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        move = {
            "down": body.scroll_down,
            "up": body.scroll_up,
            "top": body.scroll_home,
            "bottom": body.scroll_end,
            "page_down": body.scroll_page_down,
            "page_up": body.scroll_page_up,
        }[direction]
        move(animate=False)
