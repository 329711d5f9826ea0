"""Small French tables used by actor and agreement extraction: countries, capitals, demonyms,
organisations, role titles, stop words that the NER model takes for names, and topic keywords.

These are tables of the language and of world geography, not per-article fixes."""

from __future__ import annotations

import functools

from reader.text.normalize import fold  # the one fold of the reader: names compared as search compares them

# fmt: off
# Country names (canonical French form, no article).
COUNTRIES = {
    "Afghanistan", "Afrique du Sud", "Algérie", "Allemagne", "Arabie saoudite", "Argentine", "Arménie",
    "Australie", "Autriche", "Azerbaïdjan", "Belgique", "Biélorussie", "Brésil", "Bulgarie", "Cambodge",
    "Canada", "Chili", "Chine", "Colombie", "Corée du Nord", "Corée du Sud", "Croatie", "Cuba", "Danemark",
    "Égypte", "Émirats arabes unis", "Espagne", "Estonie", "États-Unis", "Éthiopie", "Finlande", "France",
    "Géorgie", "Grèce", "Hongrie", "Inde", "Indonésie", "Irak", "Iran", "Irlande", "Islande", "Israël",
    "Italie", "Japon", "Jordanie", "Kazakhstan", "Kenya", "Koweït", "Lettonie", "Liban", "Libye",
    "Lituanie", "Luxembourg", "Malaisie", "Mali", "Maroc", "Mexique", "Moldavie", "Mongolie", "Birmanie",
    "Nigeria", "Norvège", "Nouvelle-Zélande", "Pakistan", "Pays-Bas", "Pérou", "Philippines", "Pologne",
    "Portugal", "Qatar", "Roumanie", "Royaume-Uni", "Russie", "Sénégal", "Serbie", "Singapour",
    "Slovaquie", "Slovénie", "Suède", "Suisse", "Syrie", "Taïwan", "Thaïlande", "Tunisie", "Turquie",
    "Ukraine", "Venezuela", "Vietnam", "Groenland", "Palestine", "Soudan", "Niger", "Tchad",
}
# Other names that are places for sure (regions, continents); the NER label can be MISC or wrong.
REGIONS = {
    "Europe", "Asie", "Afrique", "Amérique", "Océanie", "Moyen-Orient", "Proche-Orient", "Indo-Pacifique",
    "Asie-Pacifique", "Pacifique", "Atlantique", "Arctique", "Antarctique", "Balkans", "Caucase", "Sahel",
    "Maghreb", "Okinawa", "Hokkaido", "Crimée", "Donbass", "Gaza", "Cisjordanie", "Hong Kong", "Tibet",
    "Xinjiang", "Bruxelles",
}
# Capitals and seats of government that stand for their country as agreement parties.
CAPITALS = {
    "Tokyo": "Japon", "Washington": "États-Unis", "Londres": "Royaume-Uni", "Pékin": "Chine",
    "Beijing": "Chine", "Moscou": "Russie", "Séoul": "Corée du Sud", "Pyongyang": "Corée du Nord",
    "Paris": "France", "Berlin": "Allemagne", "Kiev": "Ukraine", "Kyiv": "Ukraine", "Rome": "Italie",
    "Madrid": "Espagne", "Ottawa": "Canada", "Canberra": "Australie", "New Delhi": "Inde", "Delhi": "Inde",
    "Taipei": "Taïwan", "Manille": "Philippines", "Hanoï": "Vietnam", "Jakarta": "Indonésie",
    "Ankara": "Turquie", "Téhéran": "Iran", "Varsovie": "Pologne", "Helsinki": "Finlande",
    "Stockholm": "Suède", "Oslo": "Norvège", "Brasilia": "Brésil", "Mexico": "Mexique",
    "Riyad": "Arabie saoudite", "Le Caire": "Égypte", "Jérusalem": "Israël", "Canberra ": "Australie",
    "Downing Street": "Royaume-Uni", "Maison Blanche": "États-Unis", "Maison-Blanche": "États-Unis",
    "Kremlin": "Russie", "Élysée": "France", "Matignon": "France", "Quai d'Orsay": "France",
    "Pentagone": "États-Unis", "Kantei": "Japon", "Zhongnanhai": "Chine",
}
ORGANISATIONS = {
    "OTAN", "ONU", "UE", "Union européenne", "APEC", "ASEAN", "G7", "G20", "FMI", "OMC", "AIEA", "OMS",
    "BCE", "Banque mondiale", "Commission européenne", "Conseil de sécurité", "Quad", "AUKUS", "OCS",
    "BRICS", "Union africaine", "OCDE", "Parlement européen", "Conseil européen", "Interpol", "Unesco",
}
# Demonyms (masculine singular) → country. Feminine and plural forms are derived in demonym().
DEMONYMS = {
    "britannique": "Royaume-Uni", "anglais": "Royaume-Uni", "japonais": "Japon", "nippon": "Japon",
    "américain": "États-Unis", "étasunien": "États-Unis", "chinois": "Chine", "russe": "Russie",
    "français": "France", "allemand": "Allemagne", "italien": "Italie", "espagnol": "Espagne",
    "canadien": "Canada", "australien": "Australie", "indien": "Inde", "coréen": "Corée du Sud",
    "sud-coréen": "Corée du Sud", "nord-coréen": "Corée du Nord", "ukrainien": "Ukraine",
    "taïwanais": "Taïwan", "philippin": "Philippines", "vietnamien": "Vietnam", "indonésien": "Indonésie",
    "finlandais": "Finlande", "suédois": "Suède", "norvégien": "Norvège", "polonais": "Pologne",
    "turc": "Turquie", "iranien": "Iran", "israélien": "Israël", "brésilien": "Brésil",
    "mexicain": "Mexique", "néo-zélandais": "Nouvelle-Zélande", "thaïlandais": "Thaïlande",
    "malaisien": "Malaisie", "péruvien": "Pérou", "saoudien": "Arabie saoudite", "égyptien": "Égypte",
    "belge": "Belgique", "suisse": "Suisse", "néerlandais": "Pays-Bas", "grec": "Grèce",
    "portugais": "Portugal", "singapourien": "Singapour", "mongol": "Mongolie", "pakistanais": "Pakistan",
}
# First halves of compound adjectives: "nippo-américaine", "sino-russe", "anglo-japonais".
PREFIXES = {
    "nippo": "Japon", "sino": "Chine", "américano": "États-Unis", "anglo": "Royaume-Uni",
    "franco": "France", "germano": "Allemagne", "russo": "Russie", "italo": "Italie", "hispano": "Espagne",
    "indo": "Inde", "turco": "Turquie", "israélo": "Israël", "nord-coréano": "Corée du Nord",
    "australo": "Australie", "canado": "Canada", "coréano": "Corée du Sud",
}

# Words that open a role title ("Premier ministre britannique", "Le chef de l'OTAN"): not actors.
TITLES = {
    "premier", "première", "ministre", "ministres", "président", "présidente", "chef", "cheffe",
    "secrétaire", "directeur", "directrice", "porte-parole", "roi", "reine", "prince", "princesse",
    "général", "générale", "amiral", "sénateur", "sénatrice", "député", "députée", "ambassadeur",
    "ambassadrice", "chancelier", "chancelière", "maire", "gouverneur", "vice-président",
    "vice-présidente", "homologue", "dirigeant", "dirigeante", "dirigeants", "commissaire", "pape",
    "ministère", "m.", "mme", "monsieur", "madame", "sa", "son", "ses",
}
# Capitalised institution words that the model takes for places or organisations inside role titles
# ("ministre de la Défense", "secrétaire d'État", "Affaires étrangères").
INSTITUTION_WORDS = {
    "état", "etat", "défense", "defense", "affaires", "étrangères", "intérieur", "économie", "finances",
    "justice", "guerre", "gouvernement", "alliance", "armées", "santé", "travail", "commerce", "culture",
    "éducation", "agriculture", "environnement", "transports", "budget", "premier", "première",
}
DETERMINERS = {
    "le", "la", "les", "l'", "l’", "un", "une", "des", "du", "de", "d'", "d’", "au", "aux", "cet", "cette",
    "ce", "ces", "qu'", "qu’", "s'", "s’", "à", "en",
}
DAYS_MONTHS = {
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "février",
    "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
}


# names the model tags as actors that are none: diseases, mostly
NOT_ACTORS = {"covid-19", "covid", "covid19", "coronavirus", "sars-cov-2", "sras", "ebola", "sida", "vih", "h1n1",
              "grippe", "zika"}


# press agencies: actors when they act, not when they are the source ("a déclaré à l'AFP", "selon Reuters")
PRESS_AGENCIES = {"afp", "reuters", "ap", "associated press", "belga", "ats", "keystone-ats", "ansa", "efe", "dpa",
                  "kyodo", "xinhua", "tass", "ria novosti", "interfax", "bloomberg"}
SOURCE_WORDS = {"à", "selon", "par", "auprès", "de", "d'", "pour", "sur", "(", "avec"}
# fmt: on


_COUNTRY_BY_FOLD = {fold(c): c for c in COUNTRIES}
_CAPITAL_BY_FOLD = {fold(k.strip()): v for k, v in CAPITALS.items()}
_REGION_BY_FOLD = {fold(c): c for c in REGIONS}
_ORG_BY_FOLD = {fold(c): c for c in ORGANISATIONS}
_DEMONYM_BY_FOLD = {fold(k): v for k, v in DEMONYMS.items()}
_PREFIX_BY_FOLD = {fold(k): v for k, v in PREFIXES.items()}
KNOWN_PLACES = {**_COUNTRY_BY_FOLD, **_REGION_BY_FOLD, **{fold(k.strip()): k.strip() for k in CAPITALS}}


def known_kind(name: str) -> str | None:
    key = fold(name)
    if key in _ORG_BY_FOLD:
        return "organisation"
    if key in KNOWN_PLACES:
        return "place"
    return None


def known_name(name: str) -> str | None:
    """The table's spelling of a known country, capital, region or organisation."""
    key = fold(name)
    return _ORG_BY_FOLD.get(key) or KNOWN_PLACES.get(key)


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
