"""A larger corpus from the 33,847 OrangeSum articles: the originals plus new articles made of unique mixes
of their sentences, in folders of 1,000 files (so that walking the tree is measured too).

    python bench/make_corpus.py /tmp/orangesum-fr /tmp/orangesum-200k --articles 200000

Deterministic (a fixed seed): the same command makes the same files. A mixed article takes its title and
date from one original and 8 to 20 sentences drawn from three others, so its text is new to the index (no
duplicate ids, no shortcut through the enrichment cache) while its vocabulary stays that of French news.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«\"])")


def read(path: Path) -> tuple[str, str, list[str]]:
    title, date, _blank, body = (path.read_text(encoding="utf-8").split("\n", 3) + ["", "", ""])[:4]
    return title, date, [s for s in _SENTENCE.split(body.replace("\n", " ")) if len(s) > 20]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--articles", type=int, default=200_000)
    args = ap.parse_args()
    originals = sorted(p for p in args.source.rglob("*.txt"))
    if args.dest.exists():
        shutil.rmtree(args.dest)
    for n, path in enumerate(originals):
        folder = args.dest / f"{n // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / path.name)
    articles = [read(p) for p in originals]
    rng = random.Random(200_000)
    for n in range(len(originals), args.articles):
        title, date, _ = articles[rng.randrange(len(articles))]
        pool = [s for k in (rng.randrange(len(articles)) for _ in range(3)) for s in articles[k][2]]
        sentences = rng.sample(pool, min(len(pool), rng.randint(8, 20)))
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        folder = args.dest / f"{n // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"mix{n:06d}.txt").write_text(
            f"{title}\n{date}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
    print(f"{args.articles} articles in {args.dest}")


if __name__ == "__main__":
    main()
