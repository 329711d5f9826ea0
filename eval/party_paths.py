"""Parties exactly right on the two halves of dev, by the path `agreements.find` took to each record's parties.

    python eval/party_paths.py [--orangesum /tmp/orangesum-fr] [--cache FILE] [--show-errors N]

Dev is split in two by a hash of the file name (`score.half`): dev-a is read and tuned on, dev-b stands in for news
never read and is only scored (its errors are never printed). The passes of dev (actors, affiliations, the candidate
sentences the classifier accepts, parsed: `train_parties.parsed_dev`) are computed once and kept in `--cache`, so that
a change of the party rules (`parties.py`) is measured in seconds on the same agreements; a change of the actors, the
triggers or the classifier needs a new cache. Records are matched to labelled sentences as `score.py` matches them.

The path of a record is read by watching `find` (its calls to `parties.py`), not by a copy of it:
- `between`: an agreement noun's own "entre X et Y", or a name set beside another as its ally or partner;
- `trigger`: a trigger the rules parse names two parties or more (`+recent`: with the agreement just before);
- `main`: no trigger parsed, the main clause names two or more (`+recent`: with the agreement just before);
- `fill1` / `fill0`: the main clause or the trigger names one / none, the article's protagonists complete it;
- `borrow`: the sentence names none, it takes the parties of the agreement beside it;
- `one`, `none`: the record is left with one party / none.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from score import half, matches, same_parties  # noqa: E402
from train_parties import parsed_dev  # noqa: E402

from reader.enrich import agreements  # noqa: E402
from reader.enrich import parties as pt  # noqa: E402

Trace = dict[int, dict[str, Any]]


def traced_find(art: dict) -> tuple[tuple, Trace]:
    """`agreements.find` on one article, and for each sentence (by its offset) what its steps gave."""
    trace: Trace = defaultdict(dict)
    current = {"offset": -1}
    originals = {
        "SentenceActors": pt.SentenceActors,
        "_parties": agreements._parties,
        "main_clause_parties": pt.main_clause_parties,
        "between_parties": pt.between_parties,
        "recent": pt.recent,
        "complete": pt.Protagonists.complete,
    }

    class Watched(originals["SentenceActors"]):  # type: ignore[misc,valid-type]
        def __init__(self, offset: int, *args: Any) -> None:
            current["offset"] = offset
            super().__init__(offset, *args)

    def watch(name: str, original: Any) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            out = original(*args, **kwargs)
            trace[current["offset"]].setdefault(name, []).append(out)
            return out

        return wrapped

    def complete(self: pt.Protagonists, parties: list[str]) -> list[str]:
        out = originals["complete"](self, parties)
        trace[current["offset"]]["complete"] = (list(parties), out)
        return out

    pt.SentenceActors = Watched  # type: ignore[misc]
    agreements._parties = watch("_parties", originals["_parties"])
    pt.main_clause_parties = watch("main_clause_parties", originals["main_clause_parties"])
    pt.between_parties = watch("between_parties", originals["between_parties"])
    pt.recent = watch("recent", originals["recent"])
    pt.Protagonists.complete = complete  # type: ignore[method-assign]
    try:
        records = agreements.find(art["parsed"], art["infos"], art["aff"], art["text"], art["date"])
    finally:
        pt.SentenceActors = originals["SentenceActors"]  # type: ignore[misc]
        agreements._parties = originals["_parties"]
        pt.main_clause_parties = originals["main_clause_parties"]
        pt.between_parties = originals["between_parties"]
        pt.recent = originals["recent"]
        pt.Protagonists.complete = originals["complete"]  # type: ignore[method-assign]
    return records, trace


def path(record: Any, steps: dict[str, Any]) -> str:
    between = steps.get("between_parties", [[]])[-1]
    if len(between) >= 2:
        return "between"
    completed = steps.get("complete")
    given, out = completed if completed else (None, None)
    if given is not None and set(record.parties) != set(out):
        return "borrow"
    if given is not None and len(given) < 2:
        if len(out) > len(given):
            return f"fill{len(given)}"
        return "one" if out else "none"
    if given is None and len(record.parties) < 2:  # the sentence says who without a name: no fill-in
        return "one" if record.parties else "none"
    recent = any(steps.get("recent", []))
    if "main_clause_parties" in steps:
        return "main+recent" if recent else "main"
    return "trigger+recent" if recent else "trigger"


def measure(arts: list[dict]) -> tuple[dict[str, dict[str, list[int]]], list[str]]:
    """{half: {path: [records, right]}}, and the wrong records of dev-a."""
    table: dict[str, dict[str, list[int]]] = {
        "dev-a": defaultdict(lambda: [0, 0]),
        "dev-b": defaultdict(lambda: [0, 0]),
    }
    errors = []
    for art in arts:
        label = art["label"]
        h = half(label["file"])
        records, trace = traced_find(art)
        gold = label.get("agreements", [])
        for r, hit in matches(records, gold):
            if hit is None:
                continue
            p = path(r, trace.get(r.start, {}))
            ok = same_parties(r.parties, gold[hit].get("parties", []))
            for key in (p, "all"):
                table[h][key][0] += 1
                table[h][key][1] += ok
            if h == "dev-a" and not ok:
                errors.append(
                    f"{p:14} {label['file']}: {list(r.parties)} != {gold[hit].get('parties')}\n    {r.text[:300]}"
                )
    return table, errors


ORDER = ("between", "trigger", "trigger+recent", "main", "main+recent", "fill1", "fill0", "borrow", "one", "none")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orangesum", type=Path, default=Path("/tmp/orangesum-fr"))
    ap.add_argument("--cache", type=Path, default=None, help="keep the dev part's passes in this pickle")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N wrong records of dev-a")
    args = ap.parse_args()
    table, errors = measure(parsed_dev(args.orangesum, args.cache))
    print(f"{'path':16} {'dev-a':>14} {'dev-b':>14}")
    for key in (*ORDER, "all"):
        cells = []
        for h in ("dev-a", "dev-b"):
            n, ok = table[h].get(key, [0, 0])
            cells.append(f"{ok:>3}/{n:<3} {ok / n:.2f}" if n else f"{'-':>14}")
        print(f"{key:16} {cells[0]:>14} {cells[1]:>14}")
    for line in errors[: args.show_errors]:
        print(line)


if __name__ == "__main__":
    main()
