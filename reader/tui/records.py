"""The agreements view's logic, without widgets: the filter typed above the table, the two sorts, the pair
timeline's counts.

The filter is words: each plain word (or "quoted words") must name a different party of the record (case,
accents and punctuation aside, any part of the name: `etats` finds États-Unis), so two words are a pair;
`kind:`, `topic:` and `date:` narrow further (`date:2020`, `date:2019..2021`, `date:2020-03..`, `date:..2018`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.enrich import Agreement
from reader.search.tables import Record
from reader.text.normalize import letters

_TOKEN = re.compile(r'(\w+):("[^"]*"?|\S*)|"([^"]*)"?|(\S+)')
FIELDS = ("kind", "topic", "date")
SORTS = ("date", "party")


class FilterError(ValueError):
    """A filter the view cannot read: the message says why, in one line."""


@dataclass(frozen=True)
class Filter:
    parties: tuple[str, ...] = ()  # letters() keys, one per party wanted
    names: tuple[str, ...] = ()  # the words as typed (for the timeline's title)
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    start: str = ""  # dates compared as ISO text: "2019" ≤ "2019-05-01" < "2019~"
    end: str = ""

    @property
    def pair(self) -> tuple[str, str] | None:
        return (self.names[0], self.names[1]) if len(self.names) == 2 else None

    def keeps(self, record: Record) -> bool:
        a = record.agreement
        if self.kinds and not any(letters(a.kind).startswith(k) for k in self.kinds):
            return False
        if self.topics and not all(any(t in letters(topic) for topic in a.topics) for t in self.topics):
            return False
        when = record.date or ""
        if self.start and (not when or when < self.start):
            return False
        if self.end and (not when or when[: len(self.end)] > self.end):
            return False
        return not self.parties or _names_each(self.parties, [letters(p) for p in a.parties])


def _names_each(wanted: Sequence[str], parties: list[str]) -> bool:
    """Each wanted key names a different party (a small matching: two to four parties)."""
    if len(wanted) > len(parties):
        return False
    if not wanted:
        return True
    first, rest = wanted[0], wanted[1:]
    return any(first in party and _names_each(rest, parties[:i] + parties[i + 1 :]) for i, party in enumerate(parties))


def parse(text: str) -> Filter:
    parties, names, kinds, topics = [], [], [], []
    start = end = ""
    for m in _TOKEN.finditer(text):
        name, value, quoted, word = m.groups()
        if name is not None and name.casefold() in FIELDS:
            value = value.strip('"')
            if not value:
                continue
            if name.casefold() == "kind":
                kinds.append(letters(value))
            elif name.casefold() == "topic":
                topics.append(letters(value))
            else:
                start, end = _dates(value)
            continue
        typed = quoted if quoted is not None else (m.group(0) if name is not None else word)
        if typed and letters(typed):
            parties.append(letters(typed))
            names.append(typed)
    return Filter(tuple(parties), tuple(names), tuple(kinds), tuple(topics), start, end)


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _dates(value: str) -> tuple[str, str]:
    low, dots, high = value.partition("..")
    if not dots:
        high = low
    for part in (low, high):
        if part and not _DATE.fullmatch(part):
            raise FilterError(f"date:{value}: write dates as 2020, 2020-03 or 2020-03-15, ranges as 2019..2021")
    return low, high


def apply(records: Iterable[Record], flt: Filter, docnums: set[int] | None = None) -> list[Record]:
    """The records the filter keeps (of these articles only, given `docnums`: a record counted once for its
    story is kept when any of its copies is one of them), in the order given."""
    if flt == Filter():
        return list(records) if docnums is None else [r for r in records if _reported_in(r, docnums)]
    return [r for r in records if (docnums is None or _reported_in(r, docnums)) and flt.keeps(r)]


def _reported_in(record: Record, docnums: set[int]) -> bool:
    return record.row.docnum in docnums or any(s.docnum in docnums for s in record.sources)


def sort(records: list[Record], by: str, descending: bool) -> list[Record]:
    """By date (undated last either way), or by parties A–Z (accents aside), newest first among equals."""
    if by == "party":
        out = sorted(records, key=lambda r: r.date or "", reverse=True)
        out.sort(key=lambda r: [letters(p) for p in r.parties], reverse=descending)
        return out
    dated = sorted((r for r in records if r.date), key=lambda r: r.date or "", reverse=descending)
    return dated + [r for r in records if not r.date]


def timeline(records: Iterable[Record], by_month: bool) -> list[tuple[str, int]]:
    """Records per year (or month) from the first to the last, the periods without any included."""
    counts = Counter((r.date[:7] if by_month else r.date[:4]) for r in records if r.date)
    if not counts:
        return []
    first, last = min(counts), max(counts)
    periods = []
    if by_month:
        year, month = int(first[:4]), int(first[5:7])
        while f"{year:04d}-{month:02d}" <= last:
            periods.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        periods = [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    return [(p, counts.get(p, 0)) for p in periods]


_AGREEMENT_FIELD = re.compile(r'(?<![\w"])(agreement|party|accord|kind|topic):("[^"]*"?|[^\s()]+)', re.IGNORECASE)


def agreement_spans(agreements: Sequence[Agreement], query: str) -> list[tuple[int, int]] | None:
    """After a search on agreements (`agreement:Japon`, `party:`, `kind:`, `topic:`), the spans of the
    article's agreement sentences it names (every one, if it names none of them); None after another search."""
    fields = [(name.casefold(), letters(value.strip('"'))) for name, value in _AGREEMENT_FIELD.findall(query)]
    if not fields:
        return None

    def names(agreement: Agreement, name: str, value: str) -> bool:
        if name == "kind":
            return value in letters(agreement.kind)
        values = agreement.topics if name == "topic" else agreement.parties
        return any(value in letters(v) for v in values)

    chosen = [a for a in agreements if all(names(a, name, value) for name, value in fields)] or list(agreements)
    return sorted({(a.start, a.end) for a in chosen})
