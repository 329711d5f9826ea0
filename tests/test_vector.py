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


@pytest.fixture(scope="module")
def big_segment(tmp_path_factory: pytest.TempPathFactory):
    """An index whose first segment holds 300 articles (common words over several blocks of 128 postings),
    some of them deleted since."""
    base = tmp_path_factory.mktemp("blocks")
    corpus = base / "corpus"
    rng = random.Random(11)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(base / "cache"))
        for i in range(300):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 40)))
            write(corpus, f"b{i:03}.txt", f"{rng.choice(WORDS)} {i}\n2020-01-01\n\n{words} mot{i}.\n")
        index.update(corpus)
        for i in range(0, 300, 7):
            (corpus / f"b{i:03}.txt").unlink()
        index.update(corpus)
        svc = SearchService(corpus)
        yield svc
        svc.close()


def test_postings_read_straight_from_the_segment_are_whooshs(big_segment):
    """`blocks.term_postings` (a word's extent read at once, each block's pickle cut before its values) gives
    the document numbers and weights Whoosh's own block reader gives, for every word of every field the
    search scores, in every segment, deleted documents included (masked later), words of one block and of
    several."""
    from whoosh.reading import TermNotFound

    from reader.search.blocks import term_postings
    from reader.search.vector import _blocks

    reader = big_segment._searcher.reader()
    assert reader.has_deletions()
    checked = several_blocks = 0
    for leaf, _offset in reader.leaf_readers():
        for fieldname in ("body", "exact", "title", "title_prefix", "actor", "person"):
            if fieldname not in leaf.schema:
                continue
            for btext in list(leaf.lexicon(fieldname)):
                got = term_postings(leaf, fieldname, btext)
                assert got is not None
                want = _blocks(leaf.postings(fieldname, btext))  # (Whoosh's reader, a block at a time)

                deleted = leaf.is_deleted
                got_live = [(n, w) for n, w in zip(got[0].tolist(), got[1].tolist(), strict=True) if not deleted(n)]
                want_live = [(n, w) for n, w in zip(want[0].tolist(), want[1].tolist(), strict=True) if not deleted(n)]
                assert got_live == want_live, (fieldname, btext)
                assert [n for n, _w in got_live] == list(leaf.postings(fieldname, btext).all_ids())
                assert set(want[0].tolist()) <= set(got[0].tolist())
                checked += 1
                several_blocks += len(got[0]) > 128
        with pytest.raises(TermNotFound):
            leaf.postings("body", b"absentword")
        assert len(term_postings(leaf, "body", b"absentword")[0]) == 0
    assert checked > 200 and several_blocks


@pytest.mark.parametrize("seed", range(4))
def test_a_block_cut_before_its_values_reads_as_the_whole_block(seed):
    """Whatever the ids, weights and values, and wherever the pickle's memo puts a byte like a mark before
    the values, the cut reads the ids and weights of the whole pickle (or unpickles it whole)."""
    import io
    import pickle
    import zlib

    from reader.search.blocks import _ids_and_weights

    rng = random.Random(seed)
    for _ in range(300):
        count = rng.choice([1, 2, 3, 4, 127, 128])
        ids = tuple(
            rng.choice([rng.randint(0, 255), rng.randint(256, 70_000), rng.randint(70_000, 2**31)])
            for _ in range(count)
        )
        weights = rng.choice([None, float(rng.randint(1, 9)), tuple(float(rng.randint(1, 30)) for _ in range(count))])
        values = rng.choice(
            [
                tuple(bytes(rng.randrange(256) for _ in range(rng.randint(0, 12))) for _ in range(count)),
                bytes(rng.randrange(256) for _ in range(4 * count)),
                b"",
                None,
            ]
        )
        out = io.BytesIO()
        pickler = pickle.Pickler(out, 2)
        filler = [object() for _ in range(rng.choice([0, 39, 40, 41]))]  # (moves the memo's numbers)
        pickler.memo = {id(x): (i, x) for i, x in enumerate(filler)}
        pickler.dump((ids, weights, values))
        raw = out.getvalue()
        compression = rng.choice([0, 3])
        data = memoryview(zlib.compress(raw, 3) if compression else raw)
        assert _ids_and_weights(data, compression, count) == (ids, weights)


@pytest.mark.parametrize("protocol", [2, 3])
def test_a_block_is_cut_where_its_values_begin(protocol):
    """Blocks as Whoosh (protocol 2) and `index.bulk` (protocol 3) pickle them: the ids and weights are read
    from the head alone, cut where the values begin, whatever bytes the ids hold (bytes of TUPLE, BINPUT and
    0 among them)."""
    import pickle

    from reader.search.blocks import _ids_and_weights, _values_at

    rng = random.Random(protocol)
    tricky = [0x74, 0x71, 0, 0x85, 0x86, 0x87, 0x28, 0x4E, 0x47, 0x7174, 0x7471, 0x8671]
    for _ in range(2000):
        count = rng.choice([1, 2, 3, 4, 5, 127, 128])
        ids = tuple(rng.choice([*tricky, rng.randint(0, 255), rng.randint(256, 70_000)]) for _ in range(count))
        weights = rng.choice([None, 1.5, tuple(float(rng.choice([1, 116, 2**60])) for _ in range(count))])
        values = rng.choice([tuple(bytes([rng.randrange(256)] * rng.randint(1, 9)) for _ in range(count)), b"ab", None])
        raw = pickle.dumps((ids, weights, values), protocol)
        at = _values_at(raw, count)
        assert at == len(pickle.dumps((ids, weights), protocol)) - 4  # (TUPLE2, BINPUT, STOP)
        assert _ids_and_weights(memoryview(raw), 0, count) == (ids, weights)


def test_a_prefix_is_expanded_from_the_term_index_as_whoosh_walks_it(big_segment, service):
    """`rewrite._prefix_frequencies` (the term index read a chunk at a time) finds the terms and document
    frequencies Whoosh's own walk finds, for prefixes of every length, none and the whole field."""
    from itertools import islice

    from reader.search import rewrite

    for svc in (big_segment, service):
        reader = svc._searcher.reader()
        for leaf, _offset in reader.leaf_readers():
            for fieldname in ("body", "exact", "title_prefix", "person"):
                words = [b.decode() for b in leaf.lexicon(fieldname)]
                prefixes = {"", "zzz", "é", *(w[:k] for w in words[::7] for k in (1, 2, 3, len(w)))}
                for prefix in sorted(prefixes):
                    want = [(t, i.doc_frequency()) for t, i in leaf.iter_prefix(fieldname, prefix)]
                    walked = rewrite._prefix_frequencies(leaf, fieldname, prefix)
                    assert walked is not None
                    assert list(walked) == want, (fieldname, prefix)
    old_chunk = rewrite._CHUNK
    try:
        rewrite._CHUNK = 7  # (entries longer than a chunk, and chunks ending mid-entry)
        leaf = next(iter(big_segment._searcher.reader().leaf_readers()))[0]
        want = [(t, i.doc_frequency()) for t, i in leaf.iter_prefix("body", "m")]
        assert list(islice(rewrite._prefix_frequencies(leaf, "body", "m"), 10_000)) == want
    finally:
        rewrite._CHUNK = old_chunk


def test_the_positions_of_several_postings_decode_as_each_alone():
    """`_decode_many` (a block's wanted values unpickled at once) gives what Whoosh's Positions format
    decodes value by value, whatever the positions (one, many, far apart)."""
    import pickle

    from whoosh import formats

    from reader.search.vector import _decode_many

    fmt = formats.Positions()
    rng = random.Random(3)
    for _ in range(200):
        lists = [
            sorted(rng.sample(range(rng.choice([10, 300, 100_000])), rng.randint(1, 9)))
            for _ in range(rng.randint(1, 40))
        ]
        values = [fmt.encode(p) for p in lists]
        assert _decode_many(values) == [list(fmt.decode_positions(v)) for v in values] == lists
    odd = [b"\x00\x00\x00\x01" + pickle.dumps([5], 4), fmt.encode([1, 2])]  # (another protocol: one by one)
    assert _decode_many(odd) == [[5], [1, 2]]
