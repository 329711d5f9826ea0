"""The Whoosh schema: French-aware text fields, and name fields for actors and agreements."""

from __future__ import annotations

from whoosh import fields
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    StripFilter,
)
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 1

# Stemming runs on the accented word (the French stemmer expects accents), folding after it, so that
# "États-Unis" and "Etats-Unis", "Taïwan" and "Taiwan", "accords" and "accord" meet.
_STOPS = frozenset(stopwords_for_language("fr")) | {"l", "d", "qu", "s", "n", "c", "j", "m", "t", "a", "y"}


def text_analyzer():
    return (RegexTokenizer(r"\w+(?:\.?\w+)*") | LowercaseFilter() | StopFilter(stoplist=_STOPS, minsize=1)
            | StemFilter(lang="fr", cachesize=100_000) | CharsetFilter(accent_map))


def name_analyzer():
    """Comma-separated names; each is one token, case and accents folded: `actor:"Keir Starmer"`."""
    return RegexTokenizer(r"[^,]+") | StripFilter() | LowercaseFilter() | CharsetFilter(accent_map)


def get_schema() -> fields.Schema:
    names = dict(analyzer=name_analyzer(), phrase=False)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(stored=True, sortable=True),
        title=fields.TEXT(stored=True, analyzer=text_analyzer(), field_boost=2.0, multitoken_query="phrase",
                          spelling=True),
        body=fields.TEXT(stored=True, analyzer=text_analyzer(), multitoken_query="phrase", spelling=True),
        date=fields.DATETIME(stored=True, sortable=True),
        language=fields.ID(stored=True),
        actor=fields.TEXT(**names),
        person=fields.TEXT(**names),
        place=fields.TEXT(**names),
        org=fields.TEXT(**names),
        agreement=fields.TEXT(**names),
        topic=fields.TEXT(**names),
        kind=fields.KEYWORD(lowercase=True, commas=True),
        # exact canonical names, for facet counts (terms are read with their document frequency)
        facet_person=fields.KEYWORD(commas=True),
        facet_place=fields.KEYWORD(commas=True),
        facet_organisation=fields.KEYWORD(commas=True),
        facet_party=fields.KEYWORD(commas=True),
        enriched=fields.ID(stored=True),  # the extraction version the actors and agreements come from
        top_actors=fields.STORED(),
        enrichment=fields.STORED(),  # JSON: actors with spans, agreements
        mtime_ns=fields.STORED(),
        size=fields.STORED(),
    )
