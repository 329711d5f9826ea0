"""Key actors and agreements on the seed articles (the model runs once per module)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.enrich import EMPTY, Enrichment, enrich_many
from reader.ingest import read_article, walk

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds():
    arts = [read_article(SEEDS, f.path) for f in walk(SEEDS)]
    return {a.path[:3]: (a, e) for a, e in zip(arts, enrich_many(arts), strict=True)}


TITLE = "Les nouvelles du jour"  # the model reads the title too: a real one, as articles have


def names(e: Enrichment, kind: str | None = None) -> set[str]:
    return {a.name for a in e.actors if kind is None or a.kind == kind}


def pairs(e: Enrichment) -> list[frozenset]:
    return [frozenset(g.parties) for g in e.agreements]


@pytest.mark.parametrize(
    "key,people",
    [
        ("000", {"Keir Starmer", "Sanae Takaichi", "Donald Trump"}),
        ("002", {"Pete Hegseth", "Shinjiro Koizumi"}),
        ("003", {"Takeshi Iwaya", "Antony Blinken", "Shigeru Ishiba"}),
        ("004", {"Mark Rutte", "Shigeru Ishiba"}),
    ],
)
def test_key_people(seeds, key, people):
    assert people <= names(seeds[key][1], "person")


def test_places_and_organisations(seeds):
    e = seeds["004"][1]
    assert {"Japon", "Chine", "Russie", "Ukraine"} <= names(e, "place")
    assert "OTAN" in names(e, "organisation")
    assert "Washington" in names(seeds["002"][1], "place")


def test_noise_is_not_an_actor(seeds):
    all_names = set().union(*(names(e) for _, e in seeds.values()))
    for noise in (
        "Jeudi",
        "Laisser",
        "Evoquant",
        "Première ministre japonaise",
        "Premier ministre",
        "Le chef",
        "Cela",
        "Ces",
        "État",
        "Réalisme",
        "qu’",
        "d’",
    ):
        assert noise not in all_names
    assert all(any(c.isupper() or c.isdigit() for c in n) for n in all_names)


def test_canonical_names(seeds):
    for _, e in seeds.values():
        ns = names(e)
        assert not {"la Chine", "La Chine", "l’OTAN", "l'OTAN", "Une OTAN", "Otan", "le Japon"} & ns
        assert "Etats-Unis" not in ns
    assert "Chine" in names(seeds["000"][1]) and "OTAN" in names(seeds["000"][1])  # "Otan" in the text
    us = [a for a in seeds["002"][1].actors if a.name == "États-Unis"]
    assert len(us) == 1 and us[0].mentions == 3  # "Etats-Unis" in the title, "Etats-Unis" and "États-Unis"
    e = seeds["003"][1]
    assert "Ishiba" not in names(e) and "Iwaya" not in names(e)
    ishiba = next(a for a in e.actors if a.name == "Shigeru Ishiba")
    assert ishiba.mentions >= 4  # "Shigeru Ishiba" once, "Ishiba" alone three times


def at(a, start: int, end: int) -> str:
    """The text at a record's offsets: into the body, or (negative) into the title read before it."""
    if start >= 0:
        return a.body[start:end]
    shift = len(a.title) + 2
    return a.title[start + shift : end + shift]


def test_spans_point_at_mentions(seeds):
    for a, e in seeds.values():
        for actor in e.actors:
            assert actor.mentions == len(actor.spans)
            for s, t in actor.spans:
                text = at(a, s, t)
                assert text and text == text.strip()
                words = actor.name.replace("É", "E").lower().split()
                assert text.replace("É", "E").lower() in words or text.replace("É", "E").lower() == " ".join(words), (
                    actor.name,
                    text,
                )
        for g in e.agreements:
            assert at(a, g.start, g.end) == g.text


def test_actors_sorted(seeds):
    for _, e in seeds.values():
        keys = [(-a.mentions, a.name) for a in e.actors]
        assert keys == sorted(keys)


JP_UK = frozenset({"Japon", "Royaume-Uni"})
JP_US = frozenset({"Japon", "États-Unis"})


def test_agreements_reported_by_the_seeds(seeds):
    assert JP_UK in pairs(seeds["000"][1])
    assert JP_UK in pairs(seeds["001"][1])
    assert JP_US in pairs(seeds["002"][1])
    assert JP_US in pairs(seeds["003"][1])
    assert frozenset({"Japon", "OTAN"}) in pairs(seeds["004"][1])


def test_uk_agreements_signed_in_china(seeds):
    a, e = seeds["000"]
    china = [g for g in e.agreements if set(g.parties) == {"Chine", "Royaume-Uni"}]
    assert china and "visa" in china[0].topics
    assert china[0].date == a.date == "2026-01-31"


def test_agreement_topics(seeds):
    e = seeds["000"][1]
    topics = set().union(*(g.topics for g in e.agreements if frozenset(g.parties) == JP_UK))
    assert {"défense", "sécurité", "terres rares", "chaînes d'approvisionnement"} <= topics
    assert "missiles" in set().union(*(g.topics for g in seeds["002"][1].agreements))


def test_no_spurious_parties(seeds):
    for _, e in seeds.values():
        for g in e.agreements:
            assert 1 <= len(g.parties) <= 3, g


def test_negated_and_hoped_for_are_not_agreements():
    from reader.ingest import Article

    texts = [
        "Le Japon et la Chine n'ont pas conclu d'accord.",
        "Paris et Berlin espèrent conclure un accord.",
        "Le Japon et la Chine n'ont conclu aucun accord.",
        "La France pourrait signer un traité avec l'Inde.",
        "Paris et Berlin souhaitent un accord sur le commerce.",
    ]
    arts = [Article(str(i), f"{i}.txt", TITLE, None, "fr", t) for i, t in enumerate(texts)]
    assert all(not e.agreements for e in enrich_many(arts))
    yes = Article(
        "y",
        "y.txt",
        TITLE,
        "2024-01-01",
        "fr",
        "Paris et Berlin ont signé un accord sur le commerce.",
    )
    (e,) = enrich_many([yes])
    assert [set(g.parties) for g in e.agreements] == [{"France", "Allemagne"}]


def test_json_round_trip(seeds):
    for _, e in seeds.values():
        data = json.loads(json.dumps(e.to_json()))
        assert Enrichment.from_json(data) == e
    assert Enrichment.from_json(EMPTY.to_json()) == EMPTY
    exported = seeds["000"][1].export()
    assert set(exported) == {"actors", "agreements"}
    assert set(exported["actors"][0]) == {"name", "kind", "mentions"}
    assert set(exported["agreements"][0]) == {"parties", "kind", "text", "topics", "when", "parties_note"}
    json.dumps(exported)


def test_enrich_many_keeps_order_across_processes(seeds):
    arts = [a for a, _ in seeds.values()]
    got = list(enrich_many(arts, n_process=2, batch_size=2))
    assert got == [e for _, e in seeds.values()]


def test_stream_takes_a_chunk_only_when_a_slot_is_free_and_stops_when_closed(seeds):
    from reader.enrich import pipeline

    arts = [a for a, _ in seeds.values()]
    expected = [e for _, e in seeds.values()]
    pulled = []

    def chunks():
        for a in arts:
            pulled.append(a)
            yield [a]

    stream = pipeline.stream(chunks(), n_process=2)
    got = []
    for results in stream:
        assert len(pulled) - len(got) <= 4  # at most 2 × n_process chunks in flight
        got.append(results)
        if len(got) == 2:
            break
    stream.close()  # the pool goes without waiting for the chunks still queued
    assert got == [[expected[0]], [expected[1]]]


def test_the_cache_gives_back_what_it_stored_and_replaces_a_damaged_file(tmp_path, seeds, capsys):
    from reader.enrich import MODEL_VERSION
    from reader.enrich.cache import EnrichmentCache

    a, e = seeds["000"]
    path = tmp_path / "cache" / "enrichment.sqlite"
    cache = EnrichmentCache(path)
    assert cache.get(a) == (None, "")
    cache.put(a, e, "an older version")
    assert cache.get(a) == (None, "")  # (an entry of another version is none)
    cache.put(a, e, MODEL_VERSION)
    assert cache.get(a) == (e, MODEL_VERSION)  # (the same object, asked before it held one of this version)
    cache.commit()
    cache.close()
    cache = EnrichmentCache(path)
    assert cache.get(a) == (e, MODEL_VERSION)
    cache.put(a, e, "an older version")
    assert cache.get(a) == (None, "")
    cache.close()
    path.write_bytes(b"not a database" * 100)
    cache = EnrichmentCache(path)
    assert "enrichment cache unusable" in capsys.readouterr().err
    assert cache.get(a) == (None, "")
    cache.close()


def test_import_does_not_load_spacy():
    code = "import sys, reader.enrich; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_duplicates_merged_distinct_kept(seeds):
    e = seeds["002"][1]
    kinds = [g.kind for g in e.agreements if frozenset(g.parties) == JP_US]
    # "se sont mis d'accord" and "L'accord a été conclu" one record; "L'accord vise aussi…" (the lead, labelled
    # an agreement sentence of its own) another, with the parties of the nearest (c4014fe)
    assert kinds.count("agreement") == 2
    assert "alliance" in kinds and "commitment" in kinds


def test_refused_denied_and_future_are_not_agreements_and_capitals_stand_for_countries():
    from reader.ingest import Article

    texts = [
        "Tokyo et Pékin refusent de signer un accord commercial.",
        "Tous les experts de la France et de l'Allemagne s'accordent à trouver ce chiffre sous-estimé.",
        "Les témoins de la France et de l'Allemagne s'accordent sur le fait que le groupe venait du camp.",
        "Tout en se disant disposée à conclure un accord avec l'Égypte, l'Éthiopie remplit le barrage.",
        "Londres et Paris démentent avoir conclu un accord secret.",
        "Le Japon et l'Inde signeront un accord l'an prochain.",
        "Washington et Séoul vont conclure un traité.",
    ]
    arts = [Article(str(i), f"{i}.txt", TITLE, None, "fr", t) for i, t in enumerate(texts)]
    assert [e.agreements for e in enrich_many(arts)] == [()] * len(texts)
    yes = [
        "Tokyo et Washington ont signé un accord de défense.",
        "Le Premier ministre britannique Keir Starmer et la Première ministre japonaise Sanae Takaichi ont "
        "conclu un accord.",
        "Le Premier ministre britannique Keir Starmer a conclu un accord avec son homologue japonaise Sanae Takaichi.",
    ]
    arts = [Article(str(i), f"{i}.txt", TITLE, None, "fr", t) for i, t in enumerate(yes)]
    got = [[set(g.parties) for g in e.agreements] for e in enrich_many(arts)]
    assert got[0] == [{"Japon", "États-Unis"}]  # capitals stand for their countries
    assert got[1] == got[2] == [{"Royaume-Uni", "Japon"}]  # leaders named with their country stand for it


def test_opening_the_reader_on_an_up_to_date_index_loads_no_model(seed_corpus):
    """The whole path the reader takes to its first screen (open the index, list, open an article)."""
    import os

    code = (
        "import sys; from pathlib import Path; from reader.search import SearchService; "
        "import reader.tui.app; s = SearchService(Path(sys.argv[1])); assert s.pending() == 0; "
        "d = s.document(s.browse()[0]); s.search('Japon'); print(bool(d.enrichment.actors), 'spacy' in sys.modules)"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(seed_corpus.parent / "xdg_cache_home"))
    out = subprocess.run(
        [sys.executable, "-c", code, str(seed_corpus)], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == ["True", "False"]


def test_a_noun_trigger_under_a_nominal_root_does_not_hang():
    """A real article hung the extraction: the walk up a noun phrase never recognised the root token."""
    import signal

    from reader.ingest import Article

    text = (
        "Australie: l'agence de presse sauvée\n\nCet accord est une véritable bouée de sauvetage pour AAP "
        "au moment où le secteur des médias connaît d'importantes difficultés financières."
    )

    def too_long(signum, frame):
        raise TimeoutError("extraction hung")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)
    try:
        (e,) = enrich_many([Article("x", "x.txt", TITLE, None, "fr", text)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert "Australie" in {a.name for a in e.actors}  # and it still reads the article


def test_an_article_the_rules_stall_on_goes_without_and_the_rest_are_extracted(monkeypatch, capsys):
    import time

    from reader.enrich import pipeline
    from reader.ingest import Article

    real = pipeline._assemble

    def stalls_on_the_second(nlp, doc, parsed, item):
        if "Séoul" in item[0]:
            time.sleep(5)
        return real(nlp, doc, parsed, item)

    monkeypatch.setattr(pipeline, "_assemble", stalls_on_the_second)
    monkeypatch.setattr(pipeline, "ARTICLE_SECONDS", 1)
    texts = [
        "Tokyo et Washington ont signé un accord.",
        "Séoul et Tokyo ont signé un accord.",
        "Paris et Berlin ont signé un accord.",
    ]
    got = list(enrich_many([Article(str(i), f"{i}.txt", TITLE, None, "fr", t) for i, t in enumerate(texts)]))
    assert [bool(e.agreements) for e in got] == [True, False, True]
    assert "gave up" in capsys.readouterr().err


def test_one_side_promising_is_not_an_agreement_and_borrows_no_parties():
    from reader.ingest import Article

    text = (
        "Tokyo et Washington ont signé un accord de défense. Elon Musk a promis une voiture pour 2020. "
        "Le président mexicain s'est engagé à faire de même."
    )
    (e,) = enrich_many([Article("m", "m.txt", TITLE, None, "fr", text)])
    assert [set(g.parties) for g in e.agreements] == [{"Japon", "États-Unis"}]


def test_a_people_stands_for_its_country_and_diseases_are_not_actors():
    from reader.ingest import Article

    text = (
        "Les Français sont inquiets face au Covid-19. Les Américains aussi, selon Emmanuel Macron. "
        "Le coronavirus progresse."
    )
    (e,) = enrich_many([Article("a", "a.txt", TITLE, None, "fr", text)])
    found = {(a.name, a.kind) for a in e.actors}
    assert {("France", "place"), ("États-Unis", "place"), ("Emmanuel Macron", "person")} <= found
    assert not {name for name, _ in found} & {"Français", "Américains", "Covid-19", "coronavirus"}


def test_dash_headings_glued_to_the_text_end_sentences():
    from reader.enrich import nlp

    text = "la France (29.111 morts).- L'Opep prolonge ses coupes -Les membres de l'Organisation ont convenu."
    (doc,) = nlp.pass1([text])
    assert [s.text.strip() for s in doc.sents] == [
        "la France (29.111 morts).-",
        "L'Opep prolonge ses coupes",
        "-Les membres de l'Organisation ont convenu.",
    ]


def test_a_press_agency_as_the_source_is_no_actor_but_acting_it_is():
    from reader.ingest import Article

    texts = [
        "Le ministre a déclaré à l'AFP que l'accord était proche. Selon Reuters, rien n'est fait. "
        "Un journaliste de l'AFP était là.",
        "L'AFP a annoncé la fermeture de son bureau à Kaboul.",
    ]
    sourced, acting = enrich_many([Article(str(i), f"{i}.txt", TITLE, None, "fr", t) for i, t in enumerate(texts)])
    assert not {a.name for a in sourced.actors} & {"AFP", "Reuters"}
    assert "AFP" in {a.name for a in acting.actors}


def test_the_classifier_reads_the_article_around_a_sentence():
    """Each candidate sentence carries how many of the article's other candidates the rules parse an
    agreement in, and how many other candidates there are."""
    import numpy as np

    from reader.enrich.classify import Features, in_context

    v = np.zeros(3, dtype=np.float32)
    article = [Features("a _r_agreement", v), Features("b _r_none", v), Features("c _r_alliance _r_agreement", v)]
    got = [f.text.split()[-2:] for f in in_context(article)]
    assert got == [["_x_nrule_1", "_x_ncand_2"], ["_x_nrule_2", "_x_ncand_2"], ["_x_nrule_1", "_x_ncand_2"]]
    assert in_context([Features("a _r_none", v)])[0].text.endswith("_x_nrule_0 _x_ncand_0")


# ---- speed: the same readings, computed faster --------------------------------------------------------


def test_the_lemmatizer_s_index_is_read_as_sets_and_gives_the_same_lemmas():
    from reader.enrich import nlp

    index = nlp.load().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(index[key], frozenset) for key in index.keys())
    (doc,) = nlp.pass2(["Les deux pays ont signé des accords et se sont alliés contre leurs anciens partenaires."])
    assert [t.lemma_ for t in doc] == [
        "le", "deux", "pays", "avoir", "signer", "un", "accord", "et", "se", "être", "allier", "contre", "leur",
        "ancien", "partenaire", ".",
    ]  # fmt: skip


def test_the_models_multiply_matrices_with_numpy():
    from thinc.api import NumpyOps

    from reader.enrich import nlp

    language = nlp.load()
    for name in ("ner", "tok2vec", "parser", "morphologizer"):
        ops = {node.ops for node in language.get_pipe(name).model.walk()}
        assert all(isinstance(o, NumpyOps) and not o.use_blis for o in ops), name


def test_dash_headings_found_from_offsets_are_those_of_a_token_by_token_reading():
    from reader.enrich import nlp

    language = nlp.load()
    texts = [
        "Bilan: 3 morts).- L'Opep prolonge -Les membres de l'Opep.- Ceci -a b.-c -",
        "-Les membres", "a .- B", "x.-\n\nY", "-É bon -é", ".-", "Saint-Etienne -", "sans tiret",
    ]  # fmt: skip
    for text in texts:
        doc = language.make_doc(text)
        expected = [
            t.i
            for t in doc[1:]
            if doc[t.i - 1].text.endswith(".-") or (len(t.text) > 1 and t.text[0] == "-" and t.text[1].isupper())
        ]
        assert sorted(set(nlp._dash_headings(doc))) == expected, text


def test_the_classifier_s_vectors_are_the_means_of_spacy_s_token_vectors():
    import numpy as np

    from reader.enrich import classify, nlp

    texts = [
        "Le Japon et les États-Unis ont signé un accord commercial mardi.",
        "Ils s'allient, a dit l'AFP !",
        "accord",
    ]
    for doc in nlp.pass2(texts):
        words = [t for t in doc if classify.CANDIDATE.match(t.text) or classify.CANDIDATE.match(t.lemma_)]

        def mean(toks):
            vs = [np.asarray(t.vector) for t in toks if t.has_vector]
            return np.mean(vs, axis=0) if vs else np.zeros(classify.STATIC, dtype=np.float32)

        content = [t for t in doc if not t.is_punct and not t.is_stop]
        expected = np.concatenate([mean(content), mean(words), mean([t.head for t in words])]).astype(np.float32)
        assert classify.vectors(doc, words)[: 3 * classify.STATIC].tobytes() == expected.tobytes()


def test_a_sentence_s_position_given_is_the_one_counted():
    from reader.enrich import classify, nlp

    (doc,) = nlp.pass1(["Le titre\n\nUne phrase. Une autre ! Encore une ; et une. La sixième. La septième."])
    for i, sent in enumerate(doc.sents):
        assert classify._position(sent, i) == classify._position(sent)


def test_the_passes_run_numpy_s_blas_on_one_thread_and_restore_it():
    from reader.enrich import nlp

    threads = nlp._openblas_threads()
    if threads is None:
        pytest.skip("no OpenBLAS in this process")
    get, _ = threads
    before = get()
    with nlp.one_blas_thread():
        assert get() == 1
    assert get() == before


def test_a_record_with_fewer_than_two_parties_says_why() -> None:
    """An agreement has two sides: a record that names one or none says the text does not name the rest where
    the extraction looks, in the export, in `reader agreements` and in the article's side panel."""
    from dataclasses import replace

    from reader.cli.render import agreement_json, agreement_row
    from reader.enrich.records import Agreement
    from reader.search.results import Row
    from reader.tui.widgets.article_view import _sidebar

    one = Agreement(("Japon",), "agreement", "Le Japon a signé un accord.", (), 0, 27, "2024-01-01")
    none = replace(one, parties=())
    two = replace(one, parties=("Japon", "Inde"))
    assert two.parties_note is None
    assert one.parties_note is not None and one.parties_note.startswith("one party named")
    assert none.parties_note is not None and none.parties_note.startswith("no party named")
    exported = Enrichment((), (one, none, two)).export()["agreements"]
    assert [g["parties_note"] for g in exported] == [one.parties_note, none.parties_note, None]
    row = Row(docnum=0, id="x", path="x.txt", title="T", date="2024-01-01")
    assert agreement_json(row, one)["parties_note"] == one.parties_note
    assert agreement_row(row, two)["parties_note"] == ""
    panel = _sidebar(True, (), (one, two)).plain
    assert "Japon – ?" in panel and one.parties_note in panel and "Japon – Inde" in panel
