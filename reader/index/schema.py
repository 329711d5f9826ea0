"""The Whoosh schema: French-aware text fields, and name fields for actors and agreements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import fields
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    CompositeAnalyzer,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    StripFilter,
    Token,
)
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

from reader.text.normalize import WORD

# 7: stories assigned on the lead's long words and names and the body's shingles, within a day (reader.stories)
# 6: `source` (the outlet, searchable by its words and its URL's host) and `url` (reader.ingest.sources)
# 5: `story`, the story of each article (reader.stories)
# 4: `exact`, the words unstemmed; 3: more stop words; 2: title-only spelling, edge n-grams of title words
SCHEMA_VERSION = 8  # 8: stories scored on weighed similarities with the title words (reader.stories)

# Stemming runs on the accented word (the French stemmer expects accents), folding after it, so that
# "États-Unis" and "Etats-Unis", "Taïwan" and "Taiwan", "accords" and "accord" meet.
_STOPS = frozenset(stopwords_for_language("fr")) | {
    "l",
    "d",
    "qu",
    "s",
    "n",
    "c",
    "j",
    "m",
    "t",
    "a",
    "y",
    # missing from Whoosh's list; "les" is in 95% of articles
    "les",
    "il",
    "ils",
    "ou",
    "si",
    "cet",
    "cette",
    "ces",
}

# fields whose text is others' joined by a newline (documents.py): `exact` is the title and the body
JOINED = {"exact": ("title", "body")}

PREFIX_MAX = 10  # typed prefixes up to this length are one term of `title_prefix`; longer ones expand


_STOPPED = object()
KEPT_WORDS = 2_000_000  # words whose terms `WordByWord` keeps (the vocabulary of 200,000 articles: ~1 M)


class WordByWord(Analyzer):
    """A chain of a word tokenizer and filters that each take one token and give it back or drop it (case,
    stop words, stemming, accents), run at index time as one loop over the text's words, each distinct
    word's term kept: the tokens are those of the chain, positions included (Whoosh's StopFilter numbers the
    words kept from the first one on), at about a third of the cost (Whoosh chains five generators a token).
    Anything but indexing (queries, spelling, character offsets) runs the chain itself."""

    def __init__(self, chain: CompositeAnalyzer) -> None:
        self.chain = chain
        tokenizer = chain.items[0]
        assert isinstance(tokenizer, RegexTokenizer) and not tokenizer.gaps
        self._words = tokenizer.expression.finditer
        self._filters = chain.items[1:]
        self._terms: dict[str, object] = {}

    def __getstate__(self) -> dict[str, Any]:  # (the schema is pickled into the index: not the words seen)
        return {"chain": self.chain}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["chain"])  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordByWord) and self.chain == other.chain

    def __repr__(self) -> str:
        return f"WordByWord({self.chain!r})"

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        if mode != "index" or chars or keeporiginal or not removestops or not tokenize or kwargs.get("no_morph"):
            return self.chain(
                value,
                positions=positions,
                chars=chars,
                keeporiginal=keeporiginal,
                removestops=removestops,
                start_pos=start_pos,
                start_char=start_char,
                tokenize=tokenize,
                mode=mode,
                **kwargs,
            )
        return self._indexed(value, positions, start_pos, mode, kwargs)

    def _indexed(self, value: str, positions: bool, start_pos: int, mode: str, kwargs: dict) -> Iterator[Token]:
        t = Token(positions, False, removestops=True, mode=mode, **kwargs)
        terms = self._terms
        pos = None
        for i, match in enumerate(self._words(value)):
            word = match.group(0)
            term = terms.get(word)
            if term is None:
                term = self._term(word, mode)
            if term is _STOPPED:
                continue
            t.text = term
            t.boost = 1.0
            t.stopped = False
            if positions:
                pos = start_pos + i if pos is None else pos + 1
                t.pos = pos
            yield t

    def _term(self, word: str, mode: str) -> object:
        """The word through the chain's filters, alone (each filter reads one token at a time)."""
        t = Token(False, False, removestops=True, mode=mode)
        t.text = word
        t.boost = 1.0
        t.stopped = False
        stream: Iterator[Token] = iter((t,))
        for f in self._filters:
            stream = f(stream)
        out = [tok.text for tok in stream]
        term = out[0] if len(out) == 1 else _STOPPED
        if len(self._terms) >= KEPT_WORDS:
            self._terms.clear()
        self._terms[word] = term
        return term


def text_analyzer():
    # cachesize=-1: a plain dict of the vocabulary; Whoosh's bounded LFU cache sorts itself when full
    return WordByWord(
        RegexTokenizer(WORD)
        | LowercaseFilter()
        | StopFilter(stoplist=_STOPS, minsize=1)
        | StemFilter(lang="fr", cachesize=-1)
        | CharsetFilter(accent_map)
    )


def exact_analyzer():
    """The words as written, case and accents folded but not stemmed: "accord" ranks above "accordée"."""
    return WordByWord(
        RegexTokenizer(WORD) | LowercaseFilter() | StopFilter(stoplist=_STOPS, minsize=1) | CharsetFilter(accent_map)
    )


def prefix_analyzer():
    """Edge n-grams of each title word, case and accents folded: "Macron" → m, ma, mac, … macron."""
    return RegexTokenizer(WORD) | LowercaseFilter() | CharsetFilter(accent_map) | NgramFilter(1, PREFIX_MAX, at="start")


def fold_prefix(text: str) -> str:
    """A typed prefix as `title_prefix` stores it."""
    folding = RegexTokenizer(WORD) | LowercaseFilter() | CharsetFilter(accent_map)
    return "".join(t.text for t in folding(text))


def fold_word(word: str) -> str:
    """Case and accents folded as the analyzers fold them (before stemming): a word's first letters can be
    compared with a term's without running the analyzer."""
    return word.lower().translate(accent_map)


def name_analyzer():
    """Comma-separated names; each is one token, case and accents folded: `actor:"Keir Starmer"`."""
    return RegexTokenizer(r"[^,]+") | StripFilter() | LowercaseFilter() | CharsetFilter(accent_map)


def get_schema() -> fields.Schema:
    names = dict(analyzer=name_analyzer(), phrase=False)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(stored=True, sortable=True),
        # did-you-mean draws on the titles' words: a spelling field for the bodies doubled the postings
        # written at index time (every distinct word of every article, once more, unstemmed)
        title=fields.TEXT(
            stored=True, analyzer=text_analyzer(), field_boost=2.0, multitoken_query="phrase", spelling=True
        ),
        body=fields.TEXT(stored=True, analyzer=text_analyzer(), multitoken_query="phrase"),
        # title and body unstemmed, no positions: words as typed rank above words that share only their stem
        exact=fields.TEXT(analyzer=exact_analyzer(), phrase=False),
        # what the search bar looks up while a word is being typed: one term, not an expansion
        title_prefix=fields.TEXT(analyzer=prefix_analyzer(), phrase=False, field_boost=2.0),
        date=fields.DATETIME(stored=True, sortable=True),
        language=fields.ID(stored=True),
        # the story (near-copies of one news item) the article belongs to: reader.stories; a column, so that
        # counting once per story reads no stored article
        story=fields.ID(stored=True, sortable=True),
        # where the article comes from (reader.ingest.sources): `source` indexes the outlet's names and its
        # URL's host (`source:monde`, `source:lemonde.fr`) and stores the outlet as written (`_stored_source`)
        source=fields.TEXT(stored=True, **names),
        url=fields.STORED(),
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
