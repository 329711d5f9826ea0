"""The actor picker: the actors of the articles the list shows now, with how many of them name each, by kind;
typing narrows the choice (case and accents aside: "etats" finds États-Unis). Choosing one narrows the list
to the articles that name it; choices add up (Japon, then OTAN: the articles naming both). The copies of one
story count once (an actor named by any of them counts one)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.search import ACTOR_KINDS
from reader.search.facets import Counted
from reader.search.tables import Facet, Workspace
from reader.text.normalize import fold
from reader.tui.theme import kind_style

PER_KIND = 40  # actors listed under each kind before anything is typed (type to reach the others)
MAX_SHOWN = 300  # actors listed for what is typed
Choice = tuple[str, str]  # (name, kind)


class ActorPicker(ModalScreen[Choice | None]):
    """Dismisses with the chosen (name, kind), or None."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without narrowing"),
        Binding("down", "move(1)", "Next actor", show=False),
        Binding("up", "move(-1)", "Previous actor", show=False),
    ]

    def __init__(
        self,
        workspace: Workspace,
        counted: Counted,
        listed: int,
        chosen: Sequence[Choice] = (),
        stories: int | None = None,
    ) -> None:
        super().__init__()
        taken = [workspace.number(name, kind) for name, kind in chosen]
        self.workspace = workspace
        self.counted = counted.without([n for n in taken if n is not None])  # most named first (`Workspace.count`)
        self.listed = listed  # how many articles the list shows
        self.stories = stories if stories is not None and stories < listed else None  # counted: stories, once
        self.chosen = chosen

    @property
    def facets(self) -> list[Facet]:
        """Every actor counted, most named first."""
        return [self.workspace.facet(number, count) for number, count in self.counted.pairs()]

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            articles = f"{self.listed:,} article{'s' if self.listed != 1 else ''}"
            if self.stories is not None:  # (its copies count once)
                articles = f"{self.stories:,} stor{'ies' if self.stories != 1 else 'y'} ({articles})"
            title = Text(f"Actors of the {articles} listed", style="bold")
            if self.chosen:
                title.append(f"  (naming {' + '.join(name for name, _ in self.chosen)})", "bold #f0b35a")
            title.append("\ntype to narrow · enter narrows the list to the articles naming it · esc cancels", "dim")
            yield Static(title)
            yield Input(placeholder="actor name…", id="picker-input")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        typed = self.query_one("#picker-input", Input)
        typed.focus()
        if self.app.is_headless:
            typed.cursor_blink = False
        self.refilter("")

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def refilter(self, typed: str) -> None:
        """Before typing: the most named actors of each kind under its heading. Typing: those whose name holds
        what is typed (case and accents aside), most named first."""
        needle = fold(typed).strip()
        names, facet = self.workspace.names, self.workspace.facet
        options: list[Option] = []
        if needle:
            shown = [facet(n, c) for n, c in self.counted.pairs() if needle in names[n][2]][:MAX_SHOWN]
            options.extend(self._option(f) for f in shown)
        else:
            for code, kind in enumerate(ACTOR_KINDS):  # (the kinds' order in `Workspace.count`)
                of_kind, total = self.counted.top(code, PER_KIND)
                if of_kind:
                    heading = Text(f"{kind} · {total:,}", style="bold underline")
                    options.append(Option(heading, disabled=True))
                    options.extend(self._option(facet(n, c)) for n, c in of_kind)
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        listing.highlighted = first

    def _option(self, facet: Facet) -> Option:
        label = Text(no_wrap=True, overflow="ellipsis")
        label.append(facet.name, kind_style(facet.kind))
        n = facet.articles  # (stories, when the list has some of several articles)
        unit = ("story" if n == 1 else "stories") if self.stories is not None else ("article" if n == 1 else "articles")
        label.append(f"  {facet.kind} · {n:,} {unit}", "dim")
        return Option(label, id=f"{facet.kind}\t{facet.name}")

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            options.action_first()
        elif step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def _choose(self, option_id: str | None) -> None:
        if option_id:
            kind, name = option_id.split("\t", 1)
            self.dismiss((name, kind))

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self._choose(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)
