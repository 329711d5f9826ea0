"""The pool of sentences to label one by one: candidate sentences of the first 5,000 OrangeSum files that the
labelled set (`selection.txt`) does not hold, with the shipped classifier's score.

    python eval/pool.py [--orangesum /tmp/orangesum-fr] [--min-score 0.02] > /tmp/pool.jsonl

    python eval/pool.py --records      # the records the extraction makes in those files, by part, with the label
                                       # of their sentence in `sentences/` (agreement, borderline, none, unlabelled)

Each line: {"file", "sentence", "score"}, sentences as the extraction splits them, in file order; only those the
classifier scores at `--min-score` or more (the ones near its threshold and above: what it would learn most
from; a sentence it scores near 0 is seldom an agreement, and 6,600 are too many to read). What is labelled of
them is in `sentences/` (eval/README.md, "Sentences labelled one by one"); `train.py` learns from it.
The test part is never read: the files of `selection.txt` (dev and test) are left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from choose import FIRST, part  # noqa: E402
from score import load_parts, same_sentence  # noqa: E402

from reader.enrich import classify, nlp  # noqa: E402
from reader.enrich.pipeline import _norm, model_text  # noqa: E402
from reader.ingest import read_article  # noqa: E402


def sentence_labels() -> dict[str, list[dict]]:
    """The sentences labelled one by one (`sentences/*.jsonl`), by file."""
    labels: dict[str, list[dict]] = {}
    for path in sorted((HERE / "sentences").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lab = json.loads(line)
                labels.setdefault(lab["file"], []).append(lab)
    return labels


def candidates(orangesum: Path, files: list[str]) -> list[tuple[str, str, classify.Features, Doc]]:
    """Every candidate sentence of the files, as `train.examples` reads them: (file, sentence, features, the
    sentence parsed by pass 2)."""
    texts = [model_text(read_article(orangesum, f))[0] for f in files]
    found = []
    for f, doc in zip(files, nlp.pass1(_norm(t) for t in texts), strict=True):
        for sent in doc.sents:
            text = sent.text.strip()
            if text and classify.is_candidate(text):
                found.append((f, sent))
    parsed = list(nlp.pass2(sent.text.strip() for _, sent in found))
    out = []
    for _, group in groupby(zip(found, parsed, strict=True), key=lambda fp: fp[0][0]):
        group_ = list(group)
        feats = classify.in_context([classify.features(sent, p) for (_, sent), p in group_])
        out += [(f, p.text, feat, p) for ((f, _), p), feat in zip(group_, feats, strict=True)]
    return out


def records(orangesum: Path, files: list[str]) -> None:
    """Each record the extraction makes in the files, with its file's part and its sentence's label; then the
    counts."""
    from reader.enrich import enrich_many

    labels = sentence_labels()
    counts: Counter[tuple[str, str]] = Counter()
    found = enrich_many((read_article(orangesum, f) for f in files), n_process=2)
    for f, e in zip(files, found, strict=True):
        for g in e.agreements:
            label = next((x["label"] for x in labels.get(f, []) if same_sentence(g.text, x["sentence"])), "unlabelled")
            counts[(part(f), label)] += 1
            print(json.dumps({"file": f, "part": part(f), "label": label, "sentence": g.text}, ensure_ascii=False))
    print(", ".join(f"{p} {label}: {n}" for (p, label), n in sorted(counts.items())), file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orangesum", type=Path, default=Path("/tmp/orangesum-fr"))
    ap.add_argument("--min-score", type=float, default=0.02)
    ap.add_argument("--records", action="store_true", help="the records made in those files, with their labels")
    args = ap.parse_args()
    held = load_parts(HERE / "selection.txt")
    files = [f for f in sorted(p.name for p in args.orangesum.glob("*.txt"))[:FIRST] if f not in held]
    if args.records:
        records(args.orangesum, files)
        return
    found = candidates(args.orangesum, files)
    scores = classify.load().scores([feat for _, _, feat, _ in found])
    for (f, text, _, _), s in zip(found, scores, strict=True):
        if s >= args.min_score:
            print(json.dumps({"file": f, "sentence": text, "score": round(float(s), 3)}, ensure_ascii=False))
    print(f"{len(files)} files, {len(found)} candidate sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
