"""Build the table of given names (`reader/enrich/given_names.txt`) from the dev part and the corpus.

    python eval/given_names.py [--orangesum /tmp/orangesum-fr] [--files 5000] [--min-files 2] [--dry-run]

Reproducible, from two sources (the test part is never read):
- the first word of every person of two words or more labelled in the `dev` part (and the seeds);
- in the first `--files` files of the corpus (sorted by name), a capitalised word just before a surname that
  the same article writes after "M.", "Mme" or "Mlle" ("Anne Hidalgo" … "Mme Hidalgo": Anne), in at least
  `--min-files` articles, and not a word of the language (the lemmatizer's tables: "Affaire", "Pour").
Neither a title, a determiner, an honorific, a known place or organisation nor a demonym is kept.

The extraction reads the table (actors.py) to tell a person's name the model glued to what comes before it
("RN Marine Le Pen", "New York Bill de Blasio") or called a place ("Kamala Harris").
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from score import load_labels, load_parts  # noqa: E402

from reader.enrich import lexicon as lx  # noqa: E402
from reader.enrich import nlp  # noqa: E402
from reader.enrich.actors import is_common_word  # noqa: E402

OUT = REPO / "reader" / "enrich" / "given_names.txt"
_WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
_TITLED = re.compile(rf"\b(?:M\.|Mme|Mlle) ({_WORD})\b")
# first words of labelled names that are no given names ("Show", "Rock"): they start a company's name too
NOT_GIVEN = {"Show", "Major", "Rock", "Park", "Line", "Pastor", "Innocent"}


def _eligible(word: str) -> bool:
    w = lx.fold(word)
    return not (
        word in NOT_GIVEN or w in lx.TITLES or w in lx.DETERMINERS or w in lx.HONORIFICS or w in lx.INSTITUTION_WORDS
        or w in lx.DAYS_MONTHS or lx.known_kind(word) or lx.demonym(word) or len(word) < 2
    )  # fmt: skip


def from_labels() -> set[str]:
    parts = load_parts(HERE / "selection.txt")
    out = set()
    for label in load_labels(HERE / "labels"):
        if label["corpus"] == "seeds" or parts.get(label["file"]) == "dev":
            for person in label.get("people", []):
                words = person.split()
                if len(words) >= 2 and re.fullmatch(_WORD, words[0]):
                    out.add(words[0])
    return out


def from_corpus(root: Path, files: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted(root.iterdir())[:files]:
        text = path.read_text(encoding="utf-8", errors="replace").replace("’", "'")
        found = set()
        for surname in set(_TITLED.findall(text)):
            for m in re.finditer(rf"(?<![\w-])({_WORD}) {re.escape(surname)}\b", text):
                found.add(m.group(1))
        counts.update(found)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orangesum", type=Path, default=Path("/tmp/orangesum-fr"))
    ap.add_argument("--files", type=int, default=5000)
    ap.add_argument("--min-files", type=int, default=2)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    language = nlp.load()
    labelled = from_labels()
    corpus = from_corpus(args.orangesum, args.files)
    names = {w for w in labelled if _eligible(w)}
    names |= {w for w, n in corpus.items() if n >= args.min_files and _eligible(w) and not is_common_word(language, w)}
    print(f"{len(labelled)} from the dev labels, {len(corpus)} from the corpus: {len(names)} given names")
    if args.dry_run:
        return
    OUT.write_text("".join(name + "\n" for name in sorted(names)), encoding="utf-8")


if __name__ == "__main__":
    main()
