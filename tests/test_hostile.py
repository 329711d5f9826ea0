"""Hostile input: odd files are indexed or skipped with a reason, text that tries to act stays inert,
and any query string gives results or one clear error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import index
from reader.search import QueryError, SearchService
from tests.conftest import write

GOOD = "Un article ordinaire sur le Japon\n2024-02-02\n\nLe Japon et la France ont signé un accord de défense."


@pytest.mark.slow
def test_a_corpus_of_odd_files_indexes_the_good_and_explains_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    write(corpus, "good.txt", GOOD)
    write(corpus, "utf16.txt", GOOD.replace("ordinaire", "en UTF-16").encode("utf-16"))
    write(corpus, "cp1252.txt", GOOD.replace("ordinaire", "en cp1252").encode("cp1252"))
    write(corpus, "crlf.txt", GOOD.replace("ordinaire", "aux fins de ligne mêlées").replace("\n", "\r\n", 2))
    write(corpus, "broken.txt", GOOD.replace("ordinaire", "abîmé").encode() + b"\xff\xfe\xc3 suite du texte.")
    write(corpus, "empty.txt", b"")
    write(corpus, "binary.txt", bytes(range(256)) * 64)
    write(corpus, "oneline.txt", "Une ligne immense\n2024-01-01\n\n" + "mot " * 260_000)  # ~1 MB, one line
    paragraphs = "".join(f"Le Japon signe l'accord numéro {n}. " * 40 + "\n\n" for n in range(20_000))
    write(corpus, "huge.md", "# Un article énorme de trente mégaoctets\n\n" + paragraphs)  # ~30 MB
    deep = corpus.joinpath(*[f"d{i}" for i in range(60)])
    write(deep, "deep.txt", GOOD.replace("ordinaire", "très profond"))
    os.symlink(corpus, corpus / "d0" / "loop")
    os.symlink(corpus / "missing.txt", corpus / "dangling.txt")
    (corpus / "folder.txt").mkdir()
    os.mkfifo(corpus / "fifo.txt")  # reading it would block forever
    report = index.update(corpus)
    skipped = dict(report.skipped)
    assert {"empty.txt", "binary.txt", "dangling.txt", "fifo.txt"} <= set(skipped)
    assert all(reason and "\n" not in reason for reason in skipped.values())
    service = SearchService(corpus)
    titles = {h.row.title for h in service.search("japon", limit=None, snippets=False).hits}
    assert {
        "Un article ordinaire sur le Japon",
        "Un article en UTF-16 sur le Japon",
        "Un article en cp1252 sur le Japon",
        "Un article aux fins de ligne mêlées sur le Japon",
        "Un article abîmé sur le Japon",
        "Un article très profond sur le Japon",
        "Un article énorme de trente mégaoctets",
    } <= titles
    assert service.search("immense").total == 1


def test_markup_and_escapes_are_inert_in_search_and_export(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    write(
        corpus,
        "evil.txt",
        "Titre [bold red]piégé[/] \x1b]0;titre\x07 du jour\n\n"
        "Texte [link=https://example.com]lien[/link] et [@click=app.quit]clic[/] \x1b[2J\x1b]52;c;cGF3bmVk\x07"
        " avec \u202edes contrôles\u202c bidirectionnels dans un article ordinaire.",
    )
    r = subprocess.run(
        [sys.executable, "-m", "reader", "search", "piégé", "--corpus", str(corpus)], capture_output=True, text=True
    )
    assert r.returncode == 0
    assert "[bold red]piégé[/]" in r.stdout  # shown as text, not as a style
    assert "\x1b]" not in r.stdout and "\x1b[2J" not in r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "reader", "search", "clic", "--json", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
    )
    hit = json.loads(r.stdout)[0]
    assert hit["title"] == "Titre [bold red]piégé[/] du jour"
    assert "[@click=app.quit]clic[/]" in hit["snippet"]
    assert not any(ch in hit["snippet"] for ch in "\x1b\x07\u202e\u202c")


@pytest.fixture
def seed_service(seed_text_service: SearchService) -> SearchService:
    return seed_text_service


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60) | st.text(alphabet='abc*?:"()[]{}^~+-!&| ANDORNOTdate:title', max_size=40))
def test_any_query_gives_results_or_one_clear_error(seed_service: SearchService, text: str) -> None:
    for live in (False, True):
        try:
            result = seed_service.search(text, limit=5, live=live)
        except QueryError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert result.total >= 0 and len(result.hits) <= 5


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30)
)
def test_the_cli_never_shows_a_traceback(seed_service: SearchService, text: str) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(Path(seed_service.ixdir).parents[2]))
    r = subprocess.run(
        [sys.executable, "-m", "reader", "search", "--json", "--", text],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode in (0, 2), r.stderr
    assert "Traceback" not in r.stderr
    if r.returncode == 0:
        json.loads(r.stdout)
    r = subprocess.run(
        [sys.executable, "-m", "reader", "search", "--", text], capture_output=True, text=True, env=env, timeout=60
    )  # as a person sees it: nothing from the query acts on the terminal
    assert r.returncode in (0, 2) and "Traceback" not in r.stderr
    assert "\x1b" not in r.stdout + r.stderr and "\x07" not in r.stdout + r.stderr


def test_expansions_are_bounded(tmp_path: Path) -> None:
    """A prefix or wildcard over a large vocabulary stands for its most frequent words only, and says so."""
    from reader import index
    from reader.search.rewrite import MAX_EXPANSION

    corpus = tmp_path / "c"
    corpus.mkdir()
    words = " ".join(f"mot{n:04d}" + "z" * (n % 3) for n in range(600))
    (corpus / "a.txt").write_text(f"Beaucoup de mots\n\n{words}.\n", encoding="utf-8")
    index.update(corpus)
    service = SearchService(corpus)
    try:
        for pattern in ("mot*", "*ot0*", "m?t*"):
            q, note = service.parse(pattern)
            body_terms = [t for t in q.iter_all_terms() if t[0] == "body"]
            assert 0 < len(body_terms) <= MAX_EXPANSION, pattern
            assert note and f"{MAX_EXPANSION} most frequent" in note, pattern
            result = service.search(pattern, limit=5)
            assert result.total == 1 and result.note
    finally:
        service.close()


def test_escape_sequences_in_file_names_and_queries_never_reach_the_terminal(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "x\x1b]0;PWN\x07[bold]y.txt").write_text(
        "Le Japon signe\n\nLe Japon a signé un accord.\n", encoding="utf-8"
    )
    shown = {"japon": "x[bold]y.txt", "\x1b]52;c;aGVsbG8=\x07japon": "x[bold]y.txt", "\x1b[2Jjapn": "did you mean"}
    for query, expected in shown.items():  # OSC 52, clear screen, typo
        r = subprocess.run(
            [sys.executable, "-m", "reader", "search", "--corpus", str(corpus), "--", query],
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr
        assert "\x1b" not in r.stdout and "\x07" not in r.stdout, r.stdout
        assert expected in r.stdout, r.stdout  # the OSC sequence in the file name is gone whole


@pytest.mark.slow
def test_no_output_lets_a_file_name_act_on_the_terminal(tmp_path: Path) -> None:
    """A file name with OSC 0 (title), OSC 52 (clipboard) and a C1 CSI: every output path of the command
    line (text and JSON, stdout and stderr) shows it without a control character."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    name = "a\x1b]0;PWN\x07b\x1b]52;c;aGVsbG8=\x07c\u009b2Jd.txt"
    (corpus / name).write_text(
        "Le Japon et l'Inde signent un accord\n2024-05-02\n\n"
        "Tokyo et New Delhi ont conclu un accord de défense, a annoncé samedi le Premier ministre japonais "
        "Fumio Kishida.\n",
        encoding="utf-8",
    )
    runs = [
        ["search", "japon"],
        ["search", "japon", "--json"],
        ["agreements"],
        ["agreements", "--json"],
        ["actors"],
        ["actors", "--json"],
        ["export", "--json"],
    ]
    outputs = []
    for args in runs:
        r = subprocess.run(
            [sys.executable, "-m", "reader", *args, "--corpus", str(corpus)], capture_output=True, text=True
        )
        assert r.returncode == 0, (args, r.stderr)
        outputs.append(r.stdout + r.stderr)
    article_id = json.loads(outputs[1])[0]["id"]
    assert json.loads(outputs[3])[0]["article"]["path"] == name  # JSON still gives the real name
    for args in (["bookmarks", "add", article_id, "--corpus", str(corpus)], ["bookmarks"], ["bookmarks", "--json"]):
        r = subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True)
        assert r.returncode == 0, (args, r.stderr)
        outputs.append(r.stdout + r.stderr)
    assert "Japon" in outputs[2] and "Inde" in outputs[2]  # the agreement is listed
    for args, out in zip(runs + [["bookmarks add"], ["bookmarks"], ["bookmarks --json"]], outputs, strict=True):
        assert not set(out) & {"\x1b", "\x07", "\u009b", "\u009d"}, (args, out)


def test_a_file_name_that_is_not_utf8_is_indexed_with_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Le Japon et l'Inde\n2024-01-02\n\nLe Japon et l'Inde ont signé un accord.\n")
    bad = os.path.join(os.fsencode(corpus), b"bad\xff\xfename.txt")
    with open(bad, "wb") as fh:
        fh.write("Le Japon et la Corée\n2024-01-01\n\nLe Japon et la Corée ont signé un accord.\n".encode())
    report = index.update(corpus)
    assert (report.added, report.skipped) == (2, [])  # one odd name does not stop the corpus
    service = SearchService(corpus)
    assert [h.row.path for h in service.search("corée").hits] == ["bad\\xff\\xfename.txt"]  # shown, escaped
    assert service.search("japon").total == 2
    assert index.update(corpus).unchanged == 2  # and known again the next time: not read twice
    os.remove(bad)
    assert index.update(corpus).removed == 1
    assert service.refresh() and service.search("corée").total == 0
