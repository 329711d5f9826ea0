"""The article pane: the clean text with actors, agreements and query matches highlighted.

The article is one `rich.text.Text` built from plain strings with `stylize` (never markup), wrapped here
so we know which screen line every character is on: `n`/`N` scroll a match exactly into view.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.enrich import Actor, Agreement
from reader.search import Document
from reader.text.normalize import clean_inline
from reader.tui.keys import moves
from reader.tui.theme import AGREEMENT, CURRENT_MATCH, DIM, KIND_STYLES, MATCH, kind_style
from reader.tui.wrap import break_offsets

Span = tuple[int, int]
PLACEHOLDER = "Select an article and press enter."


def _clip(start: int, end: int, length: int) -> Span | None:
    start, end = max(0, start), min(length, end)
    return (start, end) if start < end else None


def legend() -> Text:
    text = Text()
    for kind, style in KIND_STYLES.items():
        text.append(kind, style)
        text.append("  ")
    text.append("agreement", AGREEMENT)
    text.append("  ")
    text.append("search match", MATCH)
    return text


def build_text(doc: Document, match_spans: Sequence[Span]) -> tuple[Text, list[Span]]:
    """The article as one Text, and the query-match spans as offsets into it."""
    row = doc.row
    text = Text()
    text.append(row.title, "bold")
    text.append("\n")
    text.append(row.date or "undated", DIM)
    text.append("  ·  ", DIM)
    text.append(clean_inline(row.path), DIM)  # a file name may carry escape sequences
    text.append("\n")
    text.append_text(legend())
    text.append("\n\n")
    offset = len(text.plain)
    body = doc.body
    text.append(body)
    actors, agreements = doc.enrichment.actors, doc.enrichment.agreements
    for record in agreements:
        if span := _clip(record.start, record.end, len(body)):
            text.stylize(AGREEMENT, offset + span[0], offset + span[1])
    for actor in actors:
        style = kind_style(actor.kind)
        for start, end in actor.spans:
            if span := _clip(start, end, len(body)):
                text.stylize(style, offset + span[0], offset + span[1])
    matches = []
    for start, end in match_spans:
        if span := _clip(start, end, len(body)):
            matches.append((offset + span[0], offset + span[1]))
            text.stylize(MATCH, offset + span[0], offset + span[1])
    text.append("\n\n")
    text.append_text(_sidebar(doc.enriched, actors, agreements))
    return text, matches


def _heading(text: Text, title: str, found: bool) -> None:
    text.append(title, "bold underline")
    text.append("\n")
    if not found:
        text.append("  none found\n", DIM)


def _sidebar(enriched: bool, actors: Sequence[Actor], agreements: Sequence[Agreement]) -> Text:
    text = Text()
    if not enriched and not actors:
        text.append("Actors and agreements: not extracted yet.", DIM)
        return text
    _heading(text, "Actors", found=bool(actors))
    for actor in actors:
        text.append("  ")
        text.append(actor.name, kind_style(actor.kind))
        text.append(f"  {actor.kind} · {actor.mentions}\n", DIM)
    text.append("\n")
    _heading(text, "Agreements", found=bool(agreements))
    for record in agreements:
        text.append("  ")
        text.append(" – ".join(record.parties) or "?", AGREEMENT)
        text.append(f"  {record.kind}", "bold")
        topics = ", ".join(record.topics)
        if topics:
            text.append(f"  ({topics})", DIM)
        if record.date:
            text.append(f"  {record.date}", DIM)
        text.append("\n")
    return text


class ArticleView(ScrollView, can_focus=True):
    """A scrollable article; `show()` a document, `next_match()` moves between hits."""

    BINDINGS = [
        *moves(
            ("scroll_down", "Scroll down", "Scroll the article down"),
            ("scroll_up", "Scroll up", "Scroll the article up"),
            ("scroll_home", "Top", "Start of the article"),
            ("scroll_end", "Bottom", "End of the article"),
        ),
        Binding("escape", "app.focus_list", "Back to list", tooltip="Return to the article list"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.base_text = Text(PLACEHOLDER, style=DIM)  # the article without the current match
        self.text = self.base_text  # what is drawn
        self.matches: list[Span] = []
        self.current = -1  # index of the current match in `matches`, -1 before the first jump
        self._strips: list[Strip] = []
        self._starts: list[int] = []  # offset in `text` of the first character of each screen line
        self._width = 0

    def show(self, doc: Document, match_spans: Sequence[Span], keep_scroll: bool = False) -> None:
        """Show an article with these query matches: at its top, on its first match; with `keep_scroll`
        (the same article again, from a newer index), where the reader was."""
        self.document = doc
        self.base_text, self.matches = build_text(doc, match_spans)
        self.current = -1
        self._apply()
        if not keep_scroll:
            self.scroll_to(y=0, animate=False)
            self.next_match()

    def clear(self) -> None:
        self.document = None
        self.base_text = Text(PLACEHOLDER, style=DIM)
        self.matches, self.current = [], -1
        self._apply()

    # -- matches --
    def next_match(self, step: int = 1) -> bool:
        """Move to the next (or, with a negative step, previous) match, scrolled into view; False if none."""
        if not self.matches:
            return False
        if self.current < 0:
            self.current = 0 if step > 0 else len(self.matches) - 1
        else:
            self.current = (self.current + step) % len(self.matches)
        self._apply()
        line = self.line_of(self.matches[self.current][0])
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False)
        return True

    def match_label(self) -> str | None:
        """The match counter of the status line: `match 2/5` once on a match, `5 matches` before."""
        if 0 <= self.current < len(self.matches):
            return f"match {self.current + 1}/{len(self.matches)}"
        return f"{len(self.matches)} matches" if self.matches else None

    def line_of(self, offset: int) -> int:
        """The screen line (from the top of the article) that shows the character at `offset` of `text`."""
        return max(0, bisect_right(self._starts, offset) - 1)

    # -- wrapping and drawing --
    def _apply(self) -> None:
        text = self.base_text
        if 0 <= self.current < len(self.matches):
            text = text.copy()
            text.stylize(CURRENT_MATCH, *self.matches[self.current])
        self.text = text
        self._wrap()

    def _wrap(self) -> None:
        width = max(10, self.scrollable_content_region.width or 80)
        self._width = width
        console = self.app.console
        strips: list[Strip] = []
        starts: list[int] = []
        pos = 0
        for para in self.text.split("\n", allow_blank=True):
            plain = para.plain
            offsets = break_offsets(plain, width) if len(plain) > width else []
            pieces = para.divide(offsets) if offsets else [para]
            for piece_start, piece in zip([0, *offsets], pieces, strict=True):
                piece.rstrip_end(width)
                segments = [s for s in piece.render(console) if s.text != "\n"]
                strips.append(Strip(segments).crop(0, width))
                starts.append(pos + piece_start)
            pos += len(plain) + 1
        self._strips, self._starts = strips, starts
        self.virtual_size = Size(width, len(strips))
        self.refresh()

    def on_resize(self) -> None:
        if (self.scrollable_content_region.width or 80) != self._width:
            self._wrap()

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width or self.size.width
        if 0 <= index < len(self._strips):
            strip = self._strips[index]
            segments = [Segment(s.text, self.rich_style + s.style if s.style else self.rich_style) for s in strip]
            return Strip(segments, strip.cell_length).adjust_cell_length(width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    def on_mount(self) -> None:
        self._apply()
