"""The article pane: the clean text with actors, agreements and query matches highlighted.

The article is plain text with layers of styled spans (`article_text`), never markup. The pane wraps it here,
block by block, so it knows which screen line every character is on (`n`/`N` scroll a match exactly into
view) and so a 50 MB article costs what is on screen: only the blocks shown are wrapped and drawn; the others
count by an estimate until they come into view.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from itertools import accumulate

from rich.segment import Segment
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.enrich import Actor, Agreement
from reader.search import Document
from reader.text.normalize import clean_inline
from reader.tui.keys import moves
from reader.tui.theme import AGREEMENT, CURRENT_MATCH, DIM, KIND_STYLES, MATCH, kind_style
from reader.tui.widgets.article_text import ArticleText, Spans, spans_of

Span = tuple[int, int]
PLACEHOLDER = "Select an article and press enter."
Finder = Callable[[str], Sequence[Span]]  # a body to the spans of the matches in it
HEADING, AGREEMENTS, ACTORS, MATCHES, FOOTER, CURRENT = range(6)  # layers of styles, bottom to top
EAGER = 256 * 1024  # an article up to this many characters is wrapped whole at once: every line exact
RENDERED = 256  # blocks whose drawn lines are kept
FIND_SLICE = 64 * 1024  # a big article's matches are looked for this many characters at a time


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


def build(doc: Document, copy: tuple[int, int, int] | None = None) -> tuple[ArticleText, int]:
    """The article as text with its styles (no matches yet), and where its body starts in that text. `copy`:
    (which, of how many) copy of its story it is and how many outlets carried the story, said when the story
    has several copies. The outlet and URL the file gives are a line of their own, as text."""
    row = doc.row
    heading = Text()
    heading.append(row.title, "bold")
    heading.append("\n")
    heading.append(row.date or "undated", DIM)
    heading.append("  ·  ", DIM)
    heading.append(clean_inline(row.path), DIM)  # a file name may carry escape sequences
    if copy is not None and copy[1] > 1:
        heading.append("  ·  ", DIM)
        outlets = f", {copy[2]} {'outlet' if copy[2] == 1 else 'outlets'}" if copy[2] else ""
        heading.append(f"{copy[0]} of {copy[1]} copies of this story{outlets} (c: next copy)", "italic")
    heading.append("\n")
    if row.source or row.url:
        heading.append(clean_inline(row.source), "italic")
        if row.source and row.url:
            heading.append("  ·  ", DIM)
        heading.append(clean_inline(row.url), DIM)
        heading.append("\n")
    heading.append_text(legend())
    heading.append("\n\n")
    offset = len(heading.plain)
    body = doc.body
    actors, agreements = doc.enrichment.actors, doc.enrichment.agreements
    footer = Text("\n\n")
    footer.append_text(_sidebar(doc.enriched, actors, agreements))
    marked = [(offset + s[0], offset + s[1]) for r in agreements if (s := _clip(r.start, r.end, len(body)))]
    named = [
        (offset + s[0], offset + s[1], kind_style(actor.kind))
        for actor in actors
        for start, end in actor.spans
        if (s := _clip(start, end, len(body)))
    ]
    layers = [
        Spans(HEADING, spans_of(heading)),
        Spans(AGREEMENTS, ((a, b, AGREEMENT) for a, b in marked)),
        Spans(ACTORS, named),
        Spans(MATCHES, ()),
        Spans(FOOTER, spans_of(footer, offset + len(body))),
    ]
    return ArticleText(heading.plain + body + footer.plain, layers), offset


def placeholder() -> ArticleText:
    return ArticleText(PLACEHOLDER, [])


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
        named = record.parties
        text.append(" – ".join([*named, "?"] if len(named) == 1 else named) or "?", AGREEMENT)  # (a side not named)
        text.append(f"  {record.kind}", "bold")
        topics = ", ".join(record.topics)
        if topics:
            text.append(f"  ({topics})", DIM)
        if record.date:
            text.append(f"  {record.date}", DIM)
        text.append("\n")
        if record.parties_note:
            text.append(f"    {record.parties_note}\n", DIM)
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

    class MatchesFound(Message):
        """The matches of a big article were found after it opened: the match counter can show them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.content = placeholder()
        self.matches: list[Span] = []
        self.current = -1  # index of the current match in `matches`, -1 before the first jump
        self.finding = False  # the matches of a big article are being looked for
        self.noun = "match"  # what the matches are: search matches, or agreement sentences
        self._body = 0  # where the body starts in the text
        self._width = 0
        self._lines: list[list[int] | None] = []  # per block: the offset each of its lines starts at, once wrapped
        self._heights: list[int] = []  # per block: its lines, exact once wrapped, else estimated
        self._tops: list[int] = [0]  # the first line of each block, and the total last
        self._wrapped = 0  # blocks wrapped: all of them, and every line number is exact
        self._drawn: OrderedDict[int, list[Strip]] = OrderedDict()  # per block: its lines drawn, the latest kept

    @property
    def plain(self) -> str:
        """The text shown: heading, body, actors and agreements."""
        return self.content.plain

    @property
    def base_text(self) -> Text:
        """The whole article as one Text, without the current match (builds it: for small articles and tests)."""
        return self.content.text(0, len(self.content.plain))

    @property
    def text(self) -> Text:
        """The whole article as one Text, as drawn (builds it: for small articles and tests)."""
        return self.content.text(0, len(self.content.plain), self._current())

    def show(
        self,
        doc: Document,
        match_spans: Sequence[Span] = (),
        keep_scroll: bool = False,
        find: Finder | None = None,
        first: int = 0,
        noun: str = "match",
        copy: tuple[int, int, int] | None = None,
    ) -> None:
        """Show an article with these matches (spans of its body): at its top, on its first match; with
        `keep_scroll` (the same article again, from a newer index), where the reader was. `find` gives the
        matches instead: at once for an article of normal size, a slice at a time for a big one (the article
        shows meanwhile, and `MatchesFound` is posted). `first`: the match to start on; `noun`: what the matches
        are, for the counter (`agreement 2/5`); `copy`: (which, of how many) copy of its story it is, and how
        many outlets carried the story."""
        top = self._top_offset()
        self.document = doc
        self.noun = noun
        self.content, self._body = build(doc, copy)
        self.finding = False
        if find is not None and len(doc.body) > EAGER:
            self.finding = True
            self._find(doc, find)
        elif find is not None:
            match_spans = find(doc.body)
        self._set_matches(match_spans)
        self._layout()
        if keep_scroll:
            self.scroll_to(y=self.line_of(top), animate=False)
        else:
            self.scroll_to(y=0, animate=False)
            if 0 < first < len(self.matches):
                self.current = first - 1
            self.next_match()

    def clear(self) -> None:
        self.document = None
        self.content = placeholder()
        self.matches, self.current, self.finding = [], -1, False
        self._layout()

    def _set_matches(self, spans: Sequence[Span]) -> None:
        matches = self._in_text(spans)
        self._use_matches(matches, Spans(MATCHES, ((a, b, MATCH) for a, b in matches)))

    def _in_text(self, spans: Sequence[Span]) -> list[Span]:
        """Spans of the body as spans of the text."""
        length, offset = len(self.document.body) if self.document else 0, self._body
        return [(offset + s[0], offset + s[1]) for a, b in spans if (s := _clip(a, b, length))]

    def _use_matches(self, matches: list[Span], layer: Spans) -> None:
        self.matches, self.current = matches, -1
        self.content.layers[MATCHES] = layer
        self._drawn.clear()
        self.refresh()

    @work(exclusive=True, group="matches")
    async def _find(self, doc: Document, find: Finder) -> None:
        """The matches of a big article, a slice at a time between the app's other work (a thread would
        compete with the app for the interpreter and make every key wait)."""
        body, pos = doc.body, 0
        matches: list[Span] = []
        layer = Spans(MATCHES, ())
        while pos < len(body) and doc is self.document:
            end = body.find(" ", pos + FIND_SLICE) + 1 or len(body)  # (a word is never cut)
            found = self._in_text([(pos + a, pos + b) for a, b in find(body[pos:end])])
            matches.extend(found)
            layer.extend((a, b, MATCH) for a, b in found)
            pos = end
            await asyncio.sleep(0)
        self._found(doc, matches, layer)

    def _found(self, doc: Document, matches: list[Span], layer: Spans) -> None:
        if doc is not self.document:
            return  # another article opened meanwhile
        self.finding = False
        unmoved = self.scroll_offset.y == 0
        self._use_matches(matches, layer)
        if unmoved:  # on the first match, as a normal article opens; not if the reader has moved already
            self.next_match()
        self.post_message(self.MatchesFound())

    # -- matches --
    def next_match(self, step: int = 1) -> bool:
        """Move to the next (or, with a negative step, previous) match, scrolled into view; False if none."""
        if not self.matches:
            return False
        before = self.current
        if self.current < 0:
            self.current = 0 if step > 0 else len(self.matches) - 1
        else:
            self.current = (self.current + step) % len(self.matches)
        self._redraw(before)
        self._redraw(self.current)
        line = self.line_of(self.matches[self.current][0])
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False)
        return True

    def match_label(self) -> str | None:
        """The match counter of the status line: `match 2/5` once on a match, `5 matches` before."""
        if self.finding:
            return "finding matches…"
        if 0 <= self.current < len(self.matches):
            return f"{self.noun} {self.current + 1}/{len(self.matches)}"
        return f"{len(self.matches)} {self.noun}{'es' if self.noun == 'match' else 's'}" if self.matches else None

    def line_of(self, offset: int) -> int:
        """The screen line (from the top of the article) that shows the character at `offset` of the text."""
        block = self.content.block_of(offset)
        lines = self._wrap(block)
        self._retop()
        return self._tops[block] + max(0, bisect_right(lines, offset) - 1)

    def _current(self) -> list[Spans]:
        if 0 <= self.current < len(self.matches):
            start, end = self.matches[self.current]
            return [Spans(CURRENT, [(start, end, CURRENT_MATCH)])]
        return []

    def _redraw(self, match: int) -> None:
        """Draw again the blocks a match is in (its style changed)."""
        if 0 <= match < len(self.matches):
            start, end = self.matches[match]
            for block in range(self.content.block_of(start), self.content.block_of(end) + 1):
                self._drawn.pop(block, None)
            self.refresh()

    # -- wrapping, on demand --
    def _layout(self) -> None:
        """Lay the text out at the pane's width: estimates for every block, the blocks on screen wrapped."""
        self._width = max(10, self.scrollable_content_region.width or 80)
        content = self.content
        count = content.block_count
        self._lines = [None] * count
        self._heights = [content.estimate(block, self._width) for block in range(count)]
        self._wrapped = 0
        self._drawn.clear()
        if len(content.plain) <= EAGER:
            for block in range(count):
                self._wrap(block)
        self._retop()
        self._realize()

    def _wrap(self, block: int) -> list[int]:
        lines = self._lines[block]
        if lines is None:
            lines = self._lines[block] = self.content.line_starts(block, self._width)
            self._heights[block] = len(lines)
            self._wrapped += 1
        return lines

    def _retop(self) -> None:
        self._tops = [0, *accumulate(self._heights)]
        size = Size(self._width, self._tops[-1])
        if size != self.virtual_size:
            self.virtual_size = size
        self.refresh()

    @property
    def exact(self) -> bool:
        """Every block is wrapped: every line number is exact."""
        return self._wrapped == self.content.block_count

    def _block_at(self, line: int) -> int:
        return max(0, min(len(self._heights) - 1, bisect_right(self._tops, line) - 1))

    def _realize(self) -> None:
        """Wrap the blocks on screen, and one above and one below. A block above the top line whose height was
        an estimate keeps what is on screen in place: the scroll moves by the difference."""
        if self.exact:
            return
        y, height = self.scroll_offset.y, self.scrollable_content_region.height or 1
        block = self._block_at(y)
        shift = 0
        if block and self._lines[block - 1] is None:  # above the screen: what is on screen moves down by it
            before = self._heights[block - 1]
            shift += len(self._wrap(block - 1)) - before
        if self._lines[block] is None and y > self._tops[block]:  # seen from below its first line: its end
            before = self._heights[block]  # stays where it was on screen
            shift += len(self._wrap(block)) - before
        top = y + shift
        self._retop()
        block = self._block_at(top)
        line = self._tops[block]
        while block < len(self._heights) and line <= top + height:
            line += len(self._wrap(block))
            block += 1
        if block < len(self._heights):
            self._wrap(block)
        self._retop()
        if shift:
            self.scroll_to(y=top, animate=False)

    def _top_offset(self) -> int:
        """The offset of the first character on screen."""
        if not self._heights:
            return 0
        y = self.scroll_offset.y
        block = self._block_at(y)
        lines = self._lines[block]
        if lines is None:
            return self.content.blocks[block]
        return lines[max(0, min(len(lines) - 1, y - self._tops[block]))]

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._realize()

    def on_resize(self) -> None:
        self._rewidth()

    def _rewidth(self) -> None:
        """Wrap again at a new width (a resize, a scroll bar shown): the same text stays at the top, and only
        the blocks on screen are wrapped."""
        if max(10, self.scrollable_content_region.width or 80) != self._width:
            top = self._top_offset()
            self._layout()
            self.scroll_to(y=self.line_of(top), animate=False)

    # -- drawing --
    def _strips(self, block: int) -> list[Strip]:
        strips = self._drawn.get(block)
        if strips is None:
            self._wrap(block)
            strips = self.content.strips(block, self._width, self.app.console, self._current())
            self._drawn[block] = strips
            if len(self._drawn) > RENDERED:
                self._drawn.popitem(last=False)
        else:
            self._drawn.move_to_end(block)
        return strips

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width or self.size.width
        if y == 0 and max(10, width) != self._width:  # the width changed without a resize (a scroll bar came)
            self.call_later(self._rewidth)
        if 0 <= index < self._tops[-1]:
            block = self._block_at(index)
            strips = self._strips(block)
            if 0 <= index - self._tops[block] < len(strips):
                strip = strips[index - self._tops[block]]
                segments = [Segment(s.text, self.rich_style + s.style if s.style else self.rich_style) for s in strip]
                return Strip(segments, strip.cell_length).adjust_cell_length(width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    # -- big articles: the long moves land exactly, without animation through estimated blocks --
    def action_scroll_end(self) -> None:
        if self.exact:
            super().action_scroll_end()
            return
        height, line, block = self.scrollable_content_region.height or 1, 0, len(self._heights) - 1
        while block >= 0 and line <= height:  # the last screen wrapped first: the end is the real end
            line += len(self._wrap(block))
            block -= 1
        self._retop()
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_scroll_home(self) -> None:
        if self.exact:
            super().action_scroll_home()
        else:
            self.scroll_to(y=0, animate=False)

    def action_page_down(self) -> None:
        if self.exact:
            super().action_page_down()
        else:
            self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        if self.exact:
            super().action_page_up()
        else:
            self.scroll_page_up(animate=False)

    def action_scroll_down(self) -> None:
        if self.exact:
            super().action_scroll_down()
        else:
            self.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        if self.exact:
            super().action_scroll_up()
        else:
            self.scroll_up(animate=False)

    def on_mount(self) -> None:
        self._layout()
