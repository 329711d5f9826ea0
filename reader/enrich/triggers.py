"""What counts as an agreement in a parsed sentence: the trigger words, and the negations and hopes that
cancel them (on lemmas and the dependency parse).

A sentence reports an agreement when one of these holds:
- an agreement verb: convenir; conclure / signer / sceller / adopter / trouver with an agreement noun
  as object (or as passive subject: "l'accord a été conclu"), parvenir / aboutir / arriver à un accord;
  se mettre d'accord; s'accorder, s'entendre, s'engager (reflexive "se"); promettre de + infinitive;
  accepter de + exempter / an agreement noun;
  confirmer / annoncer with an agreement noun in the object ("ont confirmé que l'alliance … reste");
- an agreement noun that is the subject of a clause ("L'accord vise aussi à …"), a joint declaration
  ("une déclaration conjointe"), "la signature de … accords", "une exemption de visa".

It is NOT an agreement (the rule):
- negated: "ne"/"pas"/"jamais" on the trigger or its auxiliaries, "aucun"/"nul" on the agreement noun,
  "sans accord";
- sought: a verb of reaching in the infinitive after "pour" / "afin de" ("pour trouver un accord");
- hoped for, refused or denied: the trigger is in the complement of espérer, souhaiter, vouloir, viser,
  chercher, tenter, envisager, pouvoir, devoir, refuser, rejeter, nier, démentir, exclure, négocier,
  proposer, appeler, demander… ("espèrent conclure", "pourrait signer", "souhaitent un accord",
  "vise à conclure"); a trigger verb in the conditional or future ("signerait", "signeront",
  "vont signer");
- not an agreement noun at all: one person's opinion ("je suis d'accord avec ça": `opinion`) or consent
  ("avec l'accord du maire", "a donné son accord": `consent`), a health protocol ("le protocole sanitaire":
  `protocol`); nor "convenir que" of one party, an admission ("Elle a convenu que…": `conceded`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

AGREEMENT_NOUNS = {
    "accord": "agreement", "traité": "treaty", "pacte": "treaty", "partenariat": "partnership",
    "alliance": "alliance", "déclaration": "declaration", "coopération": "cooperation",
    "collaboration": "cooperation", "exemption": "exemption", "mémorandum": "agreement",
    "protocole": "agreement", "entente": "agreement", "engagement": "commitment", "convention": "agreement",
}  # fmt: skip
STRONG_NOUNS = {"accord", "traité", "pacte", "mémorandum", "protocole", "convention", "entente"}
OBJ_VERBS = {
    "conclure", "signer", "sceller", "adopter", "parapher", "ratifier", "nouer", "finaliser", "trouver",
    "parvenir", "aboutir", "arriver", "décrocher", "arracher", "boucler", "obtenir",
}  # fmt: skip
REFLEXIVE = {"accorder": "agreement", "entendre": "agreement", "engager": "commitment"}
ANNOUNCE_VERBS = ("confirmer", "annoncer", "réaffirmer", "officialiser")
HOPE = {
    "espérer", "souhaiter", "vouloir", "viser", "chercher", "tenter", "envisager", "pouvoir", "devoir",
    "refuser", "rejeter", "nier", "démentir", "exclure", "négocier", "proposer", "appeler", "demander",
    "réclamer", "empêcher", "aller", "essayer", "discuter", "espérance", "projeter", "menacer", "disposer", "prêt",
    "prôner", "préconiser", "incapable", "incapacité", "impossibilité", "échouer", "échec",
}  # fmt: skip
HOPE_PREFIXES = ("espér", "espèr", "esper", "souhait", "refus", "rejet", "tent", "dispos", "prêt")
NEG_DETS = {"aucun", "aucune", "nul", "nulle"}
DEFINITE = ("l'", "l’", "le", "la", "cet", "cette", "ce", "ces", "les")
PROMISED = {"xcomp", "ccomp", "obj"}  # promettre de + infinitive, promettre quelque chose


class Trigger(NamedTuple):
    token: Token  # the word that reports the agreement
    anchor: Token | None  # the agreement noun it is about, when there is one
    kind: str  # "agreement", "treaty", "commitment"…
    anaphoric: bool  # it only refers back to an agreement ("l'accord a été conclu")


_Reading = tuple[str | None, "Token | None", bool]  # (kind, anchor, anaphoric) of a word; no kind: no trigger
_NONE: _Reading = (None, None, False)


def triggers(doc: Doc) -> list[Trigger]:
    """Every trigger of a parsed sentence that is neither negated nor only hoped for."""
    out = []
    for tok in doc:
        kind, anchor, anaphoric = _reading(tok)
        if kind and not _negated(tok, anchor) and not _hoped(tok):
            out.append(Trigger(tok, anchor, kind, anaphoric))
    return out


def cancellations(doc: Doc) -> set[str]:
    """What cancels an agreement in the sentence ("a refusé de signer l'accord", "ne sont pas parvenus à un
    accord"): "negated" (a trigger under a negation), "hoped" (a trigger hoped for, refused, denied, in the
    future or the conditional), "wished" (an agreement noun hoped for or planned: "souhaitent un accord"),
    "planned" (a main verb in the future, the conditional or with aller / pouvoir / devoir: "vont renforcer
    leur coopération"). The classifier reads them all; `agreements.vetoed` drops a sentence for some."""
    out = set()
    for tok in doc:
        kind, anchor, _ = _reading(tok)
        if kind and _negated(tok, anchor):
            out.add("negated")
        elif kind and _hoped(tok):
            out.add("hoped")
        head = tok.head
        if (
            tok.lemma_.lower() in AGREEMENT_NOUNS
            and tok.dep_ in ("obj", "obl:arg", "xcomp")
            and (_wished(head) or (head.lemma_.lower() in OBJ_VERBS and _hoped(head)))
        ):
            out.add("wished")
        if tok.dep_ in ("ROOT", "conj") and tok.pos_ in ("VERB", "AUX") and _planned(tok):
            out.add("planned")
    return out


def _wished(verb: Token) -> bool:
    return verb.lemma_.lower() in HOPE or verb.lower_.startswith(HOPE_PREFIXES)


def _planned(verb: Token) -> bool:
    return _wished(verb) or _hoped(verb)


def _reading(tok: Token) -> _Reading:
    """What the word says on its own: the first rule whose word it is decides."""
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and lemma in OBJ_VERBS:
        return _object_verb(tok)
    if lemma == "convenir" and not conceded(tok):
        anchor = _first_agreement_noun(tok)
        return ("agreement" if anchor is None or anchor.lemma_ in STRONG_NOUNS else _noun_kind(anchor)), anchor, False
    if lemma == "mettre" and _next_words(tok, 2) in (["d'", "accord"], ["de", "accord"]):
        return "agreement", None, False  # se mettre d'accord
    if lemma in REFLEXIVE and _is_reflexive(tok) and not (lemma == "accorder" and _shared_opinion(tok)):
        return _reflexive(tok, REFLEXIVE[lemma])
    if lemma == "promettre" and any(c.dep_.split(":")[0] in PROMISED or c.dep_ in PROMISED for c in tok.children):
        return "commitment", None, False
    if lemma == "accepter":
        return _accepted(tok), None, False
    if lemma in ANNOUNCE_VERBS:
        return _announced(tok, lemma)
    if tok.pos_ in ("NOUN", "PROPN") and _noun_kind(tok):
        return _noun(tok)
    if lemma == "signature" and any(_noun_kind(c) for c in tok.children if c.dep_ == "nmod"):
        return "agreement", next(c for c in tok.children if c.dep_ == "nmod" and _noun_kind(c)), False
    return _NONE


def _object_verb(tok: Token) -> _Reading:
    """conclure / signer … an agreement noun (object, or passive subject)."""
    for c in tok.children:
        if c.dep_ in ("obj", "nsubj:pass", "obl:arg") or (c.dep_ == "nsubj" and _is_passive(tok)):
            n = c if _noun_kind(c) else next((g for g in c.children if g.dep_ == "nmod" and _noun_kind(g)), None)
            if n is not None and _noun_kind(n):
                return _noun_kind(n), n, c.dep_ != "obj" and _definite(n)
    return _NONE


def _shared_opinion(tok: Token) -> bool:
    """ "les experts s'accordent à dire…", "… s'accordent sur le fait que": an opinion, not an agreement."""
    return (_next_words(tok, 1) == ["à"] and _infinitive_after(tok)) or _next_words(tok, 3) == ["sur", "le", "fait"]


def _reflexive(tok: Token, kind: str | None) -> _Reading:
    """s'accorder, s'entendre (on an agreement noun, when one follows), s'engager."""
    anchor = None
    if kind == "agreement":
        anchor = _first_agreement_noun(tok)
        if anchor is not None and anchor.lemma_ not in STRONG_NOUNS:
            kind = _noun_kind(anchor)
    return kind, anchor, False


def _accepted(tok: Token) -> str | None:
    """accepter d'exempter, accepter un accord."""
    x = [c for c in tok.children if c.dep_ in ("xcomp", "obj", "ccomp")]
    if any(c.lemma_.startswith("exempt") for c in x):
        return "exemption"
    if any(_noun_kind(c) in ("agreement", "treaty", "partnership") for c in x):
        return "agreement"
    return None


def _announced(tok: Token, lemma: str) -> _Reading:
    """confirmer / annoncer … an agreement noun (not a declaration or a commitment)."""
    anchor = _first_agreement_noun(tok, depth=3)
    kind = None
    if anchor is not None and not (lemma == "annoncer" and anchor.dep_.startswith("nsubj")):
        kind = _noun_kind(anchor)
        if kind in ("declaration", "commitment"):
            kind = None
    return kind, anchor, False


def _noun(tok: Token) -> _Reading:
    """An agreement noun as a clause's subject, a joint declaration, a visa exemption."""
    nk = _noun_kind(tok)
    lem = tok.lemma_.lower()
    # (a "convention" alone is as often a party's or a citizens' assembly: it needs a verb above)
    if lem in STRONG_NOUNS - {"convention"} and tok.dep_.startswith("nsubj") and tok.head.lemma_ not in OBJ_VERBS:
        return nk, tok, _definite(tok)
    if lem == "déclaration" and any(c.lemma_.startswith("conjoint") for c in tok.children):
        return "declaration", tok, False
    if lem == "exemption" and any(c.lemma_ == "visa" for c in tok.subtree):
        return "exemption", tok, False
    return _NONE


def _noun_kind(tok: Token) -> str | None:
    """The kind of agreement a noun names ("traités" → "treaty"), or None (an opinion's "d'accord" names none)."""
    kind = AGREEMENT_NOUNS.get(tok.lemma_.lower()) or AGREEMENT_NOUNS.get(tok.lower_.rstrip("s"))
    return None if kind == "agreement" and (opinion(tok) or consent(tok) or protocol(tok)) else kind


# "d'accord" a word or two after a singular "être" or "se dire": one person's opinion ("je suis d'accord avec ça",
# "elle se dit d'accord"), not parties agreeing ("ils sont d'accord pour se coordonner")
_OPINION = {"suis", "es", "est", "étais", "était", "serais", "serait", "sois", "soit", "dit", "dis"}


# "accord" as one party's consent: "avec l'accord de son médecin", "a donné son accord", "avoir obtenu l'accord
# verbal des familles" (a definite or possessive "accord" after "avec" or "sans", or the object of these verbs)
_CONSENT_VERBS = {"obtenir", "conserver", "recevoir", "donner", "avoir", "demander", "solliciter", "attendre", "garder"}
_CONSENT_DETS = {"l'", "l’", "son", "sa", "leur", "mon", "ton", "notre", "votre"}


def consent(tok: Token) -> bool:
    """The word is an "accord" that is one party's consent ("avec l'accord du maire", "a donné son accord")."""
    if tok.lemma_.lower() != "accord" or not any(c.dep_ == "det" and c.lower_ in _CONSENT_DETS for c in tok.children):
        return False
    if any(c.dep_ == "case" and c.lower_ in ("avec", "sans") for c in tok.children):
        return True
    return tok.dep_ == "obj" and tok.head.lemma_.lower() in _CONSENT_VERBS


def conceded(tok: Token) -> bool:
    """ "convenir que" of one party: an admission ("Elle a convenu que certaines d'entre elles n'auraient pas dû…",
    "la police avait convenu que…"), not parties agreeing ("les deux côtés ont … convenu que personne ne devait
    ouvrir le feu", "ont convenu de rouvrir")."""
    if tok.lemma_.lower() != "convenir" or not any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ in ("que", "qu'", "qu’") for m in c.children)
        for c in tok.children
    ):
        return False
    subjects = [c for c in tok.children if c.dep_.startswith("nsubj")]
    if any(c.dep_ == "conj" for s in subjects for c in s.children):
        return False  # "Iwaya et Blinken ont convenu que…": two parties
    auxiliaries = [c for c in tok.children if c.dep_.startswith("aux")]
    number = [n for c in auxiliaries + subjects for n in c.morph.get("Number", [])]
    return number[:1] == ["Sing"]


def protocol(tok: Token) -> bool:
    """The word is a health protocol ("le protocole sanitaire va être allégé"), not an agreement."""
    return tok.lemma_.lower() == "protocole" and any(
        c.dep_ == "amod" and c.lemma_.lower() == "sanitaire" for c in tok.children
    )


def opinion(tok: Token) -> bool:
    """The word is the "accord" of one person's "d'accord" ("je suis absolument d'accord avec cela")."""
    doc = tok.doc
    if tok.lower_ != "accord" or tok.i == 0 or doc[tok.i - 1].lower_.replace("’", "'") != "d'":
        return False
    return any(doc[j].lower_ in _OPINION for j in range(max(0, tok.i - 4), tok.i - 1))


def _first_agreement_noun(tok: Token, depth: int = 3) -> Token | None:
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


def _is_reflexive(tok: Token) -> bool:
    return any(c.lower_ in ("se", "s'", "s’") for c in tok.children)


def _infinitive_after(tok: Token) -> bool:
    doc = tok.doc
    return (
        tok.i + 2 < len(doc)
        and doc[tok.i + 2].pos_ in ("VERB", "AUX")
        and "Inf" in _feature(doc[tok.i + 2], "VerbForm")
    )


def _next_words(tok: Token, n: int) -> list[str]:
    doc = tok.doc
    return [t.lower_.replace("’", "'") for t in doc[tok.i + 1 : tok.i + 1 + n]]


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ == "aux:pass" for c in tok.children)


def _definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children)


def _negated(tok: Token, anchor: Token | None) -> bool:
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


_FUTURE_ENDINGS = ("ai", "as", "a", "ons", "ez", "ont", "ais", "ait", "ions", "iez", "aient")


def _future_form(tok: Token) -> bool:
    """A verb in the future or the conditional by its form (the infinitive and an ending: "signeront",
    "conclura"), for when the model's morphology says present."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    text, lemma = tok.lower_, tok.lemma_.lower()
    stem = lemma[:-1] if lemma.endswith("re") else lemma
    return lemma.endswith(("er", "ir", "re")) and text.startswith(stem) and text[len(stem) :] in _FUTURE_ENDINGS


def _hoped(tok: Token) -> bool:
    """Hoped for, refused or denied, or in the conditional or future."""
    if "Cnd" in _feature(tok, "Mood") or "Fut" in _feature(tok, "Tense") or _future_form(tok):
        return True
    for c in tok.children:
        if c.dep_.startswith("aux") and (
            "Cnd" in _feature(c, "Mood") or "Fut" in _feature(c, "Tense") or c.lemma_ in ("aller", "pouvoir", "devoir")
        ):
            return True
    if _purpose(tok):
        return True
    cur = tok
    for _ in range(3):
        if cur.dep_.startswith(("nsubj", "ROOT")) or cur.head.i == cur.i:
            break
        if cur is not tok and cur.dep_ in ("advcl", "parataxis"):
            break  # a clause beside the verb of hope, not what it hopes for
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


def _purpose(tok: Token) -> bool:
    """A verb of reaching an agreement in the infinitive as a purpose ("des discussions pour trouver un accord",
    "afin de conclure un accord"): sought, not reached (not "pour annoncer leur partenariat": a fact)."""
    return (
        tok.lemma_.lower() in OBJ_VERBS
        and "Inf" in _feature(tok, "VerbForm")
        and any(c.dep_ == "mark" and c.lower_ in ("pour", "afin") for c in tok.children)
    )


def _feature(tok: Token, field: str) -> list[str]:
    """The values of a morphological feature ("Mood" → ["Cnd"]), [] when the word has none."""
    return tok.morph.get(field, [])
