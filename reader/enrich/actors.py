"""Key actors from the NER pass: clean the model's entities, give them canonical names and kinds,
link surnames to full names, and find which country or organisation each person speaks for.

Noise rules (linguistic, not per article):
- determiners and elisions are stripped ("la Chine" → Chine, "l’OTAN" → OTAN, "Une OTAN" → OTAN);
- role titles are not people ("Première ministre japonaise", "Le chef"); a name after a title is kept
  ("ministre de la Défense Gen Nakatani" → Gen Nakatani);
- a single capitalised word is dropped when it is an ordinary word of the language (a known noun, verb,
  adjective, adverb or stop word in the lemmatizer's tables, a day or a month) and every one of its mentions
  opens a sentence or a quote ("Jeudi", "Evoquant", "Cela", «Réalisme…»);
- all-lowercase spans, lone punctuation, overlong spans and MISC entities that are not known places or
  organisations are dropped;
- a product named by its brand and a model's number is no organisation ("Aston Martin DB5");
- a company the model did not tag is one where the article says what it is ("le fabricant de smartphones OnePlus").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, cast

from reader.enrich import lexicon as lx
from reader.enrich.institutions import NATIONAL_ASSEMBLY, institutions
from reader.enrich.mentions import COMPANY_BEFORE, UNTAGGED_NAME, Mention, mention, plausible_company_name
from reader.enrich.records import Actor
from reader.enrich.tokens import is_cap

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.lookups import Table
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc, Span, Token


@dataclass
class ActorInfo:
    name: str
    kind: str
    spans: list[tuple[int, int]] = field(default_factory=list)


ByKey = dict[str, list[Mention]]


def extract(nlp: Language, doc: Doc, body: str) -> tuple[list[ActorInfo], dict[str, str]]:
    """Actors (unsorted) and person → affiliation (country or organisation name).
    doc is the NER pass over body (or over a same-length normalisation of it)."""
    mentions = [m for m in (mention(ent, body) for ent in _unglued(doc.ents)) if m is not None]
    mentions = _people_names(nlp, body, mentions)
    by_key = _by_key(_without_sentence_openers(nlp, mentions))
    kinds = _kinds(by_key)
    _companies_by_context(by_key, kinds, body)
    full = {key for key, ms in by_key.items() if kinds[key] == "person" and " " in ms[0].text}
    links = _surname_links(by_key, kinds, full) | _acronym_links(by_key, kinds, body)
    actors = _group(by_key, kinds, full, links)
    _fullest_names(nlp, body, actors)
    actors = _without_common_word_people(nlp, by_key, actors)
    actors = _without_word_before_surname(nlp, body, actors)
    actors = [
        a
        for a in actors
        if not (
            _model_name(a)
            or _event(a)
            or _head_alone(a)
            or _quoted_name(a, body)
            or _named_thing(a, body)
            or _fictional(a)
            or _not_a_name(a)
            or _brand_product(a)
        )
    ]
    _companies_in_lists(body, actors)
    for a in actors:
        _place_or_institution(a)
        _acronym_in_brackets(a, body)
    actors = _without_place_after_name(body, actors)
    actors = _places_without_their_noun(actors)
    actors = _without_generic_places(actors)
    actors = _without_peoples(body, actors)
    _seats_as_places(body, actors)
    actors = [a for a in actors if _institution_not_place(a)]
    _add_missed_person_mentions(doc, body, actors)
    actors = _without_country_in_a_name(body, actors)
    _add_missed_country_mentions(body, actors)
    _add_event_places(nlp, doc, actors)
    _add_named_companies(body, actors)
    actors = _with_institutions(body, actors)
    return actors, _affiliations(doc, actors)


def _unglued(ents: Iterable[Span]) -> Iterator[Span]:
    """The model's entities, a person's name the model glued to what comes before it cut off as an entity of
    its own: "RN Marine Le Pen", "New York Bill de Blasio", "Paris SG Kylian Mbappé", "Raid Jean-Michel
    Fauvergue" (a given name of the table after a capitalised word, then one to three words of a surname)."""
    from spacy.tokens import Span

    for ent in (part for whole in ents for part in _paragraphs(whole)):
        toks = [t for t in ent if not t.is_space]
        pair = _hyphenated_pair(ent, toks)
        if pair:
            yield from pair
            continue
        k = next((i for i, t in enumerate(toks) if i >= 1 and t.text in lx.GIVEN_NAMES), 0)
        rest = toks[k + 1 :]
        if (
            k == 0
            or not 1 <= len(rest) <= 3
            or not is_cap(toks[k - 1])
            or toks[k - 1].text in lx.GIVEN_NAMES
            or any(t.idx != p.idx + len(p.text) + len(p.whitespace_) for p, t in zip(toks[k:], rest, strict=False))
            or not all(t.lower_ in PARTICLES or (is_cap(t) and t.text[1:2].islower()) for t in rest)
            or not is_cap(rest[-1])
            or _glued_elsewhere(
                ent.doc.text, toks[k - 1].text + " " + toks[k].text, ent.doc[toks[k - 1].i : rest[-1].i + 1].text
            )
            or lx.known_name(ent.text)
            or lx.fold(toks[k - 1].text + " " + toks[k].text) in lx.BRANDS  # "Aston Martin Vantage": one name
            or any(lx.fold(t.text) in lx.COMPANY_WORDS for t in rest)
        ):
            yield ent
            continue
        doc = ent.doc
        yield Span(doc, ent.start, toks[k - 1].i + 1, label=ent.label_ if ent.label_ != "PER" else "MISC")
        yield Span(doc, toks[k].i, rest[-1].i + 1, label="PER")


def _paragraphs(ent: Span) -> list[Span]:
    """An entity's parts on either side of a line break, each an entity of its own: the model reads a title
    without a verb into the first words of the body ("Essai\n\nRenault et Nissan…" gave "Essai Renault")."""
    from spacy.tokens import Span

    breaks = [t.i for t in ent if t.is_space and "\n" in t.text]
    if not breaks:
        return [ent]
    bounds = [ent.start - 1, *breaks, ent.end]
    return [Span(ent.doc, a + 1, b, label=ent.label_) for a, b in itertools.pairwise(bounds) if b > a + 1]


def _hyphenated_pair(ent: Span, toks: list[Token]) -> tuple[Span, Span] | None:
    """Two names joined by a hyphen, each a name of its own: "l'alliance LREM-LR", "la fusion PSA-FCA", "le
    sommet Trump-Poutine" (two names of the tables, or two words the article writes alone too; not "CFE-CGC",
    "AP-HP", nor a place's name)."""
    from spacy.tokens import Span

    if ent.label_ == "LOC" or len(toks) != 3 or toks[1].text != "-" or lx.known_name(ent.text):
        return None
    a, b = toks[0], toks[2]
    if a.whitespace_ or toks[1].whitespace_ or not (is_cap(a) and is_cap(b)):
        return None
    text = ent.doc.text
    known = all(lx.known_name(t.text) for t in (a, b))
    alone = all(len(re.findall(rf"(?<![\w-]){re.escape(t.text)}(?![\w-])", text)) >= 1 for t in (a, b))
    if not (known or alone):
        return None
    doc = ent.doc
    return Span(doc, a.i, a.i + 1, label=ent.label_), Span(doc, b.i, b.i + 1, label=ent.label_)


def _glued_elsewhere(text: str, pair: str, whole: str) -> bool:
    """The word and the given name go together elsewhere in the article with another surname: one name
    ("Aston Martin DB5", "Aston Martin Lagonda")."""
    return text.count(pair) > text.count(whole)


_GLUED_HONORIFIC = re.compile(r"^\S*[a-zA-Z)][.)](?:M|Mme|MM|Mgr)\.? ")  # a sentence glued to "M. Aoun"
# a word before a name: in small letters ("affaire Weinstein"), or a noun and "de" ("Interview de Macron")
_LEADING_WORDS = re.compile(r"^([a-zà-ÿ][\w-]*|[A-ZÀ-Ý][a-zà-ÿ]+ (?:de|d'|d’)) ?(?=[A-ZÀ-Ý])")
_GLUED_TAIL = re.compile(r"(?<=[a-zà-ÿ])([A-ZÀ-Ý][a-zà-ÿ]+)$")  # "Emmanuel MacronUne", "Penelope FillonEntre"


def _people_names(nlp: Language, body: str, mentions: list[Mention]) -> list[Mention]:
    """Person names as the article writes them whole:
    - a word of the next sentence glued by a missing full stop is cut off ("Emmanuel MacronUne" → Emmanuel
      Macron; not "DeAngelo", "LeBron": the glued part is a word of the language);
    - two people who share a surname ("Jean-Marie et Marine Le Pen", "Andy et Stuart Parker"): the first
      takes it;
    - the particle of a surname after a title or a given name ("le général de Gaulle", "depuis De Gaulle")."""
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = {m.start: m for m in ordered}
    out = []
    for m in ordered:
        honorific = _GLUED_HONORIFIC.match(m.text)  # "PIB).M. Aoun", "KCNA.M. Trump": the name after "M."
        if honorific and m.end - m.start > honorific.end():
            text = m.text[honorific.end() :]
            m = replace(m, start=m.start + honorific.end(), text=text, key=lx.fold(text), kind="person")
        lead = _LEADING_WORDS.match(m.text) if m.kind == "person" else None
        if (
            lead
            and not (m.forced_person and lead.group(1) in PARTICLES)  # "le général de Gaulle": his particle
            and (lead.group(1)[:1].islower() or is_common_word(nlp, lead.group(1)))
        ):
            # "affaire Weinstein", "Interview de Macron", "Fresque de Floyd": the name after the word
            text = m.text[lead.end() :]
            m = replace(m, start=m.start + lead.end(), text=text, key=lx.fold(text))
        dash = m.text.find(" - ") if m.kind == "person" else -1
        if dash > 0 and " " in m.text[:dash]:  # "George Floyd - cet Afro-américain": the name before the dash
            text = m.text[:dash]
            m = replace(m, end=m.start + dash, text=text, key=lx.fold(text))
        glued = _GLUED_TAIL.search(m.text)
        if (
            glued
            and " " in m.text
            and len(m.text[: glued.start()].split()[-1]) > 3  # not "Steve McQueen", "LeBron"
            and is_common_word(nlp, glued.group(1))
        ):
            text = m.text[: glued.start()]
            m = replace(m, end=m.start + len(text), text=text, key=lx.fold(text))
        if " " not in m.text and m.kind in ("person", None):
            nxt = starts.get(m.end + 4) if body[m.end : m.end + 4] == " et " else None
            if (
                nxt is not None
                and m.kind == nxt.kind == "person"
                and " " in nxt.text
                and m.text in lx.GIVEN_NAMES  # not "Bono et Bobby Shriver", "Batman et Kim Kardashian"
            ):
                text = f"{m.text} {nxt.text.split(' ', 1)[1]}"
                m = replace(m, text=text, key=lx.fold(text), kind="person")
            elif _particle_before(body, m.start):
                text = "de " + m.text
                m = replace(m, start=m.start - 3, text=text, key=lx.fold(text), kind="person")
        out.append(m)
    return _joined_by_particle(out, body)


def _joined_by_particle(mentions: list[Mention], body: str) -> list[Mention]:
    """A name the model cut at its particle ("Marc Ladreit" and "Lacharrière" in "Marc Ladreit de
    Lacharrière"): one person."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == m.kind == "person"
            and " " in prev.text
            and " " not in m.text
            and body[prev.end : m.start] in (" de ", " du ", " d'", " d’")
        ):
            text = body[prev.start : m.end]
            out[-1] = replace(prev, end=m.end, text=text, key=lx.fold(text))
            continue
        out.append(m)
    return out


def _particle_before(body: str, start: int) -> bool:
    """ "de" just before a name is its particle: after a title ("le général de Gaulle", "M. de Blasio"), or
    written "De" within a sentence ("depuis De Gaulle")."""
    de = body[max(0, start - 3) : start]
    before = body[max(0, start - 30) : max(0, start - 3)].split()
    if not before or de not in ("de ", "De "):
        return False
    word = before[-1]
    if de == "De ":
        return word[-1:].isalpha()
    return lx.fold(word) in lx.TITLES


def _companies_by_context(by_key: ByKey, kinds: dict[str, str], body: str) -> None:
    """A name the model calls a person that the article calls a company is an organisation."""
    for key, ms in by_key.items():
        if kinds[key] not in ("person", "place") or any(m.forced_person for m in ms) or lx.leader_country(ms[0].text):
            continue
        if kinds[key] == "place" and (lx.known_kind(ms[0].text) or lx.demonym(ms[0].text)):
            continue  # a known place or a people stays a place
        # a person's full name after a comma is the next clause's subject ("avec les syndicats, Christophe
        # Castaner a reconnu…"), not the company's name
        person = " " in key and ms[0].text.split()[0] in lx.GIVEN_NAMES
        for m in ms:
            found = COMPANY_BEFORE.search(body[max(0, m.start - 50) : m.start].replace("’", "'"))
            if found and not (person and "," in found.group()):
                kinds[key] = "organisation"
                break


def _without_common_word_people(nlp: Language, by_key: ByKey, actors: list[ActorInfo]) -> list[ActorInfo]:
    """Leaves out a person named once by one word of the language that no honorific or title calls a person
    ("Homme", "Dame", "Lois", "Amendement", "Royalement", "Pamplemousse"): on dev such names were people
    9 times in 36 (Louise, David, Hidalgo…), and the rest capitalised words, places or companies (a company
    named more often, "Axa" 8 times, stays: it may be a party)."""
    titled = {lx.fold(m.text) for ms in by_key.values() for m in ms if m.forced_person}
    return [
        a
        for a in actors
        if not (
            a.kind == "person"
            and " " not in a.name
            and len(a.spans) == 1
            and lx.fold(a.name) not in titled
            and not lx.known_name(a.name)
            and is_common_word(nlp, a.name)
        )
    ]


def _without_word_before_surname(nlp: Language, body: str, actors: list[ActorInfo]) -> list[ActorInfo]:
    """A word of the language before a surname at the head of a title or a line ("Campagne Balladur: …",
    "Héritage Hallyday : …", "Interview de Macron à l'école"): the mention is the person's whose full name ends
    with that surname, the one such person of the article."""
    people = [a for a in actors if a.kind == "person" and " " in a.name]
    out = []
    for a in actors:
        words = a.name.split()
        if (
            a.kind == "person"
            and (len(words) == 2 or (len(words) == 3 and words[1] in ("de", "d'")))
            and words[0] not in lx.GIVEN_NAMES
            and all(s == 0 or body[s - 1] == "\n" for s, _ in a.spans)
            and is_common_word(nlp, words[0])
        ):
            owners = [p for p in people if p is not a and p.name.split()[-1] == words[-1]]
            if len(owners) == 1:
                owners[0].spans = sorted({*owners[0].spans, *a.spans})
                continue
        out.append(a)
    return out


_MODEL_NUMBER = re.compile(r"(?=[\w.-]*\d)(?=[\w.-]*[^\W\d_])[\w.-]+|\d{3,}")  # "DB5", "GT350R", "4S", "911"


def _model_name(a: ActorInfo) -> bool:
    """An organisation's name that goes on with a model's number, or starts with a long one, is a product, no
    actor ("Aston Martin DB5", "Porsche 911 Targa 4S", "Shelby GT350R", "ACH130 Aston Martin Edition"); not a
    known name, nor one with a known name or a channel's or a league's number ("France 2", "Ligue 1", "Groupe
    TF1")."""
    words = a.name.split()
    if a.kind == "person":  # no one's name has a figure: "Corvette XP-819", "SF90 Stradale", "Czinger 21C"
        return any(_MODEL_NUMBER.fullmatch(w) for w in words)
    return (
        a.kind == "organisation"
        and len(words) > 1
        and any(_MODEL_NUMBER.fullmatch(w) and (i > 0 or len(w) >= 4) for i, w in enumerate(words))
        and not lx.known_kind(a.name)
        and not any(lx.known_kind(w) or lx.fold(w) in lx.MEDIA for w in words)
    )


def records(actors: Iterable[ActorInfo]) -> tuple[Actor, ...]:
    """The actors as records, by mentions (most first), then name."""
    return tuple(
        sorted(
            (Actor(a.name, a.kind, len(a.spans), tuple(a.spans)) for a in actors), key=lambda a: (-a.mentions, a.name)
        )
    )


def _by_key(mentions: list[Mention]) -> ByKey:
    by_key: ByKey = defaultdict(list)
    for m in mentions:
        by_key[m.key].append(m)
    return by_key


def _without_sentence_openers(nlp: Language, mentions: list[Mention]) -> list[Mention]:
    """Leaves out single ordinary words that only ever open a sentence or a quote."""
    drop = set()
    for key, ms in _by_key(mentions).items():
        text = ms[0].text
        if " " in text or lx.known_name(text):
            continue
        if text.lower() in lx.DAYS_MONTHS or nlp.vocab[text.lower()].is_stop:
            drop.add(key)
        elif all(m.sent_start for m in ms) and is_common_word(nlp, text) and not text.isupper():
            drop.add(key)
    return [m for m in mentions if m.key not in drop]


_common_words: tuple[Table, set[str]] | None = None


def _common_tables(nlp: Language) -> tuple[Table, set[str]]:
    global _common_words
    if _common_words is None:
        lookups = cast("Lemmatizer", nlp.get_pipe("lemmatizer")).lookups
        lookup = lookups.get_table("lemma_lookup")
        index = lookups.get_table("lemma_index")
        words: set[str] = set()
        for key in index.keys():
            words.update(index[key])
        _common_words = (lookup, words)
    return _common_words


def is_common_word(nlp: Language, word: str) -> bool:
    """A word of the language (in the lemmatizer's tables, a stop word, a day or a month)."""
    lookup, index = _common_tables(nlp)
    w = word.lower()
    forms = {w}
    if w[:1] == "e":
        forms.add("é" + w[1:])
    if w[:1] == "a":
        forms.add("à" + w[1:])
    for f in forms:
        if f in lx.DAYS_MONTHS or f in index or f in lookup or nlp.vocab[f].is_stop:
            return True
    return False


def _kinds(by_key: ByKey) -> dict[str, str]:
    """Each name's kind, by vote; acronyms the model calls places are organisations unless known ("NSATU");
    a full name whose surname an honorific calls a person is a person ("Gianluigi Torzi", "M. Torzi")."""
    kinds = {key: _vote(ms) for key, ms in by_key.items()}
    titled = {key for key, ms in by_key.items() if " " not in key and any(m.forced_person for m in ms)}
    for key, ms in by_key.items():
        if " " in key and key.split()[-1] in titled and not lx.known_kind(ms[0].text):
            kinds[key] = "person"
    for key, ms in by_key.items():
        t = ms[0].text
        if t.isupper() and len(t) >= 2 and not lx.known_kind(t) and kinds[key] == "place":
            kinds[key] = "organisation"
        elif kinds[key] in PERSON_LIKE and _given_name_first(t):
            kinds[key] = "person"  # "Kamala Harris", "Nicolas Bay": a given name, then a surname
        if key in lx.BRANDS and kinds[key] in ("person", "place") and not lx.known_kind(ms[0].text):
            kinds[key] = "organisation"  # "Lamborghini", "Gucci", "RM Sotheby's": a company named like a person
            # or a place ("Bentley", "Pirelli")
    return kinds


PERSON_LIKE = ("place", "organisation")


def _given_name_first(name: str) -> bool:
    """A name of two or three words that starts with a given name of the table (`lexicon.GIVEN_NAMES`) and is
    no known place, organisation or medium, nor a company's ("Walter Owen Motors")."""
    words = name.split()
    return (
        2 <= len(words) <= 3
        and words[0] in lx.GIVEN_NAMES
        and all(w[:1].isupper() or w.lower() in PARTICLES - {"du", "des"} for w in words[1:])
        and not any(lx.fold(w) in lx.COMPANY_WORDS or lx.known_kind(w) for w in words[1:])
        and not lx.known_kind(name)
        and lx.fold(name) not in lx.MEDIA | lx.PRESS_AGENCIES  # "Ria Novosti"
    )


def _vote(ms: list[Mention]) -> str:
    """The kind most mentions have (the table of known places and organisations wins)."""
    known = lx.known_kind(ms[0].text)
    if known:
        return known
    if any(m.forced_person for m in ms) or lx.leader_country(ms[0].text):  # "Benjamin Netanyahu" is no place
        return "person"
    c = Counter(m.kind for m in ms if m.kind)
    if not c:
        return "place"
    best = max(c.values())
    for k in ("person", "organisation", "place"):
        if c.get(k) == best:
            return k
    return "place"


PARTICLES = {
    "le", "la", "de", "du", "des", "d'", "di", "da", "del", "della", "van", "von", "dos", "das", "ben", "bin", "al",
}  # fmt: skip


def _surname_links(by_key: ByKey, kinds: dict[str, str], full: set[str]) -> dict[str, str]:
    """Surname → full name: a one-word name that is the last word of a multi-word person name (or, when none
    is, another word of one: "Kim" → "Kim Jong Un"); of several, the one mentioned most when it is mentioned
    more than the others ("Trump" → "Donald Trump" in an article that also names Mary and Fred Trump). Another
    word only of a name the model calls a person: the company "Bugatti" is not "Bugatti Stephan Winkelmann" (a
    name glued to the maker before it); nor a name the model calls an organisation, mentioned more often than
    the person (the company "Bugatti" more than its founder "Ettore Bugatti")."""
    link: dict[str, str] = {}
    for key, ms in by_key.items():
        if lx.known_kind(ms[0].text):
            continue
        if " " in key:  # a surname with its particle ("Le Pen", "de Gaulle") → the full name that ends with it
            words = key.split()
            if words[0] in PARTICLES:
                longer = [f for f in full if f.endswith(" " + key) and by_key[f][0].text.split()[0] in lx.GIVEN_NAMES]
                target = _most_mentioned(longer, by_key)
                if target:
                    link[key] = target
            elif len(words) == 2 and key in full:  # "Joseph DeAngelo" → "Joseph James DeAngelo", the one such name
                middle = [
                    f for f in full if len(f.split()) == 3 and f.split()[0] == words[0] and f.split()[2] == words[1]
                ]
                if len(middle) == 1:
                    link[key] = middle[0]
                    continue
            if key in full:  # "M. Roux de Bézieux" → "Geoffroy Roux de Bézieux" (the longer name starts with a given
                # name of the table: not "Ford Mustang Carroll Shelby")
                longer = [f for f in full if f.endswith(" " + key) and by_key[f][0].text.split()[0] in lx.GIVEN_NAMES]
                target = _most_mentioned(longer, by_key)
                if target:
                    link[key] = target
            continue
        # "M. Assad" → "Bachar al-Assad", "M. Kazimi" → "Moustafa al-Kazimi": the surname without its article
        last = [f for f in full if _bare_surname(f.split()[-1]) == key]
        first = [f for f in full if key in f.split()[:-1]] if kinds.get(key) == "person" else []
        target = _most_mentioned(last or first, by_key)
        if target and kinds.get(key) == "organisation" and len(ms) > len(by_key[target]):
            continue  # the company named more often than the founder it is named after ("Bugatti", "Ettore Bugatti")
        if target:
            link[key] = target
    for key, target in link.items():  # "DeAngelo" → "Joseph DeAngelo" → "Joseph James DeAngelo"
        if link.get(target, target) != target:
            link[key] = link[target]
    return link


_SURNAME_ARTICLE = re.compile(r"^(?:al|el|ul|ad|ar|as|at|az|an|ash|ech|ben|bin|ibn|abu|abou)-(?=\w{2})")


def _bare_surname(word: str) -> str:
    """A surname without the article or the filiation joined to it by a hyphen ("al-assad" → "assad", "el-sissi"
    → "sissi", "ben-ali" → "ali"); else the word."""
    return _SURNAME_ARTICLE.sub("", word)


def _most_mentioned(names: list[str], by_key: ByKey) -> str | None:
    if len(names) <= 1:
        return names[0] if names else None
    counts = sorted(((len(by_key[n]), n) for n in names), reverse=True)
    if counts[0][0] > counts[1][0]:
        return counts[0][1]
    # as often each: the first the article names ("Kim" in an article on Kim Jong Un and Kim Yo Jong)
    tied = [n for c, n in counts if c == counts[0][0]]
    return min(tied, key=lambda n: by_key[n][0].start)


def _acronym_links(by_key: ByKey, kinds: dict[str, str], body: str) -> dict[str, str]:
    """Acronym → organisation: the acronym an organisation's name is followed by in brackets, made of the
    first letters of its words ("Gordon Murray Automotive (GMA)", "Comité stratégique de filière (CSF)")."""
    link: dict[str, str] = {}
    for key, ms in by_key.items():
        if kinds[key] != "organisation" or " " not in key:
            continue
        for m in ms:
            close = body.find(")", m.end, m.end + 14)
            acronym = body[m.end : close].strip(" (") if close > 0 and body[m.end : m.end + 2] == " (" else ""
            if acronym.isupper() and lx.fold(acronym) in by_key and _initials_of(acronym, ms[0].text):
                link[lx.fold(acronym)] = key
    # without brackets: an acronym of two letters or more that is exactly the initials of the words of one
    # organisation the article names ("SCG" and "Scuderia Cameron Glickenhaus")
    spelled: dict[str, list[str]] = {}
    for key, ms in by_key.items():
        if kinds[key] == "organisation":
            spelled.setdefault(_spelling(ms[0].text), []).append(key)
    for key, ms in by_key.items():
        text = ms[0].text
        if key in link or not (text.isupper() and text.isalpha() and 2 <= len(text) <= 6) or lx.known_kind(text):
            continue  # (one the tables know is theirs: "PS" is no "Public Sénat")
        whole = spelled.get(text, [])
        if len(whole) == 1 and whole[0] != key:
            link[key] = whole[0]
    return link


_SMALL_WORDS = {
    "de", "du", "des", "la", "le", "les", "l", "d", "et", "pour", "en", "à", "au", "aux", "of", "the", "and",
}  # fmt: skip


def _spelling(name: str) -> str:
    """The first letters of a name's words, every word but the small ones ("Scuderia Cameron Glickenhaus" →
    "SCG", "Cour pénale internationale" → "CPI"); a name of one word spells nothing."""
    words = [w for w in _name_words(name) if w.lower() not in _SMALL_WORDS]
    return "".join(w[0].upper() for w in words) if len(words) > 1 else ""


def _name_words(name: str) -> list[str]:
    """A name's words, as its initials read them: split at spaces, apostrophes and hyphens."""
    return [w for w in re.split(r"[\s'’-]+", name) if w]


def _initials_of(acronym: str, name: str) -> bool:
    """The acronym's letters are, in order, the first letters of words of the name."""
    initials = [lx.fold(w[0]).upper() for w in _name_words(name)]
    i = 0
    for c in acronym:
        while i < len(initials) and initials[i] != c:
            i += 1
        if i == len(initials):
            return False
        i += 1
    return True


def _group(by_key: ByKey, kinds: dict[str, str], full: set[str], link: dict[str, str]) -> list[ActorInfo]:
    """One actor per name, surnames in their full name's actor."""
    groups: ByKey = defaultdict(list)
    for key, ms in by_key.items():
        groups[link.get(key, key)].extend(ms)
    merged: dict[tuple[str, str], ActorInfo] = {}  # two names of one actor ("UE", "Union européenne"): one
    for key, ms in groups.items():
        name, kind = _display(ms), "person" if key in full else kinds[key]
        info = merged.setdefault((name, kind), ActorInfo(name, kind))
        info.spans = sorted({*info.spans, *((m.start, m.end) for m in ms)})
    return list(merged.values())


_GIVEN = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"  # "Nancy", "Gert-Peter"


def _fullest_names(nlp: Language, body: str, actors: list[ActorInfo]) -> None:
    """A person the model only named by the surname ("M. Pelosi") takes the fullest form the article gives
    ("Nancy Pelosi", in a span the model read as "Congrès Nancy Pelosi"): a given name written just before
    the surname, one and the same wherever it is."""
    people = {a.name for a in actors if a.kind == "person"}
    for a in actors:
        if a.kind != "person" or (" " in a.name and not a.name[:1].islower()):
            continue  # a full name already (but "de Blasio" is a surname)
        pattern = re.compile(rf"(?<![\w-])((?:{_GIVEN} )?{_GIVEN}) {re.escape(a.name)}(?![\w-])")
        found: dict[str, tuple[int, int]] = {}
        for m in pattern.finditer(body):
            if m.start() == 0 or body[m.start() - 1] == "\n":
                continue  # a title or a heading capitalises its words: "Procès Séréna"
            words = m.group(1).split(" ")
            while words and not (
                all(_is_given_name(nlp, w) for w in words) and _word_before(body, m.start(1), words) not in _ARTICLES
            ):
                words = words[1:]  # "au Congrès Nancy Pelosi": Nancy
            if words:
                given = " ".join(words)
                found.setdefault(given, (m.end() - len(a.name) - len(given) - 1, m.end()))
        if len(found) != 1:
            continue
        ((given, span),) = found.items()
        name = f"{given} {a.name}"
        if name not in people:
            a.name = name
            a.spans = sorted({*a.spans, span})


_ARTICLES = {"au", "aux", "ce", "ces", "cet", "cette", "des", "du", "la", "le", "les", "l'", "un", "une"}


def _word_before(body: str, start: int, words: list[str]) -> str:
    """The word before the given name `words` (the last ones of the name that starts at `start`)."""
    at = body.rfind(words[0], start)
    before = body[max(0, at - 20) : at].replace("’", "'").split()
    word = before[-1].lower() if before else ""
    return "l'" if word.endswith("l'") else word


def _is_given_name(nlp: Language, word: str) -> bool:
    w = lx.fold(word)
    return not (
        w in lx.TITLES or w in lx.INSTITUTION_WORDS or w in lx.DETERMINERS or w in lx.HONORIFICS
        or w in lx.DAYS_MONTHS or lx.known_kind(word) or is_common_word(nlp, word)
    )  # fmt: skip


def _display(ms: list[Mention]) -> str:
    """The name to show: the table's spelling, else the fullest form (words, acronym, accents, frequency)."""
    known = lx.known_name(ms[0].text)
    if known:
        return known
    forms = Counter(m.text for m in ms)

    def score(form: str) -> tuple[int, bool, int, int]:
        acronym = form.isupper() and len(form) <= 8
        accents = sum(1 for c in form if ord(c) > 127)
        words = len(form.split())
        return (words, acronym, accents, forms[form])

    return _accented_capitals(max(forms, key=score))


# French words written with an accented capital that the press often writes without it: one spelling,
# so that "Edouard Philippe" and "Édouard Philippe" are one actor across the archive
_ACCENTED = {
    lx.fold(w): w
    for w in (
        "Édouard", "Étienne", "Éric", "Émilie", "Élisabeth", "Élise", "Émile", "Émilien", "Éloïse", "Évelyne",
        "Élodie", "Édith", "Éléonore", "Émeline", "Élie", "Éliane", "Étiennette", "Évariste", "Élysée", "État",
        "États", "Église", "Écosse", "Égypte", "Équateur", "Érythrée", "Éthiopie", "Éducation", "Économie",
    )
}  # fmt: skip


def _accented_capitals(name: str) -> str:
    return " ".join(
        _ACCENTED.get(lx.fold(w), w) if w[:1] == "E" else _hyphenated(w) if "-" in w else w for w in name.split(" ")
    )


def _hyphenated(word: str) -> str:
    return "-".join(_ACCENTED.get(lx.fold(p), p) if p[:1] == "E" else p for p in word.split("-"))


# country names as written, longest first ("Guinée-Bissau" before "Guinée"), accents and apostrophes free
_COUNTRY_NAME = re.compile(
    r"(?<!\w)(?<!\w-)(?:"  # not in a compound ("Bosnie-Herzégovine"), but after a heading's dash ("-Allemagne")
    + "|".join(sorted((re.escape(c).replace("É", "[EÉ]") for c in lx.COUNTRIES), key=len, reverse=True))
    + r")(?!\w|-\w)"  # a dash after it when a list lost a space ("- Algérie- Australie")
)


# the bare words of the places whose article is part of the name ("Havre", "Mans"), capitalised
_ARTICLE_PLACE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(sorted((re.escape(n.split(" ", 1)[1]) for n in lx.ARTICLE_PLACES.values()), key=len, reverse=True))
    + r")(?![\w-])"
)


# a capitalised word, a number or "insoumise" after a country's name, a capitalised word before it: a longer name
# the country's is part of ("France 3", "France Messagerie", "la France insoumise", "Greenpeace France")
_NAME_GOES_ON = re.compile(r" (?:[A-ZÀ-Ý0-9]|insoumise\b)")
_NAME_BEFORE = re.compile(r"(?<![\w'’-])([A-ZÀ-Ý](?:[\w'’-]*\w)?) $")
_OPENS = '.!?:;«»"“”(-–—\n'
# small words that open a sentence before a country's name ("En France", "Entre Italie et Suisse")
_NO_NAME = frozenset({
    "en", "et", "ou", "selon", "pour", "contre", "avec", "vers", "dont", "mais", "car", "si", "quand", "après", "avant",
    "entre", "comme", "par", "sur", "sous", "dans", "chez", "depuis", "face", "aussi", "puis", "hors", "outre", "dès",
    "toute", "tout", "même", "or", "donc", "ni",
})  # fmt: skip


def _in_a_name(body: str, start: int, end: int, people: frozenset[int] = frozenset()) -> bool:
    """The country's name at start:end is part of a longer name the model did not keep as an actor (a channel,
    a company's subsidiary, a party): "France 3", "France Messagerie", "la France insoumise", "Greenpeace France";
    not before a person's name (`people`, where they start: "le président des États-Unis Donald Trump")."""
    if _NAME_GOES_ON.match(body, end) and end + 1 not in people:
        return True
    before = _NAME_BEFORE.search(body, max(0, start - 30), start)
    if before is None:
        return False
    word = before.group(1).lower().replace("’", "'")
    if word.endswith("'") or lx.fold(word) in lx.TITLES:
        return False
    # a small word capitalised: a sentence's first
    opens = body[max(0, before.start() - 3) : before.start()].rstrip(" ")
    return not ((not opens or opens[-1] in _OPENS) and (word in lx.DETERMINERS or word in _NO_NAME))


def _people_starts(actors: list[ActorInfo]) -> frozenset[int]:
    return frozenset(s for a in actors if a.kind == "person" for s, _ in a.spans)


# the ends of a people's noun ("Parisiens", "Européennes", "Bordelais", "Lyonnaises", "Marocains"), not of a place's
# name written after an article ("les Philippines", "les Cévennes", "les Antilles")
_PEOPLE_END = re.compile(r"(?:ains|aines|iens|iennes|éens|éennes|ais|aises|ois|oises)$")
_PEOPLE_ARTICLE = re.compile(r"(?<![\w'’])(?:les|des|aux|ces)\s*$", re.IGNORECASE)  # plural: not "le Marais"


def _without_peoples(body: str, actors: list[ActorInfo]) -> list[ActorInfo]:
    """The people of a city, a region or a continent named as a noun ("les Parisiens", "des Européens", "aux
    Bordelais") and a people of a mixed origin ("les Afro-Américains", "un Franco-Congolais") are no place (the
    people of a country stand for it: "les Français", see `mentions.mention`)."""
    out = []
    for a in actors:
        word = a.name
        if a.kind == "place" and " " not in word and not lx.known_kind(word) and word not in lx.COUNTRIES:
            mixed = "-" in word and bool(lx.demonym(word.rsplit("-", 1)[1]))
            people = _PEOPLE_END.search(word) and all(
                _PEOPLE_ARTICLE.search(body, max(0, s - 6), s) for s, _ in a.spans
            )
            if mixed or people:
                continue
        out.append(a)
    return out


# what before a seat of government ("Matignon", "la Maison Blanche", "l'Élysée"), its article aside, makes it the
# building where one is ("à Matignon", "près de la Maison Blanche", "depuis Downing Street", "quitter Matignon")
_AT_SEAT = re.compile(
    r"(?:(?<![\w'’])(?:à|a|au|depuis|devant|vers|quitter|quitte|quittait)|(?:près|pas|départ|sortie) d[eu'’]?)"
    r"\s*(?:la |l['’]|le )?$",
    re.IGNORECASE,
)


def _seats_as_places(body: str, actors: list[ActorInfo]) -> None:
    """A seat of government only named as the building where one is ("reçu à l'Élysée", "une fois à la Maison
    Blanche", "son avenir à Matignon") is a place; one that acts or speaks ("la Maison Blanche a annoncé",
    "selon l'Élysée") stays an institution."""
    for a in actors:
        if a.kind == "organisation" and lx.fold(a.name) in lx.SEATS and a.spans:
            if all(_AT_SEAT.search(body, max(0, s - 30), s) for s, _ in a.spans):
                a.kind = "place"


# a show, a contest, a festival or a race named after the place where it is held ("Salon de Genève", "Concours
# d'Élégance de Pebble Beach", "Festival of Speed de Goodwood 2018", "SEMA Show de Las Vegas"): that place
_EVENT_PLACE = re.compile(
    r"^(?:Salon|salon|Concours|Festival|Show|SEMA Show|Mondial|Rallye|Grand Prix|Meeting|Tournoi|Marathon)\b.*?"
    r"(?:\bde |\bdu |\bd['’])((?:[A-ZÀ-Ý][\w'’-]*)(?: [A-ZÀ-Ý][\w'’-]*)*)(?: \d{4})?$"
)


def _add_event_places(nlp: Language, doc: Doc, actors: list[ActorInfo]) -> None:
    """The place an event the model saw is named after ("Salon de Genève" → Genève): a place actor (not an ordinary
    word: "Concours d'Élégance")."""
    by_name = {a.name: a for a in actors if a.kind == "place"}
    taken = {lx.fold(a.name) for a in actors if a.kind != "place"}
    for ent in doc.ents:
        m = _EVENT_PLACE.match(ent.text)
        if m is None:
            continue
        tail = m.group(1)
        if lx.fold(tail) in taken or (" " not in tail and is_common_word(nlp, tail)):
            continue
        name = lx.known_name(tail) or tail
        actor = by_name.get(name)
        if actor is None:
            actor = by_name[name] = ActorInfo(name, "place")
            actors.append(actor)
        start = ent.start_char + m.start(1)
        actor.spans = sorted({*actor.spans, (start, start + len(tail))})


# nouns in small letters the model runs on into the place's name after them, which the place's name is without
# ("province de Pise", "région Grand Est", "piste d'Ehra-Lessien", "baie de San Francisco", "aéroport d'Orly"); not
# those of names whole ("place de la Concorde", "vallée du Jourdain", "bande de Gaza", "métropole de Lyon", "bassin
# d'Arcachon")
_PLACE_NOUNS = frozenset({
    "piste", "province", "région", "commune", "communes", "département", "côte", "baie", "circuit", "aéroport",
    "abbaye", "mémorial", "plateau", "archipel", "canton", "district", "secteur", "circonscription", "ville",
    "village", "banlieue", "agglomération",
})  # fmt: skip
_NAME_AFTER_DE = frozenset({"aéroport", "circuit"})  # "aéroport d'Orly" → Orly, but "aéroport JFK" is the airport's
_NOUN_THEN_NAME = re.compile(r"^(\w+)(?: [a-zà-ÿ-]+)*? ((?:de la|de l['’]|du|des|de|d['’]) ?)?([A-ZÀ-Ý].*)$")


_ARRONDISSEMENT_OF = re.compile(r"^((?:[IVXL]+|\d+)(?:e|er|ème) arrondissement) (?:de |d['’])([A-ZÀ-Ý].*)$")


def _merged_or_renamed(a: ActorInfo, name: str, by_name: dict[str, ActorInfo]) -> bool:
    """An actor's name made shorter or plainer: where another actor already goes by it, that one takes the
    mentions (True: drop `a`); else `a` takes the name."""
    other = by_name.get(name)
    if other is not None and other is not a:
        other.spans = sorted({*other.spans, *a.spans})
        return True
    a.name = name
    return False


def _places_without_their_noun(actors: list[ActorInfo]) -> list[ActorInfo]:
    """A place's name the model ran on from the noun before it ("province de Pise", "région Émilie-Romagne",
    "piste d'Ehra-Lessien"): the name after the noun, one actor with that place's; an arrondissement and its city
    ("XVIe arrondissement de Paris"): two places."""
    by_name = {a.name: a for a in actors if a.kind == "place"}
    out = []
    for a in actors:
        m = _ARRONDISSEMENT_OF.match(a.name) if a.kind == "place" else None
        if m is not None:  # "XVIe arrondissement de Paris": the arrondissement, and the city
            city = lx.known_name(m.group(2)) or m.group(2)
            if city not in by_name:
                by_name[city] = ActorInfo(city, "place", list(a.spans))
                out.append(by_name[city])
            if _merged_or_renamed(a, m.group(1), by_name):
                continue
            by_name[a.name] = a
        m = _NOUN_THEN_NAME.match(a.name) if a.kind == "place" else None
        if m is not None and m.group(1) in _PLACE_NOUNS and (m.group(2) or m.group(1) not in _NAME_AFTER_DE):
            if _merged_or_renamed(a, lx.known_name(m.group(3)) or m.group(3), by_name):
                continue
        out.append(a)
    return out


def _without_generic_places(actors: list[ActorInfo]) -> list[ActorInfo]:
    """A noun that alone names no place (`lexicon.GENERIC_PLACES`: "les Etats membres", "élus de la République",
    "le Centre pour les études…") is none; a point of the compass is the place of that point the article names
    ("le Sud" beside "Corée du Sud"), else none ("à l'Ouest de Londres"; "le Nord" stays: a département)."""
    places = [a for a in actors if a.kind == "place" and " " in a.name]
    out = []
    for a in actors:
        key = lx.fold(a.name)
        if a.kind == "place" and key in lx.COMPASS:
            ends = (f" du {key}", f" de l'{key}", f" de l’{key}")
            whole = [b for b in places if lx.fold(b.name).endswith(ends)]
            if len(whole) == 1:
                whole[0].spans = sorted({*whole[0].spans, *a.spans})
                continue
        if a.kind == "place" and key in lx.GENERIC_PLACES:
            continue
        out.append(a)
    return out


def _without_country_in_a_name(body: str, actors: list[ActorInfo]) -> list[ActorInfo]:
    """A country the model saw only inside a longer name ("Volvo Car France", "Air France"): no place."""
    out, people = [], _people_starts(actors)
    for a in actors:
        if a.kind == "place" and a.name in lx.COUNTRIES:
            a.spans = [(s, e) for s, e in a.spans if not _in_a_name(body, s, e, people)]
            if not a.spans:
                continue
        out.append(a)
    return out


def _covered(body: str, actors: list[ActorInfo]) -> bytearray:
    """Where in the body an actor is mentioned: one byte a character, 1 inside a mention (the title's negative
    spans left out)."""
    covered = bytearray(len(body) + 1)
    for a in actors:
        for s, e in a.spans:
            covered[max(0, s) : max(0, e)] = b"\1" * (max(0, e) - max(0, s))
    return covered


def _add_missed_country_mentions(body: str, actors: list[ActorInfo]) -> None:
    """Countries the model missed (a title without a verb, "le Japon" at the end of a list): the names of
    the country table where no other actor is mentioned; so too the places whose article is part of the name,
    written with it ("au Mans", "la Mecque")."""
    covered, people = _covered(body, actors), _people_starts(actors)
    by_name = {a.name: a for a in actors if a.kind == "place"}
    found = [
        (m, lx.known_name(m.group()) or m.group())
        for m in _COUNTRY_NAME.finditer(body)
        if not _in_a_name(body, m.start(), m.end(), people)
    ]
    for m in _ARTICLE_PLACE.finditer(body):
        words = body[max(0, m.start() - 40) : m.start()].replace("’", "'").split()
        name = lx.article_place(m.group(), list(reversed(words))[:3])
        if name is not None:
            found.append((m, name))
    for m, name in found:
        if any(covered[m.start() : m.end()]):
            continue
        actor = by_name.get(name)
        if actor is None:
            actor = by_name[name] = ActorInfo(name, "place")
            actors.append(actor)
        actor.spans = sorted({*actor.spans, (m.start(), m.end())})


# what a name that starts with these words names is a show, a contest or a class of cars, not an organisation
EVENT_HEADS = {"salon", "concours", "mondial", "supercar", "supercars", "hypercar", "hypercars"}
_COP = re.compile(r"COP ?\d*")  # "COP21", "COP 26": a conference of the parties


def _event(a: ActorInfo) -> bool:
    """A show or a contest ("Salon de Genève", "Mondial de l'Automobile", "Concours d'Élégance", "COP26") or a
    class of cars ("Supercars") the model calls an organisation: none (not a known name)."""
    first = a.name.split()[0]
    return (
        a.kind in ("organisation", "person")
        and (lx.fold(first) in EVENT_HEADS or bool(_COP.fullmatch(first)))
        and not lx.known_kind(a.name)
    )


_QUOTE_OPENS = ("«", '"', "“")
_QUOTE_CLOSES = ("»", '"', "”")


def _quoted_name(a: ActorInfo, body: str) -> bool:
    """A person's name the article only ever writes between quotes is a title, a nickname, a colour or a
    product's name, no person ("la livrée « Silver Birch »", "le single \"Humble Guy\"", "la \"Joe Rogan
    Experience\"", "surnommé \"Taliban Khan\""): the quotes enclose the name and nothing else."""
    return a.kind == "person" and all(
        body[:s].rstrip(" \u00a0\u202f").endswith(_QUOTE_OPENS)
        and body[e:].lstrip(" \u00a0\u202f").startswith(_QUOTE_CLOSES)
        for s, e in a.spans
    )


_WORDS_BEFORE = re.compile(r"[\w'-]+|[^\w\s]")
# small words that end the scan back from a name: what comes before them is no noun of the name
_FUNCTION_WORDS = frozenset(
    "a à au aux avec ce cet cette ces chez comme dans de des du en entre est et la le les leur leurs mais ni ont ou "
    "où par pour qu que qui sa sans se selon ses son sont sur un une vers".split()
)
FAMILY_NOUNS = {"famille", "clan", "dynastie"}
FEMININE_ARTICLES = {"la", "une", "cette"}  # "la famille Pinault", "le clan Assad": a family, no one person


_CHARACTER_TITLES = {"mr", "mrs", "mister", "miss"}  # "Mr Burns", "Mr Hinx", "Mr Le Mans": a character, a nickname


_ROMAN_NUMBER = re.compile(r"[IVXLC]+")  # "Napoléon III", "Abdallah II"


def _not_a_name(a: ActorInfo) -> bool:
    """A person's name with a word in capitals ("BPCO", "DJ", "Martin DB", "AFP Eloi Marijon": an acronym, a model,
    a source glued on) that is no regnal number, or with a bracket or a slash ("OIT)", "M. Assioma.grd/dar/ide": a
    signature glued on): no person."""
    return a.kind == "person" and (
        any(w.isupper() and len(w) >= 2 and w.isalpha() and not _ROMAN_NUMBER.fullmatch(w) for w in a.name.split())
        or any(c in a.name for c in "()/[]")
    )


# what ends a place's name or an institution's, never a person's ("Amelia Island", "Christopher Street",
# "Clarence House"; "Wilson Center")
PLACE_WORDS = {"island", "islands", "street", "avenue", "house", "beach", "valley", "hills", "square"}
INSTITUTION_ENDS = {"center", "centre"}
# heads that make a place's name an institution's even where the name is a known one ("Cour suprême",
# "Haute Cour"), and the one-word names of institutions the model takes for places
INSTITUTION_HEADS = {
    "cour", "conseil", "tribunal", "parquet", "assemblee", "commission", "ministere", "prefecture", "gendarmerie",
    "police", "agence", "institut", "fondation", "universite", "academie", "comite", "direction", "office", "parti",
    "syndicat", "federation", "confederation", "ligue", "association", "banque", "autorite", "chambre", "hopital",
    "ecole", "centre", "haute",
}  # fmt: skip
INSTITUTIONS_ALONE = {"senat", "congres"}


_BRACKETED_AFTER_WORDS = re.compile(r"[a-zà-ÿ]{2,} \($")  # "de Stockholm (Sipri)": a name's acronym
_ARTICLE_BEFORE = re.compile(r"(?:\b[lL]'|\b[lL]e |\b[lL]a )$")


def _acronym_in_brackets(a: ActorInfo, body: str) -> None:
    """A one-word name the model calls a person that the article writes in brackets after words in small letters
    ("l'Institut international de recherche sur la paix de Stockholm (Sipri)", "une équipe régionale
    d'intervention (Eris)"), and elsewhere only after an article ("l'Aspas"), is the acronym of an organisation."""
    if a.kind != "person" or " " in a.name or a.name in lx.GIVEN_NAMES:
        return
    bracketed = [
        bool(_BRACKETED_AFTER_WORDS.search(body[max(0, s - 30) : s])) and body[e : e + 1] == ")" for s, e in a.spans
    ]
    if any(bracketed) and all(
        b or _ARTICLE_BEFORE.search(body[max(0, s - 3) : s].replace("’", "'"))
        for b, (s, _) in zip(bracketed, a.spans, strict=True)
    ):
        a.kind = "organisation"


# heads of names in small letters that name a place, not an institution ("Amérique latine", "Zone démilitarisée")
_PLACE_HEADS = frozenset({"amerique", "arabie", "emirats", "zone", "haut", "haute"})


def _institution_not_place(a: ActorInfo) -> bool:
    """A name the model took for a place that opens with an institution's head ("Cour suprême", "cour d'appel
    d'Angers", "université de Saint-Étienne", "hôpital Corentin-Celton", "Parquet national financier"), or the
    one-word name of one ("Sénat"), is that institution's; the head alone ("Université", "Institut") names none
    (False: no actor)."""
    if a.kind != "place":
        return True
    if lx.fold(a.name) in INSTITUTIONS_ALONE:
        a.kind = "organisation"
        return True
    first = lx.fold(a.name.split()[0])
    if first in INSTITUTION_HEADS or (
        first in lx.NAME_HEADS and first not in _PLACE_HEADS and not lx.known_kind(a.name)
    ):
        if " " not in a.name:
            return False
        a.kind = "organisation"
    return True


def _place_or_institution(a: ActorInfo) -> None:
    """A person's name of two words or more that ends with a word of a place's or an institution's name is that
    place's or that institution's (the model, or a given name first, made it a person's)."""
    if a.kind != "person" or " " not in a.name:
        return
    last = lx.fold(a.name.split()[-1])
    if last in PLACE_WORDS:
        a.kind = "place"
    elif last in INSTITUTION_ENDS:
        a.kind = "organisation"


def _brand_product(a: ActorInfo) -> bool:
    """A person's name that opens with a brand of the table and goes on with no given name first ("Tesla Semi",
    "Bugatti Chiron", "McLaren Senna"): the brand's product, no person."""
    words = a.name.split()
    return a.kind == "person" and len(words) > 1 and lx.fold(words[0]) in lx.BRANDS and words[0] not in lx.GIVEN_NAMES


def _fictional(a: ActorInfo) -> bool:
    """A character of fiction, myth or religion of the table (`lexicon.NOT_PEOPLE`: "James Bond", "Allah"), or a
    name with an English title the French press gives characters and nicknames ("Mr Burns"): no person."""
    return a.kind == "person" and (
        lx.fold(a.name) in lx.NOT_PEOPLE or (" " in a.name and lx.fold(a.name.split()[0]) in _CHARACTER_TITLES)
    )


def _named_thing(a: ActorInfo, body: str) -> bool:
    """A person's name that every mention gives as the name of a thing: after a noun of `lexicon.NAMED_THINGS`, its
    adjectives between ("l'école primaire Joséphine Baker", "la loi César", "les freins avant Brembo", "le peuple
    Kayapo"), after a feminine article ("une Veyron": a car), or, for a surname alone, after "famille" or "clan" ("la
    famille Pinault"): no actor. After "de" and a
    noun of `lexicon.PLACES_OF` every time ("les ateliers de Newport Pagnell", "le constructeur de Woking", "près de
    Metz"), it is a place's (the actor is made one)."""
    if a.kind != "person" or not a.spans:
        return False
    if " " in a.name and a.name.split()[0].lower() in lx.NAMED_THINGS:
        return True  # "Centre Pompidou", "Mission Stéphane Bern": the thing's noun heads the name
    alone = " " not in a.name
    first = body[s0:e0].split()[0] if (s0 := a.spans[0][0]) < (e0 := a.spans[0][1]) else ""
    found = [_thing_before(body[max(0, s - 80) : s].replace("’", "'"), alone, first) for s, _ in a.spans]
    if all(f == "place" for f in found):
        a.kind = "place"
        return False
    return all(found)


def _thing_before(before: str, alone: bool, first: str = "") -> str | None:
    """What the words before a name make of it: "place", "thing" or None (see `_named_thing`)."""
    if not before.endswith((" ", "'")):
        return None
    words = _WORDS_BEFORE.findall(before)
    if not words:
        return None
    if lx.fold(f"{words[-1]} {first}") in lx.BRANDS:  # "Aston" + "Martin Vantage": a car of the brand
        return "thing"
    last = words[-1].lower()
    if last in ("de", "du", "d'"):
        return "place" if len(words) >= 2 and words[-2].lower() in lx.PLACES_OF else None
    if last.split("'", 1)[-1] in FEMININE_ARTICLES:  # "d'une Veyron", "la LaFerrari": a car, no one in the news
        return "thing"
    if words[-1].lower() in lx.NAMED_THINGS and words[-1][1:].islower() and before.endswith(" "):
        return "thing"  # "Centre Johns Hopkins", "la Fondation Bob Woodruff"
    for word in reversed(words[-4:]):
        w = word.lower()
        elided = w.split("'", 1)[1] if "'" in w[:3] else w  # "l'école" → "école"
        if not word.islower() or not elided.replace("-", "").isalpha():
            return None
        if elided in lx.NAMED_THINGS or (alone and elided in FAMILY_NOUNS):
            return "thing"
        if elided != w or w in _FUNCTION_WORDS:
            return None
    return None


_PLACE_AFTER = re.compile(r" (?:de |d'|d’|du )(?=[A-ZÀ-Ý])")


def _without_place_after_name(body: str, actors: list[ActorInfo]) -> list[ActorInfo]:
    """A person's name the model ran on into the place after it ("Khalifa Haftar de Tarhouna", "le roi Salmane
    d'Arabie saoudite", "Tesla de Fremont"): the name before "de", the place being a known one, a place of the
    article or a name the article writes after "à"; one actor with the person of that name if the article has one
    ("Charles de Gaulle", "Bill de Blasio" stay whole)."""
    places = {lx.fold(a.name) for a in actors if a.kind == "place"}
    by_name = {a.name: a for a in actors if a.kind == "person"}
    out = []
    for a in actors:
        m = _PLACE_AFTER.search(a.name) if a.kind == "person" else None
        if m is not None:
            tail = a.name[m.end() :]
            end = a.spans[-1][1]
            more = tail + body[end : end + 30].split(",")[0]
            if not (
                lx.known_kind(tail) == "place"
                or lx.fold(tail) in places
                or re.search(rf"\b(?:à|À) {re.escape(tail)}\b", body)  # "à Tarhouna", "à Fremont"
                or any(lx.known_kind(" ".join(more.split()[:n])) == "place" for n in (2, 3))
            ):
                m = None
        if m is None:
            out.append(a)
            continue
        if _merged_or_renamed(a, a.name[: m.start()], by_name):
            continue
        out.append(a)
    return out


_LIST_SEPARATORS = (", ", " et ", " ou ", ", et ", ", ou ")


def _companies_in_lists(body: str, actors: list[ActorInfo]) -> None:
    """A one-word name the model calls a person that a list gives among organisations, no person beside it, is an
    organisation ("avec Seqens, Upsa et Sanofi", "Daimler, Toyota, Ford", "Akrapovič, Pirelli et Ravenol")."""
    starts = {s: a for a in actors for s, _ in a.spans}
    ends = {e: a for a in actors for _, e in a.spans}
    for a in actors:
        if a.kind != "person" or " " in a.name or a.name in lx.GIVEN_NAMES:
            continue  # (a given name stays a person's: "ses enfants, Léon et Oscar")
        beside: list[ActorInfo] = []
        for s, e in a.spans:
            for sep in _LIST_SEPARATORS:
                after = starts.get(e + len(sep)) if body.startswith(sep, e) else None
                before = ends.get(s - len(sep)) if body[max(0, s - len(sep)) : s] == sep else None
                beside += [b for b in (after, before) if b is not None and b is not a]
        if beside and all(b.kind == "organisation" for b in beside):
            a.kind = "organisation"


def _head_alone(a: ActorInfo) -> bool:
    """The first word of an institution's name alone ("Conseil", "Assemblée", "Commission", "Cour"): a name the
    model cut short ("le Conseil de sécurité", "l'Assemblée nationale" written whole elsewhere or not), no actor of
    its own (not a known name)."""
    word = lx.fold(a.name)
    return (
        a.kind == "organisation"
        and " " not in a.name
        and (word in lx.NAME_HEADS or word.rstrip("s") in lx.NAME_HEADS)
        and not lx.known_kind(a.name)
    )


def _add_named_companies(body: str, actors: list[ActorInfo]) -> None:
    """Companies the model did not tag that the article names by what they are: "le fabricant de smartphones
    OnePlus", "la compagnie CanSino BIO", "l'équipementier BANDAI NAMCO" (one to three capitalised words right
    after a company noun and its adjectives, no actor's mention, no word of the tables that names none); each
    an organisation, with every mention of its name that no other actor holds."""
    covered = _covered(body, actors)
    by_name = {a.name: a for a in actors}
    found: list[str] = []
    for m in UNTAGGED_NAME.finditer(body):
        name = m.group()
        if any(covered[m.start() : m.end()]) or not plausible_company_name(name) or name in found:
            continue
        if COMPANY_BEFORE.search(body[max(0, m.start() - 50) : m.start()].replace("’", "'")):
            found.append(name)
    for name in found:
        if name in by_name:
            continue
        actor = by_name[name] = ActorInfo(name, "organisation")
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])(?! [A-ZÀ-Ý])", body):
            if not any(covered[m.start() : m.end()]):
                actor.spans.append((m.start(), m.end()))
                covered[m.start() : m.end()] = b"\1" * (m.end() - m.start())
        if actor.spans:
            actors.append(actor)


def _with_institutions(body: str, actors: list[ActorInfo]) -> list[ActorInfo]:
    """The institutions a common noun names (`institutions`: "le ministère de la Santé", "le parquet de Lyon",
    "l'Assemblée" for the Assemblée nationale) as organisations; what the model saw inside one is no actor of
    its own ("Santé", "Logement", "Intérieur"), but a place or a person after the head stays one ("Lyon" of "le
    parquet de Lyon", "Adama Traoré" of "le comité Adama Traoré")."""
    found = institutions(body)
    if not found:
        return actors
    by_name = {lx.fold(a.name): a for a in actors}
    for start, end, name in found:
        ministry = name.startswith("ministère")
        for a in actors:
            if a.kind in ("place", "person") and not ministry and name != NATIONAL_ASSEMBLY:
                continue  # "le parquet de Lyon", "le comité Adama Traoré": the place, the person stay
            a.spans = [(s, e) for s, e in a.spans if not (start <= s and e <= end)]
        actor = by_name.get(lx.fold(name))
        if actor is None:
            actor = by_name[lx.fold(name)] = ActorInfo(name, "organisation")
            actors.append(actor)
        actor.spans = sorted({*actor.spans, (start, end)})
    return [a for a in actors if a.spans]


def _add_missed_person_mentions(doc: Doc, body: str, actors: list[ActorInfo]) -> None:
    """Person mentions the model missed: the surname of a full name standing alone."""
    covered = [False] * (len(body) + 1)
    for a in actors:
        for s, e in a.spans:
            for i in range(s, e):
                covered[i] = True
    people = [a for a in actors if a.kind == "person" and " " in a.name]
    surnames = {a.name.split()[-1] for a in people}
    at: dict[str, list[int]] = defaultdict(list)  # each surname's tokens, in text order (one pass over the doc)
    for tok in doc:
        if tok.text in surnames:
            at[tok.text].append(tok.idx)
    for a in people:
        surname = a.name.split()[-1]
        extra = []
        for idx in at.get(surname, ()):
            if not covered[idx]:
                extra.append((idx, idx + len(surname)))
                covered[idx] = True
        if extra:
            a.spans = sorted(set(a.spans) | set(extra))


# ---- affiliations ----------------------------------------------------------------------------------


def _affiliations(doc: Doc, actors: list[ActorInfo]) -> dict[str, str]:
    """Person → country or organisation, from a role phrase next to a mention:
    "le Premier ministre britannique Keir Starmer", "son homologue japonaise Sanae Takaichi",
    "Le chef de l’OTAN, Mark Rutte", "Mark Rutte, chef de l'OTAN"."""
    span_actor: dict[int, ActorInfo] = {}
    for a in actors:
        for s, _ in a.spans:
            span_actor[s] = a
    if not any(a.kind == "person" for a in actors):
        return {}
    tok_at = {idx: i for i, idx in enumerate(doc.to_array("IDX").tolist())}  # a token's index by its offset
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for a in actors:
        if a.kind != "person":
            continue
        for s, e in a.spans:
            i = tok_at.get(s)
            if i is None:
                continue
            nxt = tok_at.get(e)  # "Mark Rutte, chef de l'OTAN"
            found = _look(doc, i - 1, -1, span_actor, a) or (
                _look(doc, nxt + 1, 1, span_actor, a) if nxt is not None and doc[nxt].text == "," else None
            )
            if found and not found.startswith("ministère"):  # "la secrétaire d'Etat auprès du ministère de
                votes[a.name][found] += 1  # l'Economie Agnès Pannier-Runacher" speaks for herself, as a minister
    return {name: c.most_common(1)[0][0] for name, c in votes.items()}


STOP_WORDS_WINDOW = {"et", "avec", ";", "a", "ont", "est", "sont", "qui", "que", "dont", "entre", "contre"}
# titles of a city or a seat, not of a state or an organisation: "la maire de Paris Anne Hidalgo" speaks for
# herself (and her city), never for France; "le sénateur LR …" is a member, not the voice of his party
LOCAL_TITLES = {
    "maire", "adjoint", "adjointe", "député", "députée", "sénateur", "sénatrice", "conseiller", "conseillère",
    "candidat", "candidate", "élu", "élue", "édile", "tête",
}  # fmt: skip
# titles of a company's head: "Stefano Domenicali, le CEO de Lamborghini" speaks for Lamborghini
COMPANY_TITLES = {
    "ceo", "pdg", "patron", "patronne", "fondateur", "fondatrice", "cofondateur", "cofondatrice", "co-fondateur",
    "co-fondatrice", "administrateur", "administratrice", "gérant", "gérante", "boss",
}  # fmt: skip


def _look(doc: Doc, i: int, step: int, span_actor: dict[int, ActorInfo], me: ActorInfo) -> str | None:
    """The country or organisation a role phrase names, read from token i in direction `step` (up to 8
    words, within the sentence), if the phrase has a title ("ministre", "chef"…); else None."""
    title = False
    found = None
    n = 0
    while 0 <= i < len(doc) and n < 8:
        tok = doc[i]
        if tok.lower_ in STOP_WORDS_WINDOW or tok.text in {".", "!", "?"} or (tok.is_sent_start and step > 0):
            break
        if tok.lower_ in LOCAL_TITLES:
            return None
        if tok.lower_ in lx.TITLES or tok.lower_ in COMPANY_TITLES:
            title = True
        if found is None:
            d = lx.demonym(tok.text)
            if len(d) == 1 and not is_cap(tok):
                found = d[0]
            a = span_actor.get(tok.idx)
            if a is not None and a is not me:
                if a.kind == "person":
                    break
                if a.kind == "organisation" and lx.fold(a.name) not in lx.SEATS:
                    found = a.name
                else:  # a place's country, a seat of government's ("porte-parole de la Maison Blanche")
                    found = lx.country_of_place(a.name)
        if tok.is_sent_start:
            break
        i += step
        n += 1
    return found if title else None
