"""The actor picker: every person, place and organisation with its article count, filtered by typing."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.search import SearchService
from reader.tui.theme import kind_style

FACETS = (("facet_person", "person"), ("facet_place", "place"), ("facet_organisation", "organisation"))
MAX_SHOWN = 300


class ActorPicker(ModalScreen[str | None]):
    """Dismisses with the chosen actor name, or None. Actors of the open article come first."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without filtering"),
        Binding("down", "move(1)", "Next actor", show=False),
        Binding("up", "move(-1)", "Previous actor", show=False),
    ]

    def __init__(self, service: SearchService, article_actors: list[dict] | None = None) -> None:
        super().__init__()
        self.service = service
        self.article_actors = article_actors or []
        # name, kind, count, in the open article
        self.actors: list[tuple[str, str, int, bool]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            title = "Filter by actor  (type to narrow · enter chooses · esc cancels)"
            yield Static(Text(title, style="bold"))
            yield Input(placeholder="actor name…", id="picker-input")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self.query_one("#picker-input", Input).focus()
        if self.app.is_headless:
            self.query_one("#picker-input", Input).cursor_blink = False
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        actors: dict[str, tuple[str, str, int, bool]] = {}
        for fieldname, kind in FACETS:
            for name, count in self.service.facets(fieldname):
                if name not in actors or actors[name][2] < count:
                    actors[name] = (name, kind, count, False)
        for actor in self.article_actors:
            name = str(actor.get("name", ""))
            if name:
                kind = str(actor.get("kind", ""))
                count = actors.get(name, (name, kind, 0, True))[2]
                actors[name] = (name, kind, count, True)
        ordered = sorted(actors.values(), key=lambda a: (not a[3], -a[2], a[0].casefold()))
        self.app.call_from_thread(self._loaded, ordered)

    def _loaded(self, actors: list[tuple[str, str, int, bool]]) -> None:
        self.actors = actors
        self.refilter(self.query_one("#picker-input", Input).value)

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def refilter(self, typed: str) -> None:
        needle = typed.casefold().strip()
        options = self.query_one(OptionList)
        options.clear_options()
        shown = [a for a in self.actors if needle in a[0].casefold()][:MAX_SHOWN]
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
