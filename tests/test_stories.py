"""Stories: the near-copies of one news item are one story, in the index, the export, `reader stories`, and
counted once by `reader actors` and `reader agreements`."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from reader import paths
from reader.ingest import read_article
from reader.stories import Stories
from reader.stories.groups import STATE, sketch
from reader.stories.sketch import NUM_PERM, RULES, SCHEME, SEED, hashes, joins, signature, similarities, title_words
from tests.conftest import SEEDS, write
from tests.test_cli import run

SEED_000 = next(SEEDS.glob("000_*"))

# Same subject as seed 000 (Japan and the United Kingdom, defence), another event: the 2023 Hiroshima accord.
OTHER_EVENT = """Le Japon et le Royaume-Uni signent un accord d'accès réciproque à Hiroshima
2023-01-11

Le Premier ministre japonais Fumio Kishida et son homologue britannique Rishi Sunak ont signé mercredi à
Londres un accord d'accès réciproque qui permettra aux forces armées des deux pays de se déployer sur le sol
de l'autre pour des exercices conjoints.

Cet accord, le premier de ce type conclu par le Japon avec un pays européen, intervient alors que Tokyo
cherche à diversifier ses partenariats face aux ambitions militaires de la Chine et de la Corée du Nord.

Rishi Sunak a salué un texte qui "renforce notre engagement dans l'Indo-Pacifique", tandis que Fumio
Kishida a évoqué une coopération "d'une importance historique" avant le sommet du G7 à Hiroshima en mai.
"""


# A daily series: the day's Covid figures, the same headline and text every day with that day's numbers.
BULLETIN_TITLE = "Coronavirus : {dead} morts en 24 heures dans les hôpitaux, la réanimation reflue encore"
BULLETIN = """La France a enregistré {dead} décès supplémentaires de patients atteints du Covid-19 dans les hôpitaux en
l'espace de 24 heures, selon le bilan quotidien publié {day} soir par la Direction générale de la santé (DGS).

Le nombre de malades hospitalisés en réanimation continue de baisser lentement, avec {icu} patients, soit
{less} de moins que la veille. Quatre régions, l'Ile-de-France, le Grand-Est, l'Auvergne-Rhône-Alpes et les
Hauts-de-France, regroupent toujours les trois quarts des malades hospitalisés.

Depuis le début de l'épidémie, {total} personnes sont mortes du coronavirus en France, dont {hosp} à
l'hôpital et {ehpad} dans les Ehpad et autres établissements médico-sociaux, selon les autorités sanitaires.

{last}
"""
SATURDAY = dict(dead=31, day="samedi", icu="1.053", less=41, total="29.142", hosp="18.792", ehpad="10.350")
SUNDAY = dict(dead=13, day="dimanche", icu="1.024", less=29, total="29.155", hosp="18.805", ehpad="10.350")
VERAN = (
    "Le ministre de la Santé Olivier Véran a appelé les Français à ne pas relâcher leurs efforts et à respecter "
    "les gestes barrières, alors que le déconfinement entre dans sa deuxième phase dans la plupart des régions."
)


def rewritten(path: Path, title: str) -> str:
    """A copy of an article with another headline and its second and third paragraphs swapped."""
    article = read_article(path.parent, path.name)
    paras = article.body.split("\n\n")
    paras[1], paras[2] = paras[2], paras[1]
    return f"{title}\n{article.date or ''}\n\n" + "\n\n".join(paras)


def stories_of(corpus: Path) -> dict[str, str]:
    """path → story id, from `reader export --json`."""
    r = run("export", "--json", "--corpus", str(corpus))
    assert r.returncode == 0, r.stderr
    return {a["path"]: a["story"] for a in json.loads(r.stdout)}


def test_signature_is_datasketch_minhash() -> None:
    article = read_article(SEEDS, SEED_000.name)
    expected = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int)
    expected.update_batch(hashes(article.title, article.body).tolist())
    assert np.array_equal(signature(article.title, article.body), expected.hashvalues)


def test_the_lsh_proposes_the_candidates_datasketch_would_within_a_day_after_inserts_and_removals() -> None:
    from datasketch import MinHashLSH

    from reader.stories.groups import _Bands
    from reader.stories.sketch import LSH_THRESHOLD, MAX_DAYS, minhash

    rng = np.random.default_rng(7)
    base = rng.integers(0, 2**32, (40, NUM_PERM), dtype=np.uint32)
    # near-copies: a few slots of a base signature changed, so bands are shared with it and with each other;
    # dated over a week, one in five undated
    sigs, days = {}, {}
    for k in range(300):
        sig = base[k % 40].copy()
        sig[rng.choice(NUM_PERM, int(rng.integers(0, 60)), replace=False)] = rng.integers(0, 2**32, dtype=np.uint32)
        sigs[f"a{k}"] = sig
        days[f"a{k}"] = None if k % 5 == 0 else 738000 + int(rng.integers(0, 7))
    ours, theirs = _Bands(), MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for key, sig in sigs.items():
        ours.insert(key, sig, days[key])
        theirs.insert(key, minhash(sig))
    for key in list(sigs)[::3]:
        ours.remove(key, sigs[key], days[key])
        theirs.remove(key)
        del days[key]

    def near(a: int | None, b: int | None) -> bool:
        return a is None or b is None or abs(a - b) <= MAX_DAYS

    probes = [
        (sig, day)
        for sig in [*sigs.values(), *rng.integers(0, 2**32, (20, NUM_PERM), dtype=np.uint32)]
        for day in (None, 738000, 738003)
    ]
    found = [sorted(ours.query(sig, day)) for sig, day in probes]
    assert found == [sorted(k for k in theirs.query(minhash(sig)) if near(days[k], day)) for sig, day in probes]
    assert sum(len(f) > 1 for f in found) > 100  # (the probes do share bands)
    assert any(len(a) > len(b) for a, b in zip(found[::3], found[1::3], strict=True))  # (and dates do filter)


def test_seeds_000_and_001_are_one_story_the_others_alone(seed_env: Path) -> None:
    r = run("stories", "--json", "--corpus", str(seed_env))
    assert r.returncode == 0, r.stderr
    stories = json.loads(r.stdout)
    assert len(stories) == 1
    (story,) = stories
    # (`outlet_names`, and each article's `source` and `url`: added beside DESIGN's keys)
    assert set(story) == {"story", "size", "outlets", "outlet_names", "articles"} and story["size"] == 2
    assert story["outlets"] == 0 and story["outlet_names"] == []  # the seeds do not say where they come from
    assert sorted(a["path"][:3] for a in story["articles"]) == ["000", "001"]
    assert set(story["articles"][0]) == {"id", "path", "title", "date", "source", "url"}
    by_path = {path[:3]: s for path, s in stories_of(seed_env).items()}
    assert by_path["000"] == by_path["001"] == story["story"]
    assert len({by_path["000"], by_path["002"], by_path["003"], by_path["004"]}) == 4
    # --min-size 1 lists every article's story; the text output names the story's articles
    assert len(json.loads(run("stories", "--json", "--min-size", "1", "--corpus", str(seed_env)).stdout)) == 4
    text = run("stories", "--corpus", str(seed_env)).stdout
    assert "2 articles" in text and "Londres et Tokyo scellent un partenariat" in text
    rows = list(csv.DictReader(io.StringIO(run("stories", "--csv", "--corpus", str(seed_env)).stdout, newline="")))
    assert [r["story"] for r in rows] == [story["story"]]
    assert sorted(p[:3] for p in rows[0]["articles"].split("; ")) == ["000", "001"]


def test_a_ranked_list_groups_by_story(seed_text_service) -> None:  # type: ignore[no-untyped-def]
    service = seed_text_service
    hits = service.ranked("Tokyo")
    stories = service.stories_of(hits.docnums)
    rows = {service.row(n).path[:3]: (n, s) for n, s in zip(hits.docnums, stories, strict=True)}
    assert rows["000"][1] == rows["001"][1] == service.row(rows["000"][0]).story
    assert service.copies(rows["000"][1]) == 2 and sorted(service.story(rows["000"][1])) == sorted(
        [rows["000"][0], rows["001"][0]]
    )
    assert len(set(stories)) == len(stories) - 1  # five seeds, four stories


def test_a_rewritten_copy_joins_another_event_does_not() -> None:
    stories = Stories()
    seeds = [read_article(SEEDS, p.name) for p in sorted(SEEDS.iterdir())]
    ids = {a.path[:3]: stories.assign(a.id, a.title, a.body, a.date) for a in seeds}
    title = "Défense: Londres et Tokyo resserrent leurs liens lors de la visite de Starmer"
    copy = rewritten(SEED_000, title).split("\n\n", 1)[1]
    copy_story = stories.assign("copy", title, copy, "2026-01-31")
    assert copy_story == ids["000"] == seeds[0].id  # a story is named by its first article
    body = OTHER_EVENT.split("\n\n", 1)[1]
    assert stories.assign("other", OTHER_EVENT.splitlines()[0], body, "2023-01-11") == "other"
    # the same text years later is another news item (dates more than a few days apart)
    assert stories.assign("later", seeds[2].title, seeds[2].body, "2030-01-01") == "later"


def test_stories_prepared_in_another_process_are_the_same() -> None:
    """A build works out each article's sketch and signature where it reads the file (`prepare`, pickled to
    the process that assigns): the stories and the saved state are those of `assign` alone."""
    import pickle

    from reader.stories import prepare

    seeds = [read_article(SEEDS, p.name) for p in sorted(SEEDS.iterdir())]
    title = "Défense: Londres et Tokyo resserrent leurs liens lors de la visite de Starmer"
    copy = rewritten(SEED_000, title).split("\n\n", 1)[1]
    articles = [(a.id, a.title, a.body, a.date) for a in seeds] + [("copy", title, copy, "2026-01-31")]
    alone, prepared = Stories(), Stories()
    one = [alone.assign(*a) for a in articles]
    other = [prepared.assign(*a, prepared=pickle.loads(pickle.dumps(prepare(a[1], a[2])))) for a in articles]
    assert one == other and one[-1] == one[0] != "copy"
    assert pickle.dumps(alone.story) == pickle.dumps(prepared.story)
    assert all(np.array_equal(alone._sigs[k], prepared._sigs[k]) for k in alone._sigs)


def test_a_big_build_whose_files_are_read_by_other_processes_makes_the_same_stories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big build reads its files, and works out their stories' sketches, in processes of their own: the
    stories are those of a build that reads them one by one."""
    from reader import index
    from reader.index import build
    from reader.search import SearchService

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    title = "Défense: Londres et Tokyo resserrent leurs liens lors de la visite de Starmer"
    write(corpus, "copy.txt", rewritten(SEED_000, title))
    write(corpus, "other.txt", OTHER_EVENT)
    for n in range(24):  # (filler: a build of more than PARALLEL_FROM files)
        write(corpus, f"f/{n:03}.txt", f"Dépêche {n}\n2024-03-{n % 28 + 1:02}\n\nRien de commun numéro {n} ici.\n")

    def stories_of(folder: Path) -> list[list[str]]:
        assert index.update(folder).added == 31
        service = SearchService(folder)
        try:
            return sorted(sorted(row.path for row in rows) for _story, rows in service.stories(min_size=2))
        finally:
            service.close()

    alone = stories_of(corpus)
    monkeypatch.setattr(build, "PARALLEL_FROM", 10)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-cache"))
    taken: list[object] = []
    read_ahead = build._ReadAhead.next
    monkeypatch.setattr(build._ReadAhead, "next", lambda self: taken.append(read_ahead(self)) or taken[-1])
    ahead = stories_of(corpus)
    assert len(taken) == 31 and all(isinstance(t, tuple) for t in taken)  # (article, prepared sketch)
    assert ahead == alone and any("copy.txt" in story for story in alone)


def test_a_story_of_many_copies_holds_a_few_in_the_lsh_and_still_takes_every_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of near-identical articles (a daily bulletin, a template) made every article a candidate of
    every other, scored one by one: assigning was quadratic (6,000 took many minutes). A story holds at most
    HELD_PER_STORY articles in the LSH; every further copy still joins it, also after some of those are
    removed (another copy takes their place) and after the state is saved and loaded."""
    from reader.stories import groups

    monkeypatch.setattr(groups, "HELD_PER_STORY", 5)
    seed = read_article(SEEDS, SEED_000.name)
    stories = Stories()
    first = stories.assign("c0", seed.title, seed.body, seed.date)
    for n in range(1, 60):
        assert stories.assign(f"c{n}", seed.title, seed.body + f" Mise à jour {n}.", seed.date) == first
    assert len(stories._features) == len(stories._sigs) == 5
    for n in range(2):  # two of the articles held go
        stories.remove(f"c{n}")
    assert len(stories._features) == 3
    assert stories.assign("c60", seed.title, seed.body + " Encore.", seed.date) == first
    stories.save(tmp_path)
    loaded = Stories.load(tmp_path, stories.story)
    assert loaded is not None and len(loaded._features) == 4
    assert loaded.assign("c61", seed.title, seed.body + " Enfin.", seed.date) == first
    assert len(loaded._features) == 5


def test_the_next_day_only_the_same_text_joins() -> None:
    """A report dated the next day is mostly another news item (the next day's figures, the next stage, a
    reaction): it joins only as a copy of the same text; two days apart nothing joins."""
    seed_000, seed_001 = (read_article(SEEDS, next(SEEDS.glob(f"{n}_*")).name) for n in ("000", "001"))

    def story_of(title: str, body: str, when: str) -> str:
        stories = Stories()
        stories.assign("000", seed_000.title, seed_000.body, "2026-01-31")
        return stories.assign("other", title, body, when)

    assert story_of(seed_001.title, seed_001.body, "2026-01-31") == "000"  # another outlet, the same day
    assert story_of(seed_001.title, seed_001.body, "2026-02-01") == "other"  # … the next day
    assert story_of(seed_000.title, seed_000.body, "2026-02-01") == "000"  # the same text the next day
    assert story_of(seed_000.title, seed_000.body, "2026-02-02") == "other"  # … two days later


def test_title_words_are_cut_stems_without_small_words_or_a_sites_suffix() -> None:
    # the seeds 000 / 001 share one: "renforcent" and "renforcé"
    assert title_words("Le Japon et le Royaume-Uni renforcent leur coopération en matière de défense") == {
        "japon",
        "royaum",
        "renfor",
        "cooper",
        "matier",
        "defens",
    }
    assert "renfor" in title_words("Londres et Tokyo scellent un partenariat stratégique renforcé")
    assert title_words("VW ID.R : les vidéos du record : actualité automobile, infos, scoop") == {"videos", "record"}


def alike(*jaccards: float) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Two sketches whose parts have these Jaccard similarities (100 hashes in the union of each part), and
    the same title numbers."""
    a, b = [], []
    for k, j in enumerate(jaccards):
        common, rest = round(j * 100), 100 - round(j * 100)
        base = np.arange(k * 1000, k * 1000 + 100, dtype=np.uint32)
        a.append(base[: common + rest // 2])
        b.append(np.concatenate([base[:common], base[common + rest // 2 :]]))
    none = np.zeros(0, np.uint32)
    return (*a, none), (*b, none)


def test_names_weigh_least_and_the_title_counts() -> None:
    """The same day a pair joins on the weighed sum (words 2.5, names 1, shingles 2, title 0.5) at 1.2: the
    names of an affair (who and where), which a reaction or another angle shares, weigh least; a rewrite's
    headline words count, and its few phrases in common no longer bar it (the seeds: 1.23)."""
    reaction = alike(0.15, 0.45, 0.06, 0.10)  # the sum of three 0.66, shingles 0.06: joined on 2026-11-23
    assert joins(*reaction, 0) == 0.0
    rewrite = alike(0.25, 0.30, 0.02, 0.50)  # the sum of three 0.57, shingles 0.02: apart on 2026-11-23
    assert joins(*rewrite, 0) == pytest.approx(2.5 * 0.25 + 0.30 + 2 * 0.02 + 0.5 * 0.50)
    assert joins(*rewrite, 1) == 0.0  # the next day, not the same text nor the same headline
    seed_000, seed_001 = (read_article(SEEDS, next(SEEDS.glob(f"{n}_*")).name) for n in ("000", "001"))
    assert joins(sketch(seed_000.title, seed_000.body), sketch(seed_001.title, seed_001.body), None) >= RULES[0][3]


def test_a_daily_series_the_next_day_stays_apart_the_same_headline_and_figures_join() -> None:
    """The next day, the same headline joins only with the same figures in it: the next day's bulletin of
    a daily series, its text alike but its numbers not, starts its own story; the same bulletin dated again
    (its last paragraph rewritten: not a copy of the text) joins."""

    def bulletin(day: dict[str, object], last: str = VERAN) -> tuple[str, str]:
        return BULLETIN_TITLE.format(**day), BULLETIN.format(**day, last=last)

    def story_of(title: str, body: str, when: str) -> str:
        stories = Stories()
        stories.assign("saturday", *bulletin(SATURDAY), "2020-06-06")
        return stories.assign("other", title, body, when)

    sunday = bulletin(SUNDAY, last="Les hospitalisations, elles, poursuivent leur baisse régulière depuis avril.")
    sat, sun = sketch(*bulletin(SATURDAY)), sketch(*sunday)
    assert similarities(sat, sun)[3] == 1.0 and similarities(sat, sun)[2] < 0.8  # the same headline, not a copy
    assert joins(sat, sun, 0) > RULES[2][3]  # the figures alone keep them apart the next day
    assert story_of(*sunday, "2020-06-07") == "other"
    again = bulletin(
        SATURDAY, last="Olivier Véran a de nouveau demandé aux Français de respecter les gestes barrières."
    )
    assert similarities(sat, sketch(*again))[2] < 0.8
    assert story_of(*again, "2020-06-07") == "saturday"
    assert story_of(*again, "2020-06-08") == "other"  # two days later nothing joins


def test_the_saved_state_gives_back_every_sketch_and_story(tmp_path: Path) -> None:
    """Saved after each step of a build (a save packs only what was added since the last), and after a removal."""

    def saved_and_loaded(stories: Stories) -> None:
        stories.save(tmp_path)
        loaded = Stories.load(tmp_path, stories.story)
        assert loaded is not None and loaded.story == stories.story and loaded._days == stories._days
        assert list(loaded._features) == list(stories._features)
        for article_id, feats in stories._features.items():
            assert all(np.array_equal(x, y) for x, y in zip(loaded._features[article_id], feats, strict=True))

    stories = Stories()
    seeds = [read_article(SEEDS, p.name) for p in sorted(SEEDS.iterdir())]
    for a in seeds[:2]:
        stories.assign(a.id, a.title, a.body, a.date)
    saved_and_loaded(stories)
    for a in seeds[2:]:
        stories.assign(a.id, a.title, a.body, a.date)
    stories.assign("untitled", "", "Un texte bref.", None)  # no long word: no sketch, its own story
    saved_and_loaded(stories)
    saved_and_loaded(stories)  # (nothing added)
    stories.assign("bulletin", BULLETIN_TITLE.format(**SATURDAY), BULLETIN.format(**SATURDAY, last=""))
    saved_and_loaded(stories)
    stories.remove(seeds[1].id)
    saved_and_loaded(stories)
    stories.assign(seeds[1].id, seeds[1].title, seeds[1].body, seeds[1].date)
    saved_and_loaded(stories)
    assert Stories.load(tmp_path, [*stories.story, "another"]) is None  # not the articles the index holds


def test_an_added_copy_joins_its_story_without_a_rebuild(tmp_path: Path) -> None:
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    assert run("index", "--text-only", "--quiet", "--corpus", str(corpus)).returncode == 0
    before = stories_of(corpus)
    seed_002 = next(corpus.glob("002_*"))
    write(corpus, "later/copy-002.txt", rewritten(seed_002, "Tokyo et Washington resserrent leur alliance militaire"))
    write(corpus, "later/other.txt", OTHER_EVENT)
    r = run("index", "--text-only", "--quiet", "--corpus", str(corpus))
    assert r.returncode == 0, r.stderr
    assert "2 added" in r.stderr and "5 unchanged" in r.stderr
    after = stories_of(corpus)
    assert {p: after[p] for p in before} == before  # story ids are stable
    assert after["later/copy-002.txt"] == before[seed_002.name]
    assert after["later/other.txt"] not in before.values()
    # the state beside the index damaged: rebuilt from the index, and the next copy still joins
    (paths.index_dir(corpus) / STATE).write_bytes(b"not a pickle")
    write(corpus, "later/copy-000.txt", SEED_000.read_text(encoding="utf-8"))  # an exact copy
    assert run("index", "--text-only", "--quiet", "--corpus", str(corpus)).returncode == 0
    assert stories_of(corpus)["later/copy-000.txt"] == before[SEED_000.name]


def test_actors_and_agreements_count_a_story_once(tmp_path: Path) -> None:
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    shutil.copy(SEED_000, corpus / "copy-of-000.txt")  # wire copy reprinted word for word
    export = json.loads(run("export", "--json", "--corpus", str(corpus)).stdout)
    story = {a["id"]: a["story"] for a in export}
    by_path = {a["path"]: a for a in export}
    assert by_path["copy-of-000.txt"]["story"] == by_path[SEED_000.name]["story"]
    stories_naming: dict[str, set[str]] = defaultdict(set)
    articles_naming: dict[str, int] = defaultdict(int)
    for a in export:
        for actor in a["actors"]:
            stories_naming[actor["name"]].add(a["story"])
            articles_naming[actor["name"]] += 1

    once = {a["name"]: a["articles"] for a in json.loads(run("actors", "--json", "--corpus", str(corpus)).stdout)}
    every = {
        a["name"]: a["articles"]
        for a in json.loads(run("actors", "--json", "--all-copies", "--corpus", str(corpus)).stdout)
    }
    assert once == {name: len(s) for name, s in stories_naming.items()}
    assert every == dict(articles_naming)
    assert once["Keir Starmer"] == 1 and every["Keir Starmer"] == 3  # 000, its copy, and 001: one story

    records = json.loads(run("agreements", "--json", "--corpus", str(corpus)).stdout)
    all_records = json.loads(run("agreements", "--json", "--all-copies", "--corpus", str(corpus)).stdout)
    assert len(records) < len(all_records)
    seen: dict[tuple, str] = {}
    for g in records:
        key = (story[g["article"]["id"]], tuple(sorted(g["parties"])), g["kind"])
        assert seen.setdefault(key, g["article"]["id"]) == g["article"]["id"]  # one article's records per key
    uk = [g for g in records if {"Japon", "Royaume-Uni"} <= set(g["parties"])]
    assert uk and any("copy-of-000.txt" in {s["path"] for s in g["sources"]} for g in uk)
    assert "copy-of-000.txt" in {g["article"]["path"] for g in all_records}
    assert all(g["sources"] == [] for g in all_records)
