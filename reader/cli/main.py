"""The command line: `reader` opens the app; subcommands index, search, export, bookmarks, actors, agreements.

Exit codes: 0 success (an empty result too), 2 bad usage or a bad query, 1 anything else. Errors are one
line on stderr; progress goes to stderr so that stdout stays clean for --json.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from typing import NoReturn

from reader import __version__, paths
from reader.cli import render
from reader.cli.commands import COMMANDS, UsageError
from reader.enrich.records import ACTOR_KINDS
from reader.errors import CorpusError, QueryError, ReaderError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as for every other bad usage
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    corpus = _Parser(add_help=False)
    corpus.add_argument(
        "--corpus",
        metavar="DIR",
        help="corpus folder (default: $READER_CORPUS, config.toml, else the bundled seed articles)",
    )
    p = _Parser(prog="reader", parents=[corpus], description="A keyboard-driven terminal reader for news articles.")
    p.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    s = sub.add_parser("index", parents=[corpus], help="build or update the index incrementally")
    s.add_argument("--rebuild", action="store_true", help="start over from an empty index")
    s.add_argument("--text-only", action="store_true", help="index the full text; skip actors and agreements")
    s.add_argument("--quiet", action="store_true", help="no progress bar")

    s = sub.add_parser("search", parents=[corpus], help="ranked hits for a query")
    s.add_argument("query", nargs="+", help="Whoosh query syntax; see README")
    _formats(s)
    s.add_argument("--limit", type=int, default=10, metavar="N")

    s = sub.add_parser("export", parents=[corpus], help="every indexed article as JSON (or CSV, TSV)")
    _formats(s, required=True)
    s.add_argument(
        "--review", action="store_true", help="with the review: verdicts and notes, rejected records kept and marked"
    )

    s = sub.add_parser("bookmarks", parents=[corpus], help="list and edit bookmarks")
    _formats(s)
    bsub = s.add_subparsers(dest="action", parser_class=_Parser)
    for name in ("add", "remove"):
        a = bsub.add_parser(name, parents=[corpus], help=f"{name} a bookmark by article id")
        a.add_argument("id")

    s = sub.add_parser("actors", parents=[corpus], help="actors across the corpus with article counts")
    _formats(s)
    s.add_argument("--kind", choices=sorted(ACTOR_KINDS))
    s.add_argument("--limit", type=int, default=0, metavar="N", help="at most N per kind (0: all)")
    s.add_argument("--all-copies", action="store_true", help="count every copy of a story, not each story once")

    s = sub.add_parser("agreements", parents=[corpus], help="agreements across the corpus, newest first")
    _formats(s)
    s.add_argument("--party", metavar="NAME", action="append", help="a party; twice for a pair")
    s.add_argument("--all-copies", action="store_true", help="every copy's records, not each story's once")

    s = sub.add_parser("watch", parents=[corpus], help="saved searches, with the articles new since last opened")
    _formats(s)
    wsub = s.add_subparsers(dest="action", parser_class=_Parser)
    a = wsub.add_parser("add", parents=[corpus], help="save a search under a name (replaces one of that name)")
    a.add_argument("name")
    a.add_argument("query", nargs="+", help="Whoosh query syntax; see README")
    a = wsub.add_parser("remove", parents=[corpus], help="remove a watchlist by name")
    a.add_argument("name")

    s = sub.add_parser("stories", parents=[corpus], help="near-copies of one news item, newest first")
    _formats(s)
    s.add_argument("--min-size", type=int, default=2, metavar="N", help="stories of N articles or more (default 2)")
    return p


def _formats(parser: argparse.ArgumentParser, required: bool = False) -> None:
    """--json, --csv (RFC 4180, a header row) or --tsv (one item a line): the same fields in each."""
    group = parser.add_mutually_exclusive_group(required=required)
    for name in ("json", "csv", "tsv"):
        group.add_argument(f"--{name}", dest="format", action="store_const", const=name)


def main(argv: list[str] | None = None) -> int:
    try:
        return _dispatch(build_parser().parse_args(argv))
    except BrokenPipeError:
        # whoever read our output went away (`| head`): nothing more to say, and nothing to flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except UsageError as exc:
        render.say(str(exc))
        return 2
    except QueryError as exc:
        render.say(f"bad query: {exc}")
        return 2
    except (ReaderError, OSError) as exc:
        render.say(str(exc))
        return 1
    except KeyboardInterrupt:
        render.say("interrupted")
        return 130
    except Exception as exc:  # a bug or an unforeseen condition: one line, never a traceback
        render.say(f"unexpected error ({type(exc).__name__}): {exc}")
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    try:
        corpus = paths.resolve_corpus(args.corpus)
    except CorpusError as exc:
        # listing or removing bookmarks needs no corpus: a moved corpus folder must not hide them
        action = getattr(args, "action", None)
        if not ((args.command == "bookmarks" and action != "add") or (args.command == "watch" and action == "remove")):
            raise UsageError(str(exc)) from exc
        corpus = None
    if args.command is None:
        assert corpus is not None  # only bookmarks go without a corpus
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UsageError(
                "the reader needs a terminal to draw on and read keys from; in a pipe or a script, "
                "use `reader search`, `reader export --json` and the other commands"
            )
        from reader import tui  # textual is loaded only to open the app

        return tui.run(corpus)
    # terminated (the app stopping its background `reader index`): unwind like ctrl+c, so that writers
    # cancel, locks go and worker processes are stopped, instead of vanishing mid-write
    signal.signal(signal.SIGTERM, _terminated)
    return COMMANDS[args.command](args, corpus)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
