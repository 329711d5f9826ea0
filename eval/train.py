"""Train the agreement-sentence classifier on the development part of the labelled set, and ship it.

    python eval/train.py [--orangesum /tmp/orangesum-fr] [--folds 5] [--min-precision 0.895] [--out DIR]

Reproducible: the examples come from the `dev` part of `eval/selection.txt` (and the seeds) only, in a fixed
order; the fit (L-BFGS, from zeros) has no randomness. Every candidate sentence
(`reader.enrich.classify.CANDIDATE`) of the title and the body, split as the extraction splits them, is an
example: positive when it matches a labelled agreement sentence (as `score.py` matches them), else negative.
A sentence that matches only a borderline one is a negative to learn from (the reader records what an analyst
would count without doubt) but is not counted in the figures (`score.py` counts it neither way).

First cross-validations on the development part choose the decision threshold: the one with the best recall
whose precision is at least `--min-precision`, both counted as `score.py` counts them (recall over the labelled
sentences, a sentence the rules veto counting as not found: `agreements.vetoed`). How the examples are dealt
into folds (`--groupings`, the first chooses, the others are printed at its threshold):
- `story` (the default): by story, articles that share a candidate sentence word for word (the same agency
  copy, rewritten by two outlets) in one fold, `--repeats` times dealt anew into `--folds` folds;
- `article`: by article, the same (what chose the threshold until 2026-11-24, and precision was optimistic
  on the test part three times in a row);
- `batch`: one fold per batch of labels (`labels/batch-N.jsonl`, each written by one reader), each held out
  in turn: whether a reader's way of labelling carries to the others.
Then the model is trained on the whole part and written to `--out` with `reader.json` (threshold, version,
figures).
The test part is never read here. The model's version (a hash of its weights and threshold) is part of
`MODEL_VERSION`, so indexes re-extract with a new model.

The model: a logistic regression (L2, C = `--c`) on the words and bigrams of `classify.features()`'s text
and on its vectors, standardised and scaled by `--dense-scale`; a borderline sentence weighs
`--borderline-weight` of an example. Needs scipy (which datasketch brings).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Span

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from score import load_parts, same_sentence  # noqa: E402

from reader.enrich import classify, nlp  # noqa: E402
from reader.enrich.agreements import hypothetical, vetoed  # noqa: E402
from reader.enrich.pipeline import _norm, model_text  # noqa: E402
from reader.enrich.triggers import triggers  # noqa: E402
from reader.ingest import read_article  # noqa: E402
from reader.text.normalize import letters  # noqa: E402


class Example(NamedTuple):
    article: str
    batch: int  # the batch of labels it is in (labels/batch-N.jsonl)
    text: str  # the sentence
    features: classify.Features
    positive: bool
    golds: tuple[str, ...]  # the labelled sentences it matches ("file#index")
    vetoed: bool  # the rules would drop it (no agreement parsed, and a failure or a negation read; or only a
    # condition: `agreements.hypothetical`)
    borderline: bool  # it matches only a borderline sentence: learned as a negative, not counted
    extra: bool = False  # labelled one by one (`sentences/`): always learned from, never counted in the figures


class Data(NamedTuple):
    examples: list[Example]
    labelled: int  # agreement sentences labelled in these articles


def examples(orangesum: Path) -> Data:
    parts = load_parts(HERE / "selection.txt")
    roots = {"orangesum": orangesum, "seeds": REPO / "seeds"}
    batch_of: dict[str, int] = {}
    labels = []
    for path in sorted((HERE / "labels").glob("batch-*.jsonl")):  # (dev's lines only: the test part is never read)
        for line in path.read_text(encoding="utf-8").splitlines():
            lab = json.loads(line) if line.strip() else None
            if lab is not None and (lab["corpus"] == "seeds" or parts.get(lab["file"]) == "dev"):
                labels.append(lab)
                batch_of[lab["file"]] = int(path.stem.split("-")[1])
    articles = [read_article(roots[lab["corpus"]], lab["file"]) for lab in labels]
    texts = [model_text(a)[0] for a in articles]
    found: list[tuple[str, Span, tuple[str, ...], bool]] = []
    for label, doc in zip(labels, nlp.pass1(_norm(t) for t in texts), strict=True):
        gold = [g["sentence"] for g in label.get("agreements", [])]
        borderline = label.get("borderline", [])
        for sent in doc.sents:
            text = sent.text.strip()
            if not text or not classify.is_candidate(text):
                continue
            hits = tuple(f"{label['file']}#{i}" for i, g in enumerate(gold) if same_sentence(text, g))
            doubt = not hits and any(same_sentence(text, b) for b in borderline)
            found.append((label["file"], sent, hits, doubt))
    parsed = list(nlp.pass2(sent.text.strip() for _, sent, _, _ in found))
    feats: list[classify.Features] = []
    for _, group in groupby(zip(found, parsed, strict=True), key=lambda fp: fp[0][0]):  # article by article
        feats += classify.in_context([classify.features(sent, p) for (_, sent, _, _), p in group])
    out = [
        Example(
            f, batch_of[f], p.text, feat, bool(hits), hits, (not triggers(p) and vetoed(p)) or hypothetical(p), doubt
        )
        for (f, _, hits, doubt), p, feat in zip(found, parsed, feats, strict=True)
    ]
    return Data(out + sentence_examples(orangesum), sum(len(lab.get("agreements", [])) for lab in labels))


def sentence_examples(orangesum: Path) -> list[Example]:
    """The sentences labelled one by one (`sentences/*.jsonl`, from `pool.py`: files of the first 5,000 that the
    labelled set does not hold), each read in its article as the extraction reads it (its features count the
    article's other candidates)."""
    from pool import candidates, sentence_labels

    labels = sentence_labels()
    files = sorted(labels)
    out = []
    matched: set[int] = set()
    for f, text, feat, p in candidates(orangesum, files):
        lab = next((x for x in labels[f] if same_sentence(text, x["sentence"])), None)
        if lab is None:
            continue
        matched.add(id(lab))
        out.append(
            Example(
                f,
                -1,
                text,
                feat,
                lab["label"] == "agreement",
                (),
                (not triggers(p) and vetoed(p)) or hypothetical(p),
                lab["label"] == "borderline",
                extra=True,
            )
        )
    lost = sum(1 for labs in labels.values() for x in labs if id(x) not in matched)
    if lost:  # the sentences are split otherwise now: `pool.py` draws them anew
        print(f"{lost} sentences of sentences/ are no candidate sentence of their file any more", file=sys.stderr)
    return out


class Model(NamedTuple):
    """What classify.Classifier reads (classifier.npz)."""

    features: list[str]
    weights: np.ndarray
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    dense_weights: np.ndarray
    bias: float

    def to_disk(self, out: Path, meta: dict) -> None:
        out.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            out / classify.WEIGHTS,
            features=np.array(self.features),
            weights=self.weights.astype(np.float32),
            dense_mean=self.dense_mean.astype(np.float32),
            dense_scale=self.dense_scale.astype(np.float32),
            dense_weights=self.dense_weights.astype(np.float32),
            bias=np.float32(self.bias),
        )
        (out / "reader.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def train(data: list[Example], c: float = 1.0, dense_scale: float = 0.1, borderline_weight: float = 1.0) -> Model:
    from scipy import sparse
    from scipy.optimize import minimize

    grams = [classify.ngrams(e.features.text) for e in data]
    vocab = sorted(set().union(*grams))
    index = {g: i for i, g in enumerate(vocab)}
    rows = [r for r, gs in enumerate(grams) for _ in gs]
    cols = [index[g] for gs in grams for g in gs]
    words = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(data), len(vocab)))
    dense = np.array([e.features.vector for e in data], dtype=np.float64)
    mean, scale = dense.mean(axis=0), dense_scale / (dense.std(axis=0) + 1e-6)
    x = sparse.hstack([words, sparse.csr_matrix((dense - mean) * scale), np.ones((len(data), 1))]).tocsr()
    y = np.array([e.positive for e in data], dtype=np.float64)
    sw = np.array([borderline_weight if e.borderline else 1.0 for e in data])  # a borderline sentence weighs less
    l2 = np.ones(x.shape[1]) / c
    l2[-1] = 0.0  # the bias is not penalised

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        nll = -np.sum(sw * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)))
        return nll + 0.5 * np.sum(l2 * w * w), x.T @ (sw * (p - y)) + l2 * w

    w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
    n = len(vocab)
    return Model(vocab, w[:n], mean, scale, w[n:-1], float(w[-1]))


GROUPINGS = ("story", "article", "batch")


def stories(data: list[Example]) -> dict[str, str]:
    """Each article's story: the first (by name) of the articles it shares a candidate sentence with, word for
    word (case, accents and spacing aside; sentences of more than 40 letters), directly or through others."""
    parent: dict[str, str] = {}

    def root(a: str) -> str:
        while parent.setdefault(a, a) != a:
            a = parent[a]
        return a

    by_sentence: dict[str, set[str]] = {}
    for e in data:
        key = letters(e.text)
        if len(key) > 40:
            by_sentence.setdefault(key, set()).add(e.article)
    for articles in by_sentence.values():
        first, *rest = sorted(articles)
        for a in rest:
            ra, rf = root(a), root(first)
            if ra != rf:
                parent[max(ra, rf)] = min(ra, rf)
    return {e.article: root(e.article) for e in data}


def folds_of(data: list[Example], grouping: str, folds: int, repeat: int = 0) -> list[int]:
    """The fold of every example: its story's or its article's (dealt by a hash of the name, and of the repeat's
    number after the first), or its batch's (one fold a batch)."""
    if grouping == "batch":
        batches = sorted({e.batch for e in data if not e.extra})
        return [-1 if e.extra else batches.index(e.batch) for e in data]
    group = stories(data) if grouping == "story" else {e.article: e.article for e in data}
    salt = str(repeat) if repeat else ""
    return [
        -1 if e.extra else int(hashlib.sha256((group[e.article] + salt).encode()).hexdigest(), 16) % folds for e in data
    ]


def cross_validate(data: list[Example], fold_of: list[int], **kw: float) -> list[float]:
    """The score of every example by a model that did not see its fold (fold -1: always learned from, never
    scored)."""
    out = [0.0] * len(data)
    for k in sorted(set(fold_of) - {-1}):
        model = train([e for e, f in zip(data, fold_of, strict=True) if f != k], **kw)
        held = [i for i, f in enumerate(fold_of) if f == k]
        with tempfile.TemporaryDirectory() as tmp:
            model.to_disk(Path(tmp), {"threshold": 0.5, "version": "cv"})
            scores = classify.Classifier(Path(tmp)).scores([data[i].features for i in held])
        for i, s in zip(held, scores, strict=True):
            out[i] = s
    return out


def figures(data: Data, scores: list[float], t: float) -> dict:
    """Precision over the accepted candidates and recall over the labelled sentences, at threshold t, as
    score.py counts them (a vetoed sentence is not found); and the same over candidates alone."""
    counted = [(e, s) for e, s in zip(data.examples, scores, strict=True) if not e.borderline and not e.extra]
    accepted = [e for e, s in counted if s >= t and not e.vetoed]
    right = sum(1 for e in accepted if e.positive)
    found = {g for e in accepted for g in e.golds}
    positives = sum(1 for e, _ in counted if e.positive)
    above = [e.positive for e, s in counted if s >= t]
    p = right / len(accepted) if accepted else 0.0
    r = len(found) / data.labelled if data.labelled else 0.0
    return {
        "threshold": t,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
        "candidates": {
            "precision": round(sum(above) / len(above) if above else 0.0, 3),
            "recall": round(sum(above) / positives if positives else 0.0, 3),
        },
    }


def averaged(data: Data, runs: list[list[float]], t: float) -> dict:
    """The figures at threshold t, averaged over cross-validation runs."""
    each = [figures(data, scores, t) for scores in runs]

    def mean(get: Callable[[dict], float]) -> float:
        return round(sum(get(f) for f in each) / len(each), 3)

    return {
        "threshold": t,
        "precision": mean(lambda f: f["precision"]),
        "recall": mean(lambda f: f["recall"]),
        "f1": mean(lambda f: f["f1"]),
        "candidates": {k: mean(lambda f, k=k: f["candidates"][k]) for k in ("precision", "recall")},
    }


def choose_threshold(data: Data, runs: list[list[float]], min_precision: float) -> dict:
    """The figures (averaged over the runs) at the threshold with the best recall whose precision is at least
    min_precision (else the most precise)."""
    table = [averaged(data, runs, t / 100) for t in range(5, 96)]
    good = [f for f in table if f["precision"] >= min_precision]
    if not good:
        return max(table, key=lambda f: (f["precision"], f["recall"]))
    return max(good, key=lambda f: (f["recall"], f["precision"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orangesum", type=Path, default=Path("/tmp/orangesum-fr"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3, help="cross-validations, each with the groups dealt anew")
    # the first chooses the threshold; by story: dev's cross-validated precision by article was optimistic on the
    # test part three times in a row, and by story it is the lowest of the three (README, 2026-11-24 afternoon)
    ap.add_argument(
        "--groupings",
        default=",".join(GROUPINGS),
        help=f"how examples are dealt into folds, comma-separated, of {', '.join(GROUPINGS)}: the first chooses",
    )
    # 0.88, not the target's 0.85: the threshold with the best recall at 0.85 sits on the edge, and the
    # cross-validated precision has a standard error of about 0.02 (some 250 sentences accepted on dev); at
    # 0.85 the test part gave 0.818 (enrich-13). 0.87 until 2026-11-24, by article: the test part gave 0.016 to
    # 0.048 less three times; by story the estimate is about 0.015 lower, and 0.88 keeps the rest of that gap
    # (README, 2026-11-24 afternoon). 0.895 since 2026-11-24 evening: by story the test part then gave 0.042
    # (aaa550a2) and 0.035 (b704ae15) less than the cross-validation; 0.85 + 0.042, rounded up
    ap.add_argument("--min-precision", type=float, default=0.895)
    ap.add_argument("--c", type=float, default=3.0, help="inverse L2 strength")
    ap.add_argument("--dense-scale", type=float, default=0.15, help="weight of the vectors against the words")
    # a borderline sentence is learned as a negative (the reader records what an analyst counts without doubt),
    # at half the weight of one: it reads much like an agreement (dev, cross-validated, vectors at 0.2: recall at
    # precision 0.87 / 0.85 of 0.643 / 0.673 at 0.5, 0.644 / 0.672 at 0.3, 0.643 / 0.655 at 1)
    ap.add_argument("--borderline-weight", type=float, default=0.5)
    ap.add_argument("--out", type=Path, default=REPO / "reader" / "enrich" / "model")
    args = ap.parse_args()
    data = examples(args.orangesum)
    ex = data.examples
    print(
        f"{len(ex)} candidate sentences of {len({e.article for e in ex})} articles, "
        f"{sum(e.positive for e in ex)} agreements, {sum(e.borderline for e in ex)} borderline; "
        f"{data.labelled} labelled agreement sentences; of them labelled one by one (`sentences/`, learned from "
        f"only): {sum(e.extra for e in ex)}, {sum(e.extra and e.positive for e in ex)} agreements"
    )
    kw = {"c": args.c, "dense_scale": args.dense_scale, "borderline_weight": args.borderline_weight}
    groupings = args.groupings.split(",")
    if not groupings or any(g not in GROUPINGS for g in groupings):
        ap.error(f"--groupings: of {', '.join(GROUPINGS)}")
    runs = {
        g: [
            cross_validate(ex, folds_of(ex, g, args.folds, r), **kw) for r in range(1 if g == "batch" else args.repeats)
        ]
        for g in groupings
    }
    for t in (0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.18, 0.2, 0.25, 0.3, 0.4, 0.5):
        at = {g: averaged(data, runs[g], t) for g in groupings}
        print(f"  at {t}: " + "; ".join(f"{g} {f['precision']:.3f} / {f['recall']:.3f}" for g, f in at.items()))
    chosen = choose_threshold(data, runs[groupings[0]], args.min_precision)
    others = {g: averaged(data, runs[g], chosen["threshold"]) for g in groupings[1:]}
    print(f"cross-validated on dev, by {groupings[0]}: {chosen}; the others at its threshold: {others}")
    model = train(ex, **kw)
    for name in (classify.WEIGHTS, "reader.json"):  # the classifier's files only: the party chooser's stay
        (args.out / name).unlink(missing_ok=True)
    model.to_disk(args.out, {})
    # the version: a hash of the weights and of the threshold (a threshold chosen anew is a new model too)
    weights = (args.out / classify.WEIGHTS).read_bytes()
    digest = hashlib.sha256(weights + f"threshold={chosen['threshold']}".encode()).hexdigest()[:8]
    meta = {
        "threshold": chosen["threshold"],
        "version": digest,
        "examples": len(ex),
        "positives": sum(e.positive for e in ex),
        "borderline": sum(e.borderline for e in ex),
        "labelled": data.labelled,
        "sentences": sum(e.extra for e in ex),
        "features": len(model.features),
        "c": args.c,
        "dense_scale": args.dense_scale,
        "borderline_weight": args.borderline_weight,
        "cross_validation": {"grouping": groupings[0], "folds": args.folds, "repeats": args.repeats, **chosen},
        "other_groupings": others,
    }
    (args.out / "reader.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
