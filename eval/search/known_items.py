"""Known-item search: does a pasted headline, sentence or summary find its own article first?

    python eval/search/known_items.py [--corpus /tmp/orangesum-fr] [--files 5000] [--queries 200]

Takes the first FILES files (sorted by name) of the corpus only, draws QUERIES articles from them (seeded),
and makes one query per article, in turn: its headline, a piece of a sentence of its body (6 to 12 words), or
a summary-like paste (the lead's words, most dropped, at most 15). Each query is either in the `tune` part or
the `held` part, by a hash of the article's file name: rank on the tune part, quote the held part.

Scores, over the same files and queries: `reader`'s own index and search (built with `reader.index.build`
under --work), plain Whoosh (title + body, French stemming, OR group, BM25F; built here), and tantivy (French
stemming, BM25; built here, when `pip install tantivy` is available). MRR@10, success@1 and success@10,
per part and per kind of query; a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

KINDS = ("headline", "sentence", "summary")
_SENTENCE = re.compile(r"(?<=[.!?»])\s*(?=[A-ZÀÂÉÈÊÎÔÙ«\"])")


@dataclass
class Item:
    path: str
    kind: str
    query: str
    part: str


def part_of(path: str) -> str:
    """`held` or `tune`, by a hash of the file name (stable across runs and machines)."""
    return "held" if hashlib.sha1(path.encode()).digest()[0] % 2 else "tune"


def sentences(body: str) -> list[str]:
    out: list[str] = []
    for para in body.split("\n"):
        out += [s.strip() for s in _SENTENCE.split(para) if s.strip()]
    return out


def make_query(kind: str, title: str, body: str, rng: random.Random) -> str | None:
    if kind == "headline":
        return title if len(title.split()) >= 3 else None
    sents = sentences(body)
    if kind == "sentence":  # a piece of a sentence, 6 to 12 words, with its punctuation
        good = [s.split() for s in sents if len(s.split()) >= 8]
        if not good:
            return None
        words = rng.choice(good)
        size = rng.randint(6, min(12, len(words)))
        start = rng.randint(0, len(words) - size)
        return " ".join(words[start : start + size])
    words = " ".join(sents[:4]).split()  # summary: words of the lead, most dropped, at most 15
    if len(words) < 20:
        return None
    return " ".join([w for w in words if rng.random() < 0.4][:15])


def known_items(articles: dict[str, tuple[str, str]], n: int, seed: int) -> list[Item]:
    rng = random.Random(seed)
    paths = sorted(articles)
    rng.shuffle(paths)
    items: list[Item] = []
    for path in paths:
        if len(items) == n:
            break
        kind = KINDS[len(items) % len(KINDS)]
        title, body = articles[path]
        q = make_query(kind, title, body, rng)
        if q:
            items.append(Item(path, kind, q, part_of(path)))
    return items


def words_only(text: str) -> str:
    """What the baselines are given: the query's words (their parsers would read punctuation as syntax)."""
    return " ".join(re.findall(r"\w+", text))


# --- the systems ---------------------------------------------------------------------------------------


def reader_system(corpus: Path):  # type: ignore[no-untyped-def]
    from reader.index.build import update
    from reader.search import SearchService

    t0 = time.perf_counter()
    update(corpus)
    built = time.perf_counter() - t0
    service = SearchService(corpus)

    def search(text: str) -> list[str]:
        result = service.search(text, limit=10, snippets=False)
        return [hit.row.path for hit in result.hits]

    return search, built


def french_analyzer():  # type: ignore[no-untyped-def]
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
    from whoosh.lang import stopwords_for_language

    return RegexTokenizer() | LowercaseFilter() | StopFilter(stopwords_for_language("fr")) | StemFilter(lang="fr")


def whoosh_system(articles: dict[str, tuple[str, str]], where: Path):  # type: ignore[no-untyped-def]
    from whoosh import fields, index, qparser, scoring

    t0 = time.perf_counter()
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    schema = fields.Schema(
        path=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=french_analyzer()),
        body=fields.TEXT(analyzer=french_analyzer()),
    )
    ix = index.create_in(str(where), schema)
    with ix.writer(limitmb=512) as w:
        for path, (title, body) in articles.items():
            w.add_document(path=path, title=title, body=body)
    built = time.perf_counter() - t0
    searcher = ix.searcher(weighting=scoring.BM25F())
    parser = qparser.MultifieldParser(["title", "body"], schema, group=qparser.OrGroup)

    def search(text: str) -> list[str]:
        q = parser.parse(words_only(text))
        return [hit["path"] for hit in searcher.search(q, limit=10)]

    return search, built


def tantivy_system(articles: dict[str, tuple[str, str]], where: Path):  # type: ignore[no-untyped-def]
    try:
        import tantivy  # type: ignore[import-not-found]
    except ImportError:
        return None
    t0 = time.perf_counter()
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("french"))
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("path", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", tokenizer_name="fr")
    sb.add_text_field("body", tokenizer_name="fr")
    ix = tantivy.Index(sb.build(), path=str(where))
    ix.register_tokenizer("fr", analyzer)
    w = ix.writer(heap_size=200_000_000, num_threads=1)
    for path, (title, body) in articles.items():
        w.add_document(tantivy.Document(path=path, title=title, body=body))
    w.commit()
    w.wait_merging_threads()
    ix.reload()
    built = time.perf_counter() - t0
    searcher = ix.searcher()

    def search(text: str) -> list[str]:
        q = ix.parse_query(words_only(text) or "nothing", ["title", "body"])
        found = searcher.search(q, 10).hits
        return [searcher.doc(address)["path"][0] for _score, address in found]

    return search, built


# --- scoring ---------------------------------------------------------------------------------------------


def score(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "mrr10": round(sum(1 / r for r in ranks if r and r <= 10) / n, 3),
        "s1": round(sum(1 for r in ranks if r == 1) / n, 3),
        "s10": round(sum(1 for r in ranks if r and r <= 10) / n, 3),
        "n": len(ranks),
    }


def evaluate(search, items: list[Item]) -> tuple[dict[str, dict[str, float]], float]:  # type: ignore[no-untyped-def]
    by: dict[str, list[int | None]] = {}
    times = []
    for item in items:
        t0 = time.perf_counter()
        try:
            found = search(item.query)
        except Exception as exc:  # a query a system cannot parse is a miss, said once
            print(f"  {exc.__class__.__name__} on {item.query[:60]!r}", file=sys.stderr)
            found = []
        times.append(time.perf_counter() - t0)
        rank = found.index(item.path) + 1 if item.path in found else None
        for key in (item.part, f"{item.part}/{item.kind}", "all"):
            by.setdefault(key, []).append(rank)
    return {key: score(ranks) for key, ranks in sorted(by.items())}, statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="/tmp/orangesum-fr")
    ap.add_argument("--files", type=int, default=5000, help="the first FILES files by name (default 5000)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--work", default="/tmp/reader-known-items", help="the corpus copy and the indexes")
    ap.add_argument("--systems", default="reader,whoosh,tantivy", help="which to score (default all three)")
    ap.add_argument("--show", choices=("held", "tune", "none"), default="none", help="list that part's misses")
    args = ap.parse_args(argv)

    work = Path(args.work)
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")  # reader's index goes here, never the user's
    os.environ["XDG_DATA_HOME"] = str(work / "data")
    from reader.ingest import read_article

    source = Path(args.corpus)
    names = sorted(p.name for p in source.iterdir() if p.is_file())[: args.files]
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name in set(os.listdir(corpus)) - set(names):
        (corpus / name).unlink()
    for name in names:
        if not (corpus / name).exists():
            shutil.copy2(source / name, corpus / name)
    articles: dict[str, tuple[str, str]] = {}
    for name in names:
        try:
            art = read_article(corpus, name)
        except Exception:  # what reader skips, nobody can find
            continue
        articles[name] = (art.title, art.body)
    items = known_items(articles, args.queries, args.seed)

    wanted = args.systems.split(",")
    systems = {}
    if "reader" in wanted:
        systems["reader"] = reader_system(corpus)
    if "whoosh" in wanted:
        systems["whoosh"] = whoosh_system(articles, work / "whoosh")
    tv = tantivy_system(articles, work / "tantivy") if "tantivy" in wanted else None
    if tv:
        systems["tantivy"] = tv
    out: dict[str, dict] = {}
    for name, (search, built) in systems.items():
        scores, median_ms = evaluate(search, items)
        out[name] = {"scores": scores, "median_ms": round(median_ms, 1), "build_s": round(built, 1)}
        if args.show != "none" and name == "reader":
            for item in items:
                try:
                    found = search(item.query)
                except Exception:
                    found = []
                if item.part == args.show and item.path not in found[:1]:
                    where = found.index(item.path) + 1 if item.path in found else "-"
                    print(f"  miss {item.path} at {where}, {item.kind}: {item.query[:100]}", file=sys.stderr)

    held = sum(1 for i in items if i.part == "held")
    print(f"known-item search: {len(items)} queries ({held} held, {len(items) - held} tune) over {len(articles)} files")
    rows = ["held", "tune", *(f"held/{k}" for k in KINDS)]
    print(f"{'':14}" + "".join(f"{name:>24}" for name in out))
    print(f"{'':14}" + "".join(f"{'MRR@10  s@1  s@10':>24}" for _ in out))
    for row in rows:
        cells = ""
        for name in out:
            s = out[name]["scores"].get(row)
            cells += f"{s['mrr10']:>12.3f}{s['s1']:>6.2f}{s['s10']:>6.2f}" if s else f"{'':>24}"
        print(f"{row:14}{cells}")
    print(f"{'median ms':14}" + "".join(f"{out[name]['median_ms']:>24}" for name in out))
    print(json.dumps({"files": len(articles), "queries": len(items), "seed": args.seed, "systems": out}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
