"""Whole columns read once per open index: the browsing order (newest first: saved beside the index when it
was built, `reader.index.order`) and the dates sorted for range filters. Reading a column whole is one pass;
a lookup per comparison cost more than the sort."""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

from whoosh import query
from whoosh.reading import IndexReader

from reader.index import order
from reader.index.order import MISSING, Order, column

__all__ = ["MISSING", "Columns", "Order", "column"]


class Columns:
    def __init__(self, reader: IndexReader, ixdir: Path | None = None) -> None:
        self.reader = reader
        self.ixdir = ixdir  # where the browsing order of the index's generations is saved
        self._by_date: Order | None = None
        self._unsaved = False  # no browsing order was saved for this generation
        self._ranks: dict[int, int] | None = None
        self._dates: tuple[list[int], list[int]] | None = None

    def _live(self, count: int) -> Any:
        r = self.reader
        return list(r.all_doc_ids()) if r.has_deletions() else range(count)

    def browse(self) -> Order:
        """Every live document, newest first (undated last, by path so the order is stable); its `stories`:
        the story of each document that has copies among them. Read from beside the index when saved for
        this generation, else worked out (`reader.index.order`)."""
        if self._by_date is None:
            self._by_date = order.browse(self.reader, self.ixdir)
        return self._by_date

    def shared_stories(self) -> dict[int, str] | None:
        """The story of each document whose story has other live documents (any other is a story of its
        own), when the browsing order is at hand: held, or saved for this generation. None rather than work
        the order out (seconds at 200,000 articles)."""
        if self._by_date is None and self.ixdir is not None and not self._unsaved:
            self._by_date = order.read(self.ixdir, self.reader)
            self._unsaved = self._by_date is None  # (not read again at every key)
        return self._by_date.stories if self._by_date is not None else None

    def ranks(self) -> dict[int, int]:
        """Each live document's place in `browse()`."""
        if self._ranks is None:
            self._ranks = {n: i for i, n in enumerate(self.browse())}
        return self._ranks

    def date_filter(self, q: query.Query) -> tuple[query.Query, set[int] | None]:
        """`date:[2019 to 2020] grève`: the date range becomes a set of documents read from the date column
        (sorted once per searcher), not a union of Whoosh's numeric range terms (300 ms on 30,000 articles).
        Same documents; dates never scored anyway (ranges are constant-score)."""
        if not isinstance(q, query.And):
            return q, None
        ranges = [c for c in q.subqueries if isinstance(c, query.NumericRange) and c.fieldname == "date"]
        rest = [c for c in q.subqueries if not any(c is r for r in ranges)]
        if not ranges or not rest:
            return q, None
        values, docnums = self._sorted_dates()
        allowed: set[int] | None = None
        for node in ranges:
            lo = (
                0
                if node.start is None
                else (bisect.bisect_right if node.startexcl else bisect.bisect_left)(values, node.start)
            )
            hi = (
                bisect.bisect_left(values, MISSING)
                if node.end is None
                else (bisect.bisect_left if node.endexcl else bisect.bisect_right)(values, node.end)
            )
            found = set(docnums[lo:hi])
            allowed = found if allowed is None else allowed & found
        return (rest[0] if len(rest) == 1 else query.And(rest, boost=q.boost)), allowed

    def _sorted_dates(self) -> tuple[list[int], list[int]]:
        if self._dates is None:
            import numpy as np  # (a date range's first search only)

            values = np.array(column(self.reader, "date", translate=False), dtype=np.uint64)
            live = np.fromiter(self._live(len(values)), dtype=np.int64)
            docnums = live[np.argsort(values[live], kind="stable")]  # (ties by document number)
            self._dates = (values[docnums].tolist(), docnums.tolist())
        return self._dates
