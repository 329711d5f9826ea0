"""Enrichment speed on the first N articles of a corpus (default /tmp/orangesum-fr, N=1000).

    python bench/enrich_speed.py [--corpus DIR] [-n N] [--procs 1,2] [--batch-size 32]

Prints a small table and one JSON line: {"articles": N, "chars": ..., "results": [{"n_process": 1,
"seconds": ..., "articles_per_s": ...}, ...]}. Times include starting worker processes."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.enrich import enrich_many, nlp  # noqa: E402
from reader.errors import Skipped  # noqa: E402
from reader.ingest import read_article, walk  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/tmp/orangesum-fr")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--procs", default="1,2")
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()
    root = Path(args.corpus)
    articles = []
    for f in walk(root):
        if len(articles) >= args.n:
            break
        try:
            articles.append(read_article(root, f.path))
        except Skipped:
            continue
    chars = sum(len(a.body) for a in articles)
    nlp.load()  # load in this process first, so n_process=1 is not charged for it
    results = []
    print(f"{len(articles)} articles, {chars / max(1, len(articles)):.0f} chars each on average")
    print(f"{'n_process':>9} {'seconds':>8} {'art/s':>7} {'actors':>7} {'agreements':>10}")
    for n in (int(x) for x in args.procs.split(",")):
        t = time.perf_counter()
        out = list(enrich_many(articles, n_process=n, batch_size=args.batch_size))
        dt = time.perf_counter() - t
        n_act = sum(len(e.actors) for e in out)
        n_agr = sum(len(e.agreements) for e in out)
        results.append(
            {
                "n_process": n,
                "seconds": round(dt, 2),
                "articles_per_s": round(len(out) / dt, 1),
                "actors": n_act,
                "agreements": n_agr,
            }
        )
        print(f"{n:>9} {dt:>8.1f} {len(out) / dt:>7.1f} {n_act:>7} {n_agr:>10}")
    print(json.dumps({"articles": len(articles), "chars": chars, "results": results}))


if __name__ == "__main__":
    main()
