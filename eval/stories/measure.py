"""Choose the story rules: similar pairs among the first N files of a corpus, by exact similarities.

    python eval/stories/measure.py [/tmp/orangesum-fr] [--files 5000] [--show 0.5:0.7] [--pairs out.jsonl]

Candidate pairs come from an LSH at a low threshold (0.2) on the long words of the lead; each is scored on
its exact sets (reader.stories.sketch): the long words, the names of the lead, the sampled 3-shingles of the
body, the title's words, and their weighed sum, the score. Prints how many pairs fall in each band of score
(all, and those the rules join), the cost of a sketch, and with --show the pairs of a band of score (titles
and first words) to read. --pairs writes every candidate pair with its four similarities, its score, the
sum of the first three (`sum3`, the score before 2026-11-24) and its date gap, to label and test rules on.
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
from reader.stories.groups import _day, sketch  # noqa: E402
from reader.stories.sketch import NUM_PERM, joins, minhash, signature_of, similarities, weighed  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/tmp/orangesum-fr")
    ap.add_argument("--files", type=int, default=5000, help="the first N files by name (0: all)")
    ap.add_argument("--show", default="", help="lo:hi, print the pairs whose score is in [lo, hi)")
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
    sketches = [sketch(a.title, a.body) for a in articles]
    sigs = [signature_of(sk[0]) for sk in sketches]
    cost = (time.perf_counter() - t) / len(articles) * 1e3
    lsh = MinHashLSH(threshold=0.2, num_perm=NUM_PERM)
    cands: set[tuple[int, int]] = set()
    for i, sig in enumerate(sigs):
        if sig is None:
            continue
        mh = minhash(sig)
        cands.update((j, i) for j in lsh.query(mh))
        lsh.insert(i, mh)
    pairs = []
    for i, j in cands:
        a, b = sketches[i], sketches[j]
        sims = similarities(a, b)
        d1, d2 = _day(articles[i].date), _day(articles[j].date)
        days = abs(d1 - d2) if d1 is not None and d2 is not None else None
        pairs.append((weighed(sims), sims, days, joins(a, b, days) > 0, i, j))
    pairs.sort(reverse=True)
    print(f"{len(articles)} articles, sketch {cost:.3f} ms each, {len(pairs)} candidate pairs (LSH 0.2)")
    bands = [0.0, 0.6, 0.9, 1.1, 1.2, 1.4, 1.8, 2.5, 6.01]
    for lo, hi in zip(bands, bands[1:], strict=False):
        band = [p for p in pairs if lo <= p[0] < hi]
        print(f"  score [{lo:.2f}, {min(hi, 6):.2f}): {len(band)} pairs, {sum(p[3] for p in band)} joined by the rules")
    if args.pairs:
        with open(args.pairs, "w") as f:
            for total, sims, days, joined, i, j in pairs:
                row = {"score": round(total, 3), "sum3": round(sum(sims[:3]), 3), "words": round(sims[0], 3)}
                row |= {"names": round(sims[1], 3), "shingles": round(sims[2], 3), "title": round(sims[3], 3)}
                row |= {"days": days, "joined": joined}
                f.write(json.dumps(row | {"a": articles[i].path, "b": articles[j].path}) + "\n")
    if args.show:
        lo, hi = (float(x) for x in args.show.split(":"))
        for total, sims, days, joined, i, j in pairs:
            if lo <= total < hi:
                print(f"\n== {total:.2f} (words {sims[0]:.2f} names {sims[1]:.2f} shingles {sims[2]:.2f} ", end="")
                print(f"title {sims[3]:.2f}), ", end="")
                verdict = "joined" if joined else "not joined"
                print(f"{days} days apart, {verdict}: {articles[i].path} / {articles[j].path}")
                for k in (i, j):
                    print(f"  [{articles[k].title[:100]}] {' '.join(articles[k].body.split()[:45])}")


if __name__ == "__main__":
    main()
