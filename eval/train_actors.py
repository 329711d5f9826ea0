"""Train the keeper of organisations or places (`reader/enrich/keeper.py`) on the dev part, cross-validated by
article.

    python eval/train_actors.py [--kind organisation|place] [--orangesum /tmp/orangesum-fr] [--cache FILE] [--write]
    python eval/train_actors.py --train-part dev-a --eval-part dev-b [--write --out FILE]

Without `--kind`, both shipped kinds in turn (organisations, then places): `--write` refits the whole model.

Every actor of the kind that the rules find in a dev article (`actors.extract`: the keeper runs after it) is an
example, positive when the article's label lists it among its organisations (or places; compared as `score.py`
compares names) under its name or a form the article writes it in (its acronym: `_forms`). A logistic regression
(L2, L-BFGS from zeros, scipy) is fitted on their features (`keeper.features`). Cross-validated by article (5
folds, 3 repeats), each threshold is scored by the organisations' precision, recall and F1 over all of dev's
labelled organisations (a name the rules never find stays missed); the best F1 is the shipped threshold.
`--train-part`/`--eval-part` fit on one half of dev and score the other (dev-a and dev-b, as `score.half` splits
them), no cross-validation (with `--write`, a trial keeper at the threshold `--threshold`, to run `score.py` with).
`--write` fits on all of dev and writes the kind's keeper into `reader/enrich/model/actors.json`, whose version (a
hash of every kind's) enters the extraction version. The dev passes are those of `train_parties.parsed_dev` (its
`--cache` is shared)."""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from score import half  # noqa: E402
from train_parties import design_rows, fit, parsed_dev  # noqa: E402

from reader.enrich import keeper  # noqa: E402
from reader.enrich.actors import ActorInfo  # noqa: E402
from reader.text.normalize import letters  # noqa: E402

C = 1.0  # 0.1, 0.3, 1, 3 tried: 1 and 3 best, alike
LABEL_KEYS = {"organisation": "organisations", "place": "places", "person": "people"}
SHIPPED = ("organisation", "place")
TRIAL = {"organisation": 0.4, "place": 0.55}  # a trial keeper's thresholds: the shipped ones (best cross-validated F1)
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)


@dataclass
class Article:
    file: str
    feats: list[set[str]]  # one per actor of the kind that the rules find and the keeper judges
    names: list[str]
    gold: set[str]  # letters() of the label's organisations (or places)
    labelled: list[bool]  # one per actor: the label lists it under its name or a form the article writes it in
    always: set[str]  # letters() of those the keeper never judges (media and agencies of the tables)


def articles(arts: list[dict], kind: str = "organisation") -> list[Article]:
    out = []
    for art in arts:
        found = [a for a in art["infos"] if a.kind == kind]
        judged = [a for a in found if not keeper.table_medium(a)]
        gold = {letters(n) for n in art["label"].get(LABEL_KEYS[kind], [])}
        out.append(
            Article(
                art["label"]["file"],
                [keeper.features(a, art["text"]) for a in judged],
                [a.name for a in judged],
                gold,
                [bool(_forms(a, art["text"]) & gold) for a in judged],
                {letters(a.name) for a in found if keeper.table_medium(a)},
            )
        )
    return out


def _forms(a: ActorInfo, text: str) -> set[str]:
    """letters() of an actor's name and of each form its mentions write it in: "CEESAR" for "Centre européen
    d'étude de sécurité et d'analyse des risques", whose acronym the article gives and the label uses. The
    keeper judges whether the actor is one (an organisation acting in the story), not which of its names the
    label chose."""
    return {letters(a.name)} | {letters(text[s:e]) for s, e in a.spans}


def prf(arts: list[Article], kept: list[list[bool]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for a, keep in zip(arts, kept, strict=True):
        found = {letters(n) for n, k in zip(a.names, keep, strict=True) if k} | a.always
        tp += len(found & a.gold)
        fp += len(found - a.gold)
        fn += len(a.gold - found)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def fitted(train: list[Article], c: float) -> keeper.Keeper:
    rows = [(f, y) for a in train for f, y in zip(a.feats, a.labelled, strict=True)]
    x, y, voc = design_rows(rows)
    w, b = fit(x, y, c)
    return keeper.Keeper({f: float(w[i]) for f, i in voc.items()}, b, 0.0)


def scores(m: keeper.Keeper, arts: list[Article]) -> list[list[float]]:
    return [[m.score(f) for f in a.feats] for a in arts]


def table(arts: list[Article], sc: list[list[float]]) -> dict[float, tuple[float, float, float]]:
    return {t: prf(arts, [[s >= t for s in row] for row in sc]) for t in THRESHOLDS}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orangesum", type=Path, default=Path("/tmp/orangesum-fr"))
    ap.add_argument("--cache", type=Path, default=None, help="the dev part's passes (train_parties.py's cache)")
    ap.add_argument("--c", type=float, default=C)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--train-part", choices=("dev-a", "dev-b"), default=None)
    ap.add_argument("--eval-part", choices=("dev-a", "dev-b"), default=None)
    # people: measured, not shipped (no gain: eval/README.md, "A learned keeper")
    ap.add_argument("--kind", choices=("shipped", "organisation", "place", "person"), default="shipped",
                    help="the kind of actor; shipped: organisations, then places")  # fmt: skip
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--out", type=Path, default=keeper.MODEL, help="where --write writes (a trial: elsewhere)")
    ap.add_argument("--threshold", type=float, default=None, help="a trial keeper's threshold (else the shipped one)")
    args = ap.parse_args()
    passes = parsed_dev(args.orangesum, args.cache)
    for kind in SHIPPED if args.kind == "shipped" else (args.kind,):
        run(kind, passes, args)


def run(kind: str, passes: list[dict], args: argparse.Namespace) -> None:
    arts = articles(passes, kind)
    n = sum(len(a.names) for a in arts)
    print(f"{n} {kind}s found in {len(arts)} dev articles; {sum(len(a.gold) for a in arts)} labelled")
    base = prf(arts, [[True] * len(a.names) for a in arts])
    print(f"  all kept: {base[0]:.3f} / {base[1]:.3f} / {base[2]:.3f}")
    if args.train_part and args.eval_part:
        train = [a for a in arts if half(a.file) == args.train_part]
        test = [a for a in arts if half(a.file) == args.eval_part]
        m = fitted(train, args.c)
        b = prf(test, [[True] * len(a.names) for a in test])
        print(
            f"fitted on {args.train_part}, applied to {args.eval_part} (all kept {b[0]:.3f} / {b[1]:.3f} / {b[2]:.3f}):"
        )
        for t, (p, r, f) in table(test, scores(m, test)).items():
            print(f"  at {t}: {p:.3f} / {r:.3f} / {f:.3f}")
        if args.write:  # a trial: the keeper of the training half, at the threshold chosen on all dev
            write(kind, m, args.threshold or TRIAL[kind], len(train), args.c, args.out)
        return
    runs: dict[float, list[tuple[float, float, float]]] = {t: [] for t in THRESHOLDS}
    for rep in range(args.repeats):
        order = list(range(len(arts)))
        random.Random(rep).shuffle(order)
        fold_of = {i: k % args.folds for k, i in enumerate(order)}
        sc: list[list[float]] = [[] for _ in arts]
        for k in range(args.folds):
            m = fitted([a for i, a in enumerate(arts) if fold_of[i] != k], args.c)
            for i, a in enumerate(arts):
                if fold_of[i] == k:
                    sc[i] = [m.score(f) for f in a.feats]
        for t, v in table(arts, sc).items():
            runs[t].append(v)
    print(f"cross-validated by article ({args.folds} folds, {args.repeats} repeats), precision / recall / F1:")
    mean = {t: tuple(float(np.mean([v[j] for v in vs])) for j in range(3)) for t, vs in runs.items()}
    for t, (p, r, f) in mean.items():
        print(f"  at {t}: {p:.3f} / {r:.3f} / {f:.3f}")
    best = max(THRESHOLDS, key=lambda t: mean[t][2])
    print(
        json.dumps(
            {
                "c": args.c,
                "threshold": best,
                "cv": [round(v, 3) for v in mean[best]],
                "all_kept": [round(v, 3) for v in base],
            }
        )
    )
    if args.write:
        write(kind, fitted(arts, args.c), best, n, args.c, args.out)


def write(kind: str, m: keeper.Keeper, threshold: float, examples: int, c: float, path: Path) -> None:
    """The kind's keeper as the extraction reads it (its weights rounded, the zero ones left out, its bias and
    threshold), beside the other kinds' in the file; the file's version is a hash of them all."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"kinds": {}}
    weights = {f: round(w, 6) for f, w in sorted(m.weights.items()) if round(w, 6) != 0.0}
    data["kinds"][kind] = {
        "c": c,
        "examples": examples,
        "threshold": threshold,
        "bias": round(m.bias, 6),
        "weights": weights,
    }
    body = json.dumps(data["kinds"], ensure_ascii=False, sort_keys=True)
    data["version"] = hashlib.sha256(body.encode()).hexdigest()[:8]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote the {kind} keeper into {path}: {len(weights)} weights, version {data['version']}")


if __name__ == "__main__":
    main()
