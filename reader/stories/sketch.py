"""An article's MinHash signature: 64 permutations of the hashes of the long words of its lead.

What two reports of one news item share is their lead: the names, places and facts of the title and the
first paragraphs. Word 3-shingles of the whole body tell copies apart from rewrites too finely: two
outlets' write-ups of one event (seeds 000 and 001) share 6% of their 3-shingles, no more than unrelated
articles, but 28% of the long words of their leads, where articles on the same subject and another event
share 5-13% (eval/stories/README.md). So the features are the distinct words of `MIN_LEN` letters or more
of the title and the first `LEAD` characters of the clean body, case folded and punctuation aside.

The lead's words alone also join two reports of one affair on other days and a daily series (the traffic
forecast, the day's Covid figures), and miss rewrites whose leads share few long words. So a candidate found
on them is then scored on four measures (`score`): that Jaccard, the Jaccard of the names of the title and
lead (capitalised words not opening a sentence: who and where), the Jaccard of the word 3-shingles of the
whole body (what agency copy and its rewrites share phrase for phrase; one shingle in `SHINGLE_SAMPLE` kept,
by hash), and the Jaccard of the title's words (cut to their first letters: a crude stem). They are weighed
(`WEIGHTS`): the names least, as a reaction to an event or another angle of an affair names the same people
and places, the lead's facts and the body's phrases most. The weighed sum (and for some rows the shingles or
the title alone) must reach one of `RULES`, which joins articles of the same day, of the next day only when
they are one text or carry the same headline with the same figures, never further apart
(eval/stories/README.md: how each was measured).

Hashing is batched in numpy: one CRC-32 per word, then datasketch's `affine32` permutations applied to
every word at once. The signature is the one `datasketch.MinHash(num_perm=64, seed=SEED, scheme="affine32",
hashfunc=int)` gives for the same 32-bit hashes (a test checks it).
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash

NUM_PERM = 64
SEED = 1
SCHEME = "affine32"
LEAD = 800  # characters of the body read after the title (the median article has 2,200)
MIN_LEN = 7  # letters: names, places and the words of the facts; not the language's small words
# Two articles are one story when their score, the weighed sum of four Jaccard similarities (WEIGHTS: long
# words of the lead, names of the lead, sampled 3-shingles of the body, words of the title), reaches one row
# of RULES for their dates, with the shingles' and the title's similarity reaching that row's floors: the
# same day (or a date unknown); the next day only for a copy of the same text, or for the same headline with
# the same figures in it and much in common (a report the next day is mostly another news item: the next
# day's figures of a daily series, the next stage of an affair, someone's reaction, even when it repeats the
# first report's paragraphs); never further apart. Measured on 430 pairs of the first 5,000 OrangeSum files,
# read and labelled (eval/stories/README.md). The LSH, on the long words, proposes candidates from a lower
# similarity (its estimate from 64 permutations is coarse on sets of ~60 words); each is then scored exactly.
WEIGHTS = (2.5, 1.0, 2.0, 0.5)  # words, names, shingles, title
RULES = (  # (days apart at most, shingles at least, title at least, score at least)
    (0, 0.0, 0.0, 1.2),  # the same day (seeds 000 / 001: 2.5·0.28 + 0.35 + 2·0.06 + 0.5·0.09 = 1.23)
    (1, 0.8, 0.0, 3.0),  # the next day: the same text (a reprint, dated again)
    (1, 0.0, 0.8, 2.2),  # the next day: the same headline, the same figures in it, the text much alike
)
THRESHOLD = RULES[0][3]
MAX_DAYS = max(days for days, _, _, _ in RULES)
LSH_THRESHOLD = 0.2
SHINGLE_SAMPLE = 4  # one 3-shingle in 4 kept (by hash): ~90 an article rather than ~370


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's permutations, imported on first use: datasketch imports scipy (~0.6 s, ~70 MB), which
    searching and the app, importing the index package, must not pay for."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    return a, b


# a word: what lies between white space and these marks; a long word, MIN_LEN characters of it or more
_LONG_WORD = re.compile(r"[^\s" + re.escape(".,;:!?«»\"“”()[]{}'’…–—/|*#") + f"]{{{MIN_LEN},}}")


def features(title: str, body: str) -> set[str]:
    """The words compared: those of MIN_LEN letters or more of the title and the lead."""
    return set(_LONG_WORD.findall(f"{title}\n{body[:LEAD]}".lower()))


def hashes(title: str, body: str) -> np.ndarray:
    """32-bit hashes of the features, sorted and distinct."""
    return _hash_set(features(title, body))


# a capitalised word of 3 letters or more that does not open a sentence (nor the lead: the title's first
# word is kept, the body's is not); the capital is matched before the look-behinds, so that the search skips
# from capital to capital
_CAPITAL = "[A-ZÀÂÉÈÊÎÔÛÇ]"
_NAME = re.compile(rf"\b({_CAPITAL}(?<![.!?\n]\s{_CAPITAL})(?<![.!?\n]{_CAPITAL})[\w-]{{2,}})")


def names(title: str, body: str) -> set[str]:
    """The names of the title and the lead, case folded."""
    return {m.lower() for m in _NAME.findall(f"{title}\n{body[:LEAD]}")}


def _hash_set(items: set[str]) -> np.ndarray:
    h = np.fromiter((zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in items), np.uint32, len(items))
    return np.unique(h)


def name_hashes(title: str, body: str) -> np.ndarray:
    return _hash_set(names(title, body))


# title words that say nothing of the event: the language's small words of 4 letters or more, and the
# suffix one source (a car site) appends to each of its 2,249 titles in the corpus
_TITLE_STOP = frozenset(
    "pour dans apres avec contre plus sans sous selon entre vers chez leur leurs etre avoir sont elle elles"
    " nous vous mais donc ainsi comme alors aussi encore deja fait faire font etait sera cette ceux celle"
    " quand veut tout tous toute toutes deux trois nouvea nouvel premie dernie actual automo infos scoop".split()
)
TITLE_STEM = 6  # letters kept of a title's word: "renforcent" and "renforcé" are one word


def title_words(title: str) -> set[str]:
    """The title's words of 4 letters or more, accents and case folded, cut to TITLE_STEM letters."""
    folded = unicodedata.normalize("NFKD", title.lower())
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return {w[:TITLE_STEM] for w in _WORD.findall(letters) if len(w) >= 4} - _TITLE_STOP


_WORD = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+")


def title_hashes(title: str) -> np.ndarray:
    return _hash_set(title_words(title))


def number_hashes(title: str) -> np.ndarray:
    """The numbers of the title (the day's figures: "31 morts", "3e jour"), as hashes."""
    return _hash_set({str(int(n)) for n in _NUMBER.findall(title)})


def shingle_hashes(body: str) -> np.ndarray:
    """Hashes of the word 3-shingles of the body (its first SHINGLE_CHARS characters), one in SHINGLE_SAMPLE
    kept (those whose hash it divides), sorted and distinct."""
    w = _word_hashes(body[:SHINGLE_CHARS])
    if len(w) < 3:
        return np.zeros(0, np.uint32)
    mixed = w[:-2] * _K1 + w[1:-1] * _K2 + w[2:] * _K3  # (modulo 2**64)
    h = np.right_shift(mixed, np.uint64(32)).astype(np.uint32)
    return np.unique(h[h % SHINGLE_SAMPLE == 0])


SHINGLE_CHARS = 1 << 16
_K1, _K2, _K3 = (np.uint64(k) for k in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9))
_P = 0x100000001B3  # odd: invertible modulo 2**64


@functools.cache
def _powers() -> tuple[np.ndarray, np.ndarray]:
    """_P**i and _P**-i modulo 2**64, for i < SHINGLE_CHARS."""
    out = []
    for base in (_P, pow(_P, -1, 1 << 64)):
        p = np.cumprod(np.full(SHINGLE_CHARS, base, np.uint64))
        out.append(np.concatenate([np.ones(1, np.uint64), p[:-1]]))
    return out[0], out[1]


@functools.cache
def _word_chars() -> np.ndarray:
    """For each code point of the Basic Multilingual Plane, whether it belongs to a word: digits, ASCII
    letters and letters from U+00C0 on (not × ÷, nor the general punctuation of U+2000–U+206F: ’ “ ” …);
    every code point above it does."""
    c = np.arange(0x10000, dtype=np.uint32)
    word = ((c >= 48) & (c <= 57)) | ((c >= 97) & (c <= 122))
    word |= (c >= 0xC0) & (c != 0xD7) & (c != 0xF7) & ~((c >= 0x2000) & (c <= 0x206F))
    return word


def _word_hashes(text: str) -> np.ndarray:
    """A 64-bit hash of each word of the text in order (runs of `_word_chars`, case folded), all at once in
    numpy: each word's characters weighted by powers of _P from its first (prefix sums over the text, brought
    back to the word's start), rather than one CRC-32 call a word."""
    c = np.frombuffer(text.lower().encode("utf-32-le", "surrogatepass"), np.uint32)
    if not len(c):
        return np.zeros(0, np.uint64)
    word = _word_chars()[np.minimum(c, 0xFFFF)]
    edges = np.flatnonzero(word[1:] != word[:-1]) + 1
    starts = edges[word[edges]]
    if word[0]:
        starts = np.concatenate([np.zeros(1, starts.dtype), starts])
    if not len(starts):
        return np.zeros(0, np.uint64)
    pw, ipw = _powers()
    vals = c.astype(np.uint64) * pw[: len(c)]
    vals *= word  # (what follows a word until the next is 0)
    return np.add.reduceat(vals, starts) * ipw[starts]


Sketch = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
# (features, names, shingles, title words, title numbers): sorted distinct hashes


def similarities(a: Sketch, b: Sketch) -> tuple[float, float, float, float]:
    """The four Jaccard similarities of two articles: long words, names, shingles, title words."""
    return similarity(a[0], b[0]), similarity(a[1], b[1]), similarity(a[2], b[2]), similarity(a[3], b[3])


def weighed(sims: tuple[float, float, float, float]) -> float:
    return sum(w * s for w, s in zip(WEIGHTS, sims, strict=True))


def score(a: Sketch, b: Sketch) -> float:
    """How alike two articles are: the weighed sum of their four similarities."""
    return weighed(similarities(a, b))


def joins(a: Sketch, b: Sketch, days: int | None) -> float:
    """The score of two articles `days` apart (None: a date unknown) if it makes them one story, else 0."""
    days = days or 0
    if days > MAX_DAYS:
        return 0.0
    sims = similarities(a, b)
    total = weighed(sims)
    for most, shingles, title, least in RULES:
        if days > most or sims[2] < shingles or sims[3] < title or total < least:
            continue
        if title and days and not np.array_equal(a[4], b[4]):
            continue  # the same headline another day with other figures: the next day's figures
        return total
    return 0.0


def signature(title: str, body: str) -> np.ndarray | None:
    """The article's MinHash signature (NUM_PERM uint32), or None when it has no long word."""
    return signature_of(hashes(title, body))


def signature_of(hashes_: np.ndarray) -> np.ndarray | None:
    if not len(hashes_):
        return None
    from datasketch.minhash import _fmix

    a, b = _permutations()
    mixed = _fmix(hashes_, 32)
    return np.asarray((mixed[:, None] * a[None, :] + b[None, :]).min(axis=0), dtype=np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of distinct feature hashes."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common) if common else 0.0


def minhash(sig: np.ndarray) -> LeanMinHash:
    """A signature as datasketch's MinHash (what its LSH indexes)."""
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=sig, scheme=SCHEME)
