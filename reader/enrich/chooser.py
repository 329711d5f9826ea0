"""Who the parties of an agreement are, where the structure of its sentence does not say: a learned chooser.

Where the rules settle the parties by structure (an agreement noun's own "entre X et Y", or a trigger whose
subject and complements name two parties or more), they keep them. Elsewhere (a participle's "conçu en
collaboration avec Y", a partnership stated without its subject, "ils ont signé") every possible party is a
candidate: each party the sentence names (an actor, a group, a demonym), the article's three most mentioned
actors, the parties of the agreement just before; each is described by what it is and where it stands towards
the agreement word (`candidates`), a logistic regression scores them (`model/parties.json`, fitted on the
dev part by `eval/train_parties.py --write`), and the record takes the best two, or as many as the sentence
says (`Chooser.parties`, `decide`). Measured out of sample in eval/README.md ("Parties, enrich-36"). Plain
Python on the parse: no spaCy call, no numpy.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.enrich import lexicon as lx
from reader.enrich import parties as pt
from reader.enrich.parties import SentenceActors
from reader.enrich.triggers import triggers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MODEL = Path(__file__).with_name("model") / "parties.json"

_QUOTES = {'"', "«", "»", "“", "”"}


@dataclass
class Candidate:
    """A possible party, with the features of where the sentence (or the article) names it."""

    name: str
    features: set[str] = field(default_factory=set)
    first: int = 10_000  # the token index of its first mention in the sentence (10,000: not in it)
    speaker: bool = False  # named only as who says the sentence or what describes them: never a party

    @property
    def named(self) -> bool:
        """Named by the sentence, or a party of the agreement just before that it refers back to."""
        return self.first < 10_000 or "recent" in self.features


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def _top(tok: Token, ends: set[int]) -> Token:
    """The token of a name that the rest of the sentence hangs from (the name's own words climbed)."""
    top = tok
    for _ in range(6):
        if top.head.i == top.i or top.head.i not in ends:
            break
        top = top.head
    return top


def _mention_features(tok: Token, span: set[int], sp: SentenceActors, agreement: list[Token]) -> set[str]:
    """What a mention is and where it stands: its relation, its case word, its head, its clause, its place
    towards the sentence's agreement words."""
    doc = tok.doc
    top = _top(tok, span)
    f = {f"dep={top.dep_}"}
    cases = [c.lower_ for c in top.children if c.dep_ == "case"]
    f.add(f"case={cases[0] if cases else '-'}")
    head = top.head
    f.add(f"head_pos={head.pos_}")
    if head.i == top.i:
        f.add("root")
    hl = head.lemma_.lower()
    if pt.agreement_word(head):
        f.add("head_agreement")
        f.add(f"dep_case_agr={top.dep_}_{cases[0] if cases else '-'}")
    if hl in pt.SAYING:
        f.add("head_saying")
    if hl in pt.RELATIVES:
        f.add("head_relative")
    if hl in pt.NOT_STATES:
        f.add("head_company_word")
    anc = list(top.ancestors)
    if any(a.dep_ in ("acl:relcl",) for a in [top, *anc]):
        f.add("in_relative")
    if any(a.dep_ in ("advcl",) for a in [top, *anc]):
        f.add("in_adverbial")
    if tok.i in sp.qualifiers(doc):
        f.add("qualifier")
    opened = sum(1 for t in doc[: tok.i] if t.text in _QUOTES)
    if opened % 2 == 1:
        f.add("in_quote")
    if agreement:
        near = min(agreement, key=lambda a: abs(a.i - tok.i))
        f.add("before_agreement" if tok.i < near.i else "after_agreement")
        f.add(f"dist={_bucket(abs(near.i - tok.i), (2, 5, 10, 20))}")
        if any(a.i == near.i for a in anc):
            f.add("under_agreement")
            f.add(f"under_agreement_case={cases[0] if cases else '-'}")
        if any(a.i == top.i for a in near.ancestors):
            f.add("above_agreement")
            if top.dep_.startswith("nsubj"):
                f.add("subject_of_agreement_clause")
        # the same clause: the nearest verb above each
        f.add("same_clause" if _clause(top) == _clause(near) else "other_clause")
    else:
        f.add("no_agreement_word")
    if top.dep_.startswith("nsubj") and head.dep_ == "ROOT":
        f.add("main_subject")
    if any(_skip(a) for a in [top, *anc]):
        f.add("under_skipped_case")
    before = doc[tok.i - 1] if tok.i > 0 else None
    if before is not None and before.lower_ in ("et", ","):
        f.add("after_et")
    if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "et":
        f.add("before_et")
    return f


def _skip(t: Token) -> bool:
    return any(c.dep_ == "case" and c.lower_ in pt.SKIP_CASES | pt.AGAINST for c in t.children)


def _clause(t: Token) -> int:
    cur = t
    for _ in range(20):
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return cur.i
        cur = cur.head
    return cur.i


def _trigger_roles(pdoc: Doc, trig: list[Any]) -> dict[int, set[str]]:
    """Token index -> what it is to a trigger the rules parse: in its subject, in an "avec"/"entre"
    complement of it or of its agreement noun, in the noun's phrase."""
    roles: dict[int, set[str]] = {}
    for t in trig:
        tok, anchor = t.token, t.anchor
        kind = f"kind_{t.kind}"
        for c in tok.children:
            if c.dep_.startswith("nsubj"):
                for g in c.subtree:
                    roles.setdefault(g.i, set()).update({"subject", kind})
        for head in (tok, anchor):
            if head is None:
                continue
            for c in head.children:
                cases = {g.lower_ for g in c.children if g.dep_ == "case"}
                if cases & {"avec", "entre"}:
                    for g in c.subtree:
                        roles.setdefault(g.i, set()).add("with" if "avec" in cases else "between")
                elif cases & {"de", "d'", "du", "des"} and head is anchor:
                    for g in c.subtree:
                        roles.setdefault(g.i, set()).add("of_noun")
                elif c.dep_ in ("obj", "iobj", "obl:arg"):
                    for g in c.subtree:
                        roles.setdefault(g.i, set()).add("object")
    return roles


def protagonists(actor_at: dict[int, tuple[str, str]], affiliation: dict[str, str]) -> list[tuple[str, int]]:
    """The article's actors as parties with their mention counts, most mentioned first (the first named
    first among equals), from the positions of their mentions."""
    counts: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], int] = {}
    prev = None
    for i in sorted(actor_at):
        hit = actor_at[i]
        if prev is None or prev[0] != i - 1 or prev[1] != hit:
            counts[hit] = counts.get(hit, 0) + 1
            first.setdefault(hit, i)
        prev = (i, hit)
    out: dict[str, int] = {}
    for hit in sorted(counts, key=lambda h: (-counts[h], first[h])):
        p = pt.party_of(hit[0], hit[1], affiliation)
        if p and lx.fold(p) not in lx.PRESS_AGENCIES:
            out[p] = out.get(p, 0) + counts[hit]
    return sorted(out.items(), key=lambda kv: -kv[1])


def candidates(
    pdoc: Doc, sp: SentenceActors, rules: list[str], title: bool = False, recent: list[str] | None = None
) -> list[Candidate]:
    """Every party the sentence names (an actor, a group, a demonym), the article's three most mentioned
    actors and the parties of the agreement just before (`recent`, as `parties.recent` gives them), each with
    its features; `rules` is what the rules read in the sentence alone."""
    agreement = [t for t in pdoc if pt.agreement_word(t)]
    roles = _trigger_roles(pdoc, triggers(pdoc))
    ranked = protagonists(sp.actor_at, sp.affiliation)
    rank = {p: k for k, (p, _) in enumerate(ranked)}
    mentions = dict(ranked)
    out: dict[str, Candidate] = {}
    for tok, last, hit in sp.runs(pdoc):
        names: list[tuple[str, str]] = []
        span = set(range(tok.i, last.i + 1))
        if hit is not None:
            p = pt.party_of(hit[0], hit[1], sp.affiliation)
            if p:
                kind = hit[1]
                if kind == "place":
                    kind = "country"
                elif kind == "person" and p != hit[0]:
                    kind = "led_" + ("country" if p in lx.COUNTRIES else "organisation")
                names.append((p, kind))
        else:
            group = lx.GROUPS.get(lx.fold(tok.text)) or pt.side(tok)
            if group is not None:
                names.append((group, "group"))
            elif tok.text[:1].islower():
                names += [(c, "demonym") for c in lx.demonym(tok.text)]
        for p, kind in names:
            c = out.setdefault(p, Candidate(p))
            speaking = _speaking(_top(tok, span))
            c.speaker = speaking if c.first == 10_000 else c.speaker and speaking  # every mention the speaker's
            if c.first == 10_000:
                c.first = tok.i
            c.features |= {f"kind={kind}", "in_sentence"}
            c.features |= _mention_features(tok, span, sp, agreement)
            c.features |= {f"trigger_{r}" for r in roles.get(_top(tok, span).i, ())}
            c.features |= {f"trigger_{r}" for t in span for r in roles.get(t, ())}
            if kind == "demonym":
                c.features.add(f"demonym_dep={tok.dep_}")
    for p, _ in ranked[:3]:
        c = out.setdefault(p, Candidate(p))
        if c.first == 10_000:
            c.features.add("not_in_sentence")
            c.features.add("country" if p in lx.COUNTRIES else "not_country")
    for p in rules:  # a name the rules read that is no actor (a company the model did not tag)
        if p not in out:
            out[p] = Candidate(p, {"rules_not_actor"}, first=_first_word(pdoc, p))
    collective = any(t.lower_ in pt.COLLECTIVE for t in pdoc)
    for p in recent or ():
        c = out.setdefault(p, Candidate(p))
        c.features.add("recent")
        if collective:
            c.features.add("recent_collective")
        if c.first == 10_000:
            c.features |= {"not_in_sentence", "country" if p in lx.COUNTRIES else "not_country"}
    named = sorted(out.values(), key=lambda c: c.first)
    countries = sum(1 for c in named if c.first < 10_000 and c.name in lx.COUNTRIES)
    in_sentence = sum(1 for c in named if c.first < 10_000)
    others = in_sentence - countries  # named in the sentence, and no country (a company, a party, a person)
    for order, c in enumerate(named):
        f = c.features
        if c.first < 10_000:
            f.add(f"order={min(order, 3)}")
        f.add(f"named_in_sentence={_bucket(in_sentence, (0, 1, 2, 3, 5))}")
        f.add(f"rank={min(rank.get(c.name, 9), 4)}")
        f.add(f"mentions={_bucket(mentions.get(c.name, 0), (1, 2, 4, 8))}")
        is_country = c.name in lx.COUNTRIES
        f.add("is_country" if is_country else "is_other")
        if is_country and countries >= 2:
            f.add("among_countries")
        if is_country and others:
            f.add("country_beside_others")
        if c.name in pt.INTERNATIONAL:
            f.add("international")
        if lx.fold(c.name) in lx.MEDIA:
            f.add("medium")
        if c.name in rules:
            f.add("rules")
            f.add(f"rules_{len(rules) if len(rules) < 3 else 3}")
        if title:
            f.add("title")
    return named


def _speaking(top: Token) -> bool:
    """Whether a name is the subject of a verb of saying, or hangs from it ("…, a estimé Jean Dupont, chercheur
    à l'Institut Montaigne"): not when the verb goes on with an infinitive ("Les talibans soulignent rester
    attachés à l'accord": the speaker is the one who agreed)."""
    for a in (top, *top.ancestors):
        if a.dep_.startswith("nsubj") and a.head.lemma_.lower() in pt.SAYING:
            reported = [c for c in a.head.children if c.dep_ in ("advcl", "ccomp", "parataxis", "xcomp")]
            return not any(pt.infinitive(c) for c in reported)
    return False


def decide(
    model: Chooser, cands: list[Candidate], pdoc: Doc, sp: SentenceActors, main: pt.Protagonists
) -> tuple[list[str], int]:
    """A record's parties from the chooser, and how many of them the sentence names (or the agreement before
    it): who speaks is never one; where it chose a party the sentence does not name, the rest is completed as
    the rules complete it (the article's protagonists of the same sort as the named party, mentioned twice at
    least, not the named party's company or family)."""
    by_name = {c.name: c for c in cands}
    picked = model.parties([c for c in cands if not c.speaker], pdoc)
    named = [p for p in picked if by_name[p].named]
    parties = pt.finished(named if len(named) == len(picked) else main.complete(named), pdoc, sp)
    return parties, len(named)


def _first_word(pdoc: Doc, name: str) -> int:
    """The token index where the sentence first writes the name's first word (10,000: nowhere)."""
    first = name.split()[0].lower() if name.split() else ""
    return next((t.i for t in pdoc if t.lower_ == first), 10_000)


class Chooser:
    """The fitted weights: a candidate's score is the sigmoid of its features' weights summed."""

    def __init__(self, weights: dict[str, float], bias: float, version: str) -> None:
        self.weights, self.bias, self.version = weights, bias, version

    def score(self, cand: Candidate) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in cand.features)
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def parties(self, cands: list[Candidate], pdoc: Doc) -> list[str]:
        """The best scored candidates, in the sentence's order: as many as the sentence says there are
        ("trilatéral", "les trois pays"; else two), and any other scored at `ALSO` or above; none when there
        are fewer than two candidates."""
        if len(cands) < 2:
            return []
        scores = [self.score(c) for c in cands]
        order = sorted(range(len(cands)), key=lambda i: -scores[i])
        n = stated_count(pdoc)
        kept = [i for k, i in enumerate(order) if k < n or scores[i] >= ALSO]
        return [cands[i].name for i in sorted(kept, key=lambda i: (cands[i].first, -scores[i]))]


ALSO = 0.7  # a third party and more: 0.6, 0.7, 0.8, 0.9 tried (eval/README.md, "Parties, enrich-35")
_COUNT_WORDS = {"trilatéral": 3, "trilatérale": 3, "trilatéraux": 3, "trilatérales": 3, "tripartite": 3,
                "tripartites": 3, "quadrilatéral": 4, "quadrilatérale": 4, "quadripartite": 4}  # fmt: skip
_NUMBERS = {"trois": 3, "quatre": 4, "cinq": 5}
_SIDES = {"pays", "parties", "partenaires", "signataires", "nations", "gouvernements", "dirigeants", "partis"}


def stated_count(pdoc: Doc) -> int:
    """How many parties the sentence says the agreement has: "trilatéral", "tripartite", "les trois pays"
    (the most it says), else two."""
    n = 2
    toks = list(pdoc)
    for k, t in enumerate(toks):
        low = t.lower_
        if low in _COUNT_WORDS:
            n = max(n, _COUNT_WORDS[low])
        elif low in _NUMBERS and k + 1 < len(toks) and toks[k + 1].lower_ in _SIDES:
            n = max(n, _NUMBERS[low])
    return n


_loaded: Chooser | None = None


def load(path: Path = MODEL) -> Chooser | None:
    """The shipped chooser, or None where the package has none (the rules then decide alone)."""
    global _loaded
    if _loaded is None and path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        _loaded = Chooser({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]), data["version"])
    return _loaded
