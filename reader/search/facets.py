"""Counting the actors of a set of articles, a story once, in arrays: what the actor picker lists.

The workspace's actors (every article's actor numbers) are laid out once, when the workspace is read in the
background, as flat numpy arrays (for each article, where its actors start and end in one array of actor
numbers); counting the actors of 34,000 articles is then a gather and a `bincount` (milliseconds), where a
Python Counter over the same 400,000 mentions took hundreds. The copies of one story count once: the
articles of a story that has copies are counted by distinct (story, actor) pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]


class Counted:
    """Actors counted over some articles: their numbers, most named first (ties by name, A–Z), and how many
    stories (or articles) name each."""

    def __init__(self, numbers: Ints, counts: Ints, kinds: npt.NDArray[np.int8]) -> None:
        self.numbers = numbers
        self.counts = counts
        self.kinds = kinds  # the kind (an index into the kinds counted) of each of `numbers`
        self._pairs: list[tuple[int, int]] | None = None

    def __len__(self) -> int:
        return len(self.numbers)

    def pairs(self) -> list[tuple[int, int]]:
        """(actor number, count), most named first."""
        if self._pairs is None:
            self._pairs = list(zip(self.numbers.tolist(), self.counts.tolist(), strict=True))
        return self._pairs

    def without(self, numbers: Sequence[int]) -> Counted:
        """The same, these actors left out."""
        import numpy as np

        if not numbers:
            return self
        keep = ~np.isin(self.numbers, np.asarray(numbers, dtype=np.int64))
        return Counted(self.numbers[keep], self.counts[keep], self.kinds[keep])

    def top(self, kind: int, size: int) -> tuple[list[tuple[int, int]], int]:
        """The `size` most named actors of one kind, and how many actors of that kind were counted."""
        import numpy as np

        where = np.flatnonzero(self.kinds == kind)
        first = where[:size]
        return list(zip(self.numbers[first].tolist(), self.counts[first].tolist(), strict=True)), len(where)


class ActorCounter:
    """Every article's actors as arrays, for counting them over any set of articles (`count`)."""

    def __init__(
        self,
        actors: Sequence[tuple[int, ...]],
        names: Sequence[tuple[str, str, str]],
        stories: Sequence[str],
        kinds: Sequence[str],
    ) -> None:
        import numpy as np

        self.size = len(actors)
        self.starts, self.actors = _csr(actors)
        self.n_actors = max(len(names), 1)
        codes = {kind: i for i, kind in enumerate(kinds)}
        self.kind_of = np.fromiter((codes.get(kind, -1) for _, kind, _ in names), dtype=np.int8, count=len(names))
        # ties are listed by name (folded), A–Z: each actor's place in that order
        by_name = sorted(range(len(names)), key=lambda n: (names[n][2], names[n][0]))
        self.name_rank = np.empty(len(names), dtype=np.int64)
        self.name_rank[by_name] = np.arange(len(names), dtype=np.int64)
        # Each article's story as a number (-1: an article alone), the number of articles of each story, and
        # the actors of each story of several articles (its copies), each actor once.
        numbers: dict[str, int] = {}
        story = [numbers.setdefault(s, len(numbers)) if s else -1 for s in stories]
        story += [-1] * (self.size - len(story))
        self.story = np.asarray(story[: self.size], dtype=np.int64)
        self.story_size = np.bincount(self.story[self.story >= 0], minlength=len(numbers))
        in_story = np.flatnonzero(self.story >= 0)
        self.story[in_story[self.story_size[self.story[in_story]] < 2]] = -1  # (a story of one article: alone)
        shared = np.flatnonzero(self.story >= 0)
        self.story_starts, self.story_actors = self._union(shared, len(numbers))

    def _gather(self, docnums: Ints, starts: Ints | None = None) -> Ints:
        """The positions in the actor array of these articles' actors (of these stories', with the story
        arrays' `starts`), one after the other."""
        import numpy as np

        starts = self.starts if starts is None else starts
        first = starts[docnums]
        lengths = starts[docnums + 1] - first
        total = int(lengths.sum())
        if not total:
            return np.zeros(0, dtype=np.int64)
        # for each actor, its article's start, minus where that article's run begins in the output
        return np.repeat(first - (np.cumsum(lengths) - lengths), lengths) + np.arange(total, dtype=np.int64)

    def _pairs(self, docnums: Ints) -> Ints:
        """The distinct (story, actor) pairs of these articles (of stories with copies), sorted, as numbers."""
        import numpy as np

        where = self._gather(docnums)
        story = np.repeat(self.story[docnums], self.starts[docnums + 1] - self.starts[docnums])
        pairs = np.sort(story * self.n_actors + self.actors[where])
        if not len(pairs):
            return pairs
        return pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]  # (np.unique: 15 times slower)

    def _union(self, docnums: Ints, n_stories: int) -> tuple[Ints, Ints]:
        """Each story's actors, once (story → a run of the returned actor array)."""
        import numpy as np

        pairs = self._pairs(docnums)
        lengths = np.bincount(pairs // self.n_actors, minlength=n_stories)
        starts = np.zeros(n_stories + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        return starts, pairs % self.n_actors

    def count(self, docnums: Sequence[int], once: bool = True) -> Counted:
        """The actors of these articles, with how many of them name each; with `once`, the articles of one
        story (copies of one news item) count once together: a story all of whose articles are counted
        counts its actors (worked out beforehand), one with a single article counted that article's, and
        the rare others (some of a story's copies, not all) the distinct actors of those counted."""
        import numpy as np

        docs = np.fromiter(docnums, dtype=np.int64, count=len(docnums))
        docs = docs[(docs >= 0) & (docs < self.size)]
        story = self.story[docs] if once else np.full(len(docs), -1, dtype=np.int64)
        alone = docs[story < 0]
        stories = story[story >= 0]
        present = np.bincount(stories, minlength=len(self.story_size))
        counts = np.zeros(self.n_actors, dtype=np.int64)
        if len(stories):
            whole = np.flatnonzero((present > 1) & (present == self.story_size))
            counts += np.bincount(self.story_actors[self._gather(whole, self.story_starts)], minlength=self.n_actors)
            single = docs[story >= 0][present[stories] == 1]
            alone = np.concatenate([alone, single])
            some = docs[story >= 0][(present[stories] > 1) & (present[stories] < self.story_size[stories])]
            if len(some):
                counts += np.bincount(self._pairs(some) % self.n_actors, minlength=self.n_actors)
        counts += np.bincount(self.actors[self._gather(alone)], minlength=self.n_actors)
        named = np.flatnonzero(counts)
        order = named[np.lexsort((self.name_rank[named], -counts[named]))]
        return Counted(order, counts[order], self.kind_of[order])


def _csr(rows: Sequence[tuple[int, ...]]) -> tuple[Ints, Ints]:
    """(where each row starts, with the end as a last item; every row's items one after the other)."""
    from itertools import chain

    import numpy as np

    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    starts = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    return starts, np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(starts[-1]))
