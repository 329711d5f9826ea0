"""Choose the story threshold: similar pairs among the first N files of a corpus, by exact Jaccard.

    python eval/stories/measure.py [/tmp/orangesum-fr] [--files 5000] [--show 0.3:0.6] [--pairs out.jsonl]

Candidate pairs come from an LSH at a low threshold (0.2); each is scored on its exact feature sets (the
long words of the lead, as reader.stories.sketch takes them). Prints how many pairs fall in each band of
similarity, the cost of a signature, and with --show the pairs of a band (titles and first words) to read.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from datasketch import MinHashLSH  # noqa: E402

from reader.errors import Skipped  # noqa: E402
from reader.ingest import read_article  # noqa: E402
from reader.stories.sketch import NUM_PERM, features, minhash, signature  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/tmp/orangesum-fr")
    ap.add_argument("--files", type=int, default=5000, help="the first N files by name (0: all)")
    ap.add_argument("--show", default="", help="lo:hi, print the pairs whose exact Jaccard is in [lo, hi)")
    ap.add_argument("--pairs", default="", help="write every candidate pair as JSON lines here")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    names = sorted(p.name for p in corpus.iterdir() if p.is_file())
    names = names[: args.files] if args.files else names
    articles = []
    for name in names:
        try:
            articles.append(read_article(corpus, name))
        except Skipped:
            pass
    t = time.perf_counter()
    sigs = [signature(a.title, a.body) for a in articles]
    cost = (time.perf_counter() - t) / len(articles) * 1e3
    lsh = MinHashLSH(threshold=0.2, num_perm=NUM_PERM)
    cands: set[tuple[int, int]] = set()
    for i, sig in enumerate(sigs):
        if sig is None:
            continue
        mh = minhash(sig)
        cands.update((j, i) for j in lsh.query(mh))
        lsh.insert(i, mh)
    shingles = {}

    def sh(i: int) -> set[int]:
        if i not in shingles:
            shingles[i] = features(articles[i].title, articles[i].body)
        return shingles[i]

    pairs = []
    for i, j in cands:
        a, b = sh(i), sh(j)
        pairs.append((len(a & b) / len(a | b), i, j))
    pairs.sort(reverse=True)
    print(f"{len(articles)} articles, signature {cost:.3f} ms each, {len(pairs)} candidate pairs (LSH 0.2)")
    bands = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]
    for lo, hi in zip(bands, bands[1:], strict=False):
        print(f"  Jaccard [{lo:.1f}, {min(hi, 1):.1f}{']' if hi > 1 else ')'}: {sum(lo <= p[0] < hi for p in pairs)}")
    if args.pairs:
        with open(args.pairs, "w") as f:
            for jac, i, j in pairs:
                row = {"jaccard": round(jac, 3), "a": articles[i].path, "b": articles[j].path}
                f.write(json.dumps(row) + "\n")
    if args.show:
        lo, hi = (float(x) for x in args.show.split(":"))
        for jac, i, j in pairs:
            if lo <= jac < hi:
                print(f"\n== {jac:.2f}  {articles[i].path} / {articles[j].path}")
                for k in (i, j):
                    print(f"  [{articles[k].title[:100]}] {' '.join(articles[k].body.split()[:45])}")


if __name__ == "__main__":
    main()
