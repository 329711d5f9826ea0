"""The agreements view: every agreement record of the corpus (or of the current search) as a table, filtered
by what is typed above it, sorted by date or by party; a pair's agreements over time as a chart above the
records; confirm, reject and annotate a record. Enter opens the article at the record's sentence.

The copies of one story count once, as `reader agreements` counts them: a record that several copies report
stands once, with their number (`×3`); `C` lists every copy's record instead."""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from reader.bookmarks import Bookmarks, Review
from reader.errors import BookmarkError
from reader.search.tables import Record
from reader.tui import records as rec
from reader.tui.theme import AGREEMENT, DIM
from reader.tui.widgets.chart import bar_chart
from reader.tui.widgets.table import Table

COLUMNS = (("date", 10), ("parties", 30), ("kind", 13), ("topics", 20))  # then the title, the rest of the line
VERDICT_MARKS = {"confirmed": ("✓", "bold #8fd18f"), "rejected": ("✗", "bold #e06c75")}


class AgreementsScreen(Screen[Record | None]):
    """Dismisses with the record chosen (its article opens at its sentence), or None."""

    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Back to the reader (from the filter: back to the table)"),
        Binding("slash", "focus_filter", "Filter", tooltip="Parties (two: a pair), kind:, topic:, date:2019..2021"),
        Binding("d", "sort('date')", "Date", tooltip="Sort by date; again: the other way"),
        Binding("p", "sort('party')", "Party", tooltip="Sort by parties A–Z; again: Z–A"),
        Binding("t", "pair", "Pair", tooltip="The highlighted record's two parties over time, above their records"),
        Binding("m", "by_month", "Month/year", tooltip="The pair's timeline by month or by year", show=False),
        Binding("s", "scope", "Corpus/search", tooltip="The whole corpus's records, or the search's", show=False),
        Binding("C", "copies", "Copies", tooltip="A story's record once (×copies), or every copy's", show=False),
        Binding("c", "verdict('confirmed')", "Confirm", tooltip="Mark the record confirmed (again: unmark)"),
        Binding("x", "verdict('rejected')", "Reject", tooltip="Mark the record rejected: hidden unless shown (v)"),
        Binding("e", "note", "Note", tooltip="Write a note on the record"),
        Binding("v", "show_rejected", "Rejected", tooltip="Show or hide the records rejected in review"),
        Binding("E", "export", "Export CSV", tooltip="The records shown, as a CSV file in the current folder"),
    ]

    def __init__(
        self,
        records: Sequence[Record],
        reviews: Bookmarks,
        results: set[int] | None = None,
        search: str = "",
        copies: Sequence[Record] | None = None,
    ) -> None:
        """`records`: what the table lists (each story's once), newest first and undated last, as the workspace
        keeps them; `copies`: every copy's records (the same order), for `C`."""
        super().__init__()
        self.once = records
        self.copies = copies
        self.all = records
        self.reviews = reviews
        self.results = results  # the articles of the current search (None: no search)
        self.search = search
        self.in_search = results is not None  # scope: the current search's articles, else the whole corpus
        self.sort_by, self.descending = "date", True
        self.by_month = False
        self.show_rejected = False
        self.filter = rec.Filter()
        self.shown: list[Record] = []
        self._verdicts: dict[str, Review] = {}
        self._noting: Record | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="agreements-box"):
            yield Static("", id="agreements-title")
            yield Input(
                placeholder="filter: parties (two for a pair)  kind:…  topic:…  date:2019..2021", id="agreements-filter"
            )
            yield Static("", id="agreements-timeline")
            yield Static(self._header(), id="agreements-header")
            yield Table(self._draw, id="agreements-table")
            yield Input(placeholder="note (enter saves, esc cancels)", id="agreements-note")
            yield Static("", id="agreements-message")
        yield Footer()

    @property
    def table(self) -> Table[Record]:
        return self.query_one("#agreements-table", Table)

    def on_mount(self) -> None:
        for field in self.query(Input):
            if self.app.is_headless:
                field.cursor_blink = False
        self.query_one("#agreements-note").display = False
        self._load_reviews()
        self.refilter()
        self.table.focus()

    # -- what is shown --
    def _load_reviews(self) -> None:
        try:
            self._verdicts = self.reviews.reviews()
        except BookmarkError as exc:
            self._verdicts = {}
            self._say(str(exc))

    def refilter(self, keep: Record | None = None) -> None:
        scope = self.results if self.in_search else None
        kept = rec.apply(self.all, self.filter, scope)
        rejected = {key for key, review in self._verdicts.items() if review.verdict == "rejected"}
        if rejected and not self.show_rejected:
            kept = [r for r in kept if r.key not in rejected]
        # (the records come newest first, the workspace's order, which filtering keeps: sorted already)
        newest_first = (self.sort_by, self.descending) == ("date", True)
        self.shown = kept if newest_first else rec.sort(kept, self.sort_by, self.descending)
        cursor = self.shown.index(keep) if keep in self.shown else 0
        self.table.set_items(self.shown, cursor)
        self._title()
        self._timeline()

    def _verdict(self, record: Record) -> str | None:
        review = self._verdicts.get(record.key)
        return review.verdict if review else None

    def _title(self) -> None:
        count = len(self.shown)
        text = Text(f"Agreements  ·  {count:,} record{'s' if count != 1 else ''}", style="bold")
        if self.in_search:
            text.append(f"  of the search {self.search!r}" if self.search else "  of the filtered list", DIM)
        else:
            text.append("  of the whole corpus", DIM)
        order = {"date": ("newest first", "oldest first"), "party": ("parties Z–A", "parties A–Z")}[self.sort_by]
        text.append(f"  ·  {order[0] if self.descending else order[1]}", DIM)
        if self.show_rejected:
            text.append("  ·  rejected shown", DIM)
        if self.all is self.copies:
            text.append("  ·  every copy of a story", DIM)
        self.query_one("#agreements-title", Static).update(text)

    def _timeline(self) -> None:
        chart = self.query_one("#agreements-timeline", Static)
        pair = self.filter.pair
        if pair is None:
            chart.display = False
            return
        series = rec.timeline(self.shown, self.by_month)
        width = max(20, (self.table.scrollable_content_region.width or self.size.width or 100) - 2)
        text = Text(f"{pair[0]} – {pair[1]}: {len(self.shown):,} agreement{'s' if len(self.shown) != 1 else ''}")
        text.stylize("bold")
        if series:
            busiest = max(series, key=lambda pc: pc[1])
            text.append(f"  ·  {series[0][0]} to {series[-1][0]}, most in {busiest[0]} ({busiest[1]})", DIM)
            text.append(f"  ·  by {'month' if self.by_month else 'year'} (m)\n", DIM)
            text.append_text(bar_chart(series, width))
        chart.update(text)
        chart.display = True

    def _header(self) -> Text:
        text = Text(no_wrap=True)
        text.append("   ")  # (the table's border, and the review marks)
        for name, width in COLUMNS:
            text.append(name.ljust(width + 2), "bold")
        text.append("article", "bold")
        return text

    def _draw(self, record: Record, width: int) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        mark, style = VERDICT_MARKS.get(self._verdict(record) or "", (" ", ""))
        text.append(mark, style)
        review = self._verdicts.get(record.key)
        text.append("✎" if review and review.note else " ", "#f0b35a")
        named = record.parties
        parties = " – ".join([*named, "?"] if len(named) == 1 else named) or "?"  # (a side the text does not name)
        cells: tuple[tuple[str, Style | str], ...] = (
            (record.date or "", DIM),
            (parties, AGREEMENT),
            (record.agreement.kind, "bold"),
            (", ".join(record.agreement.topics), DIM),
        )
        for (value, look), (_name, cell) in zip(cells, COLUMNS, strict=True):
            shown = value if len(value) <= cell else value[: cell - 1] + "…"
            text.append(shown, look)
            text.append(" " * (cell + 2 - len(shown)))
        copies = f"  ×{len(record.sources) + 1}" if record.sources else ""
        title = Text(record.row.title, no_wrap=True, overflow="ellipsis")
        room = width - text.cell_len - len(copies)
        if title.cell_len > room:
            title.truncate(max(1, room), overflow="ellipsis")
        text.append_text(title)
        text.append(copies, DIM)
        return text

    def _say(self, message: str) -> None:
        self.query_one("#agreements-message", Static).update(Text(message, style=DIM))

    # -- keys --
    @on(Input.Changed, "#agreements-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        try:
            self.filter = rec.parse(event.value)
        except rec.FilterError as exc:
            self._say(str(exc))
            return
        self._say("")
        self.refilter()

    @on(Input.Submitted, "#agreements-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_focus_filter(self) -> None:
        if isinstance(self.focused, Input):
            self.focused.insert_text_at_cursor("/")
        else:
            self.query_one("#agreements-filter", Input).focus()

    def action_close(self) -> None:
        if self.focused is self.query_one("#agreements-note"):
            self._end_note()
        elif isinstance(self.focused, Input):
            self.table.focus()
        else:
            self.dismiss(None)

    def action_sort(self, by: str) -> None:
        if self.sort_by == by:
            self.descending = not self.descending
        else:
            self.sort_by, self.descending = by, by == "date"
        self.refilter(keep=self.table.current)

    def action_scope(self) -> None:
        if self.results is None:
            self._say("no search: the table already lists the whole corpus")
            return
        self.in_search = not self.in_search
        self.refilter(keep=self.table.current)

    def action_copies(self) -> None:
        if self.copies is None:
            return
        self.all = self.once if self.all is self.copies else self.copies
        self.refilter(keep=self.table.current)
        self._say("every copy's record" if self.all is self.copies else "a story's record once (×: its copies)")

    def action_pair(self) -> None:
        record = self.table.current
        if record is None or len(record.parties) < 2:
            self._say("the highlighted record has no two parties")
            return
        typed = " ".join(f'"{p}"' if " " in p else p for p in record.parties[:2])
        self.query_one("#agreements-filter", Input).value = typed  # (the filter follows: Input.Changed)

    def action_by_month(self) -> None:
        self.by_month = not self.by_month
        self._timeline()

    def action_show_rejected(self) -> None:
        self.show_rejected = not self.show_rejected
        self.refilter(keep=self.table.current)

    def action_verdict(self, verdict: str) -> None:
        record = self.table.current
        if record is None:
            return
        same = self._verdict(record) == verdict
        try:
            self.reviews.set_verdict(record.key, record.row.id, None if same else verdict)
        except BookmarkError as exc:
            self._say(str(exc))
            return
        self._load_reviews()
        self._say(f"{'unmarked' if same else verdict}: {' – '.join(record.parties)}, {record.row.title}")
        index = self.table.cursor
        self.refilter(keep=record)
        if record not in self.shown:  # rejected and hidden: the cursor stays where the record was
            self.table.move_to(index)

    def action_export(self) -> None:
        """The records shown, in their order, as CSV (RFC 4180, a header row; the columns of `reader agreements
        --csv`), in the folder the reader was started from."""
        path = Path.cwd() / f"agreements-{time.strftime('%Y%m%d-%H%M%S')}.csv"
        try:
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(["date", "parties", "kind", "topics", "title", "path", "id", "sentence"])
                for r in self.shown:
                    a = r.agreement
                    row = (r.date or "", "; ".join(a.parties), a.kind, "; ".join(a.topics), r.row.title, r.row.path)
                    writer.writerow([*row, r.row.id, a.text])
        except OSError as exc:
            self._say(f"cannot write {path}: {exc.strerror}")
            return
        self._say(f"{len(self.shown):,} records written to {path}")

    def action_note(self) -> None:
        record = self.table.current
        if record is None:
            return
        self._noting = record
        note = self.query_one("#agreements-note", Input)
        review = self._verdicts.get(record.key)
        note.value = review.note if review and review.note else ""
        note.display = True
        note.focus()

    @on(Input.Submitted, "#agreements-note")
    def _note_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        record = self._noting
        if record is not None:
            try:
                self.reviews.set_note(record.key, record.row.id, event.value.strip())
            except BookmarkError as exc:
                self._say(str(exc))
            else:
                self._say("note saved" if event.value.strip() else "note removed")
            self._load_reviews()
        self._end_note()
        self.table.refresh()

    def _end_note(self) -> None:
        self._noting = None
        note = self.query_one("#agreements-note", Input)
        note.display = False
        self.table.focus()

    def on_table_selected(self, event: Table.Selected) -> None:
        event.stop()
        self.dismiss(self.shown[event.index])
