"""The article pane's text: plain characters, styled spans, and blocks of whole paragraphs wrapped on demand.

An article may be 50 MB. It is never one `rich.text.Text`: the plain string is kept with its styles as sorted
span lists, and cut into blocks (whole paragraphs, about `BLOCK` characters). The pane wraps and renders only
the blocks it shows, so opening or resizing costs in proportion to the screen, not to the article. For a
block, the lines are exactly those rich would draw for the whole text (`wrap.break_offsets`, paragraph by
paragraph); only a paragraph longer than `LONG` characters, which no news article has, is cut at a space into
blocks of its own, each starting a line.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter

from rich.console import Console
from rich.style import Style
from rich.text import Span as RichSpan
from rich.text import Text
from textual.strip import Strip

from reader.tui.wrap import break_offsets

BLOCK = 4_096  # a block holds whole paragraphs up to about this many characters
LONG = 16_384  # a longer paragraph is cut, at a space, into blocks of its own

StyleType = Style | str
Styled = tuple[int, int, StyleType]  # (start, end, style) in the plain text
Key = tuple[int, int]  # (layer, order within the layer): rich combines overlapping styles in this order


class Spans:
    """One layer of styled spans (actors, agreements, matches…), found by range with a bisect."""

    def __init__(self, layer: int, spans: Iterable[Styled]) -> None:
        self.layer = layer
        ordered = [(start, end, style, n) for n, (start, end, style) in enumerate(spans) if start < end]
        ordered.sort(key=itemgetter(0))  # stable: ties keep the order they were given in
        self.items = ordered
        self.starts = [item[0] for item in ordered]
        self.longest = max((end - start for start, end, _, _ in ordered), default=0)

    def extend(self, spans: Iterable[Styled]) -> None:
        """Add spans that start at or after those already here (a big article's matches, a slice at a time)."""
        n = len(self.items)
        more = [(start, end, style, n + k) for k, (start, end, style) in enumerate(spans) if start < end]
        assert not more or not self.starts or more[0][0] >= self.starts[-1], "spans out of order"
        self.items.extend(more)
        self.starts.extend(item[0] for item in more)
        self.longest = max(self.longest, max((end - start for start, end, _, _ in more), default=0))

    def within(self, start: int, end: int) -> Iterator[tuple[Key, int, int, StyleType]]:
        """The spans overlapping [start, end), clipped to it."""
        lo = bisect_left(self.starts, start - self.longest)
        for a, b, style, n in self.items[lo : bisect_left(self.starts, end)]:
            if b > start:
                yield (self.layer, n), max(a, start), min(b, end), style


def spans_of(text: Text, offset: int = 0) -> list[Styled]:
    """A small Text's spans (a heading, a footer built with `append`), moved by `offset`."""
    return [(span.start + offset, span.end + offset, span.style) for span in text.spans]


def cut(plain: str) -> list[int]:
    """Where each block starts, and `len(plain)` last. Blocks start after a newline, except in a paragraph
    longer than `LONG`, which is cut after a space."""
    if not plain:
        return [0, 0]
    starts, pos, size = [], 0, len(plain)
    while pos < size:
        starts.append(pos)
        limit = pos + BLOCK
        if limit >= size:
            break
        newline = plain.rfind("\n", pos, limit)
        if newline >= 0:
            pos = newline + 1
            continue
        newline = plain.find("\n", limit, pos + LONG)
        if newline >= 0:
            pos = newline + 1
        elif pos + LONG >= size:
            break
        else:
            space = plain.rfind(" ", limit, pos + LONG)
            pos = space + 1 if space >= 0 else pos + LONG
    starts.append(size)
    return starts


class ArticleText:
    """Plain text, layers of spans, and blocks. Pure data: the pane keeps the wrapping state."""

    def __init__(self, plain: str, layers: Sequence[Spans]) -> None:
        self.plain = plain
        self.layers = list(layers)
        self.blocks = cut(plain)

    @property
    def block_count(self) -> int:
        return len(self.blocks) - 1

    def block_of(self, offset: int) -> int:
        return max(0, min(self.block_count - 1, bisect_right(self.blocks, offset) - 1))

    def paragraphs(self, block: int) -> list[tuple[int, int]]:
        """(start, end) of each paragraph (or part of one) of a block, newlines excluded; a text ending with a
        newline ends with an empty paragraph, as rich's `split("\\n", allow_blank=True)` gives it."""
        start, end = self.blocks[block], self.blocks[block + 1]
        if end < len(self.plain) and self.plain[end - 1] == "\n":
            end -= 1  # the newline between this block and the next
        out, pos = [], start
        while (newline := self.plain.find("\n", pos, end)) >= 0:
            out.append((pos, newline))
            pos = newline + 1
        out.append((pos, end))
        return out

    def estimate(self, block: int, width: int) -> int:
        """About how many lines a block takes at this width, without wrapping it (for blocks not shown yet)."""
        start, end = self.blocks[block], self.blocks[block + 1]
        paragraphs = self.plain.count("\n", start, end)
        if end == len(self.plain) or self.plain[end - 1] != "\n":
            paragraphs += 1
        return paragraphs + max(0, end - start - paragraphs) // max(1, width)

    def line_starts(self, block: int, width: int) -> list[int]:
        """The offset of the first character of each line of a block wrapped at `width`."""
        starts = []
        for start, end in self.paragraphs(block):
            starts.append(start)
            if end - start > width:
                starts.extend(start + offset for offset in break_offsets(self.plain[start:end], width))
        return starts

    def text(self, start: int, end: int, extra: Sequence[Spans] = ()) -> Text:
        """A slice as a Text with its styles, stacked in the order they were given (layer by layer)."""
        found = [hit for layer in (*self.layers, *extra) for hit in layer.within(start, end)]
        found.sort(key=itemgetter(0))
        text = Text(self.plain[start:end])
        text.spans = [RichSpan(a - start, b - start, style) for _, a, b, style in found]
        return text

    def strips(self, block: int, width: int, console: Console, extra: Sequence[Spans] = ()) -> list[Strip]:
        """A block's lines drawn at `width`, as rich draws the whole text wrapped."""
        strips = []
        for start, end in self.paragraphs(block):
            para = self.text(start, end, extra)
            offsets = break_offsets(para.plain, width) if end - start > width else []
            for piece in para.divide(offsets) if offsets else [para]:
                piece.rstrip_end(width)
                segments = [s for s in piece.render(console) if s.text != "\n"]
                strips.append(Strip(segments).crop(0, width))
        return strips
