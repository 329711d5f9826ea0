"""The index: incremental updates, nothing written into the corpus, damage detection, locking, kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader import index, paths
from reader.enrich import Enrichment
from reader.index import build
from reader.search import SearchService
from tests.conftest import SEEDS, write


def article(n: int, extra: str = "") -> str:
    return (
        f"Article numéro {n} sur la coopération\n2024-01-{1 + n % 28:02d}\n\n"
        f"Le Japon et le pays {n} ont signé un accord de coopération numéro {n}. {extra}"
    )


def make_corpus(root: Path, count: int) -> Path:
    for n in range(count):
        write(root, f"a/{n:05d}.txt", article(n))
    return root


def hits(corpus: Path, q: str) -> list[str]:
    return [h.row.path for h in SearchService(corpus).search(q, limit=None).hits]


def test_incremental_add_change_remove(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 5)
    r = index.update(corpus)
    assert (r.added, r.updated, r.removed) == (5, 0, 0)
    write(corpus, "a/00001.txt", article(1, "Il mentionne aussi Taïwan."))
    write(corpus, "a/new.txt", article(99))
    (corpus / "a/00002.txt").unlink()
    r = index.update(corpus)
    assert (r.added, r.updated, r.removed, r.unchanged) == (1, 1, 1, 3)
    assert hits(corpus, "taiwan") == ["a/00001.txt"]
    assert "a/00002.txt" not in hits(corpus, "japon")
    assert len(hits(corpus, "japon")) == 5


def test_no_change_run_only_stats_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = make_corpus(tmp_path / "c", 20)
    index.update(corpus)

    def no_reading(*args, **kwargs):
        raise AssertionError("an unchanged corpus must not be read")

    monkeypatch.setattr(build, "read_article", no_reading)
    r = index.update(corpus)
    assert (r.unchanged, r.changed) == (20, False)


def test_moved_file_keeps_its_id(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 3)
    index.update(corpus)
    before = {h.row.path: h.row.id for h in SearchService(corpus).search("japon", limit=None).hits}
    (corpus / "moved").mkdir()
    os.rename(corpus / "a/00001.txt", corpus / "moved/x.txt")
    index.update(corpus)
    after = {h.row.path: h.row.id for h in SearchService(corpus).search("japon", limit=None).hits}
    assert after["moved/x.txt"] == before["a/00001.txt"]
    assert "a/00001.txt" not in after


def test_an_edited_file_keeps_its_id_and_so_its_bookmark(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 3)
    index.update(corpus)
    before = {h.row.path: h.row.id for h in SearchService(corpus).search("japon", limit=None).hits}
    write(corpus, "a/00001.txt", article(1, "Une phrase ajoutée par la rédaction."))
    assert index.update(corpus).updated == 1
    after = {h.row.path: h.row.id for h in SearchService(corpus).search("japon", limit=None).hits}
    assert after == before
    assert hits(corpus, "rédaction") == ["a/00001.txt"]  # the new text is what is indexed
    index.update(corpus, rebuild=True)  # and a rebuild from scratch keeps it too
    assert {h.row.path: h.row.id for h in SearchService(corpus).search("japon", limit=None).hits} == before


def test_a_failed_rebuild_leaves_no_half_built_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = make_corpus(tmp_path / "c", 3)
    index.update(corpus)
    real = build.read_article

    def disk_full_on_the_second(root: Path, rel: str):
        if rel.endswith("00001.txt"):
            raise OSError(28, "No space left on device")
        return real(root, rel)

    monkeypatch.setattr(build, "read_article", disk_full_on_the_second)
    with pytest.raises(OSError):
        index.update(corpus, rebuild=True)
    ixdir = paths.index_dir(corpus)
    assert not ixdir.with_name(ixdir.name + ".rebuilding").exists()  # its space is given back
    assert len(hits(corpus, "japon")) == 3  # the index it was to replace still answers


def test_same_text_in_two_files_gives_two_articles(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 1)
    write(corpus, "copy.txt", article(0))
    index.update(corpus)
    rows = SearchService(corpus).search("japon", limit=None).hits
    assert len(rows) == 2 and len({h.row.id for h in rows}) == 2


def test_nothing_is_written_into_the_corpus(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 3)
    before = sorted(p for p in corpus.rglob("*"))
    index.update(corpus)
    assert sorted(p for p in corpus.rglob("*")) == before
    assert paths.index_dir(corpus).is_relative_to(paths.cache_dir())


def test_damaged_index_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 4)
    index.update(corpus)
    ixdir = paths.index_dir(corpus)
    for seg in ixdir.glob("*.seg"):
        seg.write_bytes(b"\0garbage" * 10)
    for toc in ixdir.glob("*.toc"):
        toc.write_bytes(toc.read_bytes()[:20])
    messages: list[str] = []
    r = index.update(corpus, notify=messages.append)
    assert r.added == 4
    assert any("damaged" in m and "rebuilding" in m for m in messages)
    assert list(ixdir.parent.glob(ixdir.name + ".damaged-*"))  # moved aside, not deleted
    assert len(hits(corpus, "japon")) == 4


def test_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 2)
    ixdir = paths.index_dir(corpus)
    messages: list[str] = []
    done = threading.Event()
    with index.writer_lock(ixdir):
        worker = threading.Thread(target=lambda: (index.update(corpus, notify=messages.append), done.set()))
        worker.start()
        time.sleep(0.5)
        assert not done.is_set()  # it waits while the lock is held…
        assert messages and "waiting" in messages[0]  # …and says why
    worker.join(30)
    assert done.is_set()
    assert len(hits(corpus, "japon")) == 2


def test_rebuild_starts_over(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 3)
    index.update(corpus)
    service = SearchService(corpus)  # a reader open during the rebuild keeps answering
    r = index.update(corpus, rebuild=True)
    assert r.added == 3
    assert service.search("japon").total == 3
    assert service.refresh() and service.search("japon").total == 3
    ixdir = paths.index_dir(corpus)
    beside = {p.name[len(ixdir.name) :] for p in ixdir.parent.iterdir() if p.name.startswith(ixdir.name)}
    assert not {".rebuilding", ".replaced"} & beside and "" in beside  # swapped in, nothing left over


@pytest.mark.slow
def test_kill_9_during_a_rebuild_leaves_the_previous_index_usable(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 2000)
    index.update(corpus)
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", "--rebuild", "--text-only", "--quiet", "--corpus", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(1.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(hits(corpus, "japon")) == 2000  # the index before the rebuild, whole
    r = index.update(corpus, rebuild=True)  # and a rebuild after that completes
    assert r.added == 2000 and len(hits(corpus, "japon")) == 2000


@pytest.mark.slow
def test_kill_9_during_a_build_leaves_the_previous_index_usable(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 10)
    index.update(corpus)
    for n in range(10, 3000):
        write(corpus, f"b/{n:05d}.txt", article(n, "Texte ajouté plus tard. " * 20))
    env = dict(os.environ)
    for delay in (0.3, 1.5, 3.0):  # several moments of the build
        proc = subprocess.Popen(
            [sys.executable, "-m", "reader", "index", "--text-only", "--quiet", "--corpus", str(corpus)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        found = hits(corpus, "japon")  # the committed index still answers
        assert len(found) in (10, 3000)
    r = index.update(corpus)  # and the next run completes the job
    assert r.added + r.unchanged == 3000
    assert len(hits(corpus, "japon")) == 3000


def test_extraction_runs_in_batches_and_resumes_after_an_interruption(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 30)
    index.update(corpus)
    ix = index.open_index(paths.index_dir(corpus))
    assert index.pending_count(ix) == 30

    def stop_after_first_batch(phase: str, done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.enrich_pending(corpus, batch=8, progress=stop_after_first_batch)
    assert index.pending_count(ix) == 22  # the first batch was committed
    assert index.enrich_pending(corpus, batch=8) == 22  # the rest, over several commits
    assert index.pending_count(ix) == 0
    service = SearchService(corpus)
    for n in (0, 17, 29):  # every article carries its own actors, whatever batch it was in
        hit = service.search(f'"accord de coopération numéro {n}"').hits[0]
        actors = service.document(hit.row.docnum).enrichment.actors
        assert f"numéro {n} " in hit.row.title and "Japon" in {a.name for a in actors}


@pytest.mark.slow
def test_extraction_in_worker_processes_matches_one_process_and_resumes(tmp_path: Path) -> None:
    """Two workers, small batches, several in flight: every article gets its own actors, the same as
    in one process, and an interrupted parallel run leaves the rest to the next one."""
    one = make_corpus(tmp_path / "one", 40)
    two = make_corpus(tmp_path / "two", 40)
    for corpus in (one, two):
        index.update(corpus)
    assert index.enrich_pending(one, batch=6, n_process=1) == 40

    def stop_after_two_batches(phase: str, done: int, total: int) -> None:
        if done >= 12:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.enrich_pending(two, batch=6, n_process=2, progress=stop_after_two_batches)
    ix = index.open_index(paths.index_dir(two))
    assert index.pending_count(ix) == 28  # two batches committed, those in the workers not
    assert index.enrich_pending(two, batch=6, n_process=2) == 28
    assert index.pending_count(ix) == 0

    def by_path(corpus: Path) -> dict[str, Enrichment]:
        service = SearchService(corpus)
        try:
            return {service.row(n).path: service.document(n).enrichment for n in service.browse()}
        finally:
            service.close()

    sequential, parallel = by_path(one), by_path(two)
    assert len(parallel) == 40 and parallel == sequential
    assert all(any(a.name == "Japon" for a in e.actors) for e in parallel.values())


def test_an_open_service_refreshed_after_an_update_shows_each_article_once(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 5)
    index.update(corpus)
    service = SearchService(corpus)
    try:
        write(corpus, "a/00002.txt", article(2, "Texte modifié, Séoul."))  # replaced in its segment
        index.update(corpus)
        assert service.refresh()
        assert len(service.browse()) == 5
        assert service.search("Séoul").total == 1
        assert service.search('"accord de coopération numéro 2"').total == 1
    finally:
        service.close()


def test_a_skipped_file_is_reported_each_run_but_read_again_only_when_it_changes(tmp_path: Path, monkeypatch) -> None:
    corpus = make_corpus(tmp_path / "c", 3)
    write(corpus, "bad.txt", b"\x00\x01\x02binary\x00" * 500)
    first = index.update(corpus)
    assert [p for p, _ in first.skipped] == ["bad.txt"]
    reads: list[str] = []
    real = build.read_article

    def counting(root, rel):
        reads.append(rel)
        return real(root, rel)

    monkeypatch.setattr(build, "read_article", counting)
    again = index.update(corpus)
    assert again.skipped == first.skipped and reads == []  # reported with its reason, not read
    write(corpus, "bad.txt", "Le Japon réparé\n\nLe Japon a signé un accord réparé.\n")
    fixed = index.update(corpus)
    assert reads == ["bad.txt"] and fixed.added == 1 and not fixed.skipped
    assert len(hits(corpus, "japon")) == 4


@pytest.mark.slow
def test_kill_9_during_extraction_then_search_answers_and_the_next_run_completes(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 60)
    index.update(corpus)

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "reader", *args, "--corpus", str(corpus)],
            capture_output=True,
            text=True,
            timeout=300,
        )

    for delay in (0.5, 3.0, 6.0):  # starting, loading the model, extracting
        proc = subprocess.Popen(
            [sys.executable, "-m", "reader", "index", "--quiet", "--corpus", str(corpus)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        r = cli("search", "japon", "--json", "--limit", "100")
        assert r.returncode == 0, r.stderr
        assert len(json.loads(r.stdout)) == 60
    assert cli("index", "--quiet").returncode == 0
    exported = json.loads(cli("export", "--json").stdout)
    assert len(exported) == 60 and all(any(a["name"] == "Japon" for a in e["actors"]) for e in exported)


@pytest.mark.parametrize("make", ["text_analyzer", "exact_analyzer"])
def test_the_word_by_word_analyzer_indexes_what_the_whoosh_chain_indexes(make: str) -> None:
    """Postings (terms, frequencies, positions) are those of the chain it runs word by word, whatever the
    text: stop words first, accents, apostrophes, the same word twice; queries go through the chain."""
    import pickle

    from whoosh import formats

    from reader.index import schema

    fused = getattr(schema, make)()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + [
        "",
        "Les les LES le de",
        "l'accord d'un État, l'État et les États-Unis",
        "Taïwan, Taiwan ; 3.5 M. Jean-Marie Le Pen a signé. Signés, signées : accords et accord.",
        "qu' d' l'",
    ]
    for fmt in (formats.Positions(), formats.Frequency()):
        for text in texts:
            assert list(fmt.word_values(text, fused, mode="index")) == list(
                fmt.word_values(text, fused.chain, mode="index")
            ), text[:60]
    assert [t.text for t in fused("Les accords de l'État", mode="query")] == [
        t.text for t in fused.chain("Les accords de l'État", mode="query")
    ]
    again = pickle.loads(pickle.dumps(fused))  # (the schema is pickled into the index)
    assert again == fused and not again._terms
