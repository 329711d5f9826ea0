"""The subcommands: each reads its arguments, asks the library, and hands the result to `render`."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader import index
from reader.bookmarks import Bookmarks, Review
from reader.cli import render
from reader.enrich.records import ACTOR_KINDS

if TYPE_CHECKING:
    from reader.enrich import Agreement
    from reader.search import Document, Row, SearchService


class UsageError(Exception):
    """Exit 2 with this message."""


def open_service(corpus: Path, *, extract: bool = False, quiet: bool = False) -> SearchService:
    """The corpus's search service, after building the index when there is none (and, with `extract`, the
    actors still missing); progress on stderr."""
    from reader.library import open_library  # (the search code, loaded by the commands that search)

    with render.progress_bar(quiet) as progress:
        library = open_library(corpus, progress=progress, notify=render.say, extract=extract)
    if library.built is not None:
        render.skipped(library.built.skipped)
    return library.service


def cmd_index(args: argparse.Namespace, corpus: Path) -> int:
    with render.progress_bar(args.quiet) as progress:
        report = index.update(corpus, rebuild=args.rebuild, progress=progress, notify=render.say)
    enriched = 0
    if not args.text_only:
        with render.progress_bar(args.quiet) as progress:
            enriched = index.enrich_pending(corpus, progress=progress, notify=render.say)
    total = report.added + report.updated + report.unchanged
    render.line(
        f"{total} articles in the index: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {report.unchanged} unchanged; actors and agreements extracted for "
        f"{enriched}; {len(report.skipped)} skipped"
    )
    render.skipped(report.skipped)
    return 0


def cmd_search(args: argparse.Namespace, corpus: Path) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    result = open_service(corpus).search(" ".join(args.query), limit=args.limit)
    if not args.format:
        render.search_result(result)
        return 0
    render.write_items([render.hit_json(h) for h in result.hits], args.format)
    if result.suggestion and not result.hits:
        render.say(f"no hits; did you mean: {result.suggestion}")
    return 0


def cmd_export(args: argparse.Namespace, corpus: Path) -> int:
    service = open_service(corpus, extract=True)
    reviews = Bookmarks().reviews()  # records rejected in review are left out, unless --review

    def articles() -> Iterator[render.Item]:
        for docnum in service.browse():
            doc = service.document(docnum)
            yield _reviewed(render.article_json(doc), doc, reviews, args.review)

    render.write_items(articles(), args.format)
    return 0


def _reviewed(item: render.Item, doc: Document, reviews: dict[str, Review], show: bool) -> render.Item:
    """An exported article without its records rejected in review; with `show`, every record and the article
    with a `review` ({verdict, note}, or null)."""
    from reader.search.tables import record_key

    records: list[render.Item] = []
    for shown, record in zip(item["agreements"], doc.enrichment.agreements, strict=True):
        review = reviews.get(record_key(doc.row.id, record))
        if review is not None and review.verdict == "rejected" and not show:
            continue
        if show:
            shown["review"] = {"verdict": review.verdict, "note": review.note} if review else None
        records.append(shown)
    item["agreements"] = records
    if show:
        note = reviews.get(doc.row.id)
        item["review"] = {"note": note.note} if note and note.note else None
    return item


def cmd_bookmarks(args: argparse.Namespace, corpus: Path | None) -> int:
    marks = Bookmarks()
    if marks.message:
        render.say(marks.message)
    if args.action == "add":
        assert corpus is not None  # main() insists on a corpus for `add`
        service = open_service(corpus)
        docnum = service.docnum(args.id)
        if docnum is None:
            raise UsageError(f"no article with id {args.id} in {corpus}")
        row = service.row(docnum)
        marks.add(row.id, row.path, row.title, row.date)
        render.say(f"bookmarked {row.id}: {row.title}")
    elif args.action == "remove":
        if not marks.remove(args.id):
            raise UsageError(f"no bookmark with id {args.id}")
        render.say(f"removed bookmark {args.id}")
    elif args.format:
        render.write_items([b.to_json() for b in marks.list()], args.format)
    else:
        render.bookmarks(marks.list())
    return 0


def cmd_actors(args: argparse.Namespace, corpus: Path) -> int:
    service = open_service(corpus, extract=True)
    out: list[render.Item] = []
    for kind in [args.kind] if args.kind else ACTOR_KINDS:
        counts = service.actors_once(kind, all_copies=args.all_copies)
        if args.limit:
            counts = counts[: args.limit]
        out.extend(render.actor_json(name, kind, count) for name, count in counts)
    render.write_items(out, args.format) if args.format else render.actors(out)
    return 0


def cmd_agreements(args: argparse.Namespace, corpus: Path) -> int:
    service = open_service(corpus, extract=True)
    parties = args.party or ()
    records: list[tuple[Row, Agreement, list[Row]]]
    if args.all_copies:
        records = [(row, record, []) for row, record in service.agreements(parties)]
    else:  # the copies of one story count once: their records are the sources of the first one's
        records = service.agreements_once(parties)
    if not args.format:
        render.agreements([render.agreement_json(row, record, sources) for row, record, sources in records])
    elif args.format == "json":
        render.write_items([render.agreement_json(row, record, sources) for row, record, sources in records], "json")
    else:  # flat, for a spreadsheet: the record, then its article
        render.write_items(
            [render.agreement_row(row, record, sources) for row, record, sources in records], args.format
        )
    return 0


def cmd_stories(args: argparse.Namespace, corpus: Path) -> int:
    if args.min_size < 1:
        raise UsageError("--min-size must be at least 1")
    stories = open_service(corpus).stories(args.min_size)
    items = [render.story_json(story, rows) for story, rows in stories]
    render.write_items(items, args.format) if args.format else render.stories(items)
    return 0


def cmd_watch(args: argparse.Namespace, corpus: Path | None) -> int:
    from reader import watch  # (the search code, loaded by the commands that search)

    marks = Bookmarks()
    if marks.message:
        render.say(marks.message)
    if args.action == "remove":
        if not marks.remove_watchlist(args.name):
            raise UsageError(f"no watchlist named {args.name}")
        render.say(f"removed watchlist {args.name}")
        return 0
    assert corpus is not None  # main() insists on a corpus but to remove
    service = open_service(corpus)
    if args.action == "add":
        name, query = args.name.strip(), " ".join(args.query).strip()
        if not name:
            raise UsageError("a watchlist needs a name")
        replaced = marks.watchlist(name) is not None
        seen = watch.matching_ids(service, query)  # (a bad query: exit 2, nothing saved)
        marks.save_watchlist(name, query, seen)
        render.say(f"{'replaced' if replaced else 'saved'} watchlist {name}: {len(seen)} articles now")
        return 0
    items = [c.to_json() for c in watch.counts(service, marks)]
    render.write_items(items, args.format) if args.format else render.watchlists(items)
    return 0


Command = Callable[[argparse.Namespace, Path], int]
COMMANDS: dict[str, Callable[..., int]] = {
    "index": cmd_index,
    "search": cmd_search,
    "export": cmd_export,
    "bookmarks": cmd_bookmarks,
    "actors": cmd_actors,
    "agreements": cmd_agreements,
    "stories": cmd_stories,
    "watch": cmd_watch,
}
