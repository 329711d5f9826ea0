"""Agreements reported by an article: one record per sentence with a trigger (triggers.py) and at least two
parties (parties.py), from the parsed candidate sentences.

A sentence that promises alone ("X a promis de…") is not an agreement, nor one whose every agreement is a
condition ("si X et Y trouvaient un accord", "à condition qu'un accord soit conclu": `hypothetical`). One
agreement per sentence; a sentence that only refers back ("L'accord a été conclu…") next to one with the same
parties and kind is merged into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.enrich import chooser
from reader.enrich import parties as pt
from reader.enrich.records import Agreement
from reader.enrich.topics import topics
from reader.enrich.triggers import (
    AGREEMENT_NOUNS,
    HOPE,
    HOPE_PREFIXES,
    OBJ_VERBS,
    Trigger,
    cancellations,
    conceded,
    consent,
    opinion,
    protocol,
    triggers,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from spacy.tokens import Doc, Token

    from reader.enrich.actors import ActorInfo


Parsed = tuple[int, int, "Doc"]  # (sentence index, its offset in the body, the sentence parsed alone)


KEYWORD_KINDS = (
    ("cessez-le-feu", "ceasefire"), ("trêve", "ceasefire"), ("traité", "treaty"), ("pacte", "treaty"),
    ("exempt", "exemption"), ("partenari", "partnership"), ("partenaire", "partnership"),
    ("déclaration", "declaration"), ("communiqué commun", "declaration"), ("communiqué conjoint", "declaration"),
    ("allian", "alliance"), ("allié", "alliance"), ("s'allie", "alliance"), ("coalition", "alliance"),
    ("ralli", "alliance"), ("fusion", "alliance"), ("liste commune", "alliance"), ("union", "alliance"),
    ("contrat", "contract"), ("coopér", "cooperation"), ("collabor", "cooperation"), ("associ", "partnership"),
    ("cosign", "declaration"), ("tribune commune", "declaration"), ("lettre commune", "declaration"),
    ("accord", "agreement"),
    ("engag", "commitment"),
)  # fmt: skip


# A break is a failure only when it is the agreement (or the talks) that breaks: "a rompu l'accord", "la
# rupture des négociations"; not a person breaking with another ("qui a rompu avec le président sortant", an
# ally of the agreement the sentence reports) nor a break in something else ("une rupture dans les politiques").
# And talks that came to nothing: "les deux camps étant incapables de se mettre d'accord", "une alliance … a été
# avortée", "l'alliance … n'avait pu se conclure"; and none made: "ne formera aucune alliance", "on n'a pas parlé
# d'alliance" (a negation, then a partitive "d'").
_BROKEN = (
    r"(?:\w+\s+){0,3}?(?:l'|l’|les\s+|le\s+|la\s+|d'|d’|des\s+|de\s+l'|de\s+l’|du\s+|de\s+la\s+|leurs?\s+|son\s+"
    r"|sa\s+|ses\s+|cet\s+|cette\s+|ce\s+|ces\s+)?(?:accord|alliance|partenariat|traité|pacte|coalition|négociation"
    r"|discussion|pourparlers|trêve|cessez-le-feu|union|entente|contrat)"
)
FAILED = re.compile(
    r"\b(?:pas|aucun|aucune|sans|faute|ni|jamais)\s+(?:d'|d’|de\s+|un\s+|une\s+)?"
    r"(?:accord|entente|compromis|traité|alliance|partenariat|pacte|coalition)"
    r"|\bsans\s+l['’](?:accord|aval)\b"  # "avec ou sans l'accord de l'Egypte": a consent, and none
    r"|\b(?:pas|jamais)\s+(?:\w+\s+)?(?:d'|d’)(?:accord|entente|alliance|partenariat|pacte|coalition)\b"
    r"|\bn(?:'|’)(?:a|ai|as|avait|avaient|ont|ait|aient|aurait|auraient)\s+(?:pas\s+)?pu\s+(?:se\s+|s'|s’)?"
    r"(?:conclure|aboutir|signer|nouer|sceller|trouver)\b"
    r"|\b(?:incapacité|échec|échoué|échouent|échoue|impossibilité|avortée?s?)\b|\bincapables?\s+de\b"
    r"|\bpas\s+(?:été\s+)?capables?\s+de\b"
    r"|\b(?:rupture|rompu|rompue|rompus|rompues|rompent|rompre|rompt)\s+" + _BROKEN,
    re.IGNORECASE,
)


_MONTH = (
    r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)"
)
STATED_DATE = re.compile(
    rf"\b(?:(?:le|du|au)\s+)?(?:1er|\d{{1,2}})\s+{_MONTH}(?:\s+(?:1[89]|20)\d\d)?\b"  # le 12 mars (2016)
    rf"|\b(?:en|depuis|dès|début|fin|mi-|à la fin de|au début de)\s*{_MONTH}\s+(?:1[89]|20)\d\d\b"  # en mars 2016
    rf"|\b(?:début|fin|mi-)\s*{_MONTH}\b"  # fin février
    r"|\b(?:en|depuis|dès|de)\s+(?:1[89]|20)\d\d\b",  # en 2015, l'armistice de 1953
    re.IGNORECASE,
)


# What cancels a sentence the classifier accepted when the rules parse no agreement in it. Another verb of
# the sentence in the future or the conditional ("planned") is not enough: the classifier reads it as a
# feature, and on the dev part that veto dropped three agreements for each sentence it rightly dropped.
VETOES = frozenset({"negated", "hoped", "wished"})


def vetoed(pdoc: Doc) -> bool:
    """A failure ("pas d'accord", "l'incapacité … à se mettre d'accord"), or an agreement negated, hoped
    for, refused, denied or wished for ("n'ont pas conclu", "espèrent conclure", "souhaitent un accord") — not
    one the sentence says exists, whatever verb of hope or refusal stands above it ("réclamer l'application
    d'accords signés en 2017", "visant notamment les accords conclus mardi", "rejeté … après son alliance"); or
    a performance or a decree signed ("a signé le nouveau record du tour", "a signé un décret": `_feat`); or a
    question ("Quid d'un accord avec Israël…?"); or a sentence whose every word of agreement is another word that
    only looks like one, or one person's opinion or admission ("LR se maintient à Toulouse", "je suis d'accord avec
    ça", "Elle a convenu que…", "le protocole sanitaire", "n'avaient pas fusionné", "une bande son signée Hans
    Zimmer": `_incidental`)."""
    if FAILED.search(pdoc.text) is not None or _feat(pdoc) or _question(pdoc) or _incidental(pdoc):
        return True
    cancelled = cancellations(pdoc) & VETOES
    return bool(cancelled) and not (cancelled <= {"hoped", "wished"} and _existing(pdoc))


# "signer" of a performance: "a signé le nouveau record du tour", "a signé un chrono significatif"
# or signed by one side alone: "a signé jeudi un décret"
_FEATS = {
    "record", "chrono", "temps", "victoire", "doublé", "triplé", "but", "exploit", "performance", "score", "décret",
    "ordonnance", "loi",
}  # fmt: skip


# Words the candidates' stems (`classify.CANDIDATE`) catch that say nothing of an agreement: communication, a
# community, keeping and now, a sign, a border, dealing with, a rank, support, acquittal, a collaborator,
# negotiations (still going on). Not "communiqué": one from several ("ont tonné dans un communiqué plusieurs
# structures") is a joint one, an agreement of dev.
INCIDENTAL = frozenset(
    {
        "communication", "communiquer", "communauté", "communautaire", "communiste", "communisme",
        "commune", "maintenir", "maintenant", "maintien", "main", "maint", "signe", "signal", "signaler",
        "signifier", "significatif", "significativement", "signalement", "frontière", "frontalier", "traiter",
        "rang", "prometteur", "acquitter", "acquittement", "convier", "collaborateur", "conclusion", "soutien",
        "soutenir", "offre", "négociation",
    }
)  # fmt: skip


def _incidental(pdoc: Doc) -> bool:
    """Every word of the sentence that looks like agreement (`classify.CANDIDATE`) is another word
    (`INCIDENTAL`: "LR se maintient à Toulouse", "un signe de l'agressivité croissante"; "conclure" of an end),
    an opinion ("je suis d'accord avec ça") or a consent ("avec l'accord du maire"), so the sentence reports no
    agreement whatever the classifier reads in it."""
    from reader.enrich.classify import CANDIDATE  # (classify imports this module)

    words = [t for t in pdoc if CANDIDATE.match(t.text) or CANDIDATE.match(t.lemma_)]
    return bool(words) and all(
        _other_word(t)
        or opinion(t)
        or consent(t)
        or conceded(t)
        or protocol(t)
        or _ended(t)
        or _not_joined(t)
        or _signed_thing(t)
        or _one_source(t)
        or _named(t)
        or _to_join(t)
        or _aside(t)
        for t in words
    )


def _one_source(tok: Token) -> bool:
    """ "communiqué" as where one party said something ("a salué dans un communiqué", "selon un communiqué de
    Rhônexpress"), not a joint one ("un communiqué commun", "ont tonné dans un communiqué plusieurs structures")."""
    if tok.lemma_.lower() != "communiqué" or tok.pos_ != "NOUN":
        return False
    kids = list(tok.children)
    if not any(c.dep_ == "case" and c.lower_ in ("dans", "selon") for c in kids):
        return False
    if any(c.lower_.startswith(("commun", "conjoint", "co-sign", "cosign")) or c.dep_ == "conj" for c in kids):
        return False
    if any(c.dep_ == "nmod" and any(g.dep_ == "conj" for g in c.children) for c in kids):
        return False  # "selon un communiqué de Paris et Berlin"
    verb = tok.head
    around = [verb, *(c for c in verb.children if c.dep_.startswith(("aux", "nsubj")))]
    return not any("Plur" in t.morph.get("Number", []) for t in around)


def _named(tok: Token) -> bool:
    """A word of agreement as part of a name ("l'Alliance du Commerce", "la victoire des Alliés", "l'équipe
    Signatech"): capitalised, not the sentence's first word; not what a party is a member of ("la Turquie,
    également membre de l'Alliance")."""
    return (
        tok.i > 0
        and tok.text[:1].isupper()
        and not tok.is_sent_start
        and tok.doc[tok.i - 1].text not in ('"', "«", "“", ":", "-", "–", "—")
        and tok.head.lemma_.lower() not in _MEMBERSHIP
    )


_MEMBERSHIP = {"membre", "adhésion", "adhérer", "rejoindre", "intégrer", "entrée", "entrer"}


def _to_join(tok: Token) -> bool:
    """A verb of joining in the infinitive under a need or a hope ("a le besoin vital de s'allier avec…"): to
    join, not joined (not "en décidant de s'allier avec LR", "a renoncé … pour s'allier avec les Républicains")."""
    if tok.lemma_.lower() not in _JOINING or "Inf" not in tok.morph.get("VerbForm", []):
        return False
    head = tok.head
    return head.lemma_.lower() in HOPE | _NEED or head.lower_.startswith(HOPE_PREFIXES)


_NEED = {"avoir", "besoin", "nécessité", "intention", "volonté", "envie", "falloir", "projet"}


# an agreement only drafted or ended ("un projet d'accord", "la fin de cette longue collaboration")
_DRAFTED_OR_ENDED = {"projet", "proposition", "ébauche", "brouillon", "fin"}  # not "aux termes d'un accord"


def _aside(tok: Token) -> bool:
    """A word of agreement used for something else: an agreement only drafted or ended ("un projet d'accord", "la
    fin de cette longue collaboration"), a rallying cry ("cri de ralliement"), "convenir à" (to suit: "des prénoms
    qui conviennent aux hommes"), "l'ensemble de" (the whole). Not "en lien avec" ("BioNTech, en lien avec le
    laboratoire américain Pfizer") nor "rallier" with an object ("il a rallié la droite"): agreements of dev."""
    lemma, doc = tok.lemma_.lower(), tok.doc
    kids = list(tok.children)
    if (
        tok.pos_ == "NOUN"
        and (lemma in AGREEMENT_NOUNS or _OTHER_AGREEMENT_WORD.match(lemma))
        and tok.dep_ == "nmod"
        and tok.head.lemma_.lower() in _DRAFTED_OR_ENDED
        and any(c.dep_ == "case" and c.lower_ in ("de", "d'", "d’", "des", "du") for c in kids)
    ):
        return True
    if lemma == "ralliement":
        return (
            tok.i >= 2 and doc[tok.i - 1].lower_ == "de" and doc[tok.i - 2].lemma_.lower() in ("cri", "point", "signe")
        )
    if lemma == "convenir":
        return not any(c.dep_ in ("xcomp", "ccomp", "mark") for c in kids) and any(
            c.dep_.startswith("obl") and any(g.dep_ == "case" and g.lower_ in ("à", "au", "aux") for g in c.children)
            for c in kids
        )
    return lemma == "ensemble" and tok.pos_ == "NOUN" and any(c.dep_ == "det" for c in kids)


# verbs of joining the rules parse no agreement in: negated, they report none ("Les listes PCF et PS-EELV
# n'avaient pas fusionné")
_JOINING = {"fusionner", "allier", "associer", "rallier", "collaborer", "coopérer", "unir"}


def _not_joined(tok: Token) -> bool:
    """A verb of joining negated ("n'avaient pas fusionné", "je ne sois pas associé")."""
    if tok.lemma_.lower() not in _JOINING:
        return False
    heads = [tok] + [c for c in tok.children if c.dep_.startswith("aux")]
    return any(c.lower_ in ("pas", "jamais") for h in heads for c in h.children if c.dep_.startswith(("advmod", "dep")))


# what a signature on a thing is, not an agreement: "une bande son signée Hans Zimmer", "un avion signé du
# transporteur", "une paire de chaussures signée de sa main" (not a text several sign: "une lettre signée par…")
_SIGNED_TEXTS = {"communiqué", "déclaration", "lettre", "texte", "tribune", "appel", "manifeste", "pétition", "charte"}


def _signed_thing(tok: Token) -> bool:
    """ "signé" as the participle of a thing that is no agreement and no text ("une bande son signée Hans Zimmer")."""
    head = tok.head
    return (
        tok.lemma_.lower() == "signer"
        and tok.dep_ in ("acl", "amod", "nmod")
        and head.pos_ == "NOUN"
        and head.lemma_.lower() not in AGREEMENT_NOUNS
        and head.lemma_.lower() not in _SIGNED_TEXTS
        and _OTHER_AGREEMENT_WORD.search(head.text) is None
    )


def _other_word(tok: Token) -> bool:
    """An `INCIDENTAL` word by its lemma, not an agreement noun the model lemmatised wrong ("traités" → traiter);
    or a spouse."""
    lemma = tok.lemma_.lower()
    if lemma == "conjoint":  # a spouse ("elle vivait sans conjoint"), not a joint declaration
        return tok.pos_ == "NOUN"
    return lemma in INCIDENTAL and tok.lower_.rstrip("s") not in AGREEMENT_NOUNS


def _ended(tok: Token) -> bool:
    """ "conclure" of something that is no agreement: an end ("le titre a conclu la séance en hausse")."""
    return tok.lemma_.lower() == "conclure" and any(
        c.dep_ == "obj" and c.pos_ == "NOUN" and c.lemma_.lower() not in AGREEMENT_NOUNS for c in tok.children
    )


def _question(pdoc: Doc) -> bool:
    """A question reports nothing ("Une alliance entre LR et Robert Ménard ?", "Quid d'un accord avec Israël…?")."""
    return pdoc.text.rstrip(' "»”-–—').endswith("?")


_OTHER_AGREEMENT_WORD = re.compile(r"accord|contrat|partena|alli|coopér|collabor|pacte|traité|entente|fusion", re.I)


def _feat(pdoc: Doc) -> bool:
    """The sentence's "signer" is a performance or a one-sided act signed, not an agreement ("ont signé le
    nouveau record du tour", "a signé un décret"), and no other word of agreement is in it."""
    return (
        any(
            t.lemma_.lower() == "signer" and any(c.dep_ == "obj" and c.lemma_.lower() in _FEATS for c in t.children)
            for t in pdoc
        )
        and _OTHER_AGREEMENT_WORD.search(pdoc.text) is None
    )


def _existing(pdoc: Doc) -> bool:
    """An agreement noun the sentence says was made: with a past participle of making ("les accords conclus",
    "l'accord de paix signé en 2016"), or as what came before ("après son alliance", "depuis l'accord")."""
    for tok in pdoc:
        if tok.lemma_.lower() not in AGREEMENT_NOUNS:
            continue
        for c in tok.children:
            if c.dep_ == "acl" and "Part" in c.morph.get("VerbForm", []) and c.lemma_.lower() in OBJ_VERBS:
                return True
            if c.dep_ == "case" and c.lower_ in ("après", "depuis"):
                return True
    return False


def hypothetical(pdoc: Doc) -> bool:
    """Every agreement the sentence speaks of is a condition or a hypothesis ("si PSA et FCA trouvaient un
    accord", "à condition qu'un accord soit conclu", "s'il n'y a pas d'accord", "un possible accord", "les
    éventuels accords de distribution"): none is reported, whatever the rules or the classifier read in it."""
    words = [t for t in pdoc if t.lemma_.lower() in AGREEMENT_NOUNS] + [t.token for t in triggers(pdoc)]
    return bool(words) and all(_conditional(t) or _possible(t) for t in words)


# what an agreement only possible is ("un possible accord", "les éventuels accords"); not "futur" nor "prochain",
# said of an agreement already made to replace another ("un futur accord qui serait conclu pour remplacer le
# traité … conclu en 2010", an agreement of dev for that treaty)
_POSSIBLE = {"possible", "éventuel", "hypothétique", "potentiel"}


def _possible(tok: Token) -> bool:
    """An agreement noun said to be only possible ("un possible accord entre les deux parties")."""
    return tok.lemma_.lower() in AGREEMENT_NOUNS and any(
        c.dep_ == "amod" and c.lemma_.lower() in _POSSIBLE for c in tok.children
    )


_CLAUSE_BREAKS = {",", ";", ":", "«", "»", '"', "(", ")", "—", "–"}


def _conditional(tok: Token) -> bool:
    """The word is in a clause opened by "si" or "à condition que", read as words (the parse often hangs a
    sentence's first "Si" on the main verb): a "si" before it with no punctuation between (but an incise of a
    few words between commas), not "même si" nor "comme si" (a fact) nor "si fort" (an adverb)."""
    doc = tok.doc
    j = tok.i
    while j > 0:
        j -= 1
        t = doc[j]
        if t.text == ",":  # an incise of a few words between commas ("si PSA et FCA trouvaient, cette fois-ci, un
            # accord") is read through
            opening = next((k for k in range(j - 1, max(j - 7, -1), -1) if doc[k].text in _CLAUSE_BREAKS), None)
            if opening is not None and doc[opening].text == "," and opening > 0:
                j = opening
                continue
            return False
        if t.text in _CLAUSE_BREAKS:
            return False
        low = t.lower_.replace("’", "'")
        if low == "condition" and j + 1 < len(doc) and doc[j + 1].lower_.startswith("qu"):
            return True
        if low in ("si", "s'") and (low == "si" or doc[j + 1].lower_ in ("il", "ils")):
            before = doc[j - 1].lower_ if j else ""
            after = doc[j + 1] if j + 1 < len(doc) else None
            if before in ("même", "comme") or (after is not None and after.pos_ in ("ADJ", "ADV")):
                return False
            return True
    return False


def stated_date(text: str) -> str | None:
    """The date a sentence gives for what it reports, as written ("en mars 2016", "le 29 février"), if
    any: kept apart from the date of the article that reports it."""
    m = STATED_DATE.search(text)
    return m.group().strip() if m else None


# kinds the words name more exactly than a trigger's "accord" does
_SPECIFIC = ("exemption", "ceasefire")


def keyword_kind(text: str) -> str:
    """The kind of an agreement the parse gave no trigger for, by its words."""
    low = text.lower().replace("’", "'")
    return next((kind for word, kind in KEYWORD_KINDS if word in low), "agreement")


@dataclass
class Found:
    """An agreement sentence, before merging."""

    start: int
    end: int
    text: str
    kind: str
    parties: list[str]
    topics: list[str]
    sent_index: int
    anaphoric: bool
    named: int = 2  # how many of its parties the sentence (or the agreement just before) names


def find(
    parsed: list[Parsed],
    actors: list[ActorInfo],
    affiliation: dict[str, str],
    body: str,
    date: str | None,
    makers: Mapping[str, str] | None = None,
) -> tuple[Agreement, ...]:
    """The agreements of one article, in text order, from its candidate sentences parsed in pass 2; a party that
    is a product of `makers` is its maker ("la Bugatti Chiron" → Bugatti)."""
    actor_at = pt.positions(actors, body)
    protagonists = pt.Protagonists(actors, affiliation)
    found: list[Found] = []
    for si, offset, pdoc in parsed:
        if hypothetical(pdoc):
            continue  # "si X et Y trouvaient un accord": a condition, not an agreement reached
        sp = pt.SentenceActors(offset, actor_at, affiliation)
        trig = triggers(pdoc)
        last = (found[-1].sent_index, found[-1].parties) if found else None
        parties = _parties(pdoc, trig, sp, si, last) if trig else None
        if parties is not None:
            kind, anaphoric = trig[0].kind, all(t.anaphoric for t in trig)
            if kind == "agreement" and (specific := keyword_kind(pdoc.text)) in _SPECIFIC:
                kind = specific  # "a signé une série d'accords … exempter de visa": what the accord is
        else:
            # the classifier read an agreement the rules did not parse: the parties are those the sentence
            # names in its main clause; those of the agreement just before when it names none, or one and
            # speaks of several ("les deux pays", "ils")
            if vetoed(pdoc):
                continue  # "pas d'accord", "l'incapacité … à se mettre d'accord", "sans accord": none reached
            kind, anaphoric = keyword_kind(pdoc.text), False
            parties = pt.main_clause_parties(pdoc, sp)
            if not parties or (len(parties) < 2 and any(t.lower_ in pt.COLLECTIVE for t in pdoc)):
                parties = list(dict.fromkeys(parties + pt.recent(si, last)))
        between = pt.between_parties(pdoc, sp)
        if len(between) >= 2:  # an agreement "entre X et Y" is theirs, whatever else the sentence names
            parties = between
        parties = pt.finished(parties, pdoc, sp)
        named = len(parties)
        chosen = _chosen(pdoc, trig, sp, si, last, protagonists)
        if chosen is not None:  # the structure does not settle them: the learned chooser's
            parties, named = chosen
        if makers and any(p in makers for p in parties):
            parties = list(dict.fromkeys(makers.get(p, p) for p in parties))
            named = min(named, len(parties))
        if named < 2 and not (named == 1 and pt.unnamed_partner(pdoc, sp)):
            # a party the sentence does not name: the article's protagonist (for now, below); not when it
            # says who without a name ("un accord avec trois listes")
            parties = protagonists.complete(parties)
        parties = pt.with_coordinated(parties, pdoc, sp)
        end = offset + len(pdoc.text)
        found.append(Found(offset, end, body[offset:end], kind, parties, topics(pdoc), si, anaphoric, named))
    _borrow(found)
    return tuple(
        Agreement(tuple(f.parties), f.kind, f.text, tuple(f.topics), f.start, f.end, date, stated_date(f.text))
        for f in _merge(found)
    )


def unsettled(pdoc: Doc, trig: list[Trigger], sp: pt.SentenceActors) -> list[str] | None:
    """What the rules read in a sentence alone (without the agreements before it or the protagonists) where the
    chooser decides its parties; None where the rules do: the structure settles them (an agreement noun's own
    "entre X et Y", a trigger whose subject and complements name two or more), or the sentence names one and
    says the other without a name ("un accord avec trois listes": a record of one party)."""
    if len(pt.between_parties(pdoc, sp)) >= 2:
        return None
    alone = _parties(pdoc, trig, sp, 0, None) if trig else None
    if alone is not None and len(alone) >= 2:
        return None
    rules = pt.finished(pt.main_clause_parties(pdoc, sp) if alone is None else alone, pdoc, sp)
    return None if len(rules) == 1 and pt.unnamed_partner(pdoc, sp) else rules


def _chosen(
    pdoc: Doc,
    trig: list[Trigger],
    sp: pt.SentenceActors,
    si: int,
    last: tuple[int, list[str]] | None,
    protagonists: pt.Protagonists,
) -> tuple[list[str], int] | None:
    """The chooser's parties for a sentence whose structure does not settle them, and how many the sentence
    names (None: the structure settles them, or the sentence names one and says the other without a name —
    "un accord avec trois listes" —, or the chooser found fewer than two, or none is shipped)."""
    model = chooser.load()
    rules = None if model is None else unsettled(pdoc, trig, sp)
    if model is None or rules is None:
        return None
    cands = chooser.candidates(pdoc, sp, rules, si == 0, pt.recent(si, last))
    parties, named = chooser.decide(model, cands, pdoc, sp, protagonists)
    return (parties, named) if len(parties) >= 2 else None


def _borrow(found: list[Found]) -> None:
    """A sentence that names none of its parties ("L'accord vise aussi à sécuriser…") speaks of the article's
    agreement: it takes the parties of the nearest one whose sentence names two, rather than the article's
    most mentioned actors (in seed 002 those are Japan and China, the country the agreement answers)."""
    named = [f for f in found if f.named >= 2]
    for f in found:
        if f.named == 0 and named:
            near = min(named, key=lambda g: (abs(g.sent_index - f.sent_index), g.sent_index > f.sent_index))
            f.parties = list(near.parties)


def _parties(
    pdoc: Doc,
    trig: list[Trigger],
    sp: pt.SentenceActors,
    si: int,
    last: tuple[int, list[str]] | None,
) -> list[str] | None:
    """The parties of a sentence's agreement, or None when the sentence reports none."""
    parties: list[str] = []
    collective = False
    for t in trig:
        ps, col = pt.parties_for(t.token, t.anchor, sp)
        parties.extend(ps)
        collective = collective or col
    parties = list(dict.fromkeys(parties))
    tok, _, kind, anaphoric = trig[0]
    if len(parties) < 2:
        # the small model sometimes breaks a long coordinated subject ("Le Premier ministre britannique
        # Keir Starmer et la Première ministre japonaise Sanae Takaichi ont conclu…"): read it as words
        left = pt.subject_side_parties(pdoc, tok, sp)
        if len(left) >= 2:
            parties = list(dict.fromkeys(left + parties))
        else:  # or its "avec …" complement ("a conclu un accord avec son homologue japonaise …")
            partners = [p for p in pt.partner_side_parties(pdoc, tok, sp) if p not in parties]
            if parties and partners:
                parties = parties + partners[:1]
    if kind == "commitment" and len(parties) < 2 and not collective:
        return None  # one side promising ("X a promis de…", "Y s'est engagé à…") is not an agreement
    if len(parties) < 2 and (collective or anaphoric or parties):
        # "ils se sont engagés", "l'accord a été conclu": the parties of the sentences before. A sentence
        # whose subject names no party at all ("le président mexicain s'est engagé à…") borrows none.
        context = pt.recent(si, last)
        if context and (collective or anaphoric or set(parties) <= set(context)):
            parties = list(dict.fromkeys(context + parties))
    if not parties or (kind == "commitment" and len(parties) < 2):
        return None
    return parties


def _merge(found: list[Found]) -> list[Found]:
    """One record for a sentence that only refers back to the agreement of the sentence before (or the one
    before that) with the same parties."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and _same_agreement(prev, f):
            main, other = (prev, f) if not prev.anaphoric or f.anaphoric else (f, prev)
            main.topics = list(dict.fromkeys(main.topics + other.topics))
            main.sent_index = max(prev.sent_index, f.sent_index)
            main.anaphoric = prev.anaphoric and f.anaphoric
            out[-1] = main
            continue
        out.append(f)
    return out


def _same_agreement(prev: Found, f: Found) -> bool:
    gap = f.sent_index - prev.sent_index
    return (
        (gap <= 1 or (gap <= 2 and f.anaphoric))
        and set(f.parties) == set(prev.parties)
        and (f.anaphoric or prev.anaphoric)
        and (f.kind == prev.kind or f.anaphoric or prev.anaphoric)
    )
