"""Which sentences report an agreement: a text classifier learned from the labelled development set
(`eval/train.py` trains it; the model ships in `reader/enrich/model/`).

A sentence is a candidate when one of its words looks like the vocabulary of agreement, alliance or
cooperation (`CANDIDATE`, wide on purpose: it only spares the parser and the classifier sentences about
nothing of the kind). Candidates are parsed (pass 2), and the classifier reads each as `features()` gives
it: its words in lower case, the named entities of the NER pass replaced by their kind and numbers by a
zero, so that what it learns is how agreements are reported ("_loc_ et _loc_ ont signé"), not who made
them on the articles it was trained on; then, from the parse, how each agreement word is used (its
relation and its head: "accord obj signer", tense and mood) and what the rules of `triggers.py` read.

The parse then gives the record its structure (parties, kind, topics) in `agreements.py`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.enrich.triggers import triggers

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

MODEL_DIR = Path(__file__).with_name("model")
LABEL = "AGREEMENT"

CANDIDATE_STEMS = (
    "accord", "conven", "convien", "conclu", "sign", "cosign", "scell", "engag", "entend", "entente",
    "partenari", "partenaire", "alli", "traité", "pacte", "pact", "déclaration", "exempt", "promi", "promet",
    "coopér", "collabor", "mémorandum", "compromis", "coalition", "fusion", "ralli", "commun", "conjoint",
    "contrat", "transig", "trêve", "cessez-le-feu", "négoci", "protocole", "union", "front", "rang", "derrière",
    "effac", "rejoin", "soutien", "associ", "deal", "arrangement", "ensemble", "main", "accéd", "accède",
    "acqui", "exclusivit", "lien", "offre", "feu vert", "approuv", "ratifi", "paraph", "valid",
)  # fmt: skip
CANDIDATE = re.compile(r"\b(?:" + "|".join(map(re.escape, CANDIDATE_STEMS)) + ")", re.IGNORECASE)

_ENTITY = {"LOC": "_loc_", "GPE": "_loc_", "ORG": "_org_", "PER": "_per_", "MISC": "_misc_"}
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def is_candidate(text: str) -> bool:
    return CANDIDATE.search(text) is not None


def features(sent: Span, parsed: Doc) -> str:
    """What the classifier reads of a sentence: its words as the NER pass saw them, and its parse."""
    return words(sent) + " " + " ".join(parse_features(parsed))


def words(sent: Span) -> str:
    """The sentence in lower case, entities as their kind, numbers as 0."""
    out: list[str] = []
    i = sent.start
    ents = {e.start: e for e in sent.ents}
    while i < sent.end:
        ent = ents.get(i)
        if ent is not None and ent.end <= sent.end:
            out.append(_ENTITY.get(ent.label_, "_misc_"))
            i = ent.end
            continue
        tok = sent.doc[i]
        if not tok.is_space:
            out.append(_DIGITS.sub("0", tok.text.lower().replace("’", "'")))
        i += 1
    return " ".join(out)


def parse_features(parsed: Doc) -> list[str]:
    """How the sentence's agreement words are used, and what the rules read in it."""
    out = []
    for tok in parsed:
        if CANDIDATE.match(tok.text) or CANDIDATE.match(tok.lemma_):
            lemma, head = tok.lemma_.lower(), tok.head.lemma_.lower()
            out += [f"_d_{lemma}_{tok.dep_}_{head}", f"_d_{lemma}_{tok.dep_}", f"_h_{head}"]
            out += [f"_t_{v}" for v in tok.morph.get("Tense", [])] + [f"_m_{v}" for v in tok.morph.get("Mood", [])]
    found = triggers(parsed)
    out += [f"_r_{t.kind}" for t in found] or ["_r_none"]
    return [f.replace(" ", "_") for f in out]


class Classifier:
    """The shipped text classifier and its decision threshold."""

    def __init__(self, path: Path = MODEL_DIR) -> None:
        import spacy

        self.nlp: Language = spacy.load(path)
        meta = json.loads((path / "reader.json").read_text(encoding="utf-8"))
        self.threshold = float(meta["threshold"])
        self.version = str(meta["version"])

    def scores(self, texts: Sequence[str], batch_size: int = 256) -> list[float]:
        """The probability that each featurised sentence reports an agreement."""
        return [doc.cats.get(LABEL, 0.0) for doc in self.nlp.pipe(texts, batch_size=batch_size)]

    def accept(self, texts: Sequence[str]) -> list[bool]:
        return [s >= self.threshold for s in self.scores(texts)]


_loaded: Classifier | None = None
_lock = threading.Lock()


def load() -> Classifier:
    """The classifier, loaded on the first call in this process."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = Classifier()
    return _loaded
