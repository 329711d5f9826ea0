"""Who an agreement is between: the actors named around its trigger, as parties.

Parties come from the trigger's subject, its "avec"/"entre" complements, demonyms on the agreement noun
("l'alliance nippo-américaine"), and the object of an exemption; capitals, seats of government and leaders
stand for their country or organisation; what only describes a party in its noun phrase is none ("la maire
de Paris Anne Hidalgo"). "Les deux pays", "ils", "tous deux" take the parties of the agreement just before;
a record that still has fewer than two takes the article's protagonists (`Protagonists`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from reader.enrich import lexicon as lx
from reader.enrich.mentions import COMPANY_BEFORE, UNTAGGED_NAME, plausible_company_name
from reader.enrich.tokens import hyphen_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from reader.enrich.actors import ActorInfo

SKIP_CASES = {"à", "a", "en", "dans", "sous", "après", "lors", "depuis", "au", "aux", "contre", "sur", "vers"}
SAYING = {
    "indiquer", "préciser", "déclarer", "affirmer", "estimer", "expliquer", "souligner", "ajouter", "assurer",
    "rapporter", "confier", "dire", "poursuivre", "relever", "noter", "observer", "juger", "commenter",
    "détailler", "insister", "rappeler", "écrire", "raconter", "révéler", "selon",
}  # fmt: skip
AGAINST = {"contre", "face", "malgré", "selon", "quant"}  # what is opposed, feared or cited: no party
COLLECTIVE = {"deux", "ils", "elles", "tous", "toutes", "couple", "parties", "pays", "dirigeants", "ministres"}
_NAME_BEFORE = re.compile(r"[A-ZÀ-Ý][\w-]* $")
# who someone is to another: the other is no party of the one's agreement ("le successeur d'Alain Juppé",
# "un proche d'Edouard Philippe", "l'époux de Lori Loughlin")
RELATIVES = {
    "successeur", "prédécesseur", "proche", "dauphin", "ex-dauphin", "frère", "sœur", "soeur", "fils",
    "fille", "père", "mère", "épouse", "époux", "mari", "femme", "neveu", "nièce", "oncle", "tante", "entourage",
    "ville", "fief", "protégé", "protégée", "héritier", "héritière", "rival", "ex-rival", "adversaire",
}  # fmt: skip
# what a demonym may describe without the country being a party: a company, an assembly, a club
NOT_STATES = {
    "géant", "groupe", "société", "entreprise", "constructeur", "laboratoire", "firme", "marque", "compagnie",
    "chaîne", "opérateur", "banque", "fabricant", "start-up", "startup", "club", "équipe", "plateforme", "média",
    "journal", "quotidien", "assureur", "assemblée", "équipementier", "enseigne", "géante", "spécialiste",
    # things of a country, not its state: "les commerces allemands", "le premier podcast américain"
    "commerce", "continent", "podcast", "marché", "produit", "film", "série", "voiture", "modèle", "émission",
    "frontière", "sol", "presse", "économie", "opinion", "touriste", "consommateur", "territoire", "vin",
    # a product: "l'Hypercar britannique", "le SUV allemand", "la montre suisse"
    "hypercar", "supercar", "suv", "berline", "coupé", "cabriolet", "roadster", "concept", "prototype", "moteur",
    "montre", "collection", "version", "édition", "citadine", "sportive", "moto", "vélo", "avion", "navire",
}  # fmt: skip


class ActorAt(dict[int, tuple[str, str]]):
    """Body offset → (name, kind) of the actor mentioned there; and the article's actors named twice or more,
    most mentioned first (`ranked`: name, kind), which a definite description may stand for ("le groupe
    américain" in an article about Facebook)."""

    ranked: tuple[tuple[str, str], ...] = ()
    body: str = ""
    roles: dict[str, tuple[str, str]] = {}  # noqa: RUF012 (set per instance)


def positions(actors: Iterable[ActorInfo], body: str | None = None) -> ActorAt:
    """Every character of every actor mention, mapped to that actor; with the body, also the places where
    an actor's name is written whole but the model did not see it (a title without a verb, "Foot: Mediapro
    s'allie à TF1"; the first words of a body, "Volvo Cars et la société californienne Luminar…")."""
    actors = list(actors)
    actor_at = ActorAt()
    actor_at.ranked = tuple((a.name, a.kind) for a in sorted(actors, key=lambda a: -len(a.spans)) if len(a.spans) >= 2)
    if body:
        actor_at.roles = _introduced(actors, body)
        actor_at.body = body
    for a in actors:
        for s, e in a.spans:
            for i in range(s, e):
                actor_at[i] = (a.name, a.kind)
    if body:
        for a in sorted(actors, key=lambda a: -len(a.name)):  # the longest name first: "Volvo Cars", "Volvo"
            if len(a.name) < 2 or not a.name[:1].isupper() or a.name.isupper() and len(a.name) < 3:
                continue
            # not a part of a longer name: "Aston" in "Aston Martin", "Printemps" in "Printemps Marseillais"
            for m in re.finditer(rf"(?<![\w-]){re.escape(a.name)}(?![\w-])(?! [A-ZÀ-Ý])", body):
                if not _NAME_BEFORE.search(body, max(0, m.start() - 40), m.start()) and not any(
                    i in actor_at for i in range(m.start(), m.end())
                ):
                    for i in range(m.start(), m.end()):
                        actor_at[i] = (a.name, a.kind)
        for start, end in untagged_companies(body, actor_at):
            for i in range(start, end):
                actor_at[i] = (body[start:end], "organisation")
    return actor_at


_ET_BEFORE = re.compile(r"(?:\s+et|\s*,)\s+$")
_ET_AFTER = re.compile(r"^\s+et\s+")
# the one an agreement is made with: "un partenariat avec Naim", "un contrat avec Stay Homas"
_WITH_AFTER_AGREEMENT = re.compile(
    r"\b(?:accord|partenariat|contrat|alliance|collaboration|coopération|fusion|traité|allié|associé|signé)s?\b"
    r"[^.;:!?]{0,30}\b(?:avec|entre)\s+(?:le |la |l'|les )?$",
    re.IGNORECASE,
)


def untagged_companies(body: str, actor_at: ActorAt) -> list[tuple[int, int]]:
    """Where the body names a company the model did not tag: what the article calls one ("la société
    californienne Luminar", "les entreprises 3M et …"), or a name coordinated with an organisation the model did
    tag ("Bosch Engineering et BENTELER"). A name right after a company noun is an actor already
    (`actors._add_named_companies`); the rest are parties only."""
    out = []
    for m in UNTAGGED_NAME.finditer(body):
        start, end = m.span()
        if any(i in actor_at for i in range(start, end)) or not plausible_company_name(m.group()):
            continue
        before = body[max(0, start - 50) : start].replace("’", "'")
        company = COMPANY_BEFORE.search(before) is not None
        if not company:
            e = _ET_BEFORE.search(before)
            left = actor_at.get(start - len(before) + e.start() - 1) if e else None
            a = _ET_AFTER.match(body[end : end + 8])
            right = actor_at.get(end + a.end()) if a else None
            company = any(hit is not None and hit[1] == "organisation" for hit in (left, right))
        if not company:
            company = _WITH_AFTER_AGREEMENT.search(before) is not None
        if company:
            out.append((start, end))
    return out


def party_of(name: str, kind: str, affiliation: dict[str, str]) -> str | None:
    """The party an actor stands for: a place's country, a person's country or organisation, a seat of
    government's country ("Maison Blanche" → États-Unis)."""
    if kind == "place" or lx.fold(name) in lx.SEATS:
        return lx.country_of_place(name)
    if kind == "person":
        return affiliation.get(name, name)
    return name


def finished(parties: list[str], pdoc: Doc, sp: SentenceActors) -> list[str]:
    """A record's parties as the extraction finishes them, whoever chose them: no press agency (the source,
    never a party), the topic a pronoun takes up, one name per party, leaders for their countries."""
    parties = [p for p in parties if lx.fold(p) not in lx.PRESS_AGENCIES]
    parties = list(dict.fromkeys(dislocated_topic(pdoc, sp) + parties))
    return leaders_as_countries(without_shorter_names(parties))


_COORD_WORDS = {",", "et", "ainsi", "que", "le", "la", "les", "l'", "l’", "du", "des", "de", "d'", "d’"}


def with_coordinated(parties: list[str], pdoc: Doc, sp: SentenceActors) -> list[str]:
    """A party's name coordinated with other names ("X, Y et Z", "X ainsi que Y") brings them: the sentence
    lists the sides together."""
    if not parties:
        return parties
    mentions: list[tuple[int, int, str]] = []  # first token, last token, party
    for first, last, hit in sp.runs(pdoc):
        p = party_of(hit[0], hit[1], sp.affiliation) if hit is not None else None
        if p and first.i not in sp.qualifiers(pdoc):
            mentions.append((first.i, last.i, p))
    chains: list[list[str]] = []
    chain: list[str] = []
    closed = False
    for a, b in pairwise(mentions):
        between = [t.lower_ for t in pdoc[a[1] + 1 : b[0]]]
        joined = bool(between) and between[0] in (",", "et", "ainsi") and all(w in _COORD_WORDS for w in between)
        if joined and not chain and a[0] > 0 and pdoc[a[0] - 1].lower_ == "entre":
            joined = False  # "les liens entre Emmanuel Macron et Gérard Collomb": not the agreement's sides
        if joined:
            chain = chain or [a[2]]
            chain.append(b[2])
            closed = closed or "et" in between or "ainsi" in between
        else:
            if closed:
                chains.append(chain)
            chain, closed = [], False
    if closed:
        chains.append(chain)
    out = list(parties)
    for ch in chains:
        if any(p in out for p in ch):
            out += [p for p in ch if p not in out]
    # one name per party, leaders for their countries ("Le Canada et Justin Trudeau ont signé"): as `finished`
    return parties if out == parties else leaders_as_countries(without_shorter_names(out))


def without_shorter_names(parties: list[str]) -> list[str]:
    """One party once: a name that another party's name starts or ends with is that party ("Volvo" beside
    "Volvo Cars", "Kim Kardashian" beside "Kim Kardashian West"); not a country ("Corée" is no name here). A
    name beside its acronym is the acronym ("Organisation des pays exportateurs de pétrole" beside "OPEP")."""
    words = [p.split() for p in parties]
    acronyms = {p for p in parties if p[:1].isupper() and 2 <= len(p) <= 8 and " " not in p}  # "OPEP", "Opep"
    return [
        p
        for p, w in zip(parties, words, strict=True)
        if p in lx.COUNTRIES
        or not (
            any(len(o) > len(w) and (o[: len(w)] == w or o[-len(w) :] == w) for o in words)
            or any(_acronym_of(a, p) for a in acronyms)
        )
    ]


_SMALL_WORDS = {"de", "des", "du", "d", "la", "le", "les", "l", "et", "pour", "en", "à", "a", "aux", "au", "of", "the"}


def _acronym_of(acronym: str, name: str) -> bool:
    """The acronym is the first letters of the name's words but its small ones ("OPEP")."""
    initials = [w[0].upper() for w in re.split(r"[\s'’-]+", name) if w and lx.fold(w) not in _SMALL_WORDS]
    return len(initials) >= 2 and "".join(initials) == lx.fold(acronym).upper()


def _another_name(party: str, parties: list[str]) -> bool:
    """The party is not one of these under a longer or shorter name ("Volvo" for "Volvo Cars"), nor one that
    shares a name's word with one of them ("Weinstein Company" beside "Harvey Weinstein")."""
    both = [*parties, party]
    words = {w for p in parties if p not in lx.COUNTRIES for w in p.split() if w[:1].isupper() and len(w) > 2}
    return without_shorter_names(both) == both and not (party not in lx.COUNTRIES and words & set(party.split()))


# organisations of states: a leader in an agreement with one speaks for his country ("Mike Pompeo … un communiqué
# commun avec ses homologues du G7" → États-Unis, G7)
INTERNATIONAL = lx.ORGANISATIONS - {"EELV", "LFI", "LREM", "Les Républicains", "PS", "Rassemblement national"}


def leaders_as_countries(parties: list[str]) -> list[str]:
    """Leaders stand for their countries in an agreement with another country ("Kim Jong-un et Donald Trump
    ont signé" → Corée du Nord, États-Unis; "M. Netanyahu … avec les Emirats arabes unis" → Israël), not in one
    with a person or an organisation of their own country ("Macron et Philippe", "Netanyahu et Gantz")."""
    led = {p: lx.leader_country(p) for p in parties}
    if any(led[p] in parties for p in parties) and all(led[p] or lx.known_kind(p) for p in parties):
        # "Justin Trudeau … le Canada": the country, once (not "Netanyahu, Gantz et Israël": the two men)
        parties = [p for p in parties if led[p] not in parties]
    countries = {led[p] or p for p in parties if led[p] or p in lx.COUNTRIES or p in INTERNATIONAL}
    if len(countries) < 2:
        return parties
    return list(dict.fromkeys(led[p] or p for p in parties))


class SentenceActors:
    """Actor mentions of one parsed sentence (which starts at `offset` in the body), as parties."""

    def __init__(self, offset: int, actor_at: ActorAt, affiliation: dict[str, str]) -> None:
        self.offset = offset
        self.actor_at = actor_at
        self.affiliation = affiliation
        self._qualifiers: tuple[Doc, set[int]] | None = None

    def actor(self, tok: Token) -> tuple[str, str] | None:
        """The actor (name, kind) mentioned at this token, if any (after a heading's dash: "-Allemagne")."""
        hit = self.actor_at.get(self.offset + tok.idx)
        if hit is None and tok.text[:1] == "-" and len(tok.text) > 1:
            hit = self.actor_at.get(self.offset + tok.idx + 1)
        return hit

    def runs(self, pdoc: Doc) -> Iterator[tuple[Token, Token, tuple[str, str] | None]]:
        """The sentence cut into mentions: each run of tokens of one actor (its first token, its last, the
        actor), and every other token alone (itself twice, None)."""
        toks = list(pdoc)
        k = 0
        while k < len(toks):
            start, hit = k, self.actor(toks[k])
            while hit is not None and k + 1 < len(toks) and self.actor(toks[k + 1]) == hit:
                k += 1
            yield toks[start], toks[k], hit
            k += 1

    def of_token(self, tok: Token) -> list[str]:
        if tok.i in self.qualifiers(tok.doc) or _in_short_quote(tok) or _in_title_quote(tok):
            return []
        hit = self.actor(tok)
        if hit is not None:
            if hit[1] == "place" and _opening_locative(tok):
                return []
            p = party_of(hit[0], hit[1], self.affiliation)
            if p is None and hit[1] == "place" and _governed(tok):
                p = hit[0]  # "un accord avec le gouvernement de Galles du Sud", "la Californie a signé"
            return [p] if p else []
        described = self.described(tok) or side(tok)
        if described:
            return [described]
        if tok.lower_ in PLURAL_PRONOUNS and tok.dep_ in ("nsubj", "nsubj:pass"):
            return self.main_subject(tok) or self.antecedents()
        group = lx.GROUPS.get(lx.fold(tok.text))
        if group is not None and tok.pos_ != "ADJ" and tok.dep_ != "amod":  # not "les élus socialistes"
            return [group]
        if tok.text[:1].islower() or tok.text == "-":
            doc = tok.doc
            joined = (
                tok.text == "-"
                or (tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-")
                or (tok.i > 0 and doc[tok.i - 1].text == "-")
            )
            if tok.dep_ == "amod" and tok.head.lemma_.lower() in NOT_STATES:
                return []  # "le géant suédois", "l'assemblée parlementaire franco-allemande": not the country
            return list(lx.demonym(hyphen_word(tok) if joined else tok.text))
        return []

    def main_subject(self, tok: Token) -> list[str]:
        """The parties of the main clause's subject, for a pronoun in a clause under it: "les taliban assurent ne
        pas avoir mené d'attaques depuis la signature de l'accord qu'ils ont conclu avec les Américains"."""
        if tok.head.dep_ == "ROOT" or tok.head.i == tok.i:
            return []
        root = next((t for t in tok.head.ancestors if t.dep_ == "ROOT"), None)
        subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubj:pass")] if root is not None else []
        out: list[str] = []
        for s in subjects:
            if s.pos_ != "PRON":
                out.extend(self.gather(s)[0])
        return list(dict.fromkeys(out))

    def antecedents(self) -> list[str]:
        """What "ils" or "elles" as a subject takes up: the parties the sentence before names ("Arnold Schwarzenegger
        s'était entretenu avec la maire de Paris Anne Hidalgo. Ensemble, ils ont signé un accord…"; "… des
        pourparlers avec les insurgés talibans. Le 29 février, ils ont signé un accord avec Washington"), not a
        place it names after a preposition ("de Paris"); none when it names more than three."""
        body: str = getattr(self.actor_at, "body", "")
        if not body or self.offset <= 0:
            return []
        end = self.offset
        while end > 0 and body[end - 1] in ' \n\t.!?"»':
            end -= 1
        start = max(body.rfind(c, 0, end) for c in ".!?\n") + 1
        opener = _OPENER.match(body, start, end)
        if opener is not None:  # "Avant de rencontrer François Hollande, X s'était entretenu avec Y."
            start = opener.end()
        out: list[str] = []
        prev = None
        for i in range(start, end):
            hit = self.actor_at.get(i)
            if hit is not None and hit != prev:
                before = body[max(start, i - 9) : i].lower().replace("’", "'")
                located = _LOCATIVE_BEFORE.search(before)
                if not (located and (hit[1] == "place" or located.group(1) not in ("de", "d'", "du", "des"))):
                    p = party_of(hit[0], hit[1], self.affiliation)
                    if p:
                        out.append(p)
            prev = hit
        for m in re.finditer(r"[\w-]+", body[start:end]):
            group = lx.GROUPS.get(lx.fold(m.group()))
            if group is not None:
                out.append(group)
        out = list(dict.fromkeys(out))
        return out if len(out) <= 3 else []

    def described(self, tok: Token) -> str | None:
        """The company a definite description with no name stands for, as a side of the agreement (its subject,
        or the one it is made with or by): the one the article introduced with the same noun ("le constructeur
        coréen Hyundai" → "le constructeur"), else the organisation it names most (twice at least: "l'assureur"
        in an article about Axa). Not a person's role ("la maire sortante": on dev another mayor as often)."""
        role = tok.lemma_.lower() if tok.pos_ == "NOUN" else ""
        if role not in ROLE_COMPANY or not getattr(self.actor_at, "ranked", ()):
            return None
        if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children):
            return None
        if not (tok.dep_ in ("nsubj", "nsubj:pass") or _skipped_case(tok, {"avec", "par", "entre"})):
            return None
        if any(self.actor(t) is not None or t.pos_ == "PROPN" for t in tok.subtree):
            return None  # "le groupe Renault", "la maire de Paris": named, or a place
        hit = getattr(self.actor_at, "roles", {}).get(role)
        if hit is not None:  # "le constructeur" where the article wrote "le constructeur coréen Hyundai"
            return hit[0]
        kind = "organisation"
        return next((n for n, k in self.actor_at.ranked if k == kind and lx.fold(n) not in lx.PRESS_AGENCIES), None)

    def qualifiers(self, doc: Doc) -> set[int]:
        """Tokens of a parsed sentence that only describe a person or an organisation named in the same noun
        phrase, and are no party of their own: "la maire de Paris Anne Hidalgo", "le candidat LREM Thomas
        Cazenave", "Eric Faidy (LREM, 15,5%)" (the person is the party, or the country or organisation she
        speaks for); "le laboratoire chinois Sinovac", "la marque japonaise Uniqlo" (the company is)."""
        if self._qualifiers is not None and self._qualifiers[0] is doc:
            return self._qualifiers[1]
        out: set[int] = set()
        if doc.has_annotation("DEP"):
            for tok in doc:
                hit = self.actor(tok)
                if hit is None or hit[1] == "place" or (tok.i > 0 and self.actor(doc[tok.i - 1]) == hit):
                    continue
                person = hit[1] == "person"
                for t in _noun_phrase(tok):
                    other = self.actor(t)
                    if other == hit or (other is not None and other[1] == "person"):
                        continue
                    if person or (other is not None and other[1] == "place") or lx.demonym(t.text):
                        out.add(t.i)
            for tok in doc:  # whose relative, protégé or successor another is: "un proche d'Edouard Philippe"
                hit = self.actor(tok)
                top = tok
                while top.dep_ in ("flat:name", "flat") and top.head.i != top.i:
                    top = top.head
                if (
                    hit is not None
                    and top.dep_ == "nmod"
                    and top.head.lemma_.lower() in RELATIVES
                    and any(c.dep_ == "case" and c.lower_ in ("de", "d'", "du") for c in top.children)
                ):
                    out.add(tok.i)
            for tok in doc:  # the same when the parse broke the phrase: "le groupe espagnol Mediapro"
                if tok.text[:1].islower() and lx.demonym(tok.text):
                    for nxt in doc[tok.i + 1 : tok.i + 3]:
                        hit = self.actor(nxt)
                        if nxt.is_punct or hit is not None:
                            if hit is not None and hit[1] != "place":
                                out.add(tok.i)
                            break
            for tok in doc:  # a person's party label: "Alain Fontanel (LREM)", "le candidat EELV, David Belliard"
                hit = self.actor(tok)
                if hit is None or hit[1] != "organisation" or tok.i < 1:
                    continue
                before, after = doc[tok.i - 1], doc[tok.i + 1 : tok.i + 3]
                person_before = before.text == "(" and tok.i >= 2 and _is_person(self.actor(doc[tok.i - 2]))
                titled = before.lower_ in lx.TITLES or before.lower_ in LABELLED
                person_after = titled and len(after) == 2 and after[0].text == "," and _is_person(self.actor(after[1]))
                if person_before or person_after:
                    out.add(tok.i)
        self._qualifiers = (doc, out)
        return out

    def gather(self, root: Token, skip_locatives: bool = True) -> tuple[list[str], bool]:
        """Parties in the subtree of root (leaving out locatives and clauses), and whether it speaks of
        several at once ("les deux pays")."""
        out: list[str] = []
        collective = False
        stack = [root]
        while stack:
            t = stack.pop()
            if (
                t.i != root.i
                and skip_locatives
                and (t.dep_ in ("acl:relcl", "acl", "advcl") or (_skipped_case(t, SKIP_CASES) and not _joined(t)))
            ):
                continue
            out.extend(self.of_token(t))
            if t.lower_ in COLLECTIVE:
                collective = True
            stack.extend(t.children)
        return out, collective


# a side named by a common noun, as the labels name it: "un accord avec l'accusation" (a plea deal), "son
# alliance avec la droite" (Les Républicains)
SIDES = {"accusation": "accusation", "droite": "Les Républicains"}


def side(tok: Token) -> str | None:
    side = SIDES.get(tok.lower_)
    if side is None or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    definite = any(c.dep_ == "det" and c.lower_ in ("l'", "l’", "la") for c in tok.children)
    if any(c.dep_ == "amod" for c in tok.children):
        return None  # "la droite modérée": a part of it
    return side if definite and _skipped_case(tok, {"avec", "entre", "et"}) else None


ROLE_COMPANY = {
    "groupe", "constructeur", "société", "entreprise", "laboratoire", "firme", "marque", "compagnie", "géant",
    "start-up", "startup", "assureur", "fabricant", "opérateur", "enseigne", "équipementier", "plateforme",
    "guérilla", "syndicat", "club", "ong", "chaîne", "banque", "studio", "éditeur", "label", "écurie",
}  # fmt: skip
DEFINITE = {"le", "la", "l'", "l’", "ce", "cet", "cette"}

_ROLE_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(ROLE_COMPANY, key=len, reverse=True)) + r")s?\b[^.,;:()«»\"]{0,40}$", re.IGNORECASE
)


def _introduced(actors: Iterable[ActorInfo], body: str) -> dict[str, tuple[str, str]]:
    """Role noun → the actor the article introduces with it ("le constructeur coréen Hyundai", "la maire de Paris
    Anne Hidalgo"), the most mentioned one when several are."""
    out: dict[str, tuple[str, str]] = {}
    for a in sorted(actors, key=lambda a: -len(a.spans)):
        for start, _ in a.spans:
            if start < 0:
                continue
            m = _ROLE_BEFORE.search(body, max(0, start - 50), start)
            if m is not None:
                role = m.group(1).lower()
                if role not in out and a.kind == "organisation":
                    out[role] = (a.name, a.kind)
    return out


_QUOTES = {'"', "«", "»", "“", "”"}


def _in_title_quote(tok: Token) -> bool:
    """A name in a quote without a verb is in a title ('la suppression de son émission "I Do, Redo"', 'un
    "Stammtisch de l'amitié franco-allemande"'), not a party; a quote with a verb is someone's words."""
    doc = tok.doc
    left = next((k for k in range(tok.i - 1, max(-1, tok.i - 13), -1) if doc[k].text in _QUOTES), None)
    right = next((k for k in range(tok.i + 1, min(len(doc), tok.i + 13)) if doc[k].text in _QUOTES), None)
    if left is None or right is None or sum(1 for t in doc[: left + 1] if t.text in _QUOTES) % 2 == 0:
        return False
    before = next((t for t in reversed(doc[:left]) if t.text != ","), None)
    introduced = before is not None and (before.pos_ == "DET" or before.lemma_.lower() in TITLED)
    return introduced and not any(t.pos_ in ("VERB", "AUX") for t in doc[left + 1 : right])


# what a title in quotes follows: 'son émission, "I Do, Redo"', 'une opération baptisée "Barkhane"'
TITLED = {
    "émission",
    "film",
    "série",
    "livre",
    "ouvrage",
    "album",
    "chanson",
    "opération",
    "programme",
    "projet",
    "slogan",
    "campagne",
    "titre",
    "baptiser",
    "intituler",
    "nommer",
    "appeler",
    "surnommer",
    "téléréalité",
    "magazine",
    "spectacle",
    "exposition",
    "podcast",
}  # fmt: skip  (not "liste", "mouvement": a list or a movement in quotes is a party)


def _in_short_quote(tok: Token) -> bool:
    """A name in a quote of three words at most is a title or a phrase, not a party: a channel 'baptisée
    "Téléfoot"', un maire 'considéré comme "Macron compatible"'."""
    doc = tok.doc
    left = next((k for k in range(tok.i - 1, max(-1, tok.i - 4), -1) if doc[k].text in _QUOTES), None)
    right = next((k for k in range(tok.i + 1, min(len(doc), tok.i + 4)) if doc[k].text in _QUOTES), None)
    if left is None or right is None or right - left - 1 > 3:
        return False
    return sum(1 for t in doc[: left + 1] if t.text in _QUOTES) % 2 == 1  # the left one opens the quote


LABELLED = {"candidat", "candidate", "maire", "sénateur", "sénatrice", "député", "députée", "élu", "élue", "tête"}


GOVERNING = {"gouvernement", "état", "etat", "région", "province", "autorité", "exécutif", "parlement", "municipalité"}


def _governed(tok: Token) -> bool:
    """A place that is no country but acts: the subject of the sentence's verb, the one an agreement is made with
    or between, or what a government is of."""
    top = tok
    while top.dep_ in ("flat:name", "flat", "compound") and top.head.i != top.i:
        top = top.head
    if top.dep_ in ("nsubj", "nsubj:pass") or _skipped_case(top, {"avec", "entre"}):
        return True
    return (
        top.dep_ == "nmod"
        and top.head.lemma_.lower() in GOVERNING
        and any(c.dep_ == "case" and c.lower_ in ("de", "d'", "du") for c in top.children)
    )


def _opening_locative(tok: Token) -> bool:
    """The place a sentence opens with, where what follows happens: "A Paris, la maire sortante a bénéficié du
    ralliement…" (read as words: the parse often takes the capital "A" for a name)."""
    doc = tok.doc
    first = next((t.i for t in doc if not t.is_punct), 0)
    return (
        tok.i == first + 1
        and doc[first].lower_ in ("a", "à", "en", "au")
        and tok.i + 1 < len(doc)
        and doc[tok.i + 1].text == ","
    )


def _is_person(hit: tuple[str, str] | None) -> bool:
    return hit is not None and hit[1] == "person"


def _skipped_case(t: Token, cases: set[str]) -> bool:
    return any(c.dep_ == "case" and c.lower_ in cases for c in t.children)


JOINING = {"allier", "rallier", "associer", "joindre", "lier", "unir", "adosser", "ralliement", "adhésion"}


def _joined(t: Token) -> bool:
    """The one a party joins: "Mediapro s'allie à TF1", "associé au groupe Orange" (not a locative)."""
    return t.head.i != t.i and t.head.lemma_.lower() in JOINING and _skipped_case(t, {"à", "au", "aux"})


_INSIDE = {"appos", "flat:name", "flat", "nmod", "compound", "dep", "amod", "nummod"}  # within a noun phrase
_APART = {"conj", "cc", "acl", "acl:relcl", "advcl", "parataxis"}  # another phrase, or a clause of its own


def _noun_phrase(tok: Token) -> list[Token]:
    """The noun phrase a name belongs to: climb from it while it is a part of a bigger noun (not past a
    preposition, which opens a phrase of its own), then that noun's words, leaving out what is coordinated
    with it and its clauses."""
    top = tok
    for _ in range(4):
        if (
            top.dep_ not in _INSIDE
            or top.head.i == top.i
            or top.head.pos_ not in ("NOUN", "PROPN")
            or any(c.dep_ == "case" for c in top.children)
        ):
            break
        top = top.head
    out = []
    stack = [top]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _APART)
    return out


class _Collected:
    """Parties found so far for one trigger."""

    def __init__(self, sp: SentenceActors) -> None:
        self.sp = sp
        self.parties: list[str] = []
        self.collective = False

    def add(self, root: Token, skip_locatives: bool = True) -> None:
        ps, col = self.sp.gather(root, skip_locatives=skip_locatives)
        self.parties.extend(ps)
        self.collective = self.collective or col


def parties_for(tok: Token, anchor: Token | None, sp: SentenceActors) -> tuple[list[str], bool]:
    """The parties of one trigger (and its agreement noun), and whether the sentence speaks of them
    together ("les deux pays", "ils") without naming them all."""
    found = _Collected(sp)
    _subject(tok, anchor, found)
    _complements(tok, anchor, found)
    _exempted(tok, anchor, found)
    parties = list(dict.fromkeys(found.parties))
    collective = found.collective
    if len(parties) < 2 and anchor is not None and anchor.i == tok.i:
        # a noun trigger: the whole noun phrase it belongs to. Tokens are compared by index: spaCy may hand
        # out a new Token object for the same token, and `is` then never saw the root (a run hung on it).
        top = tok
        seen = {tok.i}
        while top.head.i not in seen and top.head.pos_ in ("NOUN", "PROPN", "ADJ"):
            top = top.head
            seen.add(top.i)
        ps, col = sp.gather(top, skip_locatives=False)
        parties = list(dict.fromkeys(parties + ps))
        collective = collective or col
    return parties, collective


def _subject(tok: Token, anchor: Token | None, found: _Collected) -> None:
    """The subject, climbing through infinitive/complement clauses ("a annoncé avoir conclu")."""
    cur = tok
    for _ in range(3):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubj:pass") and (anchor is None or c.i != anchor.i)]
        if subj:
            for s in subj:
                found.add(s)
                if s.lower_ in ("qui", "lequel", "laquelle") and cur.dep_ == "acl:relcl" and cur.head.i != cur.i:
                    found.add(cur.head)  # "Le constructeur coréen qui vient de signer…": its antecedent
                # a coordination the parse broke ("Paris et Berlin ont signé"): "X et" just before
                j = s.left_edge.i - 1
                while j >= 1 and tok.doc[j].lower_ in ("et", ","):
                    found.parties.extend(found.sp.of_token(tok.doc[j - 1]))
                    j -= 2
            break
        if cur.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl") and cur.head.i != cur.i:
            cur = cur.head
        else:
            break


def _complements(tok: Token, anchor: Token | None, found: _Collected) -> None:
    """ "avec …" / "entre …" complements of the trigger or the noun, and demonyms on the noun."""
    for head in (tok, anchor):
        if head is None:
            continue
        for c in head.children:
            if any(g.dep_ == "case" and g.lower_ in ("avec", "entre") for g in c.children):
                found.add(c)
            elif anchor is not None and head.i == anchor.i and not any(g.dep_ == "case" for g in c.children):
                for g in c.subtree:  # "l'alliance nippo-américaine"
                    if g.i <= c.i + 3:
                        found.parties.extend(found.sp.of_token(g))


def _exempted(tok: Token, anchor: Token | None, found: _Collected) -> None:
    """Exemption: "accepter d'exempter de visa les citoyens britanniques"."""
    for c in tok.children:
        if c.lemma_.startswith("exempt"):
            for g in c.children:
                if g.dep_ in ("obj", "obl:arg", "iobj"):
                    found.add(g)
    if tok.lemma_.startswith("exempt") or (anchor is not None and anchor.lemma_ == "exemption"):
        found.add(anchor if anchor is not None else tok, skip_locatives=False)


def _mentioned(tokens: Iterable[Token], sp: SentenceActors) -> list[str]:
    """The parties these tokens name: each actor mention once, demonyms ("britannique") and groups
    ("les écologistes")."""
    out: list[str] = []
    for t in tokens:
        start = sp.offset + t.idx
        hit = sp.actor(t)
        if (
            (hit is not None and (t.text[:1] == "-" or sp.actor_at.get(start - 1) != hit))
            or t.text[:1].islower()
            or lx.fold(t.text) in lx.GROUPS
        ):
            out.extend(sp.of_token(t))
    return list(dict.fromkeys(out))


PRONOUNS = {"il", "elle", "ils", "elles"}
PLURAL_PRONOUNS = {"ils", "elles", "-ils", "-elles"}
# a place after "de", "à", "en" (a person's office or where something happens: "la maire de Paris", "à
# l'Assemblée"); an organisation only after "à", "en", "dans"
_OPENER = re.compile(
    r"[\s\"«»]*(?:avant|après|apres|pour|lors|selon|dans|en|à|a|depuis|malgré|face|outre|contrairement|comme|si)\b[^,;:]{0,80},",
    re.IGNORECASE,
)
_LOCATIVE_BEFORE = re.compile(r"(?:^|\s)(de|d'|du|des|à|en|au|aux|dans)\s*(?:l'|la |le |les )?$")


def dislocated_topic(pdoc: Doc, sp: SentenceActors) -> list[str]:
    """The party a sentence opens with and then takes up by a pronoun as its subject: "Quant à l'Union
    européenne, elle a sécurisé … en concluant un accord avec AstraZeneca" (not a locative: the subject)."""
    words = [t for t in pdoc if not t.is_space]
    if len(words) < 5 or words[0].lower_ != "quant" or words[1].lower_ not in ("à", "au", "aux"):
        return []
    comma = next((k for k, t in enumerate(words[:12]) if t.text == ","), None)
    if comma is None or comma + 1 >= len(words) or words[comma + 1].lower_ not in PRONOUNS:
        return []
    return _mentioned(words[2:comma], sp)


def main_clause_parties(pdoc: Doc, sp: SentenceActors) -> list[str]:
    """The parties a sentence names outside its locatives, its relative and adverbial clauses and what it
    is against ("pour contrer la Chine", "face à la Russie"), in text order: for a sentence the
    classifier read as an agreement but whose trigger the rules did not find."""
    kept: set[int] = set()
    # a locative or a clause that holds the agreement word is where the agreement is: "A propos des
    # alliances entre LREM et LR, il estime…", "…, en s'alliant avec TF1"
    # (the one nearest the root: "le partenariat …, marquée par des déclarations … de ses alliés" is about the
    # partnership)
    words = sorted((len(list(t.ancestors)), t.i) for t in pdoc if agreement_word(t))
    holds = {a.i for t in pdoc if words and t.i == words[0][1] for a in (t, *t.ancestors)}
    if words:  # "… quant à l'accélération de la coopération militaire entre Pyongyang et Moscou": those two
        between = _between(pdoc[words[0][1]], sp)
        if len(between) >= 2:
            return between
    roots = [t for t in pdoc if t.dep_ == "ROOT"]
    # a joint statement's authors are its parties, not what it says: "« … engagés avec Seqens, Upsa et Sanofi »,
    # précise un communiqué conjoint de la secrétaire d'Etat … Agnès Pannier-Runacher et du ministre … Olivier
    # Véran", "ont indiqué les ministères de … dans un communiqué conjoint"
    joint = any(_joint(t) for t in pdoc) and any(r.lemma_.lower() in SAYING for r in roots)
    for root in roots:
        reported = [c for c in root.children if c.dep_ in ("advcl", "ccomp", "parataxis", "xcomp")]
        if joint:
            if root.lemma_.lower() in SAYING:
                stack, said = [root], {c.i for c in reported}
                while stack:
                    t = stack.pop()
                    if t.i not in said:
                        kept.add(t.i)
                        stack.extend(t.children)
            continue
        # "X et Y ont signé …, a indiqué l'AFP": what is said is the clause, the speaker is no party
        stack = reported if root.lemma_.lower() in SAYING and reported else [root]
        if stack != [root] and any(infinitive(c) for c in stack):
            # "Les talibans soulignent rester attachés à l'accord…": the speaker is the one who signed
            stack += [c for c in root.children if c.dep_ == "nsubj"]
        tops = {t.i for t in stack}
        while stack:
            t = stack.pop()
            if (
                t.i not in tops
                and t.i not in holds
                and not _agreement_participle(t, holds)
                and (
                    t.dep_ in ("acl:relcl", "acl", "advcl", "parataxis")
                    or (_skipped_case(t, SKIP_CASES | AGAINST) and not _joined(t))
                    or _opinion(t)
                )
            ):
                continue
            kept.add(t.i)
            stack.extend(t.children)
    return _mentioned((t for t in pdoc if t.i in kept), sp)


def _opinion(t: Token) -> bool:
    """Whose view the sentence opens with: "Pour Olivier Faure (PS), les alliances LREM-LR sont…" (a commentator,
    no party): "pour" and a name, then a comma, before the rest of the clause."""
    if not _skipped_case(t, {"pour"}):
        return False
    doc = t.doc
    end = max(g.i for g in t.subtree)
    after = doc[end + 1] if end + 1 < len(doc) else None
    first = next((g for g in doc if not g.is_punct), None)
    opens = first is not None and (first.lower_ == "pour" or doc[first.i : t.i].text.count(":") > 0)
    return after is not None and after.text == "," and opens and t.pos_ == "PROPN"


def infinitive(t: Token) -> bool:
    """A clause whose verb is an infinitive with no subject of its own ("affirme avoir signé")."""
    return "Inf" in t.morph.get("VerbForm", []) and not any(c.dep_.startswith("nsubj") for c in t.children)


def _agreement_participle(t: Token, holds: set[int]) -> bool:
    """The participle on the agreement noun: "l'accord signé … avec Washington" says who signed it."""
    return t.dep_ == "acl" and t.head.i in holds and _participle(t)


def _participle(t: Token) -> bool:
    """A past participle, also where the tagger says otherwise ("l'accord négocié", tagged an infinitive)."""
    return "Part" in t.morph.get("VerbForm", []) or (
        t.pos_ == "VERB" and t.lower_.endswith(("é", "ée", "és", "ées", "conclu", "conclue", "conclus", "conclues"))
    )


def _joint(noun: Token) -> bool:
    """A joint statement: "un communiqué commun", "une déclaration conjointe"."""
    return noun.lemma_.lower() in ("communiqué", "déclaration") and any(
        c.dep_ == "amod" and c.lemma_.lower() in ("commun", "conjoint") for c in noun.children
    )


def between_parties(pdoc: Doc, sp: SentenceActors) -> list[str]:
    """The parties an agreement word's own "entre X et Y" names, when it names two or more ("un accord de
    libre-échange entre l'UE et le Japon menacent les usines Nissan": not Nissan)."""
    for t in pdoc:
        if agreement_word(t) and t.pos_ in ("NOUN", "PROPN"):
            found = _between(t, sp)
            if len(found) < 2:  # the parse cut the "et Y" off: "entre M. Netanyahu et son ex-rival Benny Gantz"
                found = _between_words(t, sp)
            if len(found) >= 2:
                return found
    return apposed_partners(pdoc, sp)


PARTNER_NOUNS = {"allié", "alliée", "alliés", "alliées", "partenaire", "partenaires"}
_OF = {"de", "d'", "du", "des", "à", "au", "aux"}


def apposed_partners(pdoc: Doc, sp: SentenceActors) -> list[str]:
    """A name and the one it is set beside as an ally or a partner: "la société Moderna, partenaire des NIH",
    "François-Noël Buffet - allié à Gérard Collomb -" (read as words: the parse often breaks such an apposition).
    """
    doc = pdoc
    for t in doc:
        if t.lower_ not in PARTNER_NOUNS or t.i < 2 or t.i + 2 >= len(doc):
            continue
        if doc[t.i - 1].text not in (",", "-", "(", "–"):
            continue
        before = sp.actor(doc[t.i - 2])
        k = t.i + 1
        if doc[k].lower_ not in _OF:
            continue
        k += 1
        while k < len(doc) and doc[k].lower_ in ("le", "la", "l'", "les"):
            k += 1
        after = sp.actor(doc[k]) if k < len(doc) else None
        if before is None or after is None or before == after:
            continue
        found = [p for hit in (before, after) for p in [party_of(hit[0], hit[1], sp.affiliation)] if p]
        found = list(dict.fromkeys(found))
        if len(found) == 2:
            return found
    return []


def _between_words(noun: Token, sp: SentenceActors) -> list[str]:
    """ "entre X et Y" within a few words after the noun, read as words where the parse broke the phrase
    ("l'accord de libre-échange conclu entre le Canada et le Mexique")."""
    doc = noun.doc
    at = next((k for k in range(noun.i + 1, min(noun.i + 8, len(doc))) if doc[k].lower_ == "entre"), None)
    if at is None or any(doc[k].is_punct and doc[k].text != "-" for k in range(noun.i + 1, at)):
        return []
    run = []
    for t in doc[at + 1 :]:
        if (t.is_punct and t.text != "-") or (t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", [])):
            break
        run.append(t)
    if not any(t.lower_ == "et" for t in run):
        return []
    return _mentioned(run, sp)


def _between(noun: Token, sp: SentenceActors) -> list[str]:
    """The parties of an agreement noun's own "entre …" complement, or of a joint statement's authors ("un
    communiqué conjoint de la secrétaire d'Etat … et du ministre …")."""
    out: list[str] = []
    # its own complement, or its participle's: "l'accord conclu entre M. Netanyahu et son ex-rival Benny Gantz"
    heads = [noun, *(c for c in noun.children if _agreement_participle(c, {noun.i}))]
    for c in (c for h in heads for c in h.children):
        if any(g.dep_ == "case" and g.lower_ == "entre" for g in c.children):
            out.extend(sp.gather(c, skip_locatives=False)[0])
    if not out and _joint(noun):  # read as words: the parse often breaks a long "de X et du Y"
        after = [t for t in noun.doc[noun.i + 1 :]]
        while after and after[0].dep_ == "amod" and after[0].head.i == noun.i:
            after = after[1:]
        if after and after[0].lower_ in ("de", "du", "des", "d'"):
            stop = next((k for k, t in enumerate(after) if t.text in (".", ";", ":", "(", '"', "«", "»")), len(after))
            out = _mentioned(after[:stop], sp)
    return list(dict.fromkeys(out))


AGREEMENT_WORDS = {
    "accord", "traité", "pacte", "partenariat", "alliance", "déclaration", "coopération", "collaboration",
    "mémorandum", "protocole", "entente", "convention", "allié", "partenaire", "coalition", "trêve",
    "communiqué", "ralliement", "fusion", "contrat", "compromis", "allier", "associer", "cosigner",
}  # fmt: skip


def agreement_word(tok: Token) -> bool:
    return tok.lemma_.lower() in AGREEMENT_WORDS or tok.lower_.rstrip("s") in AGREEMENT_WORDS


def subject_side_parties(pdoc: Iterable[Token], trigger: Token, sp: SentenceActors) -> list[str]:
    """Parties named before the trigger when they are coordinated ("A et B ont conclu"), else []."""
    before = [t for t in pdoc if t.i < trigger.i]
    if any(t.text in (";", ":") for t in before):
        return []
    # the words since the last comma, and before them the items of a list ("L'Allemagne, la France,
    # l'Italie et les Pays-Bas ont signé"): short, each naming a party
    cut = max((k for k, t in enumerate(before) if t.text == ","), default=-1)
    while cut >= 0:
        prev = max((k for k, t in enumerate(before[:cut]) if t.text == ","), default=-1)
        item = before[prev + 1 : cut]
        if not (0 < len(item) <= 4 and _mentioned(item, sp)):
            break
        cut = prev
    run = before[cut + 1 :]
    if not any(t.lower_ in ("et", "ainsi") for t in run):
        return []
    return _mentioned(run, sp)


def partner_side_parties(pdoc: Iterable[Token], trigger: Token, sp: SentenceActors) -> list[str]:
    """Parties named in the first "avec …" after the trigger, read up to the next punctuation."""
    after = [t for t in pdoc if t.i > trigger.i]
    start = next((k for k, t in enumerate(after) if t.lower_ == "avec"), None)
    if start is None:
        return []
    out: list[str] = []
    for t in after[start + 1 :]:
        if t.text in (",", ";", ".", ":", "!", "?") or t.lower_ in ("et", "pour", "afin", "qui", "dont"):
            break
        out.extend(sp.of_token(t))
    return list(dict.fromkeys(out))


REACHING = {"conclure", "trouver", "signer", "passer", "nouer", "sceller", "parvenir", "s'entendre", "entendre"}
INDEFINITE = {"un", "une", "des", "deux", "trois", "quatre", "cinq", "plusieurs", "quelques", "certains", "certaines"}


def unnamed_partner(pdoc: Doc, sp: SentenceActors) -> bool:
    """The sentence gives the other side of the agreement without naming it: "a conclu un accord avec trois
    listes marquées à gauche", "a trouvé un accord avec l'une des victimes", "600 accords avec des
    restaurateurs" (not "avec son allié", which is someone the article names)."""
    if unnamed_allies(pdoc, sp):
        return True
    for t in pdoc:
        if t.lower_ != "avec" or t.dep_ != "case":
            continue
        noun = t.head
        if noun.pos_ not in ("NOUN", "PRON", "NUM") or sp.actor(noun) is not None or sp.of_token(noun):
            continue
        if not (agreement_word(noun.head) or noun.head.lemma_.lower() in REACHING):
            continue  # another "avec": "aux prises avec un restaurateur"
        dets = [c for c in noun.children if c.dep_ in ("det", "nummod")]
        if noun.lower_ in ("une", "un") or any(d.lower_ in INDEFINITE or d.pos_ == "NUM" for d in dets):
            return not any(sp.actor(g) for g in noun.subtree)
    return False


PLURAL_PARTNERS = {"alliés", "alliées", "partenaires"}
POSSESSIVES = {"ses", "leurs", "nos", "vos", "mes", "tes"}


def unnamed_allies(pdoc: Doc, sp: SentenceActors) -> bool:
    """Allies or partners of one party that the sentence does not name: "les alliés de l'Iran en Irak", "avec
    l'appui des alliés du Canada", "EELV et ses partenaires": the record keeps the one party (not "l'un des alliés
    de Washington", the one named beside it, nor "leurs alliés du MoDem", "ses alliés les présidents kazakh et
    moldave", named)."""
    doc = pdoc
    for t in doc:
        if t.lower_ not in PLURAL_PARTNERS or t.pos_ != "NOUN":
            continue
        if t.head.i != t.i and t.head.lower_ in ("un", "une", "l'un", "l'une", "l’un", "l’une"):
            continue  # "l'un des alliés de Washington": the one is named beside it
        owners = [
            c
            for c in t.children
            if c.dep_ == "nmod" and any(g.dep_ == "case" and g.lower_ in ("de", "d'", "du", "des") for g in c.children)
        ]
        possessive = any(c.dep_ == "det" and c.lower_ in POSSESSIVES for c in t.children)
        # "les alliés de l'Iran": whose allies; "ses alliés de l'Otan": which (named)
        owner = None if possessive else next((c for c in owners if sp.gather(c)[0]), None)
        if not (possessive or owner is not None):
            continue
        if not set(sp.gather(t)[0]) - set(sp.gather(owner)[0] if owner is not None else []):
            return True
    return False


def recent(si: int, last: tuple[int, list[str]] | None) -> list[str]:
    """The parties sentence si refers back to ("les deux pays", "ils", "l'accord a été conclu"): those of the
    last agreement (`last`: its sentence index and parties) if it is at most 3 sentences before, else none.
    (The actors of whatever sentences came before were tried too: on the labelled set they were the parties
    less often than the article's protagonists, below.)"""
    if last is not None and si - last[0] <= 3 and len(last[1]) >= 2:
        return list(last[1])
    return []


class Protagonists:
    """The article's actors as parties, most mentioned first (two mentions at least; the first named first
    among equals): the parties an agreement sentence does not name are most often the ones the article is
    about ("l'accord prévoit…", "Partenariat avec Gap" in an article on Kanye West and Gap)."""

    def __init__(self, actors: Iterable[ActorInfo], affiliation: dict[str, str]) -> None:
        self.ranked: list[tuple[str, bool]] = []  # (party, whether it is a country)
        seen: set[str] = set()
        for a in sorted(actors, key=lambda a: -len(a.spans)):  # ties: the first named first
            p = party_of(a.name, a.kind, affiliation)
            if p and len(a.spans) >= 2 and p not in seen and lx.fold(p) not in lx.PRESS_AGENCIES:
                seen.add(p)
                self.ranked.append((p, p in lx.COUNTRIES))

    def complete(self, parties: list[str]) -> list[str]:
        """The parties, with the most mentioned protagonists added until there are two: of the same sort as
        the one named (a country for a country: "l'Egypte … après un accord avec Khartoum"; a company,
        a party or a person for those: not the country where it happens)."""
        out = list(parties)
        for p, country in self.ranked:
            if len(out) >= 2:
                break
            if p not in out and (not out or (out[0] in lx.COUNTRIES) == country) and _another_name(p, out):
                out.append(p)
        return out
