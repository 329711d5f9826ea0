"""Recall of two rules on one pool of pairs: what the stories' rules join against what an older rule joined.

    python eval/stories/pool.py [/tmp/orangesum-fr] [--n 20] [--seed 77] [--against previous|first] [--out F]

The pool: every candidate pair (LSH at 0.15 on the lead's long words) whose dates are 3 days apart or fewer
and that comes near a rule (sample.near: long words 0.18, the sum of three similarities 0.45, the weighed
score 0.9), or that either rule joins, pair by pair (not through a third article). Strata: A both rules join,
B only these rules (sketch.joins), C only the older rule, D neither. The older rule: `previous`, the rules of
2026-11-23 (the sum of three similarities, with a shingle floor, the same day; the next day the same text),
or `first`, the first rule (long words >= 0.25, dates <= 3 days apart). Prints each stratum's size and writes
`n` pairs of each to read; the share read as one news item, times the stratum's size, estimates the
same-item pairs of each stratum, hence each rule's recall and precision on the pool (eval/stories/README.md).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from datasketch import MinHashLSH  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample import load_articles, near, raw  # noqa: E402

from reader.stories.groups import _day, sketch  # noqa: E402
from reader.stories.sketch import NUM_PERM, joins, minhash, signature_of  # noqa: E402

FIRST_RULE = 0.25  # the first rule: long words at this or more, dates OLD_DAYS apart or fewer
OLD_DAYS = 3


def previous(sims: tuple[float, float, float, float], apart: int | None) -> bool:
    """The rules of 2026-11-23: (days apart at most, shingles at least, sum of three at least)."""
    total = sum(sims[:3])
    rows = ((0, 0.04, 0.65), (0, 0.15, 0.45), (1, 0.80, 2.00))
    return any((apart or 0) <= d and sims[2] >= s and total >= t for d, s, t in rows)


def first(sims: tuple[float, float, float, float], apart: int | None) -> bool:
    return sims[0] >= FIRST_RULE


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/tmp/orangesum-fr")
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=77)
    ap.add_argument("--against", choices=("previous", "first"), default="previous")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    older = previous if args.against == "previous" else first
    articles = load_articles(Path(args.corpus))
    sketches = [sketch(a.title, a.body) for a in articles]
    days = [_day(a.date) for a in articles]
    lsh = MinHashLSH(threshold=0.15, num_perm=NUM_PERM)
    strata: dict[str, list[tuple[int, int, int | None, tuple[float, float, float]]]] = {k: [] for k in "ABCD"}
    for i, sk in enumerate(sketches):
        sig = signature_of(sk[0])
        if sig is None:
            continue
        mh = minhash(sig)
        for j in lsh.query(mh):
            apart = abs(days[i] - days[j]) if days[i] is not None and days[j] is not None else None
            if apart is not None and apart > OLD_DAYS:
                continue
            sims = raw(sk, sketches[j])
            new, old = joins(sk, sketches[j], apart) > 0, older(sims, apart)
            if new or old or near(sims):
                strata["A" if new and old else "B" if new else "C" if old else "D"].append((j, i, apart, sims))
        lsh.insert(i, mh)
    print({k: len(v) for k, v in strata.items()})
    rng = random.Random(args.seed)
    out = open(args.out, "w") if args.out else sys.stdout
    for k in "ABCD":
        for n, (j, i, apart, sims) in enumerate(rng.sample(strata[k], min(args.n, len(strata[k]))), 1):
            out.write(f"\n== {k}{n} {apart} days apart, words {sims[0]:.2f} names {sims[1]:.2f} ")
            out.write(f"shingles {sims[2]:.2f} title {sims[3]:.2f}\n")
            for x in (articles[j], articles[i]):
                out.write(f"  {x.path} {x.date} [{x.title[:110]}]\n    {' '.join(x.body.split()[:55])}\n")


if __name__ == "__main__":
    main()
