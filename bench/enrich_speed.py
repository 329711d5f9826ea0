"""Enrichment speed on the first N articles of a corpus (default /tmp/orangesum-fr, N=1000).

    python bench/enrich_speed.py [--corpus DIR] [-n N] [--procs 1,2] [--batch-size 32] [--repeat R]

Prints a small table and one JSON line: {"articles": N, "chars": ..., "worker_start": {...}, "results":
[{"n_process": 1, "seconds": ..., "articles_per_s": ..., "steady_articles_per_s": ..., ...}, ...]}.

- `seconds` / `articles_per_s`: the whole run, starting the worker processes included (with n_process > 1
  each worker loads the model before its first chunk; this process loads it before the clock starts);
- `steady_articles_per_s`: from the first chunk's results to the last, the articles after the first chunk:
  the rate once the workers are up;
- `worker_start`: what one worker's start costs, measured apart in a fresh process (importing the pipeline,
  loading spaCy's model and the classifier): wall and CPU seconds;
- `cpu_s` (n_process 1 only): this process's CPU seconds for the run.
With --repeat R, each figure is the median of R runs (the counts are those of the last)."""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reader.enrich import nlp, pipeline  # noqa: E402
from reader.errors import Skipped  # noqa: E402
from reader.ingest import Article, read_article, walk  # noqa: E402

_START = """
import json, sys, time
t, c = time.perf_counter(), time.process_time()
sys.path.insert(0, sys.argv[1])
from reader.enrich import classify, nlp, pipeline
nlp.load()
classify.load()
print(json.dumps({"wall_s": time.perf_counter() - t, "cpu_s": time.process_time() - c}))
"""


def worker_start() -> dict[str, float]:
    """One worker's start-up, in a fresh process: imports, spaCy's model, the classifier."""
    out = subprocess.run([sys.executable, "-c", _START, str(REPO)], capture_output=True, text=True, check=True)
    return {k: round(v, 2) for k, v in json.loads(out.stdout.splitlines()[-1]).items()}


def run(articles: list[Article], n_process: int, batch_size: int) -> dict:
    it = iter(articles)
    chunks = iter(lambda: list(itertools.islice(it, batch_size)), [])
    first_at, first_n, out = 0.0, 0, []
    t, c = time.perf_counter(), time.process_time()
    for results in pipeline.stream(chunks, n_process=n_process, batch_size=batch_size):
        if not first_at:
            first_at, first_n = time.perf_counter(), len(results)
        out.extend(results)
    end = time.perf_counter()
    dt = end - t
    rest = len(out) - first_n
    r = {
        "n_process": n_process,
        "seconds": round(dt, 2),
        "articles_per_s": round(len(out) / dt, 1),
        "first_chunk_s": round(first_at - t, 2),
        "steady_articles_per_s": round(rest / (end - first_at), 1) if rest and end > first_at else None,
        "actors": sum(len(e.actors) for e in out),
        "agreements": sum(len(e.agreements) for e in out),
    }
    if n_process == 1:
        r["cpu_s"] = round(time.process_time() - c, 2)
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/tmp/orangesum-fr")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--procs", default="1,2")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    root = Path(args.corpus)
    articles: list[Article] = []
    for f in walk(root):
        if len(articles) >= args.n:
            break
        try:
            articles.append(read_article(root, f.path))
        except Skipped:
            continue
    chars = sum(len(a.body) for a in articles)
    start = worker_start()
    nlp.load()  # load in this process first, so n_process=1 is not charged for it
    results = []
    print(f"{len(articles)} articles, {chars / max(1, len(articles)):.0f} chars each on average")
    print(f"a worker's start (imports, model, classifier): {start['wall_s']:.1f} s, {start['cpu_s']:.1f} s CPU")
    print(f"{'n_process':>9} {'seconds':>8} {'art/s':>7} {'steady':>7} {'actors':>7} {'agreements':>10}")
    for n in (int(x) for x in args.procs.split(",")):
        runs = [run(articles, n, args.batch_size) for _ in range(args.repeat)]
        r = dict(runs[-1])
        for key in ("seconds", "articles_per_s", "first_chunk_s", "steady_articles_per_s", "cpu_s"):
            values = [x[key] for x in runs if x.get(key) is not None]
            if values:
                r[key] = round(statistics.median(values), 2)
        results.append(r)
        steady = r["steady_articles_per_s"] or 0.0
        rates = f"{r['seconds']:>8.1f} {r['articles_per_s']:>7.1f} {steady:>7.1f}"
        print(f"{n:>9} {rates} {r['actors']:>7} {r['agreements']:>10}")
    print(json.dumps({"articles": len(articles), "chars": chars, "worker_start": start, "results": results}))


if __name__ == "__main__":
    main()
