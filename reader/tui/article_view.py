"""The article pane: the clean text with actors, agreements and query matches highlighted.

The article is one `rich.text.Text` built from plain strings with `stylize` (never markup), wrapped here
so we know which screen line every character is on: `n`/`N` scroll a match exactly into view.
"""

from __future__ import annotations

from bisect import bisect_right

from rich._wrap import divide_line
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.search import Document
from reader.textclean import clean_inline
from reader.tui.theme import AGREEMENT, CURRENT_MATCH, DIM, KIND_STYLES, MATCH, kind_style


def _clip(start, end, length: int) -> tuple[int, int] | None:
    try:
        start, end = max(0, int(start)), min(length, int(end))
    except (TypeError, ValueError):
        return None
    return (start, end) if start < end else None


ACTOR_KEYS = ("name", "kind", "mentions", "spans")
AGREEMENT_KEYS = ("parties", "kind", "text", "topics", "start", "end", "date")


def _records(items, keys: tuple[str, ...]) -> list[dict]:
    """Records as dicts, from the index's compact lists (`Enrichment.to_json`) or from dicts."""
    out = []
    for item in items or ():
        if isinstance(item, dict):
            out.append(item)
        elif isinstance(item, (list, tuple)):
            out.append(dict(zip(keys, item, strict=False)))
    return out


def actors_of(enrichment) -> list[dict]:
    return _records(enrichment.get("actors") if isinstance(enrichment, dict) else None, ACTOR_KEYS)


def agreements_of(enrichment) -> list[dict]:
    return _records(enrichment.get("agreements") if isinstance(enrichment, dict) else None, AGREEMENT_KEYS)


def legend() -> Text:
    text = Text()
    for kind, style in KIND_STYLES.items():
        text.append(kind, style)
        text.append("  ")
    text.append("agreement", AGREEMENT)
    text.append("  ")
    text.append("search match", MATCH)
    return text


def build_text(doc: Document, match_spans: list[tuple[int, int]]) -> tuple[Text, list[tuple[int, int]]]:
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
    actors, agreements = actors_of(doc.enrichment), agreements_of(doc.enrichment)
    for record in agreements:
        span = _clip(record.get("start"), record.get("end"), len(body))
        if span:
            text.stylize(AGREEMENT, offset + span[0], offset + span[1])
    for actor in actors:
        style = kind_style(str(actor.get("kind", "")))
        for pair in actor.get("spans") or []:
            if isinstance(pair, (list, tuple)) and len(pair) == 2 and (span := _clip(*pair, len(body))):
                text.stylize(style, offset + span[0], offset + span[1])
    matches = []
    for start, end in match_spans:
        span = _clip(start, end, len(body))
        if span:
            matches.append((offset + span[0], offset + span[1]))
            text.stylize(MATCH, offset + span[0], offset + span[1])
    text.append("\n\n")
    text.append_text(_sidebar(doc, actors, agreements))
    return text, matches


def _sidebar(doc: Document, actors: list[dict], agreements: list[dict]) -> Text:
    text = Text()
    if not doc.enriched and not actors:
        text.append("Actors and agreements: not extracted yet.", DIM)
        return text
    text.append("Actors", "bold underline")
    text.append("\n")
    if not actors:
        text.append("  none found\n", DIM)
    for actor in actors:
        kind = str(actor.get("kind", ""))
        text.append("  ")
        text.append(str(actor.get("name", "?")), kind_style(kind))
        text.append(f"  {kind} · {actor.get('mentions', len(actor.get('spans') or []))}\n", DIM)
    text.append("\n")
    text.append("Agreements", "bold underline")
    text.append("\n")
    if not agreements:
        text.append("  none found\n", DIM)
    for record in agreements:
        parties = " – ".join(str(p) for p in record.get("parties") or []) or "?"
        text.append("  ")
        text.append(parties, AGREEMENT)
        text.append(f"  {record.get('kind', '')}", "bold")
        topics = ", ".join(str(t) for t in record.get("topics") or [])
        if topics:
            text.append(f"  ({topics})", DIM)
        if record.get("date"):
            text.append(f"  {record['date']}", DIM)
        text.append("\n")
    return text


class ArticleView(ScrollView, can_focus=True):
    """A scrollable article; `show()` a document, `next_match()` / `previous_match()` move between hits."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", tooltip="Scroll the article down"),
        Binding("k,up", "scroll_up", "Scroll up", tooltip="Scroll the article up"),
        Binding("g,home", "scroll_home", "Top", tooltip="Start of the article"),
        Binding("G,end", "scroll_end", "Bottom", tooltip="End of the article"),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("escape", "app.focus_list", "Back to list", tooltip="Return to the article list"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.document: Document | None = None
        self.base_text = Text("Select an article and press enter.", style=DIM)
        self.text = self.base_text
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self._strips: list[Strip] = []
        self._starts: list[int] = []
        self._width = 0

    def show(self, doc: Document, match_spans: list[tuple[int, int]], keep_scroll: bool = False) -> None:
        self.document = doc
        self.base_text, self.matches = build_text(doc, match_spans)
        self.current = -1
        self._apply()
        if not keep_scroll:
            self.scroll_to(y=0, animate=False)

    def clear(self) -> None:
        self.document = None
        self.base_text = Text("Select an article and press enter.", style=DIM)
        self.matches, self.current = [], -1
        self._apply()

    # -- matches --
    def next_match(self, step: int = 1) -> tuple[int, int]:
        """Move to the next (or previous) match; (position, count), position 1-based, 0 if none."""
        if not self.matches:
            return 0, 0
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
        return self.current + 1, len(self.matches)

    def line_of(self, offset: int) -> int:
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
        strips, starts = [], []
        pos = 0
        for para in self.text.split("\n", allow_blank=True):
            plain = para.plain
            offsets = divide_line(plain, width, fold=True) if len(plain) > width else []
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
            return Strip([Segment(s.text, self.rich_style + s.style if s.style else self.rich_style)
                          for s in strip], strip.cell_length).adjust_cell_length(width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    def on_mount(self) -> None:
        self._apply()
