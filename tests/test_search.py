"""Search quality on the seeds: accent folding, stemming, AND by default, phrases, fields, dates,
natural-language queries, did-you-mean, bounded expansions and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader import index
from reader.index.schema import text_analyzer
from reader.search import QueryError, SearchService
from reader.search.rewrite import Rewriter


@pytest.fixture
def service(seed_text_service: SearchService) -> SearchService:
    return seed_text_service


def found(service: SearchService, q: str) -> list[str]:
    return [h.row.path[:3] for h in service.search(q, limit=None, snippets=False).hits]


def test_accents_and_stems_fold(service: SearchService) -> None:
    assert set(found(service, "Etats-Unis")) == set(found(service, "États-Unis")) >= {"002", "003"}
    assert set(found(service, "Taiwan")) == set(found(service, "Taïwan")) >= {"000", "002", "004"}
    assert "003" in found(service, "cooperation")
    assert set(found(service, "accords")) >= {"000", "001", "002"}  # "accord" and "accords"


def test_words_are_anded_by_default(service: SearchService) -> None:
    assert found(service, "Starmer") and set(found(service, "Starmer")) == {"000", "001"}
    assert found(service, "Starmer Rutte") == []
    assert set(found(service, "Starmer OR Rutte")) == {"000", "001", "004"}


def test_phrases_fields_and_dates(service: SearchService) -> None:
    assert found(service, '"alliance solide"') == ["003"]
    assert found(service, "title:Londres") == ["001"]
    assert set(found(service, "date:[2026-01-01 to 2026-12-31]")) == {"000", "002"}
    assert found(service, "date:2025-04-09") == ["004"]
    assert set(found(service, "japon NOT Starmer")) == {"002", "003", "004"}
    assert found(service, "japon NOT chine") == []  # every seed names China


def test_title_matches_rank_first(service: SearchService) -> None:
    assert found(service, "Londres")[0] == "001"


def test_pasted_sentence_finds_its_article(service: SearchService) -> None:
    sentence = (
        "Downing Street a annoncé que Pékin avait accepté d'exempter de visa les citoyens britanniques "
        "se rendant en Chine pour moins de 30 jours"
    )
    assert found(service, sentence)[0] == "000"


def test_did_you_mean(service: SearchService) -> None:
    result = service.search("Japn")
    assert result.total == 0 and result.suggestion and result.suggestion.lower() == "japon"


def test_snippets_mark_the_matches(service: SearchService) -> None:
    hit = service.search("Hegseth").hits[0]
    marked = [text for text, is_match in hit.snippet if is_match]
    assert marked and all(t == "Hegseth" for t in marked)


def test_prefixes_and_wildcards_are_bounded(service: SearchService) -> None:
    result = service.search("a*", limit=5)
    assert result.total == 5 and result.note and "limited" in result.note
    assert "000" in found(service, "Starm*")
    assert found(service, "*armer")  # leading wildcards work, bounded too


def test_live_search_treats_the_last_word_as_a_prefix(service: SearchService) -> None:
    assert set(h.row.path[:3] for h in service.search("Hegs", live=True).hits) == {"002"}


@pytest.mark.parametrize("bad", ['"japon', "title:(", "a)", "date:[2025 to demain]", "date:bientot", "   ", "\x00"])
def test_malformed_queries_raise_a_clear_error(service: SearchService, bad: str) -> None:
    with pytest.raises(QueryError) as err:
        service.search(bad)
    assert str(err.value) and "\n" not in str(err.value)


def test_query_spans_point_at_the_words(service: SearchService) -> None:
    doc = service.document(service.docnum(service.search("Takaichi").hits[0].row.id))
    spans = service.query_spans("takaichi", doc.body)
    assert spans and all(doc.body[a:b] == "Takaichi" for a, b in spans)


def test_browse_is_newest_first_with_undated_last(service: SearchService) -> None:
    rows = [service.row(n) for n in service.browse()]
    assert [r.date for r in rows] == ["2026-01-31", "2026-01-16", "2025-04-09", None, None]


def test_refresh_picks_up_a_new_generation(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Un titre pour le premier article\n\nLe Japon signe un accord avec la France.")
    index.update(corpus)
    service = SearchService(corpus)
    assert service.refresh() is False
    (corpus / "b.txt").write_text("Un titre pour le second article\n\nLe Japon signe un accord avec l'Inde.")
    index.update(corpus)
    assert service.refresh() is True
    assert service.search("japon").total == 2
    assert len(service.browse()) == 2  # the list spans both segments


def test_date_ranges_with_words_filter_like_the_plain_query(service: SearchService) -> None:
    """A date range beside words is applied from the date column; the documents must be the same."""
    plain = set(found(service, "Japon")) & set(found(service, "date:[2026-01-01 to 2026-12-31]"))
    assert set(found(service, "date:[2026-01-01 to 2026-12-31] Japon")) == plain == {"000", "002"}
    assert found(service, "date:[to 2025-12-31] Japon") == ["004"]


def test_typed_prefixes_use_title_ngrams_and_body_words(service: SearchService) -> None:
    assert "000" in [h.row.path[:3] for h in service.search("Roy", live=True).hits]  # title word, ngram
    assert [h.row.path[:3] for h in service.search("Starme", live=True).hits]  # body, expansion
    assert service.search("ja", live=True).total >= 1  # two letters: title words only, never an explosion


def test_pending_is_counted_on_the_open_searcher(service: SearchService) -> None:
    assert service.pending() == index.pending_count(service.ix)


def test_ranked_lists_every_hit_best_first_with_the_exact_total(service: SearchService) -> None:
    full = service.search("Japon accord", limit=None, snippets=False)
    ranked = service.ranked("Japon accord")
    assert ranked.docnums == [h.row.docnum for h in full.hits] and ranked.total == full.total >= 3
    best = service.ranked("Japon accord", limit=2)
    assert best.docnums == ranked.docnums[:2]
    assert best.total == ranked.total  # the count is exact even when only the best are returned
    assert service.search("Japon accord", limit=1).total == ranked.total
    assert ranked.hits == []  # no stored field read: rows are fetched by the list as it draws


def test_date_bounds_are_read_to_the_day(service: SearchService) -> None:
    def dates(q: str) -> list[str]:
        return sorted(h.row.date for h in service.search(q, limit=None).hits)

    assert dates("date:>2025-06-01") == ["2026-01-16", "2026-01-31"]  # not "from 2025"
    assert dates("date:[2025-06-01 to]") == ["2026-01-16", "2026-01-31"]
    assert dates("date:[2025-06-01 to 2026-01-20]") == ["2026-01-16"]
    assert dates("date:<2025-06-01") == ["2025-04-09"]
    assert dates("japon date:[2026-01-17 to 2026-12-31]") == ["2026-01-31"]  # beside words, from the column


def test_star_alone_is_every_article_and_leading_wildcards_match_like_whoosh(service: SearchService) -> None:
    from whoosh import query as wq

    assert service.search("*", limit=None).total == 5  # every article, without a field's whole lexicon
    assert service.search("?*", limit=None).total == 5
    assert {h.row.path for h in service.search("japon *", limit=None).hits} == {
        h.row.path for h in service.search("japon", limit=None).hits
    }
    with index.open_index(service.ixdir).reader() as reader:
        rewriter = Rewriter(reader, text_analyzer())
        for pattern in ("*tion", "*ai?", "?apon*"):
            ours = set(rewriter.lexicon_matches("body", pattern))
            whoosh = set(wq.Wildcard("body", pattern)._btexts(reader))
            assert ours == whoosh and ours, pattern


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("japon OR", "japon"),  # an operator left dangling is no operator
        ("OR japon AND", "japon"),
        ("<japon>", "japon"),  # < and > outside a field are text
        ("défense:japon", "défense japon"),  # a word that is no field of ours is text
        ("Tokyo: le Japon", "Tokyo Japon"),  # a colon in a pasted sentence
        ("japon NOT NOT NOT Starmer", "japon NOT Starmer"),  # repeated operators count once
    ],
)
def test_odd_queries_mean_what_they_plainly_say(service: SearchService, query: str, expected: str) -> None:
    assert set(found(service, query)) == set(found(service, expected))
    assert found(service, query)


def test_internal_fields_are_not_searchable_and_say_nothing_odd(service: SearchService) -> None:
    assert service.search("enrichment:x").total == 0  # was "STORED(...) field has no format"
    assert service.search("enrichment:japon").total == service.search("enrichment japon").total == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date:<<2020", "not a date"),
        (" ".join(["NOT"] * 500), "nothing to search for"),
        ("(" * 5000 + "japon" + ")" * 5000, "too deep"),
        ("le la les", "too common"),
        ("persn:Macron", "did you mean person:"),
    ],
)
def test_queries_that_cannot_mean_anything_say_why_in_one_short_line(
    service: SearchService, query: str, message: str
) -> None:
    with pytest.raises(QueryError) as caught:
        service.search(query)
    text = str(caught.value)
    assert message in text and "\n" not in text and len(text) < 200


def test_a_snippet_reads_only_the_start_of_a_huge_article(tmp_path: Path) -> None:
    """Searching must not analyse a 50 MB article each time it is a hit: its snippet comes from the first
    SNIPPET_SCAN characters (a word only found past them is matched, but not highlighted)."""
    from reader.search.highlight import SNIPPET_SCAN

    corpus = tmp_path / "c"
    corpus.mkdir()
    filler = "Le gouvernement a présenté son budget. " * (3 * SNIPPET_SCAN // 40)
    (corpus / "big.txt").write_text(f"Un très long article\n2024-01-01\n\n{filler}\n\nEnfin, Okinawa.\n")
    index.update(corpus)
    service = SearchService(corpus)
    near, far = service.search("gouvernement").hits[0], service.search("Okinawa").hits[0]
    assert any(is_match for _, is_match in near.snippet)  # a match at the start is highlighted
    assert not any(is_match for _, is_match in far.snippet)  # one past the scan is found, shown unmarked
    assert far.snippet_text.startswith("Le gouvernement")


@pytest.mark.slow
def test_the_count_is_exact_whatever_the_limit(tmp_path: Path) -> None:
    """On an index of several segments, Whoosh's top-N collector dropped parts of an OR that could no
    longer reach the top N, and counted only what was left: `France --limit 1` said 2,069 of 7,736."""
    import random

    rng = random.Random(5)
    words = ["économie", "pluie", "route", "école", "marché", "santé", "travail", "ville", "loi", "prix"]
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n in range(6000):  # past PARALLEL_FROM: two writer processes, two segments
        body = [rng.choice(words) for _ in range(rng.randint(20, 400))]
        for _ in range(rng.choice([0, 0, 1, 1, 2, 5])):
            body.insert(rng.randrange(len(body)), "France")
        title = f"Nouvelles du jour {n}" + (" en France" if n % 10 == 0 else "")
        (corpus / f"{n:04d}.txt").write_text(f"{title}\n2024-01-01\n\n{' '.join(body)}.\n", encoding="utf-8")
    index.update(corpus)
    service = SearchService(corpus)
    every = service.search("France", limit=None, snippets=False).total
    assert every > 4000
    assert [service.search("France", limit=n, snippets=False).total for n in (1, 10, 100)] == [every] * 3
    assert service.ranked("France", limit=1).total == every


def test_a_date_range_no_article_falls_in_matches_nothing(service: SearchService) -> None:
    assert service.search("date:[1900 to 1901] japon").total == 0  # Whoosh ignored an empty filter
    assert found(service, "date:[2026 to 2027] japon") and service.search("date:[2026 to 2027] japon").total == 2


@pytest.mark.parametrize(
    "paste",
    [
        "{title}?",  # a headline asked as a question
        "{title} ?",
        "« {title} »",
        '"{title}',  # a quotation cut in two by the paste
        "(AFP) {title}: ce qu'il faut savoir",
        "{title} [vidéo]",
    ],
)
def test_a_pasted_headline_finds_its_article_first(service: SearchService, paste: str) -> None:
    for path in ("000", "001", "002", "003", "004"):
        title = next(h.row.title for h in service.search("*", limit=None).hits if h.row.path.startswith(path))
        assert found(service, paste.format(title=title))[0] == path, (paste, title)


def test_a_pasted_sentence_counts_the_same_while_typing_and_on_enter(service: SearchService) -> None:
    sentence = "Le Japon et les États-Unis promettent une alliance solide sous leurs nouveaux gouvernements"
    typing, entered = service.ranked(sentence, limit=500, live=True), service.ranked(sentence)
    assert typing.total == entered.total and typing.docnums[0] == entered.docnums[0]


def test_a_question_mark_ending_a_word_is_punctuation_and_inside_one_a_wildcard(service: SearchService) -> None:
    assert set(found(service, "Okinawa?")) == set(found(service, "Okinawa")) != set()
    assert set(found(service, "Ta?wan")) == set(found(service, "Taïwan")) != set()


def test_did_you_mean_knows_words_found_only_in_bodies_and_never_rewrites_known_ones(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"{n}.txt").write_text(
            f"Un remaniement au ministère numéro {n}\n2020-0{n + 1}-01\n\n"
            "Christophe Castaner a défendu la police devant les députés du casting.\n",
            encoding="utf-8",
        )
    index.update(corpus)
    service = SearchService(corpus)
    assert service.search("Castanner").suggestion == "Castaner"  # the name is in no title
    assert service.search("remaniement Castanner").suggestion == "remaniement Castaner"  # the known word stays
    assert service.search("police Castanner").suggestion == "police Castaner"
    assert service.search("Castaner").suggestion is None and service.search("casting").total == 3


def _corpus(tmp_path: Path, articles: dict[str, str]) -> SearchService:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index.update(corpus)
    return SearchService(corpus)


def test_words_as_typed_rank_above_words_that_only_share_their_stem(tmp_path: Path) -> None:
    """`accord Chine` is about an accord: stemming makes accordée = accord, but the panda story ranked first."""
    service = _corpus(
        tmp_path,
        {
            "pandas.txt": "Les pandas de Chine\n2020-01-01\n\nLa Chine a prêté deux "
            "pandas. Dans une interview accordée à la presse, le directeur du zoo parle des pandas.\n",
            "accord.txt": "Un sommet à Pékin\n2020-01-02\n\nLa Chine et l'Union européenne ont signé un accord "
            "commercial après des mois de discussions.\n",
            **{f"{n}.txt": f"Météo du jour {n}\n2020-02-01\n\nIl pleut sur la ville numéro {n}.\n" for n in range(20)},
        },
    )
    result = service.search("accord Chine")
    assert [h.row.path for h in result.hits] == ["accord.txt", "pandas.txt"]  # both match, the accord first


def test_a_pasted_piece_of_a_sentence_ranks_its_article_first(tmp_path: Path) -> None:
    """Words next to each other, as pasted, rank above the same words scattered; an unpaired quote or
    bracket in a short paste is punctuation, not an error."""
    filler = "Le maire a parlé de la ville. " * 3
    service = _corpus(
        tmp_path,
        {
            "a.txt": f"Sécurité\n2020-01-01\n\n{filler}Les syndicats ont jugé la décision insuffisante "
            "pour les soignants de l'hôpital.\n",
            "b.txt": f"Budget\n2020-01-02\n\n{filler}La décision des soignants a surpris. Les syndicats, "
            "eux, se disent insuffisamment entendus à l'hôpital.\n",
        },
    )
    assert service.search("syndicats ont jugé la décision insuffisante").hits[0].row.path == "a.txt"
    assert service.search('syndicats ont jugé "la décision').hits[0].row.path == "a.txt"
    assert service.search("jugé la décision insuffisante pour les soignants)").hits[0].row.path == "a.txt"


def test_boosts_leave_the_count_as_it_was(service: SearchService) -> None:
    """Ranking boosts reorder the matches; they never add or remove one."""
    for q in ("accord Chine", "alliance Japon", "Japon défense"):
        plain = set(found(service, q))
        assert plain and len(plain) == service.search(q).total
    assert service.search("Japon Chine").total == service.search("Chine Japon").total


def test_matching_ids_are_the_ids_of_every_hit_unranked(service: SearchService) -> None:
    # what a watchlist counts: every hit's article id, from the `id` terms (no stored article read)
    for q in ["Japon", "japon NOT chine", "date:2026-01", "date:[2025 to 2026] défense", "person:Starmer", "zzzz"]:
        ranked = [h.row.id for h in service.search(q, limit=None, snippets=False).hits]
        assert sorted(service.matching_ids(q)) == sorted(ranked), q
    assert sorted(service.matching_ids("")) == sorted(service.row(n).id for n in service.browse())
    with pytest.raises(QueryError):
        service.matching_ids("persn:Starmer")


def test_matching_ids_leave_out_articles_replaced_in_the_index(tmp_path: Path) -> None:
    from tests.conftest import write

    corpus = tmp_path / "corpus"
    for i in range(3):
        write(corpus, f"{i}.txt", f"Titre {i}\n\nLe Japon et la France, article numéro {i}.\n")
    index.update(corpus)
    write(corpus, "1.txt", "Titre 1 revu\n\nLe Japon et la France, article numéro 1, revu.\n")  # a new id
    index.update(corpus)
    service = SearchService(corpus)
    try:
        expected = sorted(h.row.id for h in service.search("Japon", limit=None, snippets=False).hits)
        assert len(expected) == 3 and sorted(service.matching_ids("Japon")) == expected
        assert sorted(service.workspace().ids[n] for n in service.browse()) == expected  # (read by the workspace)
        assert sorted(service.matching_ids("Japon")) == expected
    finally:
        service.close()
