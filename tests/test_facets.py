"""The actors of a set of articles counted in arrays (reader.search.facets) give what a plain Counter gives:
each story's copies counted once, whether all of its copies are counted, one, or some."""

from __future__ import annotations

from collections import Counter
from itertools import chain

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.facets import ActorCounter

KINDS = ("person", "place", "organisation")


def reference(actors, stories, docnums, once=True):
    groups: dict[object, set[int]] = {}
    for n in docnums:
        key = (stories[n] or ("alone", n)) if once else ("alone", n)
        groups.setdefault(key, set()).update(actors[n])
    return Counter(chain.from_iterable(groups.values()))


@st.composite
def corpora(draw):
    n_names = draw(st.integers(1, 12))
    size = draw(st.integers(0, 30))
    actors = [tuple(draw(st.sets(st.integers(0, n_names - 1), max_size=5))) for _ in range(size)]
    stories = [draw(st.sampled_from(["", "s1", "s2", "s3", "s4"])) for _ in range(size)]
    docnums = draw(st.lists(st.integers(0, max(size - 1, 0)), unique=True)) if size else []
    names = [(f"Nom {i}", KINDS[i % 3], f"nom {i}") for i in range(n_names)]
    return actors, stories, names, docnums


@settings(max_examples=300, deadline=None)
@given(corpora(), st.booleans())
def test_counts_are_those_of_a_counter_a_story_once(corpus, once):
    actors, stories, names, docnums = corpus
    counted = ActorCounter(actors, names, stories, KINDS).count(docnums, once=once)
    assert dict(counted.pairs()) == dict(reference(actors, stories, docnums, once))
    # most named first, ties by name
    keys = [(-c, names[n][2]) for n, c in counted.pairs()]
    assert keys == sorted(keys)
    for code in range(3):
        top, total = counted.top(code, 2)
        of_kind = [(n, c) for n, c in counted.pairs() if names[n][1] == KINDS[code]]
        assert top == of_kind[:2] and total == len(of_kind)
    left_out = [n for n, _ in counted.pairs()[:1]]
    assert [n for n, _ in counted.without(left_out).pairs()] == [n for n, _ in counted.pairs()[1:]]


def test_documents_out_of_range_are_passed_over():
    counter = ActorCounter([(0, 1), (1,)], [("A", "person", "a"), ("B", "place", "b")], ["s", "s"], KINDS)
    assert counter.count([0, 1, 5, -1]).pairs() == [(0, 1), (1, 1)]  # one story: B once; ties A–Z
    assert counter.count([0, 1], once=False).pairs() == [(1, 2), (0, 1)]
