"""A user's query to a Whoosh query: cleaning, checks the user is better told about than guessed at, dates
Whoosh would misread, and the choice between all words (short queries) and any word (pasted sentences)."""

from __future__ import annotations

import difflib
import re

from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.qparser.dateparse import DateParserPlugin

from reader.errors import QueryError
from reader.text.normalize import clean_inline

TEXT_FIELDS = ("title", "body")
LONG_QUERY_WORDS = 7  # past this, a plain query is treated as natural language (any word may match)
ALIASES = {"org": ["organisation", "organization"], "agreement": ["party", "accord"], "actor": ["acteur"]}
_BOOLEAN = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_WILDCARD = re.compile(r"\w[*?]|[*?]\w")
_QUESTION = re.compile(r"(?<=\w)\?(?=[\s\"»)]|$)|(?<!\S)\?(?!\S)")  # a question mark ending a word: punctuation
_SYNTAX = re.compile(r"[()\[\]{}+^~!]")
# the fields a user may name (README, "Search syntax"); a word before ":" that is none of them is text
USER_FIELDS = (
    "title",
    "body",
    "date",
    "actor",
    "person",
    "place",
    "org",
    "topic",
    "kind",
    "language",
    "agreement",
    "source",
    *(alias for aliases in ALIASES.values() for alias in aliases),
)
MAX_DEPTH = 32  # parentheses deeper than this are no query a person writes (Whoosh recurses per level)
_FIELD = re.compile(r"(?<![\w\"])(\w+):")
_OPERATOR_WORDS = r"(?:AND|OR|NOT|ANDNOT|ANDMAYBE)"
_REPEATED = re.compile(rf"\b({_OPERATOR_WORDS})(?:\s+\1\b)+")
_DANGLING_END = re.compile(rf"(?:(?:^|\s+){_OPERATOR_WORDS})+\s*$")
_DANGLING_START = re.compile(r"^\s*(?:(?:AND|OR|ANDNOT|ANDMAYBE)\s+)+")
_COMPARISON = re.compile(r"(?<![:<>=])[<>]+")  # < or > not right after a field: text
_DATE_VALUE = re.compile(r"^(?:\[[^\]]*\]|\{[^}]*\}|[<>]=?\d{4}(?:-?\d{2}){0,2}|\d{4}(?:-?\d{2}){0,2})$")
_TYPING = re.compile(r"(?<![\w*?:\"\]\)])\w{2,}$")  # a word being typed at the end: it becomes a prefix
_TYPED = re.compile(r"(\w+)\*$")


class Parsed:
    """A parsed query and what was learnt on the way."""

    def __init__(self, q: query.Query, natural: bool, typed: str, words: str = "") -> None:
        self.query = q
        self.natural = natural  # read as natural language: any word may match
        self.typed = typed  # the word being typed, unstemmed ("" unless live)
        self.words = words  # plain words, in order, when the query has no operator (ranking boosts), else ""


class Parser:
    """Whoosh parsers for one schema, built once: all words, or any word (natural language)."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._parsers: dict[bool, qparser.QueryParser] = {}

    def _parser(self, natural: bool) -> qparser.QueryParser:
        if natural not in self._parsers:
            group = qparser.OrGroup.factory(0.9) if natural else qparser.AndGroup
            p = qparser.MultifieldParser(list(TEXT_FIELDS), self.schema, group=group)
            p.add_plugin(DateParserPlugin(free=False, callback=_bad_date))
            p.add_plugin(qparser.FieldAliasPlugin(ALIASES))
            p.add_plugin(qparser.GtLtPlugin())
            self._parsers[natural] = p
        return self._parsers[natural]

    def parse(self, text: str, live: bool = False) -> Parsed:
        """Parse a user query; raises QueryError. `live` treats the last word as a prefix (typing)."""
        text = clean_inline(text)
        if not text:
            raise QueryError("empty query")
        tidy = _tidy(text)
        if not tidy:
            raise QueryError(f"nothing to search for in {_quoted(text)}")
        text = tidy
        natural = _is_natural(text)
        plain = not _has_operator(text)
        if natural or (plain and _is_paste(text)):
            text = _as_words(text)
        elif live and _TYPING.search(text) and not text.endswith('"'):
            text += "*"
        _check_balanced(text)
        _check_dates(text)
        # Whoosh reads date:2025-04-09 as a date only inside a range; compact it so it parses alone too.
        text = _compact_dates(text)
        words = re.findall(r"\w+", text)
        try:
            q = self._parser(natural).parse(text)
        except QueryError:
            raise
        except Exception as exc:  # the parser raises on some malformed input
            raise QueryError(f"cannot parse query: {exc}") from exc
        if q is query.NullQuery and not (live and words):  # (while typing, "l" or "le " is no mistake yet)
            if not words:
                raise QueryError(f"nothing to search for in {_quoted(text)}")
            raise QueryError(
                f"every word of {_quoted(text)} is too common to be indexed (le, la, de…): add a rarer one"
            )
        typed = _TYPED.search(text) if live else None
        if plain and '"' not in text:
            plain_words = words[:-1] if typed else words
        else:
            plain_words = []
        return Parsed(q, natural, typed.group(1) if typed else "", " ".join(plain_words))

    def name(self, fieldname: str, value: str) -> query.Query:
        """One name in a name field (`actor`, `agreement`…), as the field's analyzer reads it: no query text
        is spliced, so a name with quotes or operators stays a name."""
        terms = [t.text for t in self.schema[fieldname].analyzer(value.replace(",", " "))]
        if not terms:
            return query.NullQuery
        return (
            query.Term(fieldname, terms[0]) if len(terms) == 1 else query.And([query.Term(fieldname, t) for t in terms])
        )


def within(q: query.Query, condition: query.Query) -> query.Query:
    """q restricted to the articles matching condition, flat (so a date range beside words is still seen
    by the date filter)."""
    if isinstance(q, query.And):
        return query.And([condition, *q.subqueries], boost=q.boost)
    return query.And([condition, q])


def query_terms(q: query.Query) -> frozenset[str]:
    """The text-field terms a query looks for (phrases included): what the article pane highlights."""
    terms = set()
    for fieldname, value in q.iter_all_terms(phrases=True):
        if fieldname in TEXT_FIELDS:
            terms.add(value.decode("utf-8") if isinstance(value, bytes) else str(value))
    return frozenset(terms)


_DATE_CLAUSE = re.compile(r"\bdate:(?:\[[^\]]*\]|\{[^}]*\}|[<>]=?\S+|\S+)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def _compact_dates(text: str) -> str:
    """Whoosh's date parser reads 2025-06-01 as the year 2025 alone (inside ranges and after > or < too):
    in date clauses, ISO dates become 20250601, which it reads to the day."""
    return _DATE_CLAUSE.sub(lambda m: _ISO_DATE.sub(lambda d: "".join(g or "" for g in d.groups()), m.group()), text)


def _bad_date(message: str) -> None:
    raise QueryError(
        f"not a date: {message} (dates look like 2025, 2025-04 or 2025-04-09; ranges: date:[2025 to 2026])"
    )


def _quoted(text: str, most: int = 60) -> str:
    return repr(text if len(text) <= most else text[: most - 1] + "…")


def _tidy(text: str) -> str:
    """What Whoosh would misread or fail on, made plain text: `word:` where the word is no field of ours,
    `<` and `>` outside a field, operators repeated or left dangling ("japon OR"). A field name a letter
    or two off ("persn:") is an error that names the fields."""

    def field(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.lower() in USER_FIELDS:
            return name.lower() + ":"  # ("Source:" as typed at the start of a line)
        close = difflib.get_close_matches(name, USER_FIELDS, n=1, cutoff=0.75)
        if close:
            raise QueryError(f"no field {name}: did you mean {close[0]}:? (fields: {', '.join(USER_FIELDS)})")
        return name + " "

    text = _FIELD.sub(field, text)
    text = _COMPARISON.sub(" ", text)
    text = _QUESTION.sub(" ", text)
    text = _REPEATED.sub(r"\1", text)
    text = _DANGLING_END.sub("", _DANGLING_START.sub("", text))
    return text.strip()


def _has_operator(text: str) -> bool:
    """An operator a person types on purpose: AND OR NOT, a field of ours, a wildcard inside a word."""
    if _BOOLEAN.search(text) or _WILDCARD.search(text):
        return True
    return any(m.group(1) in USER_FIELDS for m in _FIELD.finditer(text))


def _is_natural(text: str) -> bool:
    """Read as natural language (any word may match, the most matching first): seven words or more with no
    operator typed on purpose. Quotes, parentheses and colons of a pasted sentence are its punctuation."""
    return len(re.findall(r"\w+", text)) >= LONG_QUERY_WORDS and not _has_operator(text)


def _is_paste(text: str) -> bool:
    """A piece of text copied from somewhere: three words or more whose quotes or brackets do not pair up
    (`Novartis explique avoir pris "la décision`); its punctuation is text, its words all required."""
    if len(re.findall(r"\w+", text)) < 3:
        return False
    try:
        _check_balanced(text)
    except QueryError:
        return True
    return False


def _as_words(text: str) -> str:
    """A pasted sentence as words and phrases: brackets and other syntax go, quotes stay only when they
    pair up (a paste often cuts a quotation in two)."""
    text = _SYNTAX.sub(" ", text)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    return " ".join(text.split())


def _check_dates(text: str) -> None:
    for m in _DATE_CLAUSE.finditer(text):
        if not _DATE_VALUE.match(m.group()[len("date:") :]):
            _bad_date(m.group())


def _check_balanced(text: str) -> None:
    """Whoosh's parser forgives unbalanced syntax by guessing; the user is better served by being told."""
    if text.count('"') % 2:
        raise QueryError('a quote " is not closed')
    outside = re.sub(r'"[^"]*"', "", text)
    for opening, closing, name in (("(", ")", "parenthesis"), ("[", "]", "bracket"), ("{", "}", "brace")):
        depth = 0
        for ch in outside:
            depth += (ch == opening) - (ch == closing)
            if depth < 0:
                raise QueryError(f"a closing {name} {closing} has no opening {opening}")
            if depth > MAX_DEPTH:
                raise QueryError(f"more than {MAX_DEPTH} levels of {opening} {closing}: too deep to search")
        if depth:
            raise QueryError(f"a {name} {opening} is not closed")
