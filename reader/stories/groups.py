"""The story of each indexed article, assigned as it is indexed, and kept beside the index.

An article joins the story of the most similar article already indexed when their score (sketch.joins:
long words and names of the lead, shingles of the body, words of the title) reaches what `RULES` ask of
articles as many days apart (at most `MAX_DAYS`) (candidates come from datasketch's MinHash LSH on the
lead's long words, then each is scored exactly); otherwise it starts a story of its own, named by its id.
Stories are never merged or renamed afterwards: a story id, once given, stays (the index stores it with
each article).

The state (each article's feature, name, shingle, title word and title number hashes, date and story) is
saved in the index folder after each commit, written whole to a temporary file and renamed. It is checked
against the ids the index holds: missing, damaged, from another version or out of step (a build killed
between its commit and this save), it is rebuilt from the index's stored articles and story ids
(`Stories.rebuilt`).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np

from reader.stories.sketch import (
    LEAD,
    LSH_THRESHOLD,
    MAX_DAYS,
    MIN_LEN,
    NUM_PERM,
    RULES,
    SHINGLE_SAMPLE,
    TITLE_STEM,
    WEIGHTS,
    Sketch,
    hashes,
    joins,
    name_hashes,
    number_hashes,
    shingle_hashes,
    signature_of,
    title_hashes,
)

STATE = "stories.pickle"
# a candidate whose signature agrees with the article's on fewer slots than this is not compared exactly:
# 64 slots estimate a similarity of 0.25 within ±0.11 (two standard deviations) at worst
ESTIMATE_FLOOR = 0.12
# articles of one story held in the LSH (and scored as candidates): a new copy finds a story by any of them.
# Without a bound, a folder of near-identical articles (a daily bulletin, a template) makes every article a
# candidate of every other: 2,500 of them took 54 s to assign, 6,000 minutes.
HELD_PER_STORY = 32
# what the saved features depend on: another value and they are computed again from the index (the stories
# themselves are those the index stores: new rules reassign them only through a rebuild, SCHEMA_VERSION)
FORMAT = ("stories", 5, NUM_PERM, LEAD, MIN_LEN, RULES, WEIGHTS, SHINGLE_SAMPLE, TITLE_STEM, LSH_THRESHOLD)


Prepared = tuple[Sketch, "np.ndarray | None"]  # an article's sketch and MinHash signature (None: no long word)


def prepare(title: str, body: str) -> Prepared:
    """What `Stories.assign` works out of an article alone, its sketch and signature (three fifths of its
    time): a function of the text only, so a build works it out in the processes that read the files."""
    feats = sketch(title, body)
    return feats, signature_of(feats[0])


Packed = tuple["np.ndarray", "np.ndarray"]


def pack(prepared: list[Prepared]) -> Packed:
    """Articles' `prepare` as two arrays, to send to another process: every hash end to end, and the number
    of each part (the sketch's five, the signature's, 0 for none) an article a row."""
    parts = [[*feats, sig if sig is not None else _NO_SIGNATURE] for feats, sig in prepared]
    lengths = np.array([[len(a) for a in row] for row in parts], np.int64).reshape(len(parts), 6)
    flat = np.concatenate([a for row in parts for a in row]) if parts else _NO_SIGNATURE
    return flat.astype(np.uint32, copy=False), lengths


def unpack(packed: Packed) -> list[Prepared]:
    """What `pack` was given (views on its array)."""
    flat, lengths = packed
    ends = np.cumsum(lengths.ravel()).tolist()
    pieces = [flat[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    return [
        (
            (pieces[k], pieces[k + 1], pieces[k + 2], pieces[k + 3], pieces[k + 4]),
            pieces[k + 5] if len(pieces[k + 5]) else None,
        )
        for k in range(0, len(pieces), 6)
    ]


_NO_SIGNATURE = np.zeros(0, np.uint32)


def sketch(title: str, body: str) -> Sketch:
    return (
        hashes(title, body),
        name_hashes(title, body),
        shingle_hashes(body),
        title_hashes(title),
        number_hashes(title),
    )


def _day(when: str | None) -> int | None:
    try:
        return date.fromisoformat(when).toordinal() if when else None
    except ValueError:
        return None


class Stories:
    def __init__(self) -> None:
        self._lsh = _Bands()
        self._features: dict[str, Sketch] = {}  # article id → its sketch (articles with long words)
        self._sigs: dict[str, np.ndarray] = {}  # article id → MinHash signature (the same articles)
        self._days: dict[str, int] = {}  # article id → its date as a day number (dated articles)
        self.story: dict[str, str] = {}  # article id → story id
        self._held: dict[str, int] = {}  # story id → its articles held in the LSH (at most HELD_PER_STORY)
        # the sketches as last saved (`_packed`), the first articles of _features in order: a save packs only
        # the articles added since (a build saves after each commit); None once an article is removed
        self._saved: dict[str, object] | None = None
        self.changed = False

    def __len__(self) -> int:
        return len(self.story)

    # -- as articles are indexed --
    def assign(
        self, article_id: str, title: str, body: str, when: str | None = None, prepared: Prepared | None = None
    ) -> str:
        """Index an article and return its story id: the story of the most similar article indexed before
        it, when similar enough and close enough in time, else its own id. `prepared`: `prepare(title,
        body)`, worked out elsewhere."""
        self.remove(article_id)
        feats, sig = prepared if prepared is not None else prepare(title, body)
        day = _day(when)
        story = article_id
        if sig is not None:
            story = self._closest(feats, sig, day, self._lsh.query(sig, day)) or article_id
            self._hold(article_id, story, feats, sig, day)
        self._note(article_id, day, story)
        return story

    def _hold(self, article_id: str, story: str, feats: Sketch, sig: np.ndarray, day: int | None) -> None:
        """Put an article in the LSH, unless its story holds HELD_PER_STORY articles there already."""
        held = self._held.get(story, 0)
        if held >= HELD_PER_STORY:
            return
        self._lsh.insert(article_id, sig, day)
        self._features[article_id], self._sigs[article_id] = feats, sig
        self._held[story] = held + 1

    def _closest(self, feats: Sketch, sig: np.ndarray, day: int | None, candidates: list[str]) -> str | None:
        """The story of the best-scored candidate that joins (sketch.joins), if any; the candidates are within
        MAX_DAYS (`_Bands.query`). The LSH proposes many articles that merely share common words: their
        signatures are compared first, all at once, and only those whose estimate of the long words'
        similarity is not far below what a story needs are scored exactly."""
        days = self._days
        if not candidates:
            return None
        candidates.sort()  # (ties go the same way every run)
        estimates = (np.stack([self._sigs[c] for c in candidates]) == sig).mean(axis=1)
        best, story = 0.0, None
        for i in np.flatnonzero(estimates >= ESTIMATE_FLOOR):
            other = candidates[i]
            apart = abs(days[other] - day) if day is not None and other in days else None
            value = joins(feats, self._features[other], apart)
            if value > best:
                best, story = value, self.story[other]  # (an equal score later does not take it)
        return story

    def add(self, article_id: str, title: str, body: str, when: str | None, story: str) -> None:
        """An article already indexed with its story (rebuilding the state from the index)."""
        self.remove(article_id)
        day = _day(when)
        self._insert(article_id, sketch(title, body), story, day)
        self._note(article_id, day, story)

    def remove(self, article_id: str) -> None:
        """An article that left the index (deleted, or about to be indexed again after an edit)."""
        if self._features.pop(article_id, None) is not None:
            self._saved = None
            self._lsh.remove(article_id, self._sigs.pop(article_id), self._days.get(article_id))
            story = self.story.get(article_id, article_id)
            held = self._held.get(story, 1) - 1
            if held > 0:
                self._held[story] = held
            else:
                self._held.pop(story, None)
        self._days.pop(article_id, None)
        if self.story.pop(article_id, None) is not None:
            self.changed = True

    def _insert(self, article_id: str, feats: Sketch, story: str, day: int | None) -> None:
        sig = signature_of(feats[0])
        if sig is not None:
            self._hold(article_id, story, feats, sig, day)

    def _note(self, article_id: str, day: int | None, story: str) -> None:
        if day is not None:
            self._days[article_id] = day
        self.story[article_id] = story
        self.changed = True

    # -- beside the index --
    @classmethod
    def rebuilt(cls, articles: Iterable[tuple[str, str, str, str | None, str | None]]) -> Stories:
        """The state of an index from its stored (id, title, body, date, story); no story: the article's own."""
        stories = cls()
        for article_id, title, body, when, story in articles:
            stories.add(article_id, title, body, when, story or article_id)
        return stories

    @classmethod
    def load(cls, ixdir: Path, ids: Iterable[str]) -> Stories | None:
        """The saved state, if it describes exactly the articles `ids` (those the index holds); else None."""
        try:
            with open(ixdir / STATE, "rb") as f:
                data = pickle.load(f)
            if data["format"] != FORMAT or set(data["story"]) != set(ids):
                return None
            stories = cls()
            stories.story, stories._days = dict(data["story"]), dict(data["days"])
            for article_id, feats in _unpacked(data["features"]).items():
                story = stories.story.get(article_id, article_id)
                stories._insert(article_id, feats, story, stories._days.get(article_id))
            return stories
        except Exception:  # missing, truncated, from another version: rebuilt by the caller
            return None

    def save(self, ixdir: Path) -> None:
        """Written whole, then renamed over the previous state: a reader sees the old or the new. The sketches
        are packed, each part of every article in one array (`_packed`): a build saves after each commit,
        and pickling five small arrays an article took 5 s of CPU a save at 200,000 articles."""
        data = {"format": FORMAT, "story": self.story, "days": self._days, "features": self._packed()}
        tmp = ixdir / (STATE + ".tmp")
        with open(tmp, "wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, ixdir / STATE)
        self.changed = False

    def _packed(self) -> dict[str, object]:
        """`_packed(self._features)`, the articles packed at the last save reused: at 200,000 articles packing
        them all took 0.7 s a save."""
        saved = self._saved
        ids = list(self._features)
        if saved is None or not saved["ids"]:
            self._saved = _packed(self._features)
            return self._saved
        n = len(saved["ids"])  # type: ignore[arg-type]
        added = _packed({i: self._features[i] for i in ids[n:]})
        if not added["ids"]:
            return saved
        parts = [
            (np.concatenate([flat, more]), np.concatenate([lengths, more_lengths]))
            for (flat, lengths), (more, more_lengths) in zip(saved["parts"], added["parts"], strict=True)  # type: ignore[call-overload]
        ]
        self._saved = {"ids": ids, "parts": parts}
        return self._saved


class _Bands:
    """datasketch's MinHash LSH (`MinHashLSH`: its `b` bands of `r` rows for LSH_THRESHOLD and NUM_PERM, an
    article a candidate of another when one band of their signatures is equal), held in one dict a band,
    keyed by the band's bytes and the article's day: a dated article's candidates are those of its day, the
    days MAX_DAYS around it and the undated ones (articles further apart never join); an undated article's,
    those of every day. The same candidates as `MinHashLSH.query` then filtered by date, and a cost that does
    not grow with the archive: datasketch hashes each band through Python calls of its own (three quarters
    of assigning an article at 20,000 articles), and at 200,000 each article had ~800 candidates of other
    days to filter (855 µs an article, against 74 µs at 20,000).

    A key's articles are one id (a str: most keys are one article's) or a list of them: millions of lists
    would be held, and scanned by every full garbage collection.
    """

    def __init__(self) -> None:
        from datasketch import MinHashLSH  # on first use: it imports scipy (see sketch.py)

        lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.b, self.r = lsh.b, lsh.r
        self._tables: list[dict[bytes, str | list[str]]] = [{} for _ in range(self.b)]
        self._per_day: dict[int | None, int] = {}  # day → articles held of that day (None: undated)

    def _bands(self, sig: np.ndarray) -> list[bytes]:
        raw = np.ascontiguousarray(sig[: self.b * self.r], dtype=np.uint32).tobytes()
        w = 4 * self.r
        return [raw[i : i + w] for i in range(0, len(raw), w)]

    @staticmethod
    def _suffix(day: int | None) -> bytes:
        return b"" if day is None else day.to_bytes(4, "little", signed=True)

    def insert(self, key: str, sig: np.ndarray, day: int | None) -> None:
        suffix = self._suffix(day)
        for table, band in zip(self._tables, self._bands(sig), strict=True):
            band += suffix
            held = table.get(band)
            if held is None:
                table[band] = key
            elif isinstance(held, str):
                table[band] = [held, key]
            else:
                held.append(key)
        self._per_day[day] = self._per_day.get(day, 0) + 1

    def query(self, sig: np.ndarray, day: int | None) -> list[str]:
        if day is None:
            days: list[int | None] = list(self._per_day)
        else:
            days = [d for d in range(day - MAX_DAYS, day + MAX_DAYS + 1) if d in self._per_day]
            if None in self._per_day:
                days.append(None)
        suffixes = [self._suffix(d) for d in days]
        found: set[str] = set()
        for table, band in zip(self._tables, self._bands(sig), strict=True):
            for suffix in suffixes:
                held = table.get(band + suffix)
                if held is None:
                    continue
                if isinstance(held, str):
                    found.add(held)
                else:
                    found.update(held)
        return list(found)

    def remove(self, key: str, sig: np.ndarray, day: int | None) -> None:
        suffix = self._suffix(day)
        for table, band in zip(self._tables, self._bands(sig), strict=True):
            band += suffix
            held = table.get(band)
            if held == key:
                del table[band]
            elif isinstance(held, list) and key in held:
                held.remove(key)
                if len(held) == 1:
                    table[band] = held[0]
        left = self._per_day.get(day, 0) - 1
        if left > 0:
            self._per_day[day] = left
        else:
            self._per_day.pop(day, None)


def _packed(features: dict[str, Sketch]) -> dict[str, object]:
    """The sketches as the article ids and, for each of their parts, all articles' hashes end to end and the
    number each article has."""
    ids = list(features)
    parts = []
    for k in range(len(next(iter(features.values()))) if features else 0):
        arrays = [features[i][k] for i in ids]
        lengths = np.fromiter((len(a) for a in arrays), np.int64, len(arrays))
        parts.append((np.concatenate(arrays).astype(np.uint32, copy=False), lengths))
    return {"ids": ids, "parts": parts}


def _unpacked(packed: dict[str, object]) -> dict[str, Sketch]:
    ids: list[str] = packed["ids"]  # type: ignore[assignment]
    parts: list[tuple[np.ndarray, np.ndarray]] = packed["parts"]  # type: ignore[assignment]
    split = [np.split(flat, np.cumsum(lengths)[:-1]) for flat, lengths in parts]
    return {article_id: tuple(part[n] for part in split) for n, article_id in enumerate(ids)}  # type: ignore[misc]
