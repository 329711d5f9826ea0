"""Scoring in arrays (reader/search/vector.py) must rank exactly as Whoosh's matchers do: the same hits, the
same count, the same order and the same scores, on an index of several segments with deleted articles,
for every kind of query the search bar makes (words, prefixes while typing, pasted sentences with their
coordination, phrases, NOT, fields, date ranges)."""

from __future__ import annotations

import random

import pytest
from conftest import write

from reader import index
from reader.search import SearchService
from reader.search.vector import Vectors

WORDS = (
    "accord gouvernement Macron retraites réforme grève SNCF Chine Inde frontière coronavirus hôpital "
    "masque vaccin Paris Lyon Marseille police manifestation gilets jaunes président ministre Castaner "
    "Europe Allemagne Berlin Londres élections municipales maire budget économie entreprise salariés"
).split()

QUERIES = [
    ("macr", True),
    ("Macron retr", True),
    ("accord Chine", False),
    ("gouvernement", False),
    ("Emmanuel Macron a annoncé une réforme des retraites pour les salariés de la SNCF", False),
    ('"gilets jaunes" Paris', False),
    ('"gilets jaunes manifestent"', False),
    ('"gilets manifestent"~2', False),
    ("grève NOT SNCF", False),
    ("title:police", False),
    ("Trump OR Castaner", False),
    ("date:[2019 to 2020] grève", False),
    ("Pourquoi la Chine et l'Inde s'affrontent-elles à la frontière?", False),
    ("Castaner", False),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("vector")
    corpus = base / "corpus"
    rng = random.Random(7)

    def article(i: int) -> str:
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8)))
        body = ". ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 30))) for _ in range(rng.randint(1, 9))
        )
        return f"{title}\n{rng.randint(2018, 2021)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n\n{body}.\n"

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(base / "cache"))
        for i in range(120):
            write(corpus, f"a{i:03}.txt", article(i))
        write(corpus, "twin1.txt", "gilets jaunes à Paris\n2019-01-12\n\nLes gilets jaunes manifestent à Paris.\n")
        write(corpus, "twin2.txt", "gilets jaunes à Paris\n2019-01-12\n\nLes gilets jaunes manifestent à Paris.\n")
        index.update(corpus)
        for i in range(0, 30, 3):  # a second segment, and articles replaced or removed in the first
            write(corpus, f"a{i:03}.txt", article(i))
        for i in range(1, 12, 5):
            (corpus / f"a{i:03}.txt").unlink()
        for i in range(120, 150):
            write(corpus, f"a{i:03}.txt", article(i))
        index.update(corpus)
        svc = SearchService(corpus)
        yield svc
        svc.close()


def test_the_index_under_test_has_segments_and_deletions(service):
    reader = service._searcher.reader()
    assert len(list(reader.leaf_readers())) >= 2 and reader.has_deletions()


@pytest.mark.parametrize(("text", "live"), QUERIES)
@pytest.mark.parametrize("limit", [5, None])
def test_arrays_rank_as_whoosh_does(service, text, live, limit):
    q, _note = service.parse(text, live=live)
    scored, allowed = service._columns.date_filter(q)
    with service._lock:
        total, top = service._run_arrays(scored, allowed, limit)
        want_total, want = service._run_whoosh(scored, allowed, limit)
    assert total == want_total and total > 0
    assert [d for _, d in top] == [d for _, d in want]
    assert [s for s, _ in top] == pytest.approx([s for s, _ in want], rel=1e-9)


def test_a_search_reads_a_common_word_once_while_it_is_typed(service):
    vectors = Vectors(service._searcher)
    q, _ = service.parse("gouvernement", live=False)
    vectors.run(q)
    held = dict(vectors._postings)
    vectors.run(service.parse("gouvernement Macron", live=False)[0])
    assert all(vectors._postings[k] is v for k, v in held.items())  # (the same arrays: not read again)
