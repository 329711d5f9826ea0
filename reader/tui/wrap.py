"""Where a line of text breaks to fit a width: rich's word wrap (`Text.wrap(..., fold=True)`), as offsets.

The article pane wraps the text itself, so that it knows which screen line every character is on; it must
break exactly where rich would. Words are runs of non-space with the spaces after them; a word that does not
fit goes to the next line, and a word longer than a whole line is folded across lines.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells

WORD = re.compile(r"\s*\S+\s*")


def break_offsets(text: str, width: int) -> list[int]:
    """The character offsets at which `text` breaks into lines of at most `width` cells."""
    breaks: list[int] = []
    used = 0  # cells taken on the current line
    for word in WORD.finditer(text):
        start, chunk = word.start(), word.group()
        length = cell_len(chunk.rstrip())  # spaces at the end of a line may overflow it
        if width - used >= length:
            used += cell_len(chunk)
        elif length > width:  # longer than any line: folded, each piece on a line of its own
            pieces = chop_cells(chunk, width)
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            used = cell_len(pieces[-1])
        elif used and start:
            breaks.append(start)
            used = cell_len(chunk)
    return breaks
