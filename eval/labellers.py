"""How far two labellers agree on the parties of the same agreement sentences: the ceiling of "parties exactly
right".

    python eval/labellers.py [--blind eval/labellers/blind-1.jsonl] [--show]

`labellers/blind-1.jsonl` holds the parties a second reader gave to 120 labelled agreement sentences of dev
(drawn at random, seed 24, from the 398 of dev's labels), by ANNOTATION.md, with the article at hand but
neither the labels nor the extractor's records. Each line: {"file", "sentence", "parties", "kind",
"agreement" (false where the second reader saw no agreement), "note"}. Compared with `labels/` as `score.py`
compares a record with its label: exactly (`same_parties`) and up to the names' forms (`same_parties_loosely`).
`--show` prints the sentences where they differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from score import load_labels, same_parties, same_parties_loosely, same_sentence  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--blind", type=Path, default=HERE / "labellers" / "blind-1.jsonl")
    ap.add_argument("--labels", type=Path, default=HERE / "labels")
    ap.add_argument("--show", action="store_true", help="print the sentences where the two differ")
    args = ap.parse_args()
    by_file: dict[str, list[dict]] = {}
    for label in load_labels(args.labels):
        by_file.setdefault(label["file"], []).extend(label.get("agreements", []))
    rows = [json.loads(line) for line in args.blind.read_text(encoding="utf-8").splitlines() if line.strip()]
    exact = loose = agreed = 0
    for row in rows:
        gold = next((g for g in by_file.get(row["file"], []) if same_sentence(g["sentence"], row["sentence"])), None)
        if gold is None:
            raise SystemExit(f"{row['file']}: no labelled agreement sentence {row['sentence'][:60]!r}")
        agreed += bool(row.get("agreement", True))
        same = same_parties(row["parties"], gold.get("parties", []))
        exact += same
        loose += same_parties_loosely(row["parties"], gold.get("parties", []))
        if args.show and not same:
            print(f"{row['file']}: label {gold.get('parties')} / second {row['parties']}: {row['sentence'][:80]!r}")
    n = len(rows)
    figures = {
        "sentences": n,
        "agreement_too": round(agreed / n, 3),
        "parties_exact": round(exact / n, 3),
        "parties_forms_aside": round(loose / n, 3),
    }
    print(f"sentences {n}; the second reader sees an agreement in {agreed}")
    print(f"parties the same: exactly {exact} ({exact / n:.3f}), up to the names' forms {loose} ({loose / n:.3f})")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
