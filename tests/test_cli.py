"""The command-line contract of DESIGN.md, driven through the real entry point in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import SEEDS, write

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env or dict(os.environ),
        timeout=300,
    )


def small_corpus(root: Path) -> Path:
    write(
        root,
        "a.txt",
        "Le Japon et l'Inde signent un accord naval\n2024-03-02\n\nLe Japon et l'Inde ont signé "
        "samedi un accord de coopération navale, a annoncé Tokyo.",
    )
    write(
        root,
        "b/c.txt",
        "La France et l'Allemagne lancent un char\n2023-05-06\n\nParis et Berlin ont lancé un "
        "programme commun de char de combat.",
    )
    return root


def test_search_json_is_clean_on_stdout(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "c")
    r = run("search", "accord", "--corpus", str(corpus), "--json")  # builds the index first
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    # the contract's keys, in its order, then (added deliberately, after them) where it comes from and its story
    assert [list(h) for h in hits] == [["id", "path", "title", "date", "score", "snippet", "source", "url", "story"]]
    assert hits[0]["path"] == "a.txt" and hits[0]["date"] == "2024-03-02"
    assert "accord" in hits[0]["snippet"]
    assert "indexing" in r.stderr  # progress goes to stderr


def test_search_limit_and_empty_result(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "c")
    r = run("search", "japon OR char", "--corpus", str(corpus), "--json", "--limit", "1")
    assert r.returncode == 0 and len(json.loads(r.stdout)) == 1
    r = run("search", "zzzzzz", "--corpus", str(corpus), "--json")
    assert r.returncode == 0 and json.loads(r.stdout) == []


def test_search_text_output_marks_hits(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "c")
    r = run("search", "Japn", "--corpus", str(corpus))
    assert r.returncode == 0
    assert "0 hits" in r.stdout and "did you mean: japon" in r.stdout.lower()
    r = run("search", "char", "--corpus", str(corpus))
    assert "1 hit for char" in r.stdout and "La France et l'Allemagne lancent un char" in r.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("search", "x", "--corpus", "/no/such/folder"),
        ("search", '"unclosed'),
        ("search", "date:[2020 to jamais]"),
        ("search", "x", "--limit", "0"),
        ("frobnicate",),
        ("export",),
        ("bookmarks", "remove", "nope"),
    ],
)
def test_bad_usage_exits_2_with_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    corpus = small_corpus(tmp_path / "c")
    if "--corpus" not in args and args[0] != "frobnicate":
        args = (*args, "--corpus", str(corpus)) if args[0] != "bookmarks" else args
    r = run(*args)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) <= 2 and r.stderr.startswith("reader:")
    assert r.stdout == ""


def test_export_follows_the_schema(seed_env: Path) -> None:
    r = run("export", "--json", "--corpus", str(seed_env))
    assert r.returncode == 0, r.stderr
    articles = json.loads(r.stdout)
    assert len(articles) == 5
    for a in articles:
        # "source" and "url": where the file says it comes from (or null), added beside DESIGN's keys
        keys = {"id", "path", "title", "date", "language", "body", "actors", "agreements", "story", "source", "url"}
        assert set(a) == keys and a["source"] is None and a["url"] is None
        assert a["language"] == "fr" and "\n\n" in a["body"]
        for actor in a["actors"]:
            assert set(actor) == {"name", "kind", "mentions"} and actor["kind"] in {"person", "place", "organisation"}
        for agreement in a["agreements"]:
            # "when": the date the sentence gives for the agreement (or null), and "parties_note": why a record
            # has fewer than two parties (null with two), added beside DESIGN's keys
            assert set(agreement) == {"parties", "kind", "text", "topics", "when", "parties_note"}
            assert (agreement["parties_note"] is None) == (len(agreement["parties"]) >= 2)
    by_path = {a["path"][:3]: a for a in articles}
    assert "Keir Starmer" in {x["name"] for x in by_path["000"]["actors"]}
    assert any({"Japon", "Royaume-Uni"} <= set(g["parties"]) for g in by_path["000"]["agreements"])


def test_actor_and_agreement_fields_and_commands(seed_env: Path) -> None:
    r = run("search", "person:Rutte", "--json", "--corpus", str(seed_env))
    assert [h["path"][:3] for h in json.loads(r.stdout)] == ["004"]
    r = run("search", "agreement:Japon", "--json", "--corpus", str(seed_env))
    assert len(json.loads(r.stdout)) >= 4
    r = run("actors", "--json", "--kind", "person", "--corpus", str(seed_env))
    people = {a["name"]: a["articles"] for a in json.loads(r.stdout)}
    assert people["Keir Starmer"] == 1 and people["Shigeru Ishiba"] == 2  # 000 and 001 are one story: once
    r = run("actors", "--json", "--kind", "person", "--all-copies", "--corpus", str(seed_env))
    assert {a["name"]: a["articles"] for a in json.loads(r.stdout)}["Keir Starmer"] == 2
    r = run("agreements", "--json", "--party", "OTAN", "--corpus", str(seed_env))
    records = json.loads(r.stdout)
    assert records and all("OTAN" in g["parties"] for g in records)
    assert records[0]["article"]["path"].startswith("004")
    r = run("agreements", "--json", "--corpus", str(seed_env))
    dates = [g["date"] for g in json.loads(r.stdout) if g["date"]]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_bookmarks_add_list_remove_persist(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "c")
    hit = json.loads(run("search", "char", "--json", "--corpus", str(corpus)).stdout)[0]
    assert run("bookmarks", "add", hit["id"], "--corpus", str(corpus)).returncode == 0
    listed = json.loads(run("bookmarks", "--json").stdout)
    assert [set(b) for b in listed] == [{"id", "path", "title", "date", "added"}]
    assert listed[0]["id"] == hit["id"] and listed[0]["path"] == "b/c.txt"
    assert run("bookmarks", "add", "0000000000000000", "--corpus", str(corpus)).returncode == 2
    assert run("bookmarks", "remove", hit["id"]).returncode == 0
    assert json.loads(run("bookmarks", "--json").stdout) == []


def test_corpus_from_environment_and_config(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "c")
    env = dict(os.environ, READER_CORPUS=str(corpus))
    assert json.loads(run("search", "char", "--json", env=env).stdout)
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'corpus = "{corpus}"\n')
    assert json.loads(run("search", "char", "--json").stdout)


def loaded_by_importing(modules: str, watched: tuple[str, ...]) -> list[str]:
    """Which of `watched` a fresh interpreter has loaded after importing `modules` (comma-separated)."""
    code = f"import json, sys, {modules}; print(json.dumps(sorted(m for m in {watched!r} if m in sys.modules)))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_the_library_never_imports_textual_or_spacy() -> None:
    modules = "reader.search, reader.index, reader.ingest, reader.bookmarks, reader.cli, reader.enrich"
    assert loaded_by_importing(modules, ("textual", "spacy")) == []


@pytest.mark.slow
def test_plain_install_serves_the_bundled_seeds_from_any_folder(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    py = env_dir / "bin" / "python"
    build = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = subprocess.run(
        [str(env_dir / "bin" / "reader"), "search", "Starmer", "--json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    paths = {h["path"] for h in json.loads(r.stdout)}
    assert {p.name for p in SEEDS.iterdir() if p.name.startswith(("000", "001"))} == paths


def test_search_on_a_damaged_index_rebuilds_it_and_answers(tmp_path: Path) -> None:
    from reader import paths

    corpus = small_corpus(tmp_path / "c")
    assert run("index", "--text-only", "--quiet", "--corpus", str(corpus)).returncode == 0
    ixdir = paths.index_dir(corpus)
    for seg in ixdir.glob("*.seg"):
        seg.write_bytes(b"\0garbage" * 10)
    for toc in ixdir.glob("*.toc"):
        toc.write_bytes(toc.read_bytes()[:20])
    r = run("search", "accord", "--corpus", str(corpus), "--json")
    assert r.returncode == 0, r.stderr
    assert [h["path"] for h in json.loads(r.stdout)] == ["a.txt"]
    assert "damaged" in r.stderr and "rebuilding" in r.stderr and "Traceback" not in r.stderr
    assert list(ixdir.parent.glob(ixdir.name + ".damaged-*"))  # moved aside, not deleted


def test_bookmarks_list_even_when_the_configured_corpus_has_moved(tmp_path: Path) -> None:
    env = dict(os.environ, READER_CORPUS=str(tmp_path / "gone"))
    r = run("bookmarks", "--json", env=env)
    assert r.returncode == 0 and json.loads(r.stdout) == []
    r = run("bookmarks", "add", "abc", env=env)  # adding needs the corpus: one clear line
    assert r.returncode == 2 and "not found" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("fmt", [("--json",), ()])
def test_a_closed_pipe_ends_the_output_quietly(tmp_path: Path, fmt: tuple[str, ...]) -> None:
    """`reader search … | head`: once the reader of the output goes away, exit 0 with nothing on stderr."""
    for n in range(300):
        write(tmp_path / "c", f"{n:03d}.txt", f"Le Japon numéro {n}\n2024-03-02\n\n" + "Le Japon signe. " * 40)
    assert run("index", "--text-only", "--corpus", str(tmp_path / "c")).returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "search", "japon", "--limit", "300", *fmt, "--corpus", str(tmp_path / "c")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()  # like `head -c 100`: far less than the output, which no pipe buffer holds
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0 and stderr == ""


def test_the_reader_refuses_to_start_without_a_terminal(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "reader", "--corpus", str(SEEDS)], input="", capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "terminal" in r.stderr
    assert r.stdout == ""  # not a byte drawn


def test_an_index_left_unfinished_is_finished_before_it_is_searched(tmp_path: Path) -> None:
    """A first build killed after the index was created and before anything was committed (or a full disk,
    or two readers starting at once) leaves an empty index: it must not answer "0 hits"."""
    from reader import paths
    from reader.index import store

    corpus = small_corpus(tmp_path / "c")
    store.open_or_create(paths.index_dir(corpus), [])  # what the killed build left: created, never filled
    r = run("search", "japon", "--json", "--corpus", str(corpus))
    assert r.returncode == 0, r.stderr
    assert [h["path"] for h in json.loads(r.stdout)] == ["a.txt"] and "unfinished" in r.stderr


def test_an_empty_corpus_says_so_and_exports_an_empty_array(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for _ in range(2):  # the first run builds the index, the second opens it: both say why nothing is found
        r = run("export", "--json", "--corpus", str(tmp_path / "empty"))
        assert r.returncode == 0 and json.loads(r.stdout) == [] and "no articles" in r.stderr, r.stderr


def test_csv_and_tsv_give_the_same_items_as_json(seed_env: Path) -> None:
    import csv
    import io

    for args in (["search", "japon", "--limit", "20"], ["actors"], ["agreements"], ["export"]):
        as_json = json.loads(run(*args, "--json", "--corpus", str(seed_env)).stdout)
        raw = subprocess.run(
            [sys.executable, "-m", "reader", *args, "--csv", "--corpus", str(seed_env)],
            capture_output=True,
            timeout=300,
        )
        assert raw.returncode == 0, raw.stderr
        assert raw.stdout.count(b"\r\n") >= len(as_json) + 1  # RFC 4180: CRLF after the header and each row
        rows = list(csv.DictReader(io.StringIO(raw.stdout.decode("utf-8"), newline="")))
        assert len(rows) == len(as_json) > 0, args
        key = {"actors": "name", "agreements": "sentence"}.get(args[0], "id")
        want = [item["text"] if key == "sentence" else item[key] for item in as_json]
        assert [row[key] for row in rows] == want, args
        tsv = run(*args, "--tsv", "--corpus", str(seed_env)).stdout.splitlines()
        assert len(tsv) == len(as_json) and all(line.count("\t") == len(rows[0]) - 1 for line in tsv), args
    export = list(csv.DictReader(io.StringIO(run("export", "--csv", "--corpus", str(seed_env)).stdout, newline="")))
    assert "\n\n" in export[0]["body"]  # paragraphs kept inside one quoted cell


def test_agreements_of_a_pair(seed_env: Path) -> None:
    r = run("agreements", "--json", "--party", "Japon", "--party", "Royaume-Uni", "--corpus", str(seed_env))
    pairs = json.loads(r.stdout)
    assert pairs and all({"Japon", "Royaume-Uni"} <= set(g["parties"]) for g in pairs)
    one = json.loads(run("agreements", "--json", "--party", "Japon", "--corpus", str(seed_env)).stdout)
    assert len(one) > len(pairs)


def test_opening_the_app_or_the_command_line_imports_neither_numpy_nor_spacy() -> None:
    """What every start pays for: numpy (~0.1-0.2 s), the segment writer and spaCy are loaded by a search,
    a build or an extraction when it needs them, not by opening the app or running `reader index` with
    nothing to do."""
    modules = "reader.tui.app, reader.cli.main, reader.index.build, reader.index.store, reader.search"
    assert loaded_by_importing(modules, ("numpy", "spacy", "reader.index.bulk")) == []
