"""A bar chart of counts per period (year or month), in block characters: how a pair's agreements spread over
time, at a glance. No plotting library: a few lines of Unicode blocks read in any terminal and in snapshots."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from reader.tui.theme import DIM

EIGHTHS = " ▁▂▃▄▅▆▇█"
BARS = "#b48ce0"  # the agreements' hue, lighter: bars read on a dark background


def bar_chart(series: Sequence[tuple[str, int]], width: int, height: int = 4) -> Text:
    """One column per period (wider when few), bars scaled to the largest count, the count above each
    non-empty bar when it fits, and the periods' labels below where there is room."""
    text = Text(no_wrap=True)
    if not series or width < 8:
        return text
    column = max(1, min(6, width // len(series)))
    series = series[-(width // column) :]  # the most recent periods when they do not all fit
    top = max(count for _, count in series) or 1
    for level in range(height, 0, -1):
        for _, count in series:
            eighths = round(count / top * height * 8)
            full = min(8, max(0, eighths - (level - 1) * 8))
            cell = EIGHTHS[full] if count else " "
            if count and full == 0 and level == 1:
                cell = EIGHTHS[1]  # one record still shows
            text.append((cell * max(1, column - 1)).ljust(column), BARS)
        text.append("\n")
    labels = [" "] * (column * len(series))
    step = max(1, (len(series[0][0]) + 1 + column - 1) // column)
    for i in range(0, len(series), step):
        label = series[i][0]
        at = i * column
        if at + len(label) <= len(labels):
            labels[at : at + len(label)] = list(label)
    text.append("".join(labels).rstrip(), DIM)
    return text
