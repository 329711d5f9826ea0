"""An article's MinHash signature: 64 permutations of the hashes of the long words of its lead.

What two reports of one news item share is their lead: the names, places and facts of the title and the
first paragraphs. Word 3-shingles of the whole body tell copies apart from rewrites too finely: two
outlets' write-ups of one event (seeds 000 and 001) share 6% of their 3-shingles, no more than unrelated
articles, but 28% of the long words of their leads, where articles on the same subject and another event
share 5-13% (eval/stories/README.md). So the features are the distinct words of `MIN_LEN` letters or more
of the title and the first `LEAD` characters of the clean body, case folded and punctuation aside.

Hashing is batched in numpy: one CRC-32 per word, then datasketch's `affine32` permutations applied to
every word at once. The signature is the one `datasketch.MinHash(num_perm=64, seed=SEED, scheme="affine32",
hashfunc=int)` gives for the same 32-bit hashes (a test checks it).
"""

from __future__ import annotations

import functools
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
# Two articles are one story when the Jaccard similarity of their features (words in common over words of
# either) reaches THRESHOLD and their dates, when both have one, are at most MAX_DAYS apart: measured on the
# first 5,000 OrangeSum files (eval/stories/README.md). The LSH proposes candidates from a lower similarity
# (its estimate from 64 permutations is coarse on sets of ~60 words); each is then checked exactly.
THRESHOLD = 0.25
LSH_THRESHOLD = 0.2
MAX_DAYS = 3


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's permutations, imported on first use: datasketch imports scipy (~0.6 s, ~70 MB), which
    searching and the app, importing the index package, must not pay for."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    return a, b


_PUNCT = str.maketrans({c: " " for c in ".,;:!?«»\"“”()[]{}'’…–—/|*#"})


def features(title: str, body: str) -> set[str]:
    """The words compared: those of MIN_LEN letters or more of the title and the lead."""
    text = f"{title}\n{body[:LEAD]}".lower().translate(_PUNCT)
    return {w for w in text.split() if len(w) >= MIN_LEN}


def hashes(title: str, body: str) -> np.ndarray:
    """32-bit hashes of the features, sorted and distinct."""
    words = features(title, body)
    h = np.fromiter((zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in words), np.uint32, len(words))
    return np.unique(h)  # sorted, distinct


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
