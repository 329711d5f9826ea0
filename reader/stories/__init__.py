"""Stories: the near-copies of one news item (wire copy reprinted, an article updated through the day).

- `sketch`: an article's features (the long words of its title and lead) and their MinHash signature, the
  names of its lead and the 3-shingles of its body, and how two articles are scored;
- `groups`: the story of each article, assigned as articles are indexed (MinHash LSH: datasketch's
  signatures and bands, keyed by day), kept beside the index so that a new article joins its story without
  the corpus being read again.

An article alone is a story of one, whose id is its own; a story's id is the id of its first article.
"""

from reader.stories.groups import Stories, pack, prepare, unpack
from reader.stories.sketch import THRESHOLD, hashes, joins, score, signature, similarity

__all__ = [
    "THRESHOLD",
    "Stories",
    "hashes",
    "joins",
    "pack",
    "prepare",
    "score",
    "signature",
    "similarity",
    "unpack",
]
