"""Score the extraction against the labelled set: agreement sentences, parties, people, actors by kind.

    python eval/score.py [--orangesum /tmp/orangesum-fr] [--part dev|dev-a|dev-b|dev-ab|test|all] [--show-errors N]
                         [--labels DIR]

Runs `reader.enrich.enrich_many` on every labelled article (read as `reader index` reads it) and compares
with `eval/labels/*.jsonl` (format in eval/README.md; `--labels DIR` reads another folder of batches, e.g. a
frozen copy, so that a before/after comparison is on the same labels). `--part dev-a` / `dev-b` score one half of
dev, split by a hash of the file name (`half`): rules are tuned on dev-a, and dev-b stands in for news never read;
`dev-ab` scores both halves in one run (a table each). Prints a table per part (and one for
the seeds, which are in dev), then one JSON line; `--show-errors N` lists N errors of each kind under each
table: PARTIES (a matched record whose parties differ), FP and FN agreement sentences, then the actors wrongly
found and missed in each article, kind by kind.

Matching, stated so the figures can be read:
- an extracted agreement matches a labelled sentence when their words mostly coincide (one contains the
  other, or a token Jaccard of 0.6 or more: sentence splitting differs at the edges); each labelled
  sentence is matched once. One matching a `borderline` sentence counts neither way.
- precision = matched extracted records / extracted records (borderline ones left out); recall = labelled
  sentences matched / labelled sentences.
- parties exactly right: of the matched records, those whose set of parties equals the label's (case,
  accents and punctuation aside). Parties right up to their names' forms (a diagnostic, not the target): each
  party the same as one of the label's, one for one, where the names differ only in form (`same_party`: an
  alias of the lexicon, "LR" and "Les Républicains"; a capital, a demonym for its country; one name's words
  inside the other's, "Scripps" and "Scripps Research"; an acronym of the other's words, "LREM" and "La
  République en marche"). Two labellers reading the same sentences agree 0.77 exactly and 0.88 up to forms
  (`eval/labellers.py`). Kind right: those of the label's kind; when right: those whose date of the
  agreement (`when`, "en mars 2016") is the label's, both none included (case, accents and punctuation aside).
- actors: names compared case-, accent- and punctuation-insensitively; per kind, precision and recall over
  (article, name) pairs.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from reader.enrich import Enrichment, enrich_many  # noqa: E402
from reader.enrich import lexicon as lx  # noqa: E402
from reader.ingest import Article, read_article  # noqa: E402
from reader.text.normalize import fold, letters  # noqa: E402

KINDS = {"people": "person", "places": "place", "organisations": "organisation"}
_WORDS = re.compile(r"\w+")


def load_labels(labels: Path) -> list[dict]:
    out = []
    for path in sorted(labels.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError as exc:
                    raise SystemExit(f"{path}:{n}: not JSON ({exc})") from exc
    return out


def load_parts(selection: Path) -> dict[str, str]:
    parts = {}
    for line in selection.read_text().splitlines():
        name, part = line.split()
        parts[name] = part
    return parts


def half(name: str) -> str:
    """The half of dev a file is in, fixed by its name: "dev-a" (read and tuned on) or "dev-b" (only scored).
    The second byte of the hash that split dev from test (`choose.py` reads the first): independent of it."""
    return "dev-a" if hashlib.sha256(name.encode()).digest()[1] < 128 else "dev-b"


def words(text: str) -> list[str]:
    return _WORDS.findall(fold(text))


def same_sentence(a: str, b: str) -> bool:
    ka, kb = letters(a), letters(b)
    if ka and kb and (ka in kb or kb in ka):
        return True
    wa, wb = set(words(a)), set(words(b))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.6


def matches(records: Any, gold: list[dict]) -> list[tuple[Any, int | None]]:
    """Each record with the labelled agreement it matches (its index in `gold`; each matched once, the first
    left that is the same sentence), or None."""
    used: set[int] = set()
    out: list[tuple[Any, int | None]] = []
    for record in records:
        hit = next((i for i, g in enumerate(gold) if i not in used and same_sentence(record.text, g["sentence"])), None)
        if hit is not None:
            used.add(hit)
        out.append((record, hit))
    return out


def same_parties(found: Any, labelled: Any) -> bool:
    """A record's parties are exactly the label's (compared as `letters`: accents, case and spacing aside)."""
    return {letters(p) for p in found} == {letters(p) for p in labelled}


@functools.lru_cache(maxsize=4096)
def _canonical(name: str) -> str:
    """A party's name as the lexicon writes it: an alias resolved ("LR" → Les Républicains, "USA" → États-Unis),
    a group made its party ("écologistes" → EELV), a capital or a demonym made its country ("Abou Dhabi",
    "Palestiniens"), then `letters`."""
    named = lx.known_name(name) or lx.GROUPS.get(fold(name)) or name
    country = lx.country_of_place(named) or next(iter(lx.demonym(named)), None)
    return letters(country or named)


def same_party(a: str, b: str) -> bool:
    """Two names of one party, their forms aside (see the module's text)."""
    if _canonical(a) == _canonical(b):
        return True
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)):
        return True
    return len(short) == 1 and len(long) > 1 and short[0] == "".join(w[0] for w in long)


def same_parties_loosely(found: Any, labelled: Any) -> bool:
    """Each party found is one of the label's, one for one, forms aside (`same_party`)."""
    found, labelled = list(dict.fromkeys(found)), list(dict.fromkeys(labelled))
    if len(found) != len(labelled):
        return False

    def match(i: int, used: frozenset[int]) -> bool:
        if i == len(found):
            return True
        free = (j for j in range(len(labelled)) if j not in used)
        return any(same_party(found[i], labelled[j]) and match(i + 1, used | {j}) for j in free)

    return match(0, frozenset())


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    matched_gold: int = 0
    matched_found: int = 0
    parties_right: int = 0
    parties_loosely: int = 0
    kind_right: int = 0
    when_right: int = 0
    errors: list[str] = field(default_factory=list)

    def add_agreements(self, file: str, label: dict, enrichment: Enrichment) -> None:
        gold = label.get("agreements", [])
        borderline = label.get("borderline", [])
        pairs = matches(enrichment.agreements, gold)
        used = {hit for _, hit in pairs if hit is not None}
        self.gold += len(gold)
        for record, hit in pairs:
            if hit is None:
                if any(same_sentence(record.text, b) for b in borderline):
                    continue
                self.found += 1
                self.errors.append(f"FP {file}: {record.text[:160]!r} {list(record.parties)}")
                continue
            self.found += 1
            self.matched_found += 1
            self.parties_loosely += same_parties_loosely(record.parties, gold[hit].get("parties", []))
            if same_parties(record.parties, gold[hit].get("parties", [])):
                self.parties_right += 1
            else:
                self.errors.append(f"PARTIES {file}: {list(record.parties)} != {gold[hit].get('parties')}")
            self.kind_right += record.kind == gold[hit].get("kind")
            if letters(record.when or "") == letters(gold[hit].get("when") or ""):
                self.when_right += 1
            else:
                self.errors.append(f"WHEN {file}: {record.when!r} != {gold[hit].get('when')!r}")
        self.matched_gold += len(used)
        for i, g in enumerate(gold):
            if i not in used:
                self.errors.append(f"FN {file}: {g['sentence'][:160]!r} {g.get('parties')}")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: dict[str, str], gold: dict[str, str]) -> tuple[list[str], list[str]]:
        """Count one article's names (compared key → name as written); the names wrongly found, and missed."""
        self.tp += len(predicted.keys() & gold.keys())
        self.fp += len(predicted.keys() - gold.keys())
        self.fn += len(gold.keys() - predicted.keys())
        return sorted(predicted[k] for k in predicted.keys() - gold.keys()), sorted(
            gold[k] for k in gold.keys() - predicted.keys()
        )

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def score(items: list[tuple[dict, Article, Enrichment]]) -> tuple[dict, list[list[str]]]:
    """The figures of a part, and its errors: agreement ones, then actor ones of each kind."""
    tally = Tally()
    actors = {kind: Counts() for kind in KINDS.values()}
    actor_errors: dict[str, list[str]] = {kind: [] for kind in KINDS.values()}
    for label, article, enrichment in items:
        tally.add_agreements(article.path, label, enrichment)
        for key, kind in KINDS.items():
            predicted = {letters(a.name): a.name for a in enrichment.actors if a.kind == kind}
            wrong, missed = actors[kind].add(predicted, {letters(n): n for n in label.get(key, [])})
            if wrong or missed:
                actor_errors[kind].append(f"{kind.upper()} {article.path}: FP {wrong} FN {missed}")
    figures = {
        "articles": len(items),
        "with_agreement": sum(1 for label, _, _ in items if label.get("agreements")),
        "agreement_sentences": tally.gold,
        "agreements_found": tally.found,
        "agreement_precision": ratio(tally.matched_found, tally.found),
        "agreement_recall": ratio(tally.matched_gold, tally.gold),
        "parties_exact": ratio(tally.parties_right, tally.matched_found),
        "parties_forms_aside": ratio(tally.parties_loosely, tally.matched_found),
        "kind_exact": ratio(tally.kind_right, tally.matched_found),
        "when_exact": ratio(tally.when_right, tally.matched_found),
    }
    for kind, counts in actors.items():
        p, r, f = counts.prf()
        figures[f"{kind}_precision"], figures[f"{kind}_recall"], figures[f"{kind}_f1"] = (
            round(p, 3),
            round(r, 3),
            round(f, 3),
        )
    return figures, [tally.errors] + [actor_errors[kind] for kind in KINDS.values()]


def table(part: str, f: dict) -> str:
    rows = [
        ("articles (with an agreement)", f"{f['articles']} ({f['with_agreement']})"),
        ("agreement sentences labelled / records extracted", f"{f['agreement_sentences']} / {f['agreements_found']}"),
        ("agreement sentences: precision / recall", f"{f['agreement_precision']:.3f} / {f['agreement_recall']:.3f}"),
        (
            "parties right: exactly / names' forms aside (of matched)",
            f"{f['parties_exact']:.3f} / {f['parties_forms_aside']:.3f}",
        ),
        ("kind right / date of the agreement right (of matched)", f"{f['kind_exact']:.3f} / {f['when_exact']:.3f}"),
    ]
    for kind in KINDS.values():
        rows.append(
            (
                f"{kind}: precision / recall / F1",
                f"{f[kind + '_precision']:.3f} / {f[kind + '_recall']:.3f} / {f[kind + '_f1']:.3f}",
            )
        )
    width = max(len(r[0]) for r in rows)
    return "\n".join([f"== {part} =="] + [f"  {name:<{width}}  {value}" for name, value in rows])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orangesum", type=Path, default=Path("/tmp/orangesum-fr"), help="the unpacked corpus")
    ap.add_argument("--part", choices=("dev", "dev-a", "dev-b", "dev-ab", "test", "all"), default="all")
    ap.add_argument(
        "--show-errors",
        type=int,
        default=0,
        metavar="N",
        help="print N errors of each kind (agreements, then actors of each kind) for each part",
    )
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--labels", type=Path, default=HERE / "labels", metavar="DIR", help="the folder of *.jsonl labels")
    args = ap.parse_args()
    parts = load_parts(HERE / "selection.txt")
    if not args.labels.is_dir():
        ap.error(f"--labels {args.labels}: not a folder")
    labels = load_labels(args.labels)
    roots = {"orangesum": args.orangesum, "seeds": REPO / "seeds"}
    chosen = []
    for label in labels:
        part = "dev" if label["corpus"] == "seeds" else parts.get(label["file"], "?")
        halves = ("dev-a", "dev-b") if args.part == "dev-ab" else (args.part,)
        if args.part in ("all", part) or (part == "dev" and half(label["file"]) in halves):
            chosen.append((part, label, read_article(roots[label["corpus"]], label["file"])))
    results = list(enrich_many((a for _, _, a in chosen), n_process=args.processes))
    by_part: dict[str, list] = defaultdict(list)
    for (part, label, article), enrichment in zip(chosen, results, strict=True):
        by_part[part].append((label, article, enrichment))
        if part == "dev":
            by_part[half(label["file"])].append((label, article, enrichment))
        by_part["all"].append((label, article, enrichment))
        if label["corpus"] == "seeds":
            by_part["seeds"].append((label, article, enrichment))
    out = {}
    shown = {"all": ("dev", "test", "all"), "dev-ab": ("dev-a", "dev-b")}.get(args.part, (args.part,))
    for part in ("dev", "dev-a", "dev-b", "test", "all", "seeds"):
        if part in by_part and (part in shown or part == "seeds"):
            figures, errors = score(by_part[part])
            out[part] = figures
            print(table(part, figures))
            for group in errors:
                for line in group[: args.show_errors]:
                    print("   ", line)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
