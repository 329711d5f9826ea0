"""Train the party chooser (`reader/enrich/chooser.py`) on the dev part, cross-validated by article.

    python eval/train_parties.py [--orangesum /tmp/orangesum-fr] [--folds 5] [--repeats 3] [--c 0.1]
    python eval/train_parties.py --train-batches 0-9 --eval-batches 10-14 [--c 0.1] [--show-errors N]

Every record of a dev article that matches a labelled agreement sentence (as `score.py` matches them) and
whose parties the rules do not settle by structure (`parties.settled`) gives its candidates
(`party_chooser.candidates`), each positive when the label names it. A logistic regression (L2, L-BFGS from zeros,
scipy) is fitted on them; its threshold and the score at which the best two are kept are chosen on the
training folds. Prints, averaged over the repeats of k folds by article, the parties exactly right of the
records the chooser decides and of all matched records, against the rules' on the same records (tuned on
dev: not cross-validated). Deterministic: fixed order, a fixed shuffle of the articles per repeat. The
chooser is not shipped (eval/README.md, "Parties, enrich-28").

With `--train-batches` and `--eval-batches` (batch numbers of eval/labels/batch-N.jsonl, e.g. "0-9", "10-14",
"0,2,5-7") it is not cross-validated: it is fitted and tuned on the dev records of the training batches only and
applied to those of the evaluation batches, against the rules on exactly the same records (a comparison out of
sample for both when the rules were never tuned on the evaluation batches). Two modes are printed: as tuned (the
threshold and the score of the second, chosen on the training batches; records where it keeps fewer than two left
to the rules) and always its best two. `--show-errors N` prints the error classes of the rules on the evaluation
batches' matched records (as in eval/README.md, "Parties, enrich-31") and N examples of each.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import party_chooser as chooser  # noqa: E402
from score import load_parts, matches  # noqa: E402

from reader.enrich import actors, agreements, nlp, pipeline  # noqa: E402
from reader.enrich import chooser as shipped  # noqa: E402
from reader.enrich import parties as pt  # noqa: E402
from reader.ingest import read_article  # noqa: E402
from reader.text.normalize import letters  # noqa: E402

C = 0.1  # inverse strength of the L2 penalty (0.1, 0.3, 1, 3 tried: 0.1 best)


@dataclass
class Example:
    article: int
    cands: list[chooser.Candidate]
    gold: set[str]  # letters() of the label's parties
    rules: list[str]  # the parties the extraction gives the record today
    post: object  # how the extraction finishes a choice: (pdoc, sp, protagonists), for chooser.decide


def parsed_dev(orangesum: Path, cache: Path | None) -> list[dict]:
    """Each dev article's passes: actors, affiliations and the candidates the classifier accepts; "batch" is the
    number of its labels' file (eval/labels/batch-N.jsonl)."""
    if cache is not None and cache.exists():
        return pickle.loads(cache.read_bytes())
    parts = load_parts(HERE / "selection.txt")
    roots = {"orangesum": orangesum, "seeds": REPO / "seeds"}
    chosen = [
        (label, read_article(roots[label["corpus"]], label["file"]), batch)
        for label, batch in labels_by_batch(HERE / "labels")
        if label["corpus"] == "seeds" or parts.get(label["file"]) == "dev"
    ]
    items = pipeline._items([a for _, a, _ in chosen])
    language = nlp.load()
    out = []
    for b in range(0, len(items), 32):
        batch = items[b : b + 32]
        docs = list(nlp.pass1((pipeline._norm(t) for t, _, _ in batch), batch_size=nlp.PASS1_BATCH))
        by_doc = pipeline._parse_candidates([list(d.sents) for d in docs])
        for di, doc in enumerate(docs):
            text, date, _ = batch[di]
            infos, aff = actors.extract(language, doc, text)
            out.append(
                {"label": chosen[b + di][0], "batch": chosen[b + di][2], "text": text, "date": date,
                 "infos": infos, "aff": aff, "parsed": by_doc.get(di, [])}
            )  # fmt: skip
    if cache is not None:
        cache.write_bytes(pickle.dumps(out))
    return out


def labels_by_batch(labels: Path) -> list[tuple[dict, int]]:
    """Every label with the number of its file, in `score.load_labels`' order."""
    out = []
    for path in sorted(labels.glob("*.jsonl")):
        batch = int(path.stem.rsplit("-", 1)[1])
        out += [(json.loads(line), batch) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def batches(spec: str) -> set[int]:
    """ "0-9", "10-14", "0,2,5-7" → the batch numbers."""
    out: set[int] = set()
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out |= set(range(int(lo), int(hi or lo) + 1))
    return out


def examples(arts: list[dict], errors: list | None = None) -> tuple[list[Example], int, int]:
    """The chooser's examples, and the matched records the rules settle (how many, how many right)."""
    out: list[Example] = []
    settled = settled_right = 0
    for ai, art in enumerate(arts):
        records = rules_only(art)
        actor_at = pt.positions(art["infos"], art["text"])
        protagonists = pt.Protagonists(art["infos"], art["aff"])
        by_start = {offset: (si, pdoc) for si, offset, pdoc in art["parsed"]}
        gold = art["label"].get("agreements", [])
        last: tuple[int, list[str]] | None = None
        for r, hit in matches(records, gold):
            si, pdoc = by_start[r.start]
            before, last = last, (si, list(r.parties))
            if hit is None:
                continue
            want = {letters(p) for p in gold[hit].get("parties", [])}
            sp = pt.SentenceActors(r.start, actor_at, art["aff"])
            if errors is not None:
                errors.append((art["label"]["file"], r.text, list(r.parties), gold[hit].get("parties", []), art))
            rules = chooser.unsettled(pdoc, sp)
            if rules is None:
                settled += 1
                settled_right += {letters(p) for p in r.parties} == want
                continue
            cands = chooser.candidates(pdoc, sp, rules, si == 0, pt.recent(si, before))
            out.append(Example(ai, cands, want, list(r.parties), (pdoc, sp, protagonists)))
    return out, settled, settled_right


def rules_only(art: dict) -> tuple:
    """The article's records as the rules alone give them (the shipped chooser left out)."""
    saved = shipped.load
    shipped.load = lambda *_: None  # type: ignore[assignment]
    try:
        return agreements.find(art["parsed"], art["infos"], art["aff"], art["text"], art["date"])
    finally:
        shipped.load = saved  # type: ignore[assignment]


def design(exs: list[Example], vocabulary: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
    return design_rows([(c.features, letters(c.name) in e.gold) for e in exs for c in e.cands], vocabulary)


def design_rows(rows: list[tuple[set[str], bool]], vocabulary: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
    """The sparse design matrix of (features, positive) rows, its targets, and the vocabulary (built from the
    rows, in order, when none is given)."""
    from scipy.sparse import csr_matrix

    if vocabulary is None:
        vocabulary = {}
        for feats, _ in rows:
            for f in sorted(feats):
                vocabulary.setdefault(f, len(vocabulary))
    cols: list[int] = []
    rix: list[int] = []
    for n, (feats, _) in enumerate(rows):
        for f in feats:
            if f in vocabulary:
                rix.append(n)
                cols.append(vocabulary[f])
    x = csr_matrix((np.ones(len(rix)), (rix, cols)), shape=(len(rows), len(vocabulary)))
    return x, np.array([1.0 if y else 0.0 for _, y in rows]), vocabulary


def fit(x, y, c: float = C) -> tuple[np.ndarray, float]:  # type: ignore[no-untyped-def]
    from scipy.optimize import minimize

    def loss(wb: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = wb[:-1], wb[-1]
        z = x @ w + b
        p = 1 / (1 + np.exp(-z))
        eps = 1e-12
        value = -np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + 0.5 / c * w @ w
        g = p - y
        return value, np.concatenate([x.T @ g + w / c, [g.sum()]])

    res = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return res.x[:-1], float(res.x[-1])


def model(w: np.ndarray, b: float, vocabulary: dict[str, int]) -> shipped.Chooser:
    """The fitted weights as the extraction reads them."""
    return shipped.Chooser({f: float(w[i]) for f, i in vocabulary.items()}, b, "cv")


def chosen(e: Example, m: shipped.Chooser) -> list[str]:
    """The record's parties as the extraction gives them with chooser `m`: its choice finished, or the rules'
    where it has fewer than two."""
    pdoc, sp, protagonists = e.post  # type: ignore[misc]
    parties, _ = shipped.decide(m, e.cands, pdoc, sp, protagonists)
    return parties if len(parties) >= 2 else e.rules


def right(e: Example, parties: list[str]) -> bool:
    return {letters(p) for p in parties} == e.gold


def cross_validate(exs: list[Example], n_articles: int, folds: int, repeats: int, c: float) -> tuple[float, float]:
    chooser_right = rules_right = 0
    for rep in range(repeats):
        order = list(range(n_articles))
        random.Random(rep).shuffle(order)
        fold_of = {a: k % folds for k, a in enumerate(order)}
        for k in range(folds):
            train = [e for e in exs if fold_of[e.article] != k]
            x, y, voc = design(train)
            m = model(*fit(x, y, c), voc)
            for e in exs:
                if fold_of[e.article] == k:
                    chooser_right += right(e, chosen(e, m))
                    rules_right += right(e, e.rules)
    n = len(exs) * repeats
    return chooser_right / n, rules_right / n


def error_class(found: list[str], labelled: list[str]) -> str:
    """A record's first class of error, as in eval/README.md ("Parties, enrich-31")."""
    f, g = {letters(p) for p in found}, {letters(p) for p in labelled}
    if f == g:
        return "right"
    if not g:
        return "parties where the label has none"
    if not f:
        return "none where the label has some"
    extra, missing = f - g, g - f
    if extra and missing and all(any(a in b or b in a for b in missing) for a in extra):
        paired = {b for a in extra for b in missing if a in b or b in a}
        if paired == missing:
            return "a name's form"
    if not extra:
        return "one party where the label has two or more" if len(f) == 1 else "a party missing"
    if not missing:
        return "a party too many"
    if len(extra) == 1 and len(missing) == 1:
        return "another party for one of the label's"
    return "several wrong"


def show_errors(errors: list, n: int) -> None:
    from collections import Counter

    classes = [(error_class(found, want), file, text, found, want, art) for file, text, found, want, art in errors]
    counts = Counter(c for c, *_ in classes)
    print(f"rules' error classes on the evaluation batches ({len(classes)} matched records):")
    for c, k in counts.most_common():
        print(f"  {k:4d}  {c}")
    for c, _ in counts.most_common():
        if c == "right":
            continue
        print(f"== {c} ==")
        for _, file, text, found, want, art in [x for x in classes if x[0] == c][:n]:
            names = {letters(i.name) for i in art["infos"]} | {letters(p) for p in art["aff"].values()}
            where = ["actor" if letters(p) in names else ("in sentence" if letters(p) in letters(text) else "-")
                     for p in want if letters(p) not in {letters(x) for x in found}]  # fmt: skip
            print(f"  {file}: {found} != {want} (missed: {where}) {text[:200]!r}")


def sign_p(gains: int, losses: int) -> float:
    """Two-sided sign test of gains against losses (the records where only one of the two is right)."""
    from math import comb

    n, k = gains + losses, min(gains, losses)
    return min(1.0, 2 * sum(comb(n, i) for i in range(k + 1)) / 2**n) if n else 1.0


def held_out(arts: list[dict], train_b: set[int], eval_b: set[int], c: float, n_errors: int) -> None:
    """Fit and tune on the training batches, apply to the evaluation batches, against the rules there."""
    if any("batch" not in a for a in arts):
        raise SystemExit("the --cache pickle predates batch numbers: give a new --cache file")
    train_arts = [a for a in arts if a["batch"] in train_b]
    eval_arts = [a for a in arts if a["batch"] in eval_b]
    train, _, _ = examples(train_arts)
    errors: list = []
    test, settled, settled_right = examples(eval_arts, errors)
    x, y, voc = design(train)
    m = model(*fit(x, y, c), voc)
    reach = sum(1 for e in test if e.gold <= {letters(k.name) for k in e.cands}) / max(1, len(test))
    print(f"trained on batches {sorted(train_b)}: {len(train)} records ({len(train_arts)} articles), C {c}")
    print(f"evaluated on batches {sorted(eval_b)} ({len(eval_arts)} articles): {settled + len(test)} matched "
          f"records, {settled} settled by structure ({settled_right} right), {len(test)} the chooser's (the "
          f"label's parties all among its candidates for {reach:.2f})")  # fmt: skip
    rules = sum(right(e, e.rules) for e in test)
    total = settled + len(test)
    print(f"  rules:   chooser's records {rules}/{len(test)}, all matched "
          f"{settled_right + rules}/{total} = {(settled_right + rules) / max(1, total):.3f}")  # fmt: skip
    won = [right(e, chosen(e, m)) for e in test]
    got = sum(won)
    gains = sum(1 for e, ok in zip(test, won, strict=True) if ok and not right(e, e.rules))
    losses = sum(1 for e, ok in zip(test, won, strict=True) if not ok and right(e, e.rules))
    print(f"  chooser: chooser's records {got}/{len(test)}, all matched "
          f"{settled_right + got}/{total} = {(settled_right + got) / max(1, total):.3f}; right where the "
          f"rules are wrong {gains}, wrong where they are right {losses} "
          f"(sign test p {sign_p(gains, losses):.2f})")  # fmt: skip
    if n_errors:
        show_errors(errors, n_errors)


def write(exs: list[Example], c: float, path: Path = shipped.MODEL) -> None:
    """Fit on every example of dev and write the shipped chooser: its features' weights (rounded, the zero ones
    left out), its bias, and a version (a hash of both) that enters the extraction version."""
    import hashlib

    x, y, voc = design(exs)
    w, b = fit(x, y, c)
    weights = {f: round(float(w[i]), 6) for f, i in sorted(voc.items()) if round(float(w[i]), 6) != 0.0}
    body = json.dumps({"bias": round(b, 6), "weights": weights}, ensure_ascii=False, sort_keys=True)
    version = hashlib.sha256(body.encode()).hexdigest()[:8]
    out = {"version": version, "c": c, "examples": len(exs), "bias": round(b, 6), "weights": weights}
    path.write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(weights)} weights from {len(exs)} records, version {version}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orangesum", type=Path, default=Path("/tmp/orangesum-fr"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--c", type=float, default=C)
    ap.add_argument("--cache", type=Path, default=None, help="keep the dev part's passes in this pickle")
    ap.add_argument("--train-batches", default=None, help='fit on these batches only, e.g. "0-9"')
    ap.add_argument("--eval-batches", default=None, help='and apply to these, e.g. "10-14" (no cross-validation)')
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="the rules' error classes there")
    ap.add_argument("--write", action="store_true", help="fit on all of dev and write reader/enrich/model/parties.json")
    args = ap.parse_args()
    arts = parsed_dev(args.orangesum, args.cache)
    if (args.train_batches is None) != (args.eval_batches is None):
        ap.error("--train-batches and --eval-batches go together")
    if args.train_batches is not None:
        held_out(arts, batches(args.train_batches), batches(args.eval_batches), args.c, args.show_errors)
        return
    exs, settled, settled_right = examples(arts)
    if args.write:
        write(exs, args.c)
    reach = sum(1 for e in exs if e.gold <= {letters(c.name) for c in e.cands}) / max(1, len(exs))
    print(f"settled by the rules: {settled} records, {settled_right} right; chooser: {len(exs)} records "
          f"(the label's parties all among the candidates for {reach:.2f})")  # fmt: skip
    cv_chooser, cv_rules = cross_validate(exs, len(arts), args.folds, args.repeats, args.c)
    total = settled + len(exs)
    everything = (settled_right + cv_chooser * len(exs)) / total
    rules = (settled_right + cv_rules * len(exs)) / total
    print(
        f"cross-validated ({args.repeats} x {args.folds} folds by article): on the chooser's records "
        f"{cv_chooser:.3f} (rules {cv_rules:.3f}); all matched records {everything:.3f} (rules {rules:.3f})"
    )


if __name__ == "__main__":
    main()
