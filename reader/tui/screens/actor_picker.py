"""The actor picker: every person, place and organisation with its article count, filtered by typing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.enrich import Actor
from reader.search import ACTOR_KINDS, SearchService
from reader.tui.theme import kind_style

MAX_SHOWN = 300


class Choice(NamedTuple):
    name: str
    kind: str
    articles: int  # how many articles name this actor
    here: bool  # an actor of the open article


def choices(service: SearchService, article_actors: Sequence[Actor]) -> list[Choice]:
    """Every actor of the corpus once, those of the open article first, then by article count and name."""
    found: dict[str, Choice] = {}
    for kind in ACTOR_KINDS:
        for name, count in service.actors(kind):
            if name not in found or found[name].articles < count:
                found[name] = Choice(name, kind, count, False)
    for actor in article_actors:
        if actor.name:
            count = found[actor.name].articles if actor.name in found else 0
            found[actor.name] = Choice(actor.name, actor.kind, count, True)
    return sorted(found.values(), key=lambda c: (not c.here, -c.articles, c.name.casefold()))


class ActorPicker(ModalScreen[str | None]):
    """Dismisses with the chosen actor name, or None. Actors of the open article come first."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without filtering"),
        Binding("down", "move(1)", "Next actor", show=False),
        Binding("up", "move(-1)", "Previous actor", show=False),
    ]

    def __init__(self, service: SearchService, article_actors: Sequence[Actor] = ()) -> None:
        super().__init__()
        self.service = service
        self.article_actors = article_actors
        self.choices: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            title = "Filter by actor  (type to narrow · enter chooses · esc cancels)"
            yield Static(Text(title, style="bold"))
            yield Input(placeholder="actor name…", id="picker-input")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        typed = self.query_one("#picker-input", Input)
        typed.focus()
        if self.app.is_headless:
            typed.cursor_blink = False
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        loaded = choices(self.service, self.article_actors)
        self.app.call_from_thread(self._loaded, loaded)

    def _loaded(self, loaded: list[Choice]) -> None:
        self.choices = loaded
        self.refilter(self.query_one("#picker-input", Input).value)

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def refilter(self, typed: str) -> None:
        """List the actors whose name holds `typed` (case aside), the first highlighted."""
        needle = typed.casefold().strip()
        options = self.query_one(OptionList)
        options.clear_options()
        shown = [c for c in self.choices if needle in c.name.casefold()][:MAX_SHOWN]
        for name, kind, count, here in shown:
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append("• " if here else "  ", "bold")
            label.append(name, kind_style(kind))
            label.append(f"  {kind} · {count} article{'s' if count != 1 else ''}", "dim")
            options.add_option(Option(label, id=name))
        if shown:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
