"""Agreements reported by an article, from the parsed candidate sentences.

A sentence reports an agreement when one of these holds (on lemmas and the dependency parse):
- an agreement verb: convenir; conclure / signer / sceller / adopter with an agreement noun as object
  (or as passive subject: "l'accord a été conclu"); se mettre d'accord; s'accorder, s'entendre,
  s'engager (reflexive "se"); promettre de + infinitive; accepter de + exempter / an agreement noun;
  confirmer / annoncer with an agreement noun in the object ("ont confirmé que l'alliance … reste");
- an agreement noun that is the subject of a clause ("L'accord vise aussi à …"), a joint declaration
  ("une déclaration conjointe"), "la signature de … accords", "une exemption de visa".

It is NOT an agreement (the rule):
- negated: "ne"/"pas"/"jamais" on the trigger or its auxiliaries, "aucun"/"nul" on the agreement noun,
  "sans accord";
- hoped for, refused or denied: the trigger is in the complement of espérer, souhaiter, vouloir, viser,
  chercher, tenter, envisager, pouvoir, devoir, refuser, rejeter, nier, démentir, exclure, négocier,
  proposer, appeler, demander… ("espèrent conclure", "pourrait signer", "souhaitent un accord",
  "vise à conclure"); a trigger verb in the conditional or future ("signerait", "signeront",
  "vont signer").

Parties come from the trigger's subject, its "avec"/"entre" complements, demonyms on the agreement noun
("l'alliance nippo-américaine"), and the object of an exemption; capitals, seats of government and leaders
stand for their country or organisation. "Les deux pays", "ils", "tous deux" take the parties of the
previous sentences. One agreement per sentence; a sentence that only refers back ("L'accord a été
conclu…") next to one with the same parties and kind is merged into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.enrich import lexicon as lx

AGREEMENT_NOUNS = {
    "accord": "agreement", "traité": "treaty", "pacte": "treaty", "partenariat": "partnership",
    "alliance": "alliance", "déclaration": "declaration", "coopération": "cooperation",
    "collaboration": "cooperation", "exemption": "exemption", "mémorandum": "agreement",
    "protocole": "agreement", "entente": "agreement", "engagement": "commitment", "convention": "agreement",
}
STRONG_NOUNS = {"accord", "traité", "pacte", "mémorandum", "protocole", "convention", "entente"}
OBJ_VERBS = {"conclure", "signer", "sceller", "adopter", "parapher", "ratifier", "nouer", "finaliser"}
REFLEXIVE = {"accorder": "agreement", "entendre": "agreement", "engager": "commitment"}
HOPE = {
    "espérer", "souhaiter", "vouloir", "viser", "chercher", "tenter", "envisager", "pouvoir", "devoir",
    "refuser", "rejeter", "nier", "démentir", "exclure", "négocier", "proposer", "appeler", "demander",
    "réclamer", "aller", "essayer", "discuter", "espérance", "projeter", "menacer", "disposer", "prêt",
}
HOPE_PREFIXES = ("espér", "espèr", "esper", "souhait", "refus", "rejet", "tent", "dispos", "prêt")
NEG_WORDS = {"ne", "n'", "n’", "pas", "jamais", "guère", "point"}
NEG_DETS = {"aucun", "aucune", "nul", "nulle"}
COLLECTIVE = {"deux", "ils", "elles", "tous", "toutes", "couple", "parties", "pays", "dirigeants", "ministres"}

CORE_STEMS = (
    "accord", "conven", "convien", "conclu", "sign", "scell", "engag", "entend", "partenariat", "allian",
    "traité", "pacte", "déclaration", "exempt", "promi", "promet", "coopér", "collabor", "mémorandum",
)


_CORE = re.compile(r"\b(?:" + "|".join(map(re.escape, CORE_STEMS)) + ")", re.IGNORECASE)


def is_candidate(sent) -> bool:
    """Cheap pre-filter on a pass-1 sentence: does any word look like agreement vocabulary? (A search
    in its text: walking its tokens cost more than the rest of the filter.)"""
    return _CORE.search(sent.text) is not None


@dataclass
class Found:
    start: int
    end: int
    text: str
    kind: str
    parties: list[str]
    topics: list[str]
    sent_index: int
    anaphoric: bool
    collective: bool = False
    extra: list[str] = field(default_factory=list)


def _children(tok, deps=None):
    return [c for c in tok.children if deps is None or c.dep_.split(":")[0] in deps or c.dep_ in deps]


def _noun_kind(tok) -> str | None:
    return AGREEMENT_NOUNS.get(tok.lemma_.lower()) or AGREEMENT_NOUNS.get(tok.lower_.rstrip("s"))


def _first_agreement_noun(tok, depth=3):
    """Breadth-first search for an agreement noun in the complements of tok."""
    level = [tok]
    for _ in range(depth):
        nxt = []
        for t in level:
            for c in t.children:
                if c.dep_.startswith(("nsubj", "punct", "aux", "cc", "mark", "case", "det")):
                    continue
                if c.pos_ in ("NOUN", "PROPN") and _noun_kind(c):
                    return c
                nxt.append(c)
        level = nxt
    return None


def _is_reflexive(tok) -> bool:
    return any(c.lower_ in ("se", "s'", "s’") for c in tok.children)


def _triggers(doc):
    """(trigger token, anchor noun or None, kind, anaphoric) for each trigger in a parsed sentence."""
    out = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        kind = None
        anchor = None
        anaphoric = False
        if tok.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and lemma in OBJ_VERBS:
            for c in tok.children:
                if c.dep_ in ("obj", "nsubj:pass", "obl:arg") or (c.dep_ == "nsubj" and _is_passive(tok)):
                    n = c if _noun_kind(c) else next(
                        (g for g in c.children if g.dep_ == "nmod" and _noun_kind(g)), None)
                    if n is not None and _noun_kind(n):
                        anchor, kind = n, _noun_kind(n)
                        anaphoric = c.dep_ != "obj" and _definite(n)
                        break
        elif lemma == "convenir":
            anchor = _first_agreement_noun(tok)
            kind = "agreement" if anchor is None or anchor.lemma_ in STRONG_NOUNS else _noun_kind(anchor)
        elif lemma == "mettre" and _next_words(tok, 2) in (["d'", "accord"], ["de", "accord"]):
            kind = "agreement"  # se mettre d'accord
        elif lemma in REFLEXIVE and _is_reflexive(tok) and not (lemma == "accorder" and (
                (_next_words(tok, 1) == ["à"] and _infinitive_after(tok))
                or _next_words(tok, 3) == ["sur", "le", "fait"])):
            # ("les experts s'accordent à dire…", "… s'accordent sur le fait que": a shared opinion)
            kind = REFLEXIVE[lemma]
            if kind == "agreement":
                anchor = _first_agreement_noun(tok)
                if anchor is not None and anchor.lemma_ not in STRONG_NOUNS:
                    kind = _noun_kind(anchor)
        elif lemma == "promettre" and _children(tok, {"xcomp", "ccomp", "obj"}):
            kind = "commitment"
        elif lemma == "accepter":
            x = [c for c in tok.children if c.dep_ in ("xcomp", "obj", "ccomp")]
            if any(c.lemma_.startswith("exempt") for c in x):
                kind = "exemption"
            elif any(_noun_kind(c) in ("agreement", "treaty", "partnership") for c in x):
                kind = "agreement"
        elif lemma in ("confirmer", "annoncer", "réaffirmer", "officialiser"):
            anchor = _first_agreement_noun(tok, depth=3)
            if anchor is not None and not (lemma == "annoncer" and anchor.dep_.startswith("nsubj")):
                kind = _noun_kind(anchor)
                if kind in ("declaration", "commitment"):
                    kind = None
        elif tok.pos_ in ("NOUN", "PROPN") and _noun_kind(tok):
            nk = _noun_kind(tok)
            lem = tok.lemma_.lower()
            # (a "convention" alone is as often a party's or a citizens' assembly: it needs a verb above)
            if (lem in STRONG_NOUNS - {"convention"} and tok.dep_.startswith("nsubj")
                    and tok.head.lemma_ not in OBJ_VERBS):
                kind, anchor, anaphoric = nk, tok, _definite(tok)
            elif lem == "déclaration" and any(c.lemma_.startswith("conjoint") for c in tok.children):
                kind, anchor = "declaration", tok
            elif lem == "exemption" and any(c.lemma_ == "visa" for c in tok.subtree):
                kind, anchor = "exemption", tok
        elif lemma == "signature" and any(_noun_kind(c) for c in tok.children if c.dep_ == "nmod"):
            anchor = next(c for c in tok.children if c.dep_ == "nmod" and _noun_kind(c))
            kind = "agreement"
        if kind and not _negated(tok, anchor) and not _hoped(tok):
            out.append((tok, anchor, kind, anaphoric))
    return out


def _infinitive_after(tok) -> bool:
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 2].pos_ in ("VERB", "AUX") and "Inf" in doc[tok.i + 2].morph.get(
        "VerbForm")


def _next_words(tok, n: int) -> list[str]:
    doc = tok.doc
    return [t.lower_.replace("’", "'") for t in doc[tok.i + 1: tok.i + 1 + n]]


def _is_passive(tok) -> bool:
    return any(c.dep_ == "aux:pass" for c in tok.children)


def _definite(noun) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("l'", "l’", "le", "la", "cet", "cette", "ce", "ces", "les")
               for c in noun.children)


def _negated(tok, anchor) -> bool:
    heads = [tok] + [c for c in tok.children if c.dep_.startswith("aux")]
    words = {c.lower_ for h in heads for c in h.children if c.dep_.startswith(("advmod", "dep", "fixed"))}
    words |= {c.lower_ for c in tok.children}
    if "pas" in words or "jamais" in words or "guère" in words or ({"ne", "n'", "n’"} & words and "plus" in words):
        return True
    for n in (anchor, tok):
        if n is None:
            continue
        if any(c.lower_ in NEG_DETS for c in n.children):
            return True
        if any(c.lower_ == "sans" for c in n.children if c.dep_ == "case"):
            return True
    for c in tok.children:  # "n'ont conclu aucun accord" with the noun as object
        if c.dep_ in ("obj", "obl:arg") and any(g.lower_ in NEG_DETS for g in c.children):
            return True
    return False


def _hoped(tok) -> bool:
    morph = tok.morph
    if "Cnd" in morph.get("Mood") or "Fut" in morph.get("Tense"):
        return True
    for c in tok.children:
        if c.dep_.startswith("aux") and ("Cnd" in c.morph.get("Mood") or "Fut" in c.morph.get("Tense")
                                         or c.lemma_ in ("aller", "pouvoir", "devoir")):
            return True
    cur = tok
    for _ in range(3):
        if cur.dep_.startswith(("nsubj", "ROOT")) or cur.head.i == cur.i:
            break
        head = cur.head
        if head.lemma_.lower() in HOPE or head.lower_.startswith(HOPE_PREFIXES):
            return True
        cur = head
    j = tok.i - 1  # a hope verb right before the trigger even when the parse misses it
    while j >= 0 and j >= tok.i - 3:
        t = tok.doc[j]
        if t.lemma_.lower() in HOPE - {"aller", "devoir", "appeler", "demander"} or t.lower_.startswith(HOPE_PREFIXES):
            return True
        j -= 1
    return False


def topics(doc, start=None, end=None) -> list[str]:
    toks = [t for t in doc if (start is None or t.idx >= start) and (end is None or t.idx < end)]
    lemmas = [t.lemma_.lower() for t in toks]
    found: list[str] = []
    used = set()
    for i in range(len(lemmas)):
        for phrase, label in lx.TOPIC_PHRASES.items():
            if tuple(lemmas[i:i + len(phrase)]) == phrase:
                if label not in found:
                    found.append(label)
                used.update(range(i, i + len(phrase)) if label == "sécurité économique" else ())
    for i, lem in enumerate(lemmas):
        if i in used:
            continue
        low = toks[i].lower_
        for label, words in lx.TOPIC_LEMMAS.items():
            if ((lem in words or low in words or low.startswith("cyber"))
                    and (label != "cyber" or low.startswith("cyber"))):
                if label == "cyber" or lem in words or low in words:
                    if label not in found:
                        found.append(label)
        if lem == "espace" or low == "espace":
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is None or not ("-" in hyphen_word(nxt) or nxt.text[:1].isupper() or nxt.pos_ == "ADJ"):
                if "espace" not in found:
                    found.append("espace")
    if "industrie de défense" in found and "défense" not in found:
        found.insert(0, "défense")
    return found


def hyphen_word(tok) -> str:
    """The whole hyphenated word around tok ("nippo" "-" "américaine" → "nippo-américaine")."""
    doc = tok.doc
    i = j = tok.i
    while i > 0 and not doc[i - 1].whitespace_ and (doc[i - 1].text == "-" or doc[i].text == "-"):
        i -= 1
    while j + 1 < len(doc) and not doc[j].whitespace_ and (doc[j + 1].text == "-" or doc[j].text == "-"):
        j += 1
    return doc[i:j + 1].text


SKIP_CASES = {"à", "en", "dans", "sous", "après", "lors", "depuis", "au", "aux", "contre", "sur", "vers"}


def party_of(name: str, kind: str, affiliation: dict[str, str]) -> str | None:
    if kind == "place":
        return lx.country_of_place(name)
    if kind == "person":
        return affiliation.get(name, name)
    return name


class SentenceParties:
    """Actor mentions of one parsed sentence, as parties."""

    def __init__(self, offset: int, actor_at: dict[int, tuple[str, str]], affiliation: dict[str, str]):
        self.offset = offset
        self.actor_at = actor_at
        self.affiliation = affiliation

    def of_token(self, tok) -> list[str]:
        hit = self.actor_at.get(self.offset + tok.idx)
        if hit is not None:
            p = party_of(hit[0], hit[1], self.affiliation)
            return [p] if p else []
        if tok.text[:1].islower() or tok.text == "-":
            doc = tok.doc
            joined = tok.text == "-" or (tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-") \
                or (tok.i > 0 and doc[tok.i - 1].text == "-")
            return list(lx.demonym(hyphen_word(tok) if joined else tok.text))
        return []

    def gather(self, root, skip_locatives=True) -> tuple[list[str], bool]:
        out: list[str] = []
        collective = False
        stack = [root]
        while stack:
            t = stack.pop()
            if t.i != root.i and skip_locatives and (
                    t.dep_ in ("acl:relcl", "acl", "advcl")
                    or any(c.dep_ == "case" and c.lower_ in SKIP_CASES for c in t.children)):
                continue
            out.extend(self.of_token(t))
            if t.lower_ in COLLECTIVE:
                collective = True
            stack.extend(t.children)
        return out, collective


def parties_for(tok, anchor, sp: SentenceParties) -> tuple[list[str], bool]:
    found: list[str] = []
    collective = False

    def add(root, **kw):
        nonlocal collective
        ps, col = sp.gather(root, **kw)
        found.extend(ps)
        collective = collective or col

    # subject, climbing through infinitive/complement clauses ("a annoncé avoir conclu")
    cur = tok
    for _ in range(3):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubj:pass") and (anchor is None or c.i != anchor.i)]
        if subj:
            for s in subj:
                add(s)
                # a coordination the parse broke ("Paris et Berlin ont signé"): "X et" just before
                j = s.left_edge.i - 1
                while j >= 1 and tok.doc[j].lower_ in ("et", ","):
                    found.extend(sp.of_token(tok.doc[j - 1]))
                    j -= 2
            break
        if cur.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl") and cur.head.i != cur.i:
            cur = cur.head
        else:
            break
    for head in (tok, anchor):
        if head is None:
            continue
        for c in head.children:
            if any(g.dep_ == "case" and g.lower_ in ("avec", "entre") for g in c.children):
                add(c)
            elif anchor is not None and head.i == anchor.i and not any(g.dep_ == "case" for g in c.children):
                for g in c.subtree:  # "l'alliance nippo-américaine"
                    if g.i <= c.i + 3:
                        found.extend(sp.of_token(g))
    for c in tok.children:  # exemption: accepter d'exempter de visa les citoyens britanniques
        if c.lemma_.startswith("exempt"):
            for g in c.children:
                if g.dep_ in ("obj", "obl:arg", "iobj"):
                    add(g)
    if tok.lemma_.startswith("exempt") or (anchor is not None and anchor.lemma_ == "exemption"):
        add(anchor if anchor is not None else tok, skip_locatives=False)
    found = list(dict.fromkeys(found))
    if len(found) < 2 and anchor is not None and anchor.i == tok.i:
        # a noun trigger: the whole noun phrase it belongs to. Tokens are compared by index: spaCy may hand
        # out a new Token object for the same token, and `is` then never saw the root (a run hung on it).
        top = tok
        seen = {tok.i}
        while top.head.i not in seen and top.head.pos_ in ("NOUN", "PROPN", "ADJ"):
            top = top.head
            seen.add(top.i)
        ps, col = sp.gather(top, skip_locatives=False)
        found = list(dict.fromkeys(found + ps))
        collective = collective or col
    return found, collective
