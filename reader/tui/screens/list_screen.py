"""What the bookmarks and watchlists views share: a box with a heading, an OptionList of items keyed by their
option ids, a message line under it; `j`/`k` move, enter dismisses with the item chosen, `d` removes the
highlighted one (the subclass says how: `remove_item`)."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from reader.errors import BookmarkError

T = TypeVar("T")


class ListScreen(ModalScreen[T | None]):
    """Dismisses with the item chosen, or None. Subclasses set `PREFIX` (the widgets' ids: `PREFIX-box`,
    `PREFIX-list`, `PREFIX-message`) and `HEADING`, fill `items` and the list in `reload`, and remove an
    item in `remove_item`."""

    PREFIX: ClassVar[str]
    HEADING: ClassVar[str]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close", tooltip="Back to the reader"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, T] = {}  # by option id

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self.PREFIX}-box"):
            yield Static(Text(self.HEADING, style="bold"))
            yield OptionList(id=f"{self.PREFIX}-list")
            yield Static("", id=f"{self.PREFIX}-message")

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def on_mount(self) -> None:
        self.reload()
        self.options.focus()

    def reload(self) -> None:
        raise NotImplementedError

    def remove_item(self, item_id: str) -> None:
        """Remove the item (raise BookmarkError when it cannot be) and say so."""
        raise NotImplementedError

    def _say(self, message: Text) -> None:
        self.query_one(f"#{self.PREFIX}-message", Static).update(message)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.items.get(event.option.id or ""))

    def action_move(self, step: int) -> None:
        if step > 0:
            self.options.action_cursor_down()
        else:
            self.options.action_cursor_up()

    def action_remove(self) -> None:
        """Remove the highlighted item; the cursor stays where it was (on the next one, or the last)."""
        options = self.options
        if options.highlighted is None:
            return
        item_id = options.get_option_at_index(options.highlighted).id
        if item_id is None:
            return
        index = options.highlighted
        try:
            self.remove_item(item_id)
        except BookmarkError as exc:
            self._say(Text(str(exc)))
            return
        if options.option_count:
            options.highlighted = min(index, options.option_count - 1)
