"""Actor mentions from the NER pass: each entity of the model cleaned into a name (or dropped), with the kind
its label says. Noise rules: see actors.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.enrich import lexicon as lx
from reader.enrich.tokens import is_cap

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# what a name is, written before it in small letters and no part of it (unlike "ministère de la Culture")
DESCRIPTORS = {"parti", "circuit", "maison", "groupe", "club", "chaîne", "institut", "laboratoire", "société", "marque"}
LABEL_KIND = {"PER": "person", "LOC": "place", "ORG": "organisation"}
OPENERS = {"«", '"', "“", "(", "'", "‘", "—", "-", ":"}


# nouns that name what a company is ("l'assureur Axa", "la startup californienne Evidation", "sociétés
# prestataires comme Briefcam", "l'agence Capa") and offices that only a company has ("le CEO de Lamborghini")
_COMPANY_NOUNS = (
    "société|groupe|entreprise|constructeur|laboratoire|start-?up|firme|marque|compagnie|assureur|fabricant|"
    "opérateur|enseigne|équipementier|géant|banque|éditeur|studio|carrossier|motoriste|transporteur|distributeur|"
    "sous-traitant|écurie|manufacturier|agence|syndicat|ONG|association|collectif"
)
# what the company makes, after its noun: "le fabricant de smartphones", "le géant chinois des télécommunications"
# (words in small letters; not a place, "le constructeur de Woking", nor a determiner or a preposition)
_NOT_A_TRADE = (
    r"(?!(?:la|le|les|l'|de|des|du|d'|son|sa|ses|leur|leurs|ce|cet|cette|ces|plus|moins|un|une|et|ou|au|aux|à|en|"
    r"dans|pour|par|sur|avec|chez|qui|que)\b)"
)
_TRADE = rf"(?: (?:de|des|du|d') ?{_NOT_A_TRADE}(?-i:[a-zà-ÿ-]+)(?: {_NOT_A_TRADE}(?-i:[a-zà-ÿ-]+))?)?"
_COMPANY_NOUN = rf"(?:{_COMPANY_NOUNS})s?(?: (?!par\b|de\b|du\b|des\b|d')(?-i:[a-zà-ÿ-]+)){{0,2}}{_TRADE}"
COMPANY_BEFORE = re.compile(
    rf"(?:(?:^|\s)(?:le|la|l'|les|un|une|son|sa|ses|leur|leurs|ce|cette|des) ?{_COMPANY_NOUN}"
    r"[ ,:]+(?:comme |dont |notamment |tels? que )?"
    # "du syndicat Alliance", "au constructeur Renault" (not "du groupe, Jean Dupont": its director)
    rf"|(?:^|\s)(?:du|au|aux) {_COMPANY_NOUN} "
    r"|\b(?:CEO|PDG|cofondat(?:eur|rice)|co-fondat(?:eur|rice)) (?:de |d'|du ))$",
    re.IGNORECASE,
)


# a name the model did not tag: one to three capitalised words ("Luminar", "BENTELER", "3M", "Donington Historic
# Festival"), not a word glued to a longer name
UNTAGGED_NAME = re.compile(
    r"(?<![\w'’-])(?:[A-ZÀ-Ý][\w&'’-]*\w|\d[A-Z]\w*)(?: (?:[A-ZÀ-Ý][\w&'’-]*\w)){0,2}(?![\w'’-])"
)


def plausible_company_name(text: str) -> bool:
    """Not a word of the tables that names no company (a title, a day, a known place, an institution's head)."""
    first = lx.fold(text.split()[0])
    return not (
        first in lx.TITLES
        or first in lx.DAYS_MONTHS
        or first in lx.NAME_HEADS
        or first in lx.DETERMINERS
        or lx.known_kind(text)
        or lx.fold(text) in lx.NOT_ACTORS
        or lx.fold(text) in lx.MEDIA
        or first in ("etat", "etats")  # "le groupe Etat islamique"
        or len(text) < 2
    )


@dataclass
class Mention:
    start: int
    end: int
    key: str  # group key (folded surface) before linking
    text: str
    kind: str | None  # from the model label (None for MISC)
    sent_start: bool  # first word of a sentence or a quote
    forced_person: bool = False  # a role title was stripped off: what is left names a person


def mention(ent: Span, body: str) -> Mention | None:
    """The entity as an actor mention, or None when it names no actor."""
    if ent.label_ not in ("PER", "LOC", "ORG", "MISC"):
        return None
    if _KEEPER_OF_SEALS.search(body[max(0, ent.start_char - 12) : ent.end_char]):
        return None  # "le garde des Sceaux", "la Garde des Sceaux": the minister of justice, no place nor institution
    if ent.label_ == "LOC" and _NAMED_AFTER.search(body[max(0, ent.start_char - 30) : ent.start_char]):
        return None  # "l'accord de Paris", "le traité de Rome", "les accords d'Oslo": a text named after the place
    named = _article_place(ent)
    if named is not None:  # "du Havre", "La Mecque": the place's whole name, its article included
        (start, end), name = named
        return Mention(start, end, lx.fold(name), name, "place", _opens(ent.doc[ent.start]), False)
    street = _street_place(ent, body)
    if street is not None:  # "place de la Concorde", "esplanade des Invalides": the whole name
        start, end = street
        return Mention(start, end, lx.fold(body[start:end]), body[start:end], "place", False, False)
    cleaned = _clean_entity(ent)
    if cleaned is None:
        return None
    toks, titled = cleaned
    dash = len(toks[0].text) > 1 and toks[0].text[0] == "-" and toks[0].text[1].isupper()  # a glued heading dash
    if dash and toks[0].text[1:].lower() in lx.DETERMINERS:  # "-Les Nations unies"
        toks, dash = toks[1:], False
        if not toks:
            return None
    toks = _known_extension(toks, body)
    start, end = toks[0].idx + dash, toks[-1].idx + len(toks[-1].text)
    given = _given_name_before(toks)
    if given is not None:  # "-Mark Rowley", the model saw "Rowley" only: the person's whole name
        start, titled = given, True
    glued = body.find(".-", start, end)  # a dash heading glued to the name: "Haftar.- Appels au calme"
    if glued >= 0:
        end = start + len(body[start:glued].rstrip(" .-"))
        toks = [t for t in toks if t.idx < end]
        if end <= start or not toks or not (body[start].isupper() or body[start].isdigit()):
            return None
    if ent.label_ == "PER" or titled:
        end = _name_end(body, end)
    # "Christie's", "RM Sotheby's", "McDonald's": the model stops at the apostrophe; a company's name
    genitive = body[end - 1 : end] in ("'", "’") and body[end : end + 2].rstrip('.,;:!?)»" ') == "s"
    if genitive:
        end += 1
    text = body[start:end]
    # an institution's name goes on in small letters ("Centre chinois de contrôle et de prévention des maladies",
    # "Académie militaire des sciences médicales de l'armée chinoise"): longer than any other name
    long_ok = ent.label_ == "ORG" and (lx.fold(toks[0].text) in lx.NAME_HEADS or _name_in_small_letters(toks, ent))
    if long_ok and (len(text) > 60 or len(toks) > 7):  # what the model ran on into: "… de jeudi", "…, instance"
        end = start + _institution_end(text)
        text = body[start:end]
    if len(text) < 2 or len(text) > (90 if long_ok else 60) or len(toks) > (13 if long_ok else 7) or "\n" in text:
        return None
    if any(c in text for c in '«»"“”'):
        return None
    if lx.fold(text) in lx.NOT_ACTORS:
        return None  # diseases and the like: the model calls Covid-19 an organisation
    if lx.fold(text) in lx.PRESS_AGENCIES | lx.MEDIA and _is_source(toks[0]):
        return None  # "a déclaré à l'AFP", "selon Reuters", "(AFP)": the source, not an actor
    if lx.fold(text) in lx.MEDIA:  # "Le Parisien" is a newspaper, never a place or a person
        return Mention(start, end, lx.fold(text), text, "organisation", _opens(toks[0]), False)
    people_of = lx.demonym(text.lower()) if text[:1].isupper() and " " not in text and not titled else ()
    if people_of and _one_of_a_people(toks[0]):
        return None  # "l'Australien Joshua Rogers", "le jeune Français": a person, not the people of a country
    if len(people_of) == 1:  # "les Français": the people of a country stand for it
        return Mention(start, end, lx.fold(people_of[0]), people_of[0], "place", _opens(toks[0]), False)
    kind = LABEL_KIND.get(ent.label_)
    if genitive:
        kind = "organisation"
    elif titled:
        kind = "person"
    elif " " in text and any(lx.fold(w.rstrip(".")) in lx.COMPANY_WORDS for w in text.split()):
        kind = "organisation"  # "Bosch Engineering", "Gordon Murray Automotive", "Innate Pharma"
    if kind is None and COMPANY_BEFORE.search(body[max(0, start - 50) : start].replace("’", "'")):
        kind = "organisation"  # "la société californienne Luminar": what the article calls a company is one
    if kind is None and _AGENT_BEFORE.search(body, max(0, start - 40), start) and not _person_named(ent, text):
        kind = "organisation"  # "réalisée par Jacob & Co", "chez LEGO", "en collaboration avec Prodrive": who acts
    if kind is None and lx.fold(text) in lx.BRANDS:
        kind = "organisation"  # "Alfa Romeo a présenté…" (the keeper drops a brand that names a product)
    if kind is None and lx.known_kind(text) is None:
        return None  # MISC: only known places and organisations
    return Mention(start, end, lx.fold(text), text, kind, _opens(toks[0]), titled)


# what makes a name of no kind right after it the one who acts or makes ("restaurée par Lamborghini Polo Storico",
# "employés par Cognizant", "arrive chez LEGO", "développé en collaboration avec Prodrive")
_AGENT_BEFORE = re.compile(r"(?:(?<![\w'’-])(?:par|chez)|(?:collaboration|partenariat) avec) $", re.IGNORECASE)
# texts named after the place where they were signed ("l'accord de Paris", "les accords d'Oslo", "le traité de Rome";
# not "le statut de Jérusalem")
_NAMED_AFTER = re.compile(
    r"(?<![\w-])(?:accords?|traités?|protocoles?|pactes?|conventions?) (?:de |d['’])$", re.IGNORECASE
)
_KEEPER_OF_SEALS = re.compile(r"garde des sceaux$", re.IGNORECASE)
# the nouns in small letters that a square's or a street's name opens with ("place de la Concorde", "esplanade des
# Invalides", "place Bellecour"), and the small words after them (not "porte": "la porte de LREM")
_STREET = re.compile(
    r"(?<![\w-])(place|esplanade|parvis|quai|quais|rue|avenue|boulevard|square)"
    r" (?:(?:de la|de l['’]|du|des|de|d['’]) ?)?$"
)


def _person_named(ent: Span, text: str) -> bool:
    """The name may be a person's: it opens with a given name of the table ("par Jean Dupont"), or the model calls
    it a person's somewhere in the article."""
    return text.split()[0] in lx.GIVEN_NAMES or any(e.label_ == "PER" and e.text == text for e in ent.doc.ents)


def _street_place(ent: Span, body: str) -> tuple[int, int] | None:
    """The offsets of a square's or a street's whole name when the entity, a place or a name of no kind, is the
    name after its noun ("Concorde" after "place de la"); not "à la place de l'Allemagne", "en place", a country."""
    if ent.label_ not in ("LOC", "MISC") or not ent.text[:1].isupper() or lx.fold(ent.text) in lx.KNOWN_PLACES:
        return None
    m = _STREET.search(body, max(0, ent.start_char - 30), ent.start_char)
    if m is None:
        return None
    before = body[max(0, m.start() - 6) : m.start()].lower().split()
    if m.group(1) == "place" and before and (before[-1] in ("la", "en", "sur") or before[-1:] == ["lieu"]):
        return None  # "à la place de…", "mise en place", "sur place"
    return m.start(), ent.end_char


def _article_place(ent: Span) -> tuple[tuple[int, int], str] | None:
    """The entity as a place whose article is part of its name ("Havre" after "du", "Le Mans", "la Mecque"):
    its offsets and the whole name ("Le Havre"), else None."""
    toks = [t for t in ent if not t.is_space]
    k = 0
    while k < len(toks) and toks[k].lower_ in lx.DETERMINERS:
        k += 1
    if k == len(toks) or lx.fold(toks[k].text) not in lx.ARTICLE_PLACES:
        return None
    first, last = toks[k], toks[-1]
    bare = ent.doc.text[first.idx : last.idx + len(last.text)]
    before = [t.text for t in reversed(toks[:k])]
    before += [t.text for t in reversed(ent.doc[max(0, ent.start - 4) : ent.start]) if not t.is_space]
    name = lx.article_place(bare, before[:3])
    if name is None:
        return None
    start = toks[k - 1].idx if k and toks[k - 1].text == name.split(" ", 1)[0] else first.idx
    return (start, last.idx + len(last.text)), name


_ONE = frozenset({"le", "la", "l'", "l’", "un", "une", "du", "au", "ce", "cet", "cette"})


def _one_of_a_people(tok: Token) -> bool:
    """A demonym after a singular article, adjectives between ("l'Australien", "le jeune Français", "une
    Française"): one person of that people."""
    doc = tok.doc
    for j in range(tok.i - 1, max(-1, tok.i - 4), -1):
        word = doc[j].lower_
        if word in _ONE:
            return True
        if word in lx.DETERMINERS or not doc[j].text.islower() or not doc[j].is_alpha:
            return False
    return False


def _given_name_before(toks: list[Token]) -> int | None:
    """Where a surname's given name starts when the model left it out, the word just before being a given
    name of the table that no entity holds ("-Mark Rowley", "-Mark Zuckerberg, fondateur…" after a heading's
    dash): the offset of the given name, else None."""
    if len(toks) != 1 or not toks[0].text[:1].isupper() or toks[0].i == 0 or lx.known_kind(toks[0].text):
        return None
    prev = toks[0].doc[toks[0].i - 1]
    name = prev.text[1:] if prev.text[:1] == "-" else prev.text
    if name not in lx.GIVEN_NAMES or prev.ent_type_ or not prev.whitespace_:
        return None
    return prev.idx + (len(prev.text) - len(name))


def _clean_entity(ent: Span) -> tuple[list[Token], bool] | None:
    """Tokens of the entity after stripping determiners, titles and trailing lowercase words;
    the flag says that a title was removed (so what is left names a person)."""
    # an entity of the model may run across a paragraph break ("…titre\n\nTokyo"): only its last part names
    toks = list(ent)
    cut = max((i for i, t in enumerate(toks) if t.is_space and "\n" in t.text), default=-1)
    toks = [t for t in toks[cut + 1 :] if not t.is_space]
    while toks and (toks[0].lower_ in lx.DETERMINERS or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].lower_ in lx.DETERMINERS):
        toks = toks[:-1]
    if not toks:
        return None
    if len(toks) > 1 and toks[0].text in DESCRIPTORS and is_cap(toks[1]):
        toks = toks[1:]  # "le parti Fatah", "l'institut Scripps Research", "la maison RM Sotheby's": the name
    titled = False
    if (
        len(toks) > 1
        and toks[0].lower_ in lx.HONORIFICS
        and not (toks[0].text == "M" and toks[1].text != "." and ent.label_ != "PER")  # "le pack M Driver": BMW's M
    ):  # "Me Dupond-Moretti", "Dr Raoult", "M. Dupont"
        toks = toks[2:] if toks[1].text == "." and len(toks) > 2 else toks[1:]
        titled = is_cap(toks[0])
    if ent.label_ == "PER":  # a party, a network or a newspaper glued to a name: "LREM Cazenave", "Thomas
        # Cazenave LREM", "ex-PS Samia Ghali", "Twitter Todd Lee"
        while len(toks) > 1 and _label_word(toks[0]) and is_cap(toks[1]):
            toks, titled = toks[1:], True
        while len(toks) > 1 and _label_word(toks[-1]) and toks[-1].text.isupper():
            toks = toks[:-1]
    small_name = ent.label_ == "ORG" and _name_in_small_letters(toks, ent)
    if (toks[0].lower_ in lx.TITLES or toks[0].lower_ in lx.INSTITUTION_WORDS) and not small_name:
        # a role phrase: keep only a trailing name of two or more capitalised words (one for a person:
        # "le maréchal Pétain")
        run = _trailing_name(toks)
        if len(run) < len(toks) and toks[len(toks) - len(run) - 1].lower_ in lx.DETERMINERS:
            de = toks[len(toks) - len(run) - 1]
            if _particle_name(ent, toks, run, de):  # "le général de Gaulle": the particle is the name's
                return [de, *run], True
            run = []  # what follows "de", "la" is the office's place, not a name: "procureure de New York"
        if len(run) < (1 if ent.label_ == "PER" else 2) or len(run) == len(toks):
            if len(run) != len(toks):
                return None
        else:
            toks, titled = run, True
    # trailing lowercase adjectives ("Indo-Pacifique libre", "Département de la Guerre américain"), but
    # not in a name that goes on in small letters ("Assemblée nationale", "Banque mondiale")
    named = lx.fold(toks[0].text) in lx.NAME_HEADS
    # (a demonym is the name's too, right after the head or at its end: "Autorité palestinienne", "Parti communiste
    # chinois", "Banque centrale syrienne"; it tells the Australian competition authority from the French one)
    if small_name:  # "Alliance dit", "Unsa-police jeudi": a verb, a day are no part of the name
        cut = next((i for i, t in enumerate(toks) if i and (t.lower_ in _NAME_STOPS or t.lower_ in lx.DAYS_MONTHS)), 0)
        toks = toks[:cut] if cut else toks
        while len(toks) > 1 and toks[-1].lower_ in lx.DETERMINERS:
            toks = toks[:-1]
    while (
        len(toks) > 1
        and not is_cap(toks[-1])
        and not named
        and not small_name
        and not (toks[-1].lower_ == "arrondissement" and _ORDINAL.fullmatch(toks[-2].text))  # "VIIe arrondissement"
    ):
        toks = toks[:-1]
        while len(toks) > 1 and toks[-1].lower_ in lx.DETERMINERS:
            toks = toks[:-1]
    if not any(is_cap(t) for t in toks):
        return None
    if all(t.lower_ in lx.INSTITUTION_WORDS or t.lower_ in lx.DETERMINERS for t in toks):
        return None
    return toks, titled


def _name_in_small_letters(toks: list[Token], ent: Span) -> bool:
    """A name the model calls an organisation that only its first word capitalises, the way French writes the
    names of organisations ("Reporters sans frontières", "Démocratie libérale", "Éducation nationale", "Armée
    nationale populaire"): every word is the name's, none an adjective after it; not a place or a title
    ("Allemagne nazie", "Première ministre écossaise"), nor a work's title in quotes ("La Cosmologie du futur")."""
    doc, j = ent.doc, toks[0].i - 1
    while j >= 0 and doc[j].lower_ in lx.DETERMINERS:
        j -= 1
    return (
        not (j >= 0 and doc[j].text in ("«", '"', "“"))
        and len(toks) > 1
        and toks[0].text[:1].isupper()
        and not toks[0].text.isupper()  # "VW e-Bulli": a maker's model
        and not any(
            is_cap(t) or t.text[1:2].isupper() and t.text[:1] == "-" or t.is_punct and t.text not in "-'’"
            for t in toks[1:]
        )
        and toks[0].lower_ not in lx.TITLES
        and lx.known_kind(toks[0].text) != "place"
        and not lx.demonym(toks[0].text)
    )


# words that open what the model ran on into after a name ("Alliance dit", "… qui", "… dans un communiqué"): a name
# in small letters holds none of them nor "dit"; a long institution's name none of them nor "avec", "après", "avant"
_CLAUSE_WORDS = frozenset({"a", "ont", "est", "sont", "qui", "que", "dont", "dans", "lors", "selon", "depuis"})
_NAME_STOPS = _CLAUSE_WORDS | {"dit"}
_RUN_ON = re.compile(r"\s*[,;:(–—]|\s-\s|\s(?:" + "|".join(sorted(_CLAUSE_WORDS | {"avec", "après", "avant"})) + r")\s")
_OWNER = re.compile(r"\s(?:de|du|des)\s(?:l'|l’|la\s|le\s|les\s)?")


def _institution_end(text: str) -> int:
    """Where a long institution's name ends: before what the model ran on into (a comma, a dash, a clause, "dans
    un communiqué"), and without a trailing day or owner it is known by ("Conseil de défense et de sécurité
    nationale de jeudi", "Conseil des droits de l'Homme de l'ONU")."""
    m = _RUN_ON.search(text)
    end = m.start() if m else len(text)
    while owners := list(_OWNER.finditer(text, 0, end)):
        owner = lx.fold(text[owners[-1].end() : end])
        if not (
            owner in lx.DAYS_MONTHS
            or lx.known_kind(owner) == "organisation"
            or owner in lx.SEATS
            or owner.startswith("armee ")
        ):
            break
        end = owners[-1].start()
    return len(text[:end].rstrip(" .-'’"))


_ORDINAL = re.compile(r"(?:[IVXL]+|\d+)(?:e|er|ème)")
_NAME_TAIL = re.compile(  # "Moon Jae"-in, "Kim Jong" Un; not a verb's pronoun ("Mariez-vous", "dit-il")
    r"-(?!(?:vous|nous|moi|toi|je|tu|il|elle|ils|elles|on|le|la|les|lui|leur|y|en|t|même|là|ci)\b)[a-zà-ÿ]+\b(?!-)"
    r"|\s(?:Un|Jr|Sr|II|III|IV)\b"
)
_GLUED_NUMBER = re.compile(r"(?<=[^\W\d])\d+$")  # "Aya Nakamura6" in a list that lost its spaces


def _name_end(body: str, end: int) -> int:
    """Where a person's name really ends: the part of a hyphenated given name the model left out
    ("Moon Jae-in", "Park Geun-hye"), a generational suffix ("Kim Jong Un"), but no figure glued to it."""
    m = _NAME_TAIL.match(body, end)
    if m is not None:
        return m.end()
    m = _GLUED_NUMBER.search(body, 0, end)
    return m.start() if m is not None and m.end() == end else end


def _known_extension(toks: list[Token], body: str) -> list[Token]:
    """The entity with the words after it when together they make a name of the tables that the model cut
    ("République" + "en marche", "Union" + "européenne"), the longest such name; else the entity."""
    doc = toks[0].doc
    start, last = toks[0].idx, toks[-1].i
    best = toks
    for j in range(last + 1, min(last + 4, len(doc))):
        if doc[j].is_space or doc[j].is_punct and doc[j].text not in ("-", "'"):
            break
        if lx.known_name(body[start : doc[j].idx + len(doc[j].text)]):
            best = [*toks, *doc[last + 1 : j + 1]]
    return best


_ROMAN = re.compile(r"[IVXLC]+")  # "Louis XIV" keeps its number


def _label_word(tok: Token) -> bool:
    """A word that labels a name rather than being part of it: an acronym ("LREM"), "ex-PS", a known
    organisation, a network or a newspaper."""
    t = tok.text
    if len(t) >= 2 and t.isupper() and t.isalpha() and not _ROMAN.fullmatch(t):
        return True
    key = lx.fold(t)
    return key.startswith("ex-") or lx.known_kind(t) == "organisation" or key in lx.NOT_ACTORS or key in lx.MEDIA


# ranks and titles of nobility that go before a name with its particle ("le général de Gaulle", "le duc de Guise");
# not offices ("le président de Bonhams", "la maire de Paris")
PARTICLE_TITLES = {
    "général", "maréchal", "amiral", "colonel", "capitaine", "commandant", "lieutenant", "duc", "duchesse", "comte",
    "comtesse", "marquis", "marquise", "baron", "baronne", "vicomte", "abbé", "cardinal", "chevalier",
}  # fmt: skip


def _particle_name(ent: Span, toks: list[Token], run: list[Token], de: Token) -> bool:
    """ "de" and one capitalised word after a rank or a title of nobility are a name with its particle ("le
    général de Gaulle"), not an office's place or company ("la maire de Paris", "le Président de Bonhams"): a
    person the model saw, a word no table knows as a place or an organisation."""
    return (
        ent.label_ == "PER"
        and de.lower_ == "de"
        and len(run) == 1
        and de.i >= 1
        and de.doc[de.i - 1].lower_ in PARTICLE_TITLES
        and de.doc[de.i - 1].i >= toks[0].i
        and lx.known_kind(run[0].text) is None
        and not lx.demonym(run[0].text)
    )


def _trailing_name(toks: list[Token]) -> list[Token]:
    """The capitalised words at the end of a role phrase that are neither titles nor institutions."""
    run = []
    for t in reversed(toks):
        if is_cap(t) and t.lower_ not in lx.INSTITUTION_WORDS and t.lower_ not in lx.TITLES and not lx.demonym(t.text):
            run.append(t)
        else:
            break
    run.reverse()
    return run


def _opens(tok: Token) -> bool:
    """The first word of a sentence or a quote."""
    if tok.is_sent_start:
        return True
    i = tok.i
    doc = tok.doc
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j < 0 or doc[j].text in OPENERS or bool(doc[j].is_sent_start and doc[j].is_punct)


def _is_source(tok: Token) -> bool:
    """The press agency is named as the source of what is reported: "à l'AFP", "selon Reuters",
    "par l'AFP", "journaliste de l'AFP", "(AFP)", "dans un entretien avec Le Monde", "a confié au Parisien",
    "dans Le Monde", "selon le site d'information Daily Beast" (but "un accord avec TF1" is the channel acting, and
    "la radio RMC a suivi" the radio)."""
    doc = tok.doc
    before = [doc[j].lower_.replace("’", "'") for j in range(max(0, tok.i - 8), tok.i)]
    said = lx.SOURCE_WORDS | SAID | IN_THE_PRESS
    k = len(before) - 1
    while (
        k > 0
        and before[k] not in said
        and (
            before[k].endswith("'")
            or before[k] in ("le", "la", "les")
            or before[k] in PRESS_NOUNS
            or lx.demonym(before[k])
        )
    ):
        k -= 1  # "à l'AFP", "selon Le Monde", "selon le journal britannique The Guardian", "les colonnes du Parisien"
    if k < 0 or before[k] not in said:
        return False
    if before[k] in ("de", "d'"):  # "un journaliste de l'AFP", not "filiale de M6", "l'émission phare de TF1"
        return bool(REPORTS & set(before[max(0, k - 3) : k]))
    return before[k] != "avec" or bool(INTERVIEW & set(before[:k]))


# what "de" a medium makes it the source of ("un journaliste de l'AFP", "une enquête de Mediapart", "selon des
# informations de BFMTV", "auprès de l'AFP", "l'invitée de RTL"); not what it owns or makes ("filiale de M6",
# "l'émission phare de TF1")
REPORTS = frozenset({
    "journaliste", "journalistes", "correspondant", "correspondante", "correspondants", "envoyé", "envoyée",
    "envoyés", "reporter", "reporters", "photographe", "photographes", "article", "articles", "enquête", "enquêtes",
    "information", "informations", "révélations", "source", "sources", "interview", "entretien", "colonnes",
    "antenne", "micro", "plateau", "site", "journal", "édition", "chroniqueur", "chroniqueuse", "éditorialiste",
    "rédaction", "reportage", "documentaire", "dépêche", "dépêches", "sondage", "compte", "selon", "d'après",
    "auprès", "invité", "invitée", "invités", "vérification", "décompte", "comptage", "bilan", "calcul", "images",
    "vidéo", "photo", "caméras", "journalistique",
})  # fmt: skip
INTERVIEW = frozenset({"entretien", "interview", "entrevue", "échange", "conversation"})
# "au Parisien", "dans Le Monde", "les colonnes du Parisien": where what is reported was said or written
IN_THE_PRESS = frozenset({"au", "aux", "dans", "du"})
# what a medium is, between the word that makes it a source and its name ("selon le site d'information X")
PRESS_NOUNS = frozenset({
    "journal", "quotidien", "hebdomadaire", "magazine", "mensuel", "site", "radio", "tabloïd", "information",
    "informations", "colonnes", "édition", "antenne", "plateau", "micro", "télévision", "chaîne",
})  # fmt: skip


# "…, a indiqué l'AFP", "rapporte Le Figaro": the verb of saying of an incise names the source
SAID = frozenset(
    w + end
    for w in ("indiqu", "précis", "déclar", "affirm", "rapport", "expliqu", "soulign", "ajout", "confi", "assur",
              "révél", "annonc", "not", "relev", "relat", "racont", "écri")
    for end in ("é", "e", "ait")
)  # fmt: skip
