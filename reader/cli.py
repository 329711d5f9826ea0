"""The command line: `reader` opens the app; subcommands index, search, export, bookmarks, actors, agreements.

Exit codes: 0 success (an empty result too), 2 bad usage or a bad query, 1 anything else. Errors are one
line on stderr; progress goes to stderr so that stdout stays clean for --json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader import __version__, paths
from reader.textclean import clean_inline

KINDS = {"person": "facet_person", "place": "facet_place", "organisation": "facet_organisation"}


class UsageError(Exception):
    """Exit 2 with this message."""


class Failure(Exception):
    """Exit 1 with this message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as for every other bad usage
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    corpus = argparse.ArgumentParser(add_help=False)
    corpus.add_argument("--corpus", metavar="DIR", help="corpus folder (default: $READER_CORPUS, config.toml, "
                        "else the bundled seed articles)")
    p = _Parser(prog="reader", parents=[corpus], description="A keyboard-driven terminal reader for news articles.")
    p.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    s = sub.add_parser("index", parents=[corpus], help="build or update the index incrementally")
    s.add_argument("--rebuild", action="store_true", help="start over from an empty index")
    s.add_argument("--text-only", action="store_true", help="index the full text; skip actors and agreements")
    s.add_argument("--quiet", action="store_true", help="no progress bar")

    s = sub.add_parser("search", parents=[corpus], help="ranked hits for a query")
    s.add_argument("query", nargs="+", help="Whoosh query syntax; see README")
    s.add_argument("--json", action="store_true")
    s.add_argument("--limit", type=int, default=10, metavar="N")

    s = sub.add_parser("export", parents=[corpus], help="every indexed article as JSON")
    s.add_argument("--json", action="store_true", required=True)

    s = sub.add_parser("bookmarks", parents=[corpus], help="list and edit bookmarks")
    s.add_argument("--json", action="store_true")
    bsub = s.add_subparsers(dest="action", parser_class=_Parser)
    for name in ("add", "remove"):
        a = bsub.add_parser(name, parents=[corpus], help=f"{name} a bookmark by article id")
        a.add_argument("id")

    s = sub.add_parser("actors", parents=[corpus], help="actors across the corpus with article counts")
    s.add_argument("--json", action="store_true")
    s.add_argument("--kind", choices=sorted(KINDS))
    s.add_argument("--limit", type=int, default=0, metavar="N", help="at most N per kind (0: all)")

    s = sub.add_parser("agreements", parents=[corpus], help="agreements across the corpus, newest first")
    s.add_argument("--json", action="store_true")
    s.add_argument("--party", metavar="NAME")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return _dispatch(args)
    except UsageError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 2
    except Failure as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader of our output went away (`| head`): not an error
        return 0
    except Exception as exc:  # a bug or an unforeseen condition: one line, never a traceback
        print(f"reader: unexpected error ({type(exc).__name__}): {exc}", file=sys.stderr)
        return 1


def _dispatch(args) -> int:
    from reader.bookmarks import BookmarkError
    from reader.index import IndexError_
    from reader.search import QueryError

    try:
        corpus = paths.resolve_corpus(args.corpus)
    except paths.CorpusError as exc:
        # listing or removing bookmarks needs no corpus: a moved corpus folder must not hide them
        if not (args.command == "bookmarks" and getattr(args, "action", None) != "add"):
            raise UsageError(str(exc)) from exc
        corpus = None
    try:
        if args.command is None:
            from reader import tui
            return tui.run(corpus)
        return COMMANDS[args.command](args, corpus)
    except QueryError as exc:
        raise UsageError(f"bad query: {exc}") from exc
    except (IndexError_, BookmarkError, OSError) as exc:
        raise Failure(str(exc)) from exc


# --- index -----------------------------------------------------------------------------------------

def _progress_bar(quiet: bool):
    """A rich progress bar on stderr, or nothing when quiet or stderr is not a terminal."""
    from contextlib import nullcontext

    if quiet:
        return nullcontext(lambda phase, done, total: None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        return nullcontext(lambda phase, done, total: None)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=console, transient=True)

    class _Ctx:
        def __enter__(self):
            bar.start()
            tasks: dict[str, int] = {}

            def update(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=total)
                bar.update(tasks[phase], completed=done, total=total)
            return update

        def __exit__(self, *exc):
            bar.stop()
    return _Ctx()


def _say(message: str) -> None:
    print(f"reader: {message}", file=sys.stderr)


def open_service(corpus: Path, enrich: bool = False, quiet: bool = False):
    """The search service, after building the index when there is none (and, if asked, extracting the
    actors still missing). The index is opened once."""
    from reader import index
    from reader.search import SearchService

    service = None
    if index.exists(paths.index_dir(corpus)):
        try:
            service = SearchService(corpus)
        except index.IndexError_ as exc:  # damaged, or from another version: update() moves it aside
            _say(f"{exc}; rebuilding it")
    else:
        _say(f"indexing {corpus} (first use)…")
    if service is None:
        with _progress_bar(quiet) as progress:
            report = index.update(corpus, progress=progress, notify=_say)
        _print_skipped(report)
        service = SearchService(corpus)
    if enrich and service.pending():
        with _progress_bar(quiet) as progress:
            index.enrich_pending(corpus, progress=progress, notify=_say)
        service.refresh()
    return service


def _print_skipped(report) -> None:
    for path, reason in report.skipped:
        print(f"  skipped {clean_inline(path)}: {reason}", file=sys.stderr)


def cmd_index(args, corpus: Path) -> int:
    from reader import index

    with _progress_bar(args.quiet) as progress:
        report = index.update(corpus, rebuild=args.rebuild, progress=progress, notify=_say)
    enriched = 0
    if not args.text_only:
        with _progress_bar(args.quiet) as progress:
            enriched = index.enrich_pending(corpus, progress=progress, notify=_say)
    total = report.added + report.updated + report.unchanged
    print(f"{total} articles in the index: {report.added} added, {report.updated} updated, "
          f"{report.removed} removed, {report.unchanged} unchanged; actors and agreements extracted for "
          f"{enriched}; {len(report.skipped)} skipped", file=sys.stderr)
    _print_skipped(report)
    return 0


# --- search ----------------------------------------------------------------------------------------

def cmd_search(args, corpus: Path) -> int:
    from rich.console import Console
    from rich.text import Text


    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    service = open_service(corpus)
    result = service.search(" ".join(args.query), limit=args.limit)
    if args.json:
        out = [{"id": h.row.id, "path": h.row.path, "title": h.row.title, "date": h.row.date,
                "score": round(h.score, 4), "snippet": "".join(t for t, _ in h.snippet)} for h in result.hits]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        if result.suggestion and not result.hits:
            _say(f"no hits; did you mean: {result.suggestion}")
        return 0
    console = Console(highlight=False, soft_wrap=False)
    plural = "hit" if result.total == 1 else "hits"
    console.print(Text(f"{result.total} {plural} for ", style="bold") + Text(result.query, style="bold cyan"))
    if result.note:
        console.print(Text(f"note: {result.note}", style="dim"))
    if result.suggestion:
        console.print(Text("did you mean: ", style="yellow") + Text(result.suggestion, style="bold yellow"))
    for rank, hit in enumerate(result.hits, 1):
        head = Text(f"{rank:>2}. ", style="dim") + Text(hit.row.title, style="bold")
        head.append(f"  {hit.row.date or '—'}  {clean_inline(hit.row.path)}  [{hit.row.id}]", style="dim")
        snippet = Text("    ")
        for text, is_match in hit.snippet:
            snippet.append(text, style="bold reverse" if is_match else "")
        console.print(head)
        console.print(snippet)
    return 0


# --- export ----------------------------------------------------------------------------------------

def cmd_export(args, corpus: Path) -> int:

    service = open_service(corpus, enrich=True)
    out = sys.stdout
    out.write("[")
    for i, docnum in enumerate(service.browse()):
        doc = service.document(docnum)
        record = {"id": doc.row.id, "path": doc.row.path, "title": doc.row.title, "date": doc.row.date,
                  "language": doc.language, "body": doc.body, **export_enrichment(doc.enrichment)}
        out.write(("\n" if i == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
    out.write("\n]\n")
    return 0


def export_enrichment(data: dict) -> dict:
    """The DESIGN.md shape of stored actors and agreements."""
    from reader.enrich import Enrichment

    return Enrichment.from_json(data).export()


# --- bookmarks -------------------------------------------------------------------------------------

def cmd_bookmarks(args, corpus: Path) -> int:
    from reader.bookmarks import Bookmarks

    marks = Bookmarks()
    if marks.message:
        _say(marks.message)
    if args.action == "add":
        service = open_service(corpus)
        docnum = service.docnum(args.id)
        if docnum is None:
            raise UsageError(f"no article with id {args.id} in {corpus}")
        row = service.row(docnum)
        marks.add(row.id, row.path, row.title, row.date)
        _say(f"bookmarked {row.id}: {row.title}")
        return 0
    if args.action == "remove":
        if not marks.remove(args.id):
            raise UsageError(f"no bookmark with id {args.id}")
        _say(f"removed bookmark {args.id}")
        return 0
    items = marks.list()
    if args.json:
        print(json.dumps([b.to_json() for b in items], ensure_ascii=False, indent=1))
        return 0
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    if not items:
        console.print(Text("no bookmarks yet (press b on an article in the reader)", style="dim"))
    for b in items:
        console.print(Text(f"{b.id}  {b.date or '—':10}  ", style="dim") + Text(b.title, style="bold")
                      + Text(f"  {clean_inline(b.path)}  added {b.added[:16].replace('T', ' ')}", style="dim"))
    return 0


# --- actors and agreements -------------------------------------------------------------------------

def cmd_actors(args, corpus: Path) -> int:

    service = open_service(corpus, enrich=True)
    kinds = [args.kind] if args.kind else list(KINDS)
    out = []
    for kind in kinds:
        facets = service.facets(KINDS[kind])
        if args.limit:
            facets = facets[: args.limit]
        out.extend({"name": name, "kind": kind, "articles": count} for name, count in facets)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    for item in out:
        console.print(Text(f"{item['articles']:>6}  {item['kind']:<13} ", style="dim") + Text(item["name"]))
    return 0


def cmd_agreements(args, corpus: Path) -> int:

    service = open_service(corpus, enrich=True)
    records = service.agreements(args.party)
    out = [{"parties": list(r.parties), "kind": r.kind, "topics": list(r.topics), "date": r.date or row.date,
            "text": r.text, "article": {"id": row.id, "path": row.path, "title": row.title}}
           for row, r in records]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    for item in out:
        console.print(Text(f"{item['date'] or '—':10}  ", style="dim") + Text(" – ".join(item["parties"]), style="bold")
                      + Text(f"  {item['kind']}", style="magenta")
                      + Text(f"  {', '.join(item['topics'])}", style="dim"))
        console.print(Text("    ") + Text(item["text"]))
        console.print(Text(f"    {item['article']['title']} ({item['article']['path']})", style="dim"))
    return 0


COMMANDS = {"index": cmd_index, "search": cmd_search, "export": cmd_export, "bookmarks": cmd_bookmarks,
            "actors": cmd_actors, "agreements": cmd_agreements}
