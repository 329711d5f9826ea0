"""Train the agreement-sentence classifier on the development part of the labelled set, and ship it.

    python eval/train.py [--orangesum /tmp/orangesum-fr] [--folds 5] [--out reader/enrich/model]

Reproducible: the examples come from the `dev` part of `eval/selection.txt` (and the seeds) only, in a fixed
order, with fixed random seeds. Every candidate sentence (`reader.enrich.classify.CANDIDATE`) of the title
and the body, split as the extraction splits them, is an example: positive when it matches a labelled
agreement sentence (as `score.py` matches them), left out when it matches a borderline one, else negative.

First a cross-validation by article on the development part chooses the decision threshold (the one with the
best F1 whose precision is at least `--min-precision`); then the model is trained on the whole part and
written to `--out` with `reader.json` (threshold, version, figures). The test part is never read here.

After training, bump `MODEL_VERSION` in reader/enrich/records.py when the model changed: indexes re-extract.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from score import load_labels, load_parts, same_sentence  # noqa: E402

from reader.enrich import classify, nlp  # noqa: E402
from reader.enrich.pipeline import _norm, model_text  # noqa: E402
from reader.ingest import read_article  # noqa: E402

Example = tuple[str, str, bool]  # (article, features, is an agreement)

TEXTCAT = {
    "threshold": 0.5,
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 262144,
    },
}


def examples(orangesum: Path) -> list[Example]:
    parts = load_parts(HERE / "selection.txt")
    roots = {"orangesum": orangesum, "seeds": REPO / "seeds"}
    labels = [
        lab for lab in load_labels(HERE / "labels") if lab["corpus"] == "seeds" or parts.get(lab["file"]) == "dev"
    ]
    articles = [read_article(roots[lab["corpus"]], lab["file"]) for lab in labels]
    texts = [model_text(a)[0] for a in articles]
    found: list[tuple[str, Span, bool]] = []
    for label, doc in zip(labels, nlp.pass1(_norm(t) for t in texts), strict=True):
        gold = [g["sentence"] for g in label.get("agreements", [])]
        borderline = label.get("borderline", [])
        for sent in doc.sents:
            text = sent.text.strip()
            if not text or not classify.is_candidate(text):
                continue
            positive = any(same_sentence(text, g) for g in gold)
            if not positive and any(same_sentence(text, b) for b in borderline):
                continue
            found.append((label["file"], sent, positive))
    parsed = nlp.pass2(sent.text.strip() for _, sent, _ in found)
    return [(f, classify.features(sent, p), y) for (f, sent, y), p in zip(found, parsed, strict=True)]


def train(data: list[Example], seed: int = 0, epochs: int = 6):  # type: ignore[no-untyped-def]
    import spacy
    from spacy.training import Example as SpacyExample
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    model = spacy.blank("fr")
    textcat = model.add_pipe("textcat_multilabel", config=TEXTCAT)
    textcat.add_label(classify.LABEL)
    train_examples = [
        SpacyExample.from_dict(model.make_doc(text), {"cats": {classify.LABEL: 1.0 if y else 0.0}})
        for _, text, y in data
    ]
    optimizer = model.initialize(lambda: train_examples)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(train_examples)
        for batch in minibatch(train_examples, size=16):
            model.update(batch, sgd=optimizer, drop=0.2)
    return model


def cross_validate(data: list[Example], folds: int) -> list[tuple[float, bool]]:
    """(score, truth) of every example, each scored by a model that did not see its article."""
    fold_of = {f: int(hashlib.sha256(f.encode()).hexdigest(), 16) % folds for f, _, _ in data}
    out = []
    for k in range(folds):
        model = train([e for e in data if fold_of[e[0]] != k])
        held = [e for e in data if fold_of[e[0]] == k]
        for (_, _, y), doc in zip(held, model.pipe(t for _, t, _ in held), strict=True):
            out.append((doc.cats[classify.LABEL], y))
    return out


def choose_threshold(
    scored: list[tuple[float, bool]], min_precision: float, only: float | None = None
) -> tuple[float, dict]:
    positives = sum(1 for _, y in scored if y)
    best: tuple[float, float, dict] | None = None
    for t in [i / 100 for i in range(5, 96)] if only is None else [only]:
        tp = sum(1 for s, y in scored if s >= t and y)
        fp = sum(1 for s, y in scored if s >= t and not y)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / positives if positives else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        figures = {"threshold": t, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}
        key = f1 if p >= min_precision else f1 - 1
        if best is None or key > best[0]:
            best = (key, t, figures)
    assert best is not None
    return best[1], best[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orangesum", type=Path, default=Path("/tmp/orangesum-fr"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--min-precision", type=float, default=0.85)
    ap.add_argument("--out", type=Path, default=REPO / "reader" / "enrich" / "model")
    args = ap.parse_args()
    data = examples(args.orangesum)
    positives = sum(1 for e in data if e[2])
    print(f"{len(data)} candidate sentences of {len({e[0] for e in data})} articles, {positives} agreements")
    scored = cross_validate(data, args.folds)
    for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        print("  at", t, choose_threshold([(s, y) for s, y in scored], 0.0, only=t)[1])
    threshold, figures = choose_threshold(scored, args.min_precision)
    print(f"cross-validated on dev ({args.folds} folds by article): {figures}")
    model = train(data)
    if args.out.exists():
        shutil.rmtree(args.out)
    model.to_disk(args.out)
    digest = hashlib.sha256()
    for path in sorted(args.out.rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    meta = {
        "threshold": threshold,
        "version": digest.hexdigest()[:8],
        "examples": len(data),
        "positives": positives,
        "cross_validation": figures,
    }
    (args.out / "reader.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
