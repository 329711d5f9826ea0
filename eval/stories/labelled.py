"""Precision and recall of the story rules on the labelled pairs of the first 5,000 OrangeSum files.

    python eval/stories/labelled.py [/tmp/orangesum-fr] [--pairs eval/stories/labelled-5000.jsonl] [--show]

labelled-5000.jsonl holds 430 pairs, each read and judged "the same news item" or not (`same`, 1 or 0) by
the definition of eval/stories/README.md: every pair the rules of 2026-11-23 joined among the first 5,000
files (195), and every other candidate pair of `measure.py --pairs` dated a day apart or less whose lead's
long words reach 0.18 or whose three similarities sum to 0.45 or more (235). Each pair is scored again with
the code of this checkout (sketch.joins) and with the rules of 2026-11-23 (pool.previous); prints, for
both, the pairs joined, how many are the same item, precision, and recall against every same-item pair of
the file. --show lists the pairs the two disagree on, and this code's wrong joins.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pool import previous  # noqa: E402

from reader.ingest import read_article  # noqa: E402
from reader.stories.groups import sketch  # noqa: E402
from reader.stories.sketch import joins, similarities  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/tmp/orangesum-fr")
    ap.add_argument("--pairs", default=str(HERE / "labelled-5000.jsonl"))
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    pairs = [json.loads(line) for line in open(args.pairs, encoding="utf-8")]
    articles = {p: read_article(corpus, p) for pair in pairs for p in (pair["a"], pair["b"])}
    sketches = {p: sketch(a.title, a.body) for p, a in articles.items()}
    same = sum(pair["same"] for pair in pairs)
    verdicts = []
    for pair in pairs:
        a, b = sketches[pair["a"]], sketches[pair["b"]]
        verdicts.append((joins(a, b, pair["days"]) > 0, previous(similarities(a, b), pair["days"])))
    print(f"{len(pairs)} pairs read, {same} the same news item")
    for k, name in enumerate(("this code", "rules of 2026-11-23")):
        joined = [pair for pair, v in zip(pairs, verdicts, strict=True) if v[k]]
        right = sum(pair["same"] for pair in joined)
        print(
            f"  {name}: {len(joined)} joined, {right} the same item: precision {right / len(joined):.3f}, "
            f"recall {right / same:.3f}"
        )
    if args.show:
        for pair, (new, old) in zip(pairs, verdicts, strict=True):
            if new != old or (new and not pair["same"]):
                a, b = articles[pair["a"]], articles[pair["b"]]
                sims = similarities(sketches[pair["a"]], sketches[pair["b"]])
                tag = "wrong " if new and not pair["same"] else ""
                verdict = f"{'joined' if new else 'apart'} (before: {'joined' if old else 'apart'})"
                print(f"\n{tag}{verdict}, same={pair['same']}")
                print(f"  {pair['days']} days apart, sims {' '.join(f'{x:.2f}' for x in sims)}")
                print(f"  {a.path} [{a.title[:100]}]\n  {b.path} [{b.title[:100]}]")


if __name__ == "__main__":
    main()
