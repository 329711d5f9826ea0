"""The fifth draw of the labelled set: articles that use no word of agreement (`choose.AGREEMENT_WORD`) but a
candidate word of the extractor (`classify.CANDIDATE`) and in which the extractor made a record, from the first
5,000 OrangeSum files only. What the first four draws could not give: the extractor's mistakes where no one
looked (hard negatives for the classifier) and agreements reported in other words.

    python eval/choose_more.py /tmp/orangesum-fr > /tmp/fifth.txt

    python eval/choose_more.py /tmp/orangesum-fr --rest > /tmp/sixth.txt

    python eval/choose_more.py /tmp/orangesum-fr --unlabelled > /tmp/seventh.txt

Drawn on 2026-11-24 with the extraction `fr_core_news_md-3.8/enrich-33/aaa550a2`: of 3,489 such files, 297 had
a record (three of them labelled before, in the draw of 80 without a word of agreement); the fifth draw is 120
of the others at random (seed 20261126), labelled as batches 10 and 11; the sixth (`--rest`) the 174 left,
labelled as batches 12–14 (dealt in turn). Both added to `selection.txt` with the part `choose.part` gives.
Another extraction version draws other files: the list in `selection.txt` is the record of what was drawn.

The seventh (`--unlabelled`, 2026-11-24 late, extraction `fr_core_news_md-3.8/enrich-37/8161ec78/fd52134c`): every
file of the first 5,000 that `selection.txt` does not hold, has a candidate word and in which the extractor makes a
record — 48 of 3,131 (the classifier's threshold is lower now than at the fifth draw); dealt in turn into batches
15 and 16, each labelled by one reader who saw neither the extractor's records nor the other batch. With it, the
labelled set holds every file of the first 5,000 in which this extraction finds an agreement, so the precision of
the test part counts every record the extraction makes in its half of those files.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from choose import AGREEMENT_WORD, FIRST, first_draw, part  # noqa: E402

from reader.enrich.classify import CANDIDATE  # noqa: E402
from reader.enrich.pipeline import enrich_many  # noqa: E402
from reader.ingest import read_article  # noqa: E402

DRAW = 120
SEED = 20261126


def unlabelled(corpus: Path) -> None:
    """The seventh draw: the files of the first 5,000 that no draw took, with a record of the extraction."""
    drawn = {line.split()[0] for line in (HERE / "selection.txt").read_text(encoding="utf-8").splitlines() if line}
    files = sorted(p for p in corpus.iterdir() if p.is_file())[:FIRST]
    names = [
        p.name
        for p in files
        if p.name not in drawn and CANDIDATE.search(p.read_text(encoding="utf-8", errors="replace"))
    ]
    articles = [read_article(corpus, name) for name in names]
    for name, e in zip(names, enrich_many(articles, n_process=2), strict=True):
        if e.agreements:
            print(name, part(name))


def main(corpus: Path, rest: bool) -> None:
    files = sorted(p for p in corpus.iterdir() if p.is_file())[:FIRST]
    with_word, without_word, names = [], [], []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if AGREEMENT_WORD.search(text):
            with_word.append(path.name)
        else:
            without_word.append(path.name)
            if CANDIDATE.search(text):
                names.append(path.name)
    labelled = set(first_draw(with_word, without_word))  # (of those without a word: the first draw's 80)
    articles = [read_article(corpus, name) for name in names]
    found = [name for name, e in zip(names, enrich_many(articles, n_process=2), strict=True) if e.agreements]
    pool = sorted(set(found) - labelled)
    fifth = sorted(random.Random(SEED).sample(pool, DRAW))
    for name in sorted(set(pool) - set(fifth)) if rest else fifth:
        print(name, part(name))


if __name__ == "__main__":
    if "--unlabelled" in sys.argv[2:]:
        unlabelled(Path(sys.argv[1]))
    else:
        main(Path(sys.argv[1]), "--rest" in sys.argv[2:])
