"""Small French tables used by actor and agreement extraction: countries, capitals, demonyms,
organisations, role titles, stop words that the NER model takes for names, and topic keywords.

These are tables of the language and of world geography, not per-article fixes."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from reader.text.normalize import fold  # the one fold of the reader: names compared as search compares them

# The tables are data, kept in lexicon.json beside this module ("notes" there says what each one holds):
# names of countries, regions, capitals and seats of government (which stand for their country as
# agreement parties), organisations, demonyms and the prefixes of compound adjectives, words that open a
# role title, institution words, determiners, days and months, names the model takes for actors that are
# none (diseases, units, social networks, products), press agencies and media, the words that name one as a
# source, and the first words of names that go on in small letters ("Assemblée nationale").
_TABLES = json.loads((Path(__file__).with_name("lexicon.json")).read_text(encoding="utf-8"))
COUNTRIES: frozenset[str] = frozenset(_TABLES["COUNTRIES"])
REGIONS: frozenset[str] = frozenset(_TABLES["REGIONS"])
CAPITALS: dict[str, str] = _TABLES["CAPITALS"]
ORGANISATIONS: frozenset[str] = frozenset(_TABLES["ORGANISATIONS"])
DEMONYMS: dict[str, str] = _TABLES["DEMONYMS"]  # masculine singular; feminine and plural: demonym()
PREFIXES: dict[str, str] = _TABLES["PREFIXES"]  # "nippo-américaine", "sino-russe", "anglo-japonais"
TITLES: frozenset[str] = frozenset(_TABLES["TITLES"])
INSTITUTION_WORDS: frozenset[str] = frozenset(_TABLES["INSTITUTION_WORDS"])
DETERMINERS: frozenset[str] = frozenset(_TABLES["DETERMINERS"])
DAYS_MONTHS: frozenset[str] = frozenset(_TABLES["DAYS_MONTHS"])
NOT_ACTORS: frozenset[str] = frozenset(_TABLES["NOT_ACTORS"])
PRESS_AGENCIES: frozenset[str] = frozenset(_TABLES["PRESS_AGENCIES"])  # actors when they act, not as sources
SOURCE_WORDS: frozenset[str] = frozenset(_TABLES["SOURCE_WORDS"])
MEDIA: frozenset[str] = frozenset(_TABLES["MEDIA"])  # organisations when they act, not as sources
NAME_HEADS: frozenset[str] = frozenset(fold(w) for w in _TABLES["NAME_HEADS"])  # "Assemblée nationale"
HONORIFICS = frozenset(
    {"m.", "m", "mm.", "mm", "mme", "mmes", "mlle", "me", "maître", "maitre", "dr", "docteur", "pr", "mgr", "sir"}
)


_COUNTRY_BY_FOLD = {fold(c): c for c in COUNTRIES}
_CAPITAL_BY_FOLD = {fold(k.strip()): v for k, v in CAPITALS.items()}
_REGION_BY_FOLD = {fold(c): c for c in REGIONS}
ALIASES: dict[str, str] = _TABLES["ALIASES"]  # "UE" → "Union européenne", "Verts" → "EELV"
COMPANY_WORDS: frozenset[str] = frozenset(_TABLES["COMPANY_WORDS"])  # "Bosch Engineering" is no person
NAMED_THINGS: frozenset[str] = frozenset(_TABLES["NAMED_THINGS"])  # "l'école Joséphine Baker", "la loi César"
PLACES_OF: frozenset[str] = frozenset(_TABLES["PLACES_OF"])  # "les ateliers de Newport Pagnell": a place
NOT_PEOPLE: frozenset[str] = frozenset(fold(n) for n in _TABLES["NOT_PEOPLE"])  # "James Bond", "Allah"
BRANDS: frozenset[str] = frozenset(fold(n) for n in _TABLES["BRANDS"])  # "Lamborghini", "Gucci": companies
GROUPS: dict[str, str] = {fold(k): v for k, v in _TABLES["GROUPS"].items()}  # "les écologistes" → EELV
_ORG_BY_FOLD = {fold(c): c for c in ORGANISATIONS} | {fold(k): v for k, v in ALIASES.items()}
_DEMONYM_BY_FOLD = {fold(k): v for k, v in DEMONYMS.items()}
_PREFIX_BY_FOLD = {fold(k): v for k, v in PREFIXES.items()}
LEADERS: dict[str, str] = {fold(k): v for k, v in _TABLES["LEADERS"].items()}  # "Kim Jong-un" → Corée du Nord
# given names ("Anne", "Kylian"): eval/given_names.py builds them from the dev labels and the corpus
GIVEN_NAMES: frozenset[str] = frozenset(
    (Path(__file__).with_name("given_names.txt")).read_text(encoding="utf-8").split()
)
# every name of a place the tables know: countries, regions, capitals, other names of a country ("USA" → États-Unis,
# "Hexagone" → France) and the places whose article is part of the name ("Le Havre")
KNOWN_PLACES = {
    **_COUNTRY_BY_FOLD,
    **_REGION_BY_FOLD,
    **{fold(k.strip()): k.strip() for k in CAPITALS},
    **{fold(k): v for k, v in _TABLES["PLACE_ALIASES"].items()},
    **{fold(n): n for n in _TABLES["ARTICLE_PLACES"]},
}
# seats of government ("Maison Blanche", "Kremlin", "Élysée"): an institution as an actor, its country as a party
SEATS: frozenset[str] = frozenset(fold(k) for k in _TABLES["SEATS"])
# nouns that alone name no place ("les Etats membres", "la Ville de Paris", "le Sud de la bande de Gaza")
GENERIC_PLACES: frozenset[str] = frozenset(fold(w) for w in _TABLES["GENERIC_PLACES"])
COMPASS = frozenset({"nord", "sud", "est", "ouest"})
# places whose article is part of the name ("Le Havre", "La Mecque"): the bare word → the whole name
ARTICLE_PLACES: dict[str, str] = {fold(n.split(" ", 1)[1]): n for n in _TABLES["ARTICLE_PLACES"]}
# how the article of such a name is written before the bare word: "le Havre", "du Havre", "au Mans"
_ARTICLE_FORMS = {"le": ("le", "du", "au"), "la": ("la",), "les": ("les", "des", "aux")}


def article_place(bare: str, before: list[str]) -> str | None:
    """The whole name of a place whose article is part of it ("Le Havre"), given its bare word ("Havre") and the
    words written before it, the last first ("du", "au", "le", "La"): None when the word just before is not the
    name's article. A bare word that is an ordinary noun too ("Défense", "Réunion") is the place's after the
    capitalised article ("de La Défense"), or after a small one that follows no preposition ("Paris et la
    Défense"): "ministre de la Défense", "les portefeuilles de la Défense" name the ministry."""
    name = ARTICLE_PLACES.get(fold(bare))
    if name is None or not before or not bare[:1].isupper() or bare.isupper():  # "du CAP au bac": a diploma
        return None
    article = name.split(" ", 1)[0]
    if before[0] != article and before[0].lower() not in _ARTICLE_FORMS[article.lower()]:
        return None
    if before[0] != article and fold(bare) in _COMMON_BARE and before[1:2] and before[1].lower() in _PREPOSITIONS:
        return None
    return name


_PREPOSITIONS = frozenset({"de", "d'", "à", "a", "pour", "par", "sur", "avec", "sans", "contre", "entre", "chez"})
_COMMON_BARE = frozenset({"defense", "reunion", "panne", "cap"})  # ordinary nouns too


def known_kind(name: str) -> str | None:
    key = fold(name)
    if key in _ORG_BY_FOLD or key in SEATS:
        return "organisation"
    if key in KNOWN_PLACES:
        return "place"
    return None


def known_name(name: str) -> str | None:
    """The table's spelling of a known country, capital, region or organisation."""
    key = fold(name)
    return _ORG_BY_FOLD.get(key) or KNOWN_PLACES.get(key)


def leader_country(name: str) -> str | None:
    """The country a head of state or government (2019–2020) leads: "Benjamin Netanyahu" → Israël."""
    return LEADERS.get(fold(name))


def country_of_place(name: str) -> str | None:
    key = fold(name)
    return _COUNTRY_BY_FOLD.get(key) or _CAPITAL_BY_FOLD.get(key)


@functools.lru_cache(maxsize=65536)
def demonym(word: str) -> tuple[str, ...]:
    """Countries named by an adjective: "japonaise" → (Japon,), "nippo-américaine" → (Japon, États-Unis)."""
    w = fold(word)
    if not w or not w[0].isalpha():
        return ()
    found = _single_demonym(w)
    if found:
        return (found,)
    if "-" in w:
        parts = w.split("-")
        out: list[str] = []
        for i, part in enumerate(parts):
            c = _PREFIX_BY_FOLD.get(part) if i < len(parts) - 1 else _single_demonym(part)
            if c is None:
                return ()
            out.append(c)
        return tuple(dict.fromkeys(out))
    return ()


def _single_demonym(w: str) -> str | None:
    forms = [w]
    if w.endswith("s"):
        forms.append(w[:-1])
    for f in list(forms):
        if f.endswith("nne"):
            forms.append(f[:-2])
        if f.endswith("e"):
            forms.append(f[:-1])
    for f in forms:
        if f in _DEMONYM_BY_FOLD:
            return _DEMONYM_BY_FOLD[f]
    return None


# fmt: off
# Topic labels and the lemmas (or lemma pairs) that signal them in a sentence.
TOPIC_LEMMAS = {
    "défense": {"défense", "militaire", "militairement", "armée", "défensif", "dissuasion", "arme", "armement"},
    "sécurité": {"sécurité", "sécuritaire"},
    "missiles": {"missile", "intercepteur", "antimissile"},
    "visa": {"visa"},
    "cyber": {"cyber", "cyberdéfense", "cybersécurité", "cyber-défense", "cyber-sécurité", "cyberattaque"},
    "espace": {"spatial", "satellite"},
    "commerce": {"commerce", "commercial", "douane", "douanier", "libre-échange", "exportation", "importation"},
    "énergie": {"énergie", "énergétique", "gaz", "pétrole"},
    "nucléaire": {"nucléaire"},
    "technologie": {"technologie", "technologique", "semi-conducteur", "intelligence"},
    "minerais critiques": {"minerai", "minéral", "métal"},
}
TOPIC_PHRASES = {  # consecutive lemmas
    ("sécurité", "économique"): "sécurité économique",
    ("terre", "rare"): "terres rares",
    ("chaîne", "de", "approvisionnement"): "chaînes d'approvisionnement",
    ("chaîne", "d'", "approvisionnement"): "chaînes d'approvisionnement",
    ("chaîne", "d’", "approvisionnement"): "chaînes d'approvisionnement",
    ("exercice", "militaire"): "exercices militaires",
    ("exercice", "conjoint"): "exercices militaires",
    ("industrie", "de", "défense"): "industrie de défense",
    ("industriel", "de", "le", "défense"): "industrie de défense",
    ("production", "conjoint"): "industrie de défense",
}
# fmt: on
