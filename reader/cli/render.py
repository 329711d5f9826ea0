"""What the command line prints: the JSON shapes of DESIGN.md's contract, and the same items as text.

Every text that comes from a file, a file name or a query goes out as rich `Text` (never markup) or JSON,
after `clean_inline` where it is a one-line value.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.text import Text

from reader.index.build import no_progress
from reader.ingest.sources import distinct
from reader.text.normalize import clean_inline, strip_controls

if TYPE_CHECKING:  # (only types: `reader index` starts without loading the search code)
    from reader.bookmarks import Bookmark
    from reader.enrich import Agreement
    from reader.search import Document, Hit, Row, SearchResult

Item = dict[str, Any]


# --- JSON shapes (the contract) ------------------------------------------------------------------------


def row_json(row: Row) -> Item:
    """What identifies an article in every output: id, path (relative to the corpus), title, date."""
    return {"id": row.id, "path": row.path, "title": row.title, "date": row.date}


def story_json(story: str, rows: list[Row]) -> Item:
    """A story: its id, size, how many outlets carried it and their names (from the files that say where they
    come from; the others count for none), and its articles newest first, each with its outlet and URL."""
    outlets = distinct(r.source for r in rows)
    return {
        "story": story,
        "size": len(rows),
        "outlets": len(outlets),
        "outlet_names": outlets,
        "articles": [{**row_json(r), "source": r.source or None, "url": r.url or None} for r in rows],
    }


def hit_json(hit: Hit) -> Item:
    """A search hit: the contract's keys, then where it comes from and its story (keys added after them)."""
    row = hit.row
    return {
        **row_json(row),
        "score": round(hit.score, 4),
        "snippet": hit.snippet_text,
        "source": row.source or None,
        "url": row.url or None,
        "story": row.story or None,
    }


def article_json(doc: Document) -> Item:
    return {
        **row_json(doc.row),
        "language": doc.language,
        "body": doc.body,
        **doc.enrichment.export(),
        "story": doc.row.story,
        "source": doc.row.source or None,
        "url": doc.row.url or None,
    }


def actor_json(name: str, kind: str, articles: int) -> Item:
    return {"name": name, "kind": kind, "articles": articles}


def agreement_json(row: Row, record: Agreement, sources: list[Row] | None = None) -> Item:
    """`sources`: the other copies of the article's story that report the same record (counted once)."""
    return {
        "parties": list(record.parties),
        "kind": record.kind,
        "topics": list(record.topics),
        "date": record.date or row.date,
        "when": record.when,
        "parties_note": record.parties_note,  # (why fewer than two parties; null with two or more)
        "text": record.text,
        "article": {"id": row.id, "path": row.path, "title": row.title},
        "sources": [{"id": r.id, "path": r.path, "title": r.title} for r in sources or ()],
    }


# What JSON leaves as is but a terminal may act on: C1 controls (U+0080-U+009F, e.g. U+009B starts a control
# sequence), bidirectional and other format controls. JSON allows any character as \\uXXXX: they are
# written so, and a program reading the JSON gets the very same text.
_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\ufff9-\ufffb\u2028\u2029]")


def to_json(value: Any, indent: int | None = None) -> str:
    """JSON text that is safe on a terminal (C0 controls are escaped by json itself)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def agreement_row(row: Row, record: Agreement, sources: list[Row] | None = None) -> Item:
    """An agreement as one flat row (CSV, TSV): date, parties, kind, topics, title, path, id, sentence."""
    return {
        "date": record.date or row.date,
        "parties": list(record.parties),
        "kind": record.kind,
        "topics": list(record.topics),
        "title": row.title,
        "path": row.path,
        "id": row.id,
        "sentence": record.text,
        "sources": [r.path for r in sources or ()],
        "parties_note": record.parties_note or "",
    }


# --- CSV and TSV: the same items, flat -------------------------------------------------------------------


def flat(item: Item) -> dict[str, str]:
    """An item as text columns: lists joined with "; ", a nested object as its own columns
    (`article` → article_id, article_path, article_title), numbers as they print."""
    out: dict[str, str] = {}
    for key, value in item.items():
        if isinstance(value, dict):
            out.update({f"{key}_{k}": _cell(v) for k, v in value.items()})
        else:
            out[key] = _cell(value)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):  # an actor or an agreement of an export
        if "name" in value:
            return str(value["name"])
        if "path" in value:  # an article of a story, a source of an agreement
            return strip_controls(str(value["path"]))
        return f"{' – '.join(value.get('parties', []))} ({value.get('kind', '')})"
    return strip_controls(str(value))  # no escape reaches a terminal; CSV quoting keeps the rest intact


def write_items(items: Iterable[Item], fmt: str, out: TextIO | None = None) -> None:
    """Items as JSON (an array, written item by item), CSV (RFC 4180: a header row, CRLF, UTF-8) or TSV
    (one item a line, tabs and line breaks inside a value made spaces, no header)."""
    out = out or sys.stdout
    if fmt == "json":
        stream_json_array(iter(items), out)
        return
    writer = None
    for item in items:
        row = flat(item)
        if fmt == "tsv":
            out.write("\t".join(" ".join(v.split()) for v in row.values()) + "\n")
            continue
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\r\n")
            writer.writeheader()
        writer.writerow(row)


def stream_json_array(items: Iterator[Item], out: TextIO = sys.stdout) -> None:
    """A JSON array written item by item (an export of 200,000 articles is never held whole)."""
    out.write("[")
    for i, item in enumerate(items):
        out.write(("\n" if i == 0 else ",\n") + to_json(item))
    out.write("\n]\n")


# --- text ------------------------------------------------------------------------------------------


def say(message: str) -> None:
    """A message on stderr (stdout stays clean for --json); it may quote a path or a query: cleaned."""
    print(f"reader: {clean_inline(message)}", file=sys.stderr)


def line(text: str) -> None:
    """A line of its own on stderr (a summary)."""
    print(clean_inline(text), file=sys.stderr)


def skipped(items: list[tuple[str, str]]) -> None:
    for path, reason in items:
        print(f"  skipped {clean_inline(path)}: {clean_inline(reason)}", file=sys.stderr)


class _Console(Console):
    def on_broken_pipe(self) -> None:
        raise BrokenPipeError  # as print() does: main() ends quietly, whatever printed


def _console(**options: Any) -> Console:
    return _Console(highlight=False, **options)


def search_result(result: SearchResult) -> None:
    console = _console(soft_wrap=False)
    plural = "hit" if result.total == 1 else "hits"
    console.print(
        Text(f"{result.total} {plural} for ", style="bold") + Text(clean_inline(result.query), style="bold cyan")
    )
    if result.note:
        console.print(Text(f"note: {clean_inline(result.note)}", style="dim"))
    if result.suggestion:
        console.print(
            Text("did you mean: ", style="yellow") + Text(clean_inline(result.suggestion), style="bold yellow")
        )
    copies: dict[str, list[Row]] = {}  # story → its other hits shown, under its best one
    for hit in result.hits:
        copies.setdefault(hit.row.story or hit.row.id, []).append(hit.row)
    rank = 0
    for hit in result.hits:
        row = hit.row
        same = copies[row.story or row.id]
        if same[0] is not row:
            continue  # a copy of a story already shown: listed under its best hit
        rank += 1
        head = Text(f"{rank:>2}. ", style="dim") + Text(clean_inline(row.title), style="bold")
        head.append(f"  {row.date or '—'}  {clean_inline(row.path)}  [{row.id}]", style="dim")
        snippet = Text("    ")
        for text, is_match in hit.snippet:
            snippet.append(strip_controls(text), style="bold reverse" if is_match else "")
        console.print(head)
        console.print(snippet)
        if len(same) > 1:
            paths = ", ".join(clean_inline(r.path) for r in same[1:])
            n = len(same) - 1
            console.print(Text(f"    + {n} {'copy' if n == 1 else 'copies'} of this story: {paths}", style="dim"))


def bookmarks(items: list[Bookmark]) -> None:
    console = _console()
    if not items:
        console.print(Text("no bookmarks yet (press b on an article in the reader)", style="dim"))
    for b in items:
        console.print(
            Text(f"{clean_inline(b.id)}  {b.date or '—':10}  ", style="dim")
            + Text(clean_inline(b.title), style="bold")
            + Text(f"  {clean_inline(b.path)}  added {b.added[:16].replace('T', ' ')}", style="dim")
        )


def actors(items: list[Item]) -> None:
    console = _console()
    for item in items:
        console.print(
            Text(f"{item['articles']:>6}  {item['kind']:<13} ", style="dim") + Text(clean_inline(item["name"]))
        )


def agreements(items: list[Item]) -> None:
    console = _console()
    for item in items:
        console.print(
            Text(f"{item['date'] or '—':10}  ", style="dim")
            + Text(clean_inline(" – ".join(item["parties"])), style="bold")
            + Text(f"  {item['kind']}", style="magenta")
            + Text(f"  {clean_inline(', '.join(item['topics']))}", style="dim")
        )
        console.print(Text("    ") + Text(clean_inline(item["text"])))
        article = item["article"]
        console.print(Text(f"    {clean_inline(article['title'])} ({clean_inline(article['path'])})", style="dim"))


def stories(items: list[Item]) -> None:
    console = _console()
    if not items:
        console.print(Text("no story has several articles", style="dim"))
    for item in items:
        outlets = item["outlets"]
        said = f", {outlets} {'outlet' if outlets == 1 else 'outlets'}" if outlets else ""
        console.print(
            Text(f"{item['size']} articles{said}  ", style="bold") + Text(f"story {item['story']}", style="dim")
        )
        for a in item["articles"]:
            console.print(
                Text(f"    {a['date'] or '—':10}  ", style="dim")
                + Text(clean_inline(a["title"]))
                + Text(f"  {clean_inline(a['source'])}" if a["source"] else "", style="italic")
                + Text(f"  {clean_inline(a['path'])}", style="dim")
            )


ProgressFn = Callable[[str, int, int], None]


@contextmanager
def progress_bar(quiet: bool) -> Iterator[ProgressFn]:
    """A rich progress bar on stderr, or nothing when quiet or stderr is not a terminal."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield no_progress
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def update(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            tasks[phase] = bar.add_task(phase, total=total)
        bar.update(tasks[phase], completed=done, total=total)

    bar.start()
    try:
        yield update
    finally:
        bar.stop()


def watchlists(items: list[Item]) -> None:
    console = _console()
    if not items:
        console.print(Text("no watchlists yet (reader watch add NAME QUERY, or W in the reader)", style="dim"))
    for item in items:
        new = f"{item['new']} new" if item["new"] else "nothing new"
        console.print(
            Text(clean_inline(item["name"]), style="bold")
            + Text(f"  {new}, {item['hits']} in all  ", style="dim")
            + Text(clean_inline(item["query"]), style="cyan")
        )
