"""Draw what to read for the precision and recall of stories on a whole corpus.

    python eval/stories/sample.py [/tmp/orangesum-fr] [--n 50] [--out /tmp/stories-sample.txt]

Stories are assigned as `reader index` assigns them (the files in the order the build walks them). Then:
- `n` stories of two articles or more, drawn at random: each story's first article beside another of its
  articles, to judge "the same news item?" (precision);
- `n` near-misses, drawn at random: pairs of articles in different stories, dates OLD_DAYS (3) or fewer apart,
  that come near any of the rules: the lead's long words at NEAR (0.18) or more (the first rule joined from
  0.25), or the sum of the first three similarities (the score of 2026-11-23) at NEAR_SCORE or more, or the
  weighed score (sketch.score) at NEAR_WEIGHED or more; judged the same way (the pairs judged the same news
  item are stories missed: recall).
Prints counts (stories, articles in them, pairs in the near-miss band) and the pairs, titles and first words.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from datasketch import MinHashLSH  # noqa: E402

from reader.errors import Skipped  # noqa: E402
from reader.ingest import Article, make_id, read_article, walk  # noqa: E402
from reader.stories import Stories  # noqa: E402
from reader.stories.groups import _day, sketch  # noqa: E402
from reader.stories.sketch import NUM_PERM, THRESHOLD, minhash, signature_of, similarities, weighed  # noqa: E402

NEAR = 0.18
NEAR_SCORE = 0.45
NEAR_WEIGHED = 0.9
OLD_DAYS = 3


def raw(a, b) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    """The four similarities of two sketches: long words, names, shingles, title words."""
    return similarities(a, b)


def near(sims: tuple[float, float, float, float]) -> bool:
    """Near enough any rule to be read for recall."""
    return sims[0] >= NEAR or sum(sims[:3]) >= NEAR_SCORE or weighed(sims) >= NEAR_WEIGHED


def iter_articles(corpus: Path) -> Iterator[Article]:
    """Every article of the corpus as `reader index` reads it, one at a time, in the walk's order; the same
    text in two files gets distinct ids, as the build gives them."""
    seen: set[str] = set()
    for src in walk(corpus):
        try:
            a = read_article(corpus, src.path)
        except Skipped:
            continue
        if a.id in seen:
            a = replace(a, id=make_id(a.title, a.path + a.body))
        seen.add(a.id)
        yield a


def load_articles(corpus: Path) -> list[Article]:
    """`iter_articles`, as a list."""
    return list(iter_articles(corpus))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/tmp/orangesum-fr")
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    articles = load_articles(Path(args.corpus))
    stories = Stories()
    t = time.perf_counter()
    for a in articles:
        stories.assign(a.id, a.title, a.body, a.date)
    cost = (time.perf_counter() - t) / len(articles) * 1e3
    by_id = {a.id: a for a in articles}
    members: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        members[stories.story[a.id]].append(a.id)
    multi = [m for m in members.values() if len(m) > 1]
    sizes = sorted((len(m) for m in multi), reverse=True)
    print(f"{len(articles)} articles, {cost:.3f} ms each to assign; {len(multi)} stories of 2 or more holding ")
    print(f"{sum(sizes)} articles; largest {sizes[:10]}")

    # near-misses: candidate pairs in different stories near either rule, dates close
    lsh = MinHashLSH(threshold=0.15, num_perm=NUM_PERM)
    feats = {a.id: sketch(a.title, a.body) for a in articles}
    misses = []
    for a in articles:
        sig = signature_of(feats[a.id][0])
        if sig is None:
            continue
        mh = minhash(sig)
        for other in lsh.query(mh):
            if stories.story[other] == stories.story[a.id]:
                continue
            d1, d2 = _day(a.date), _day(by_id[other].date)
            if d1 is not None and d2 is not None and abs(d1 - d2) > OLD_DAYS:
                continue
            sims = raw(feats[a.id], feats[other])
            if near(sims):
                misses.append((sims, other, a.id))
        lsh.insert(a.id, mh)
    print(f"{len(misses)} near-miss pairs (long words >= {NEAR}, sum of three >= {NEAR_SCORE} or score >=")
    print(f"{NEAR_WEIGHED}, dates {OLD_DAYS} days or fewer apart; a story the same day needs a score >= {THRESHOLD})")

    rng = random.Random(args.seed)
    out = open(args.out, "w") if args.out else sys.stdout
    out.write("# STORIES: the first article of a story and another of its articles\n")
    for k, m in enumerate(rng.sample(multi, min(args.n, len(multi))), 1):
        other = rng.choice(m[1:])
        sims = raw(feats[m[0]], feats[other])
        pair(out, f"S{k} (size {len(m)}, {label(sims)})", by_id[m[0]], by_id[other])
    out.write("\n# NEAR-MISSES: pairs just under the threshold, in different stories\n")
    for k, (sims, x, y) in enumerate(rng.sample(misses, min(args.n, len(misses))), 1):
        pair(out, f"N{k} ({label(sims)})", by_id[x], by_id[y])


def label(sims: tuple[float, float, float, float]) -> str:
    return (
        f"words {sims[0]:.2f} names {sims[1]:.2f} shingles {sims[2]:.2f} title {sims[3]:.2f}, score {weighed(sims):.2f}"
    )


def pair(out, label: str, a: Article, b: Article) -> None:  # type: ignore[no-untyped-def]
    out.write(f"\n== {label}\n")
    for x in (a, b):
        out.write(f"  {x.path} {x.date} [{x.title[:110]}]\n    {' '.join(x.body.split()[:55])}\n")


if __name__ == "__main__":
    main()
