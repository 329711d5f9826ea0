"""Choose the articles of the labelled set, reproducibly, from the first 5,000 OrangeSum files.

    python eval/choose.py /tmp/orangesum-fr > eval/selection.txt

240 articles that use a word of agreement (so that enough of them report one) and 80 that do not (so that
the set also measures what the extractor finds where no rule looked), then a second and a third draw of 160
more that use a word of agreement (labelled later, for more agreement sentences to learn from and to score
on), and a fourth that takes the rest of those that use one (28: of the first 5,000, 588 use a word of
agreement), each assigned to the development part or the scoring part by a hash of its name (60 / 40).
Files after the 5,000th are never read.
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
from pathlib import Path

FIRST = 5000
WITH_WORD, WITHOUT_WORD, MORE, THIRD = 240, 80, 160, 160
AGREEMENT_WORD = re.compile(
    r"\b(accords?|traité|pacte|partenariat|alliance|alliés?|déclaration commune|communiqué (?:commun|conjoint)"
    r"|cessez-le-feu|trêve|mémorandum|protocole d'accord|ont convenu|se sont entendus|sont parvenus|ont signé"
    r"|a signé|ont conclu|contrat)\b",
    re.IGNORECASE,
)


def part(name: str) -> str:
    """'dev' (rules and models may be tuned on it) or 'test' (only ever scored), fixed by the name."""
    return "dev" if hashlib.sha256(name.encode()).digest()[0] < 154 else "test"


def first_draw(with_word: list[str], without_word: list[str]) -> list[str]:
    """The first draw: WITH_WORD articles that use a word of agreement, WITHOUT_WORD that do not."""
    rng = random.Random(20261123)
    return rng.sample(with_word, WITH_WORD) + rng.sample(without_word, WITHOUT_WORD)


def main(corpus: Path) -> None:
    files = sorted(p for p in corpus.iterdir() if p.is_file())[:FIRST]
    with_word, without_word = [], []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        (with_word if AGREEMENT_WORD.search(text) else without_word).append(path.name)
    chosen = first_draw(with_word, without_word)
    rest = sorted(set(with_word) - set(chosen))
    chosen += random.Random(20261124).sample(rest, MORE)
    rest = sorted(set(with_word) - set(chosen))
    chosen += random.Random(20261125).sample(rest, THIRD)
    chosen += sorted(set(with_word) - set(chosen))  # the fourth draw: all that are left (labelled as batch 9)
    for name in sorted(chosen):
        print(name, part(name))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
