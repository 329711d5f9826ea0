"""Sources: where a file says where it comes from (`source:`/`url:` header lines, an HTML page's og:site_name
and canonical URL), the outlet and URL are kept, searchable with `source:`, exported, shown as text, and a
story says how many outlets carried it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from reader import index
from reader.errors import QueryError
from reader.ingest import parse, read_article
from reader.ingest.sources import MAX_URL, clean_url, key_line
from reader.search import SearchService
from tests.conftest import SEEDS, write
from tests.test_cli import run

BODY = (
    "\n\nLe ministre français des Armées et son homologue japonais ont signé jeudi à Tokyo un accord de "
    "coopération en matière de défense, a annoncé le ministère.\n\n"
    "« Cet accord marque une étape », a déclaré le ministre à la presse après la cérémonie.\n"
)
TITLE = "Le Japon et la France signent un accord de défense"
SEED_000 = next(SEEDS.glob("000_*"))
SEED_001 = next(SEEDS.glob("001_*"))
SEED_002 = next(SEEDS.glob("002_*"))


def sourced(path: Path, *header: str) -> str:
    """A seed with header lines added under its first line (`date YYYY-MM-DD Title`): test fixtures only, the
    seeds themselves say nothing of where they come from."""
    first, rest = path.read_text(encoding="utf-8").split("\n", 1)
    return "\n".join([first, *header, rest])


# --- ingest ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"{TITLE}\n2021-03-04\nsource: Le Monde\nURL : https://www.lemonde.fr/international/a.html{BODY}",
        f"SOURCE: Le Monde\nUrl: https://www.lemonde.fr/international/a.html\n{TITLE}\n2021-03-04{BODY}",
        f"source : Le Monde\nurl: https://www.lemonde.fr/international/a.html\n\n{TITLE}\n2021-03-04{BODY}",
        f"date 2021-03-04 {TITLE}\nSource: Le Monde\nurl: https://www.lemonde.fr/international/a.html{BODY}",
        f"{TITLE}\n\n2021-03-04\nsource: Le Monde\nurl: https://www.lemonde.fr/international/a.html{BODY}",
    ],
)
def test_header_lines_give_the_outlet_and_url(text: str) -> None:
    article = parse(text, "a.txt")
    assert (article.title, article.date) == (TITLE, "2021-03-04")
    assert (article.source, article.url) == ("Le Monde", "https://www.lemonde.fr/international/a.html")
    assert article.body.startswith("Le ministre français") and "lemonde" not in article.body


def test_a_markdown_front_matter_gives_title_date_outlet_and_url() -> None:
    text = (
        "---\n"
        f'title: "{TITLE}"\n'
        "date: 2021-03-04T09:30:00+01:00\n"
        "tags:\n  - défense\n"
        "publisher: Le Monde\n"
        "link: https://www.lemonde.fr/international/a.html\n"
        f"---\n{BODY}"
    )
    article = parse(text, "a.md")
    assert (article.title, article.date) == (TITLE, "2021-03-04")
    assert (article.source, article.url) == ("Le Monde", "https://www.lemonde.fr/international/a.html")
    assert article.body.startswith("Le ministre français") and "publisher" not in article.body
    # a file that opens with a rule of dashes over prose (no `key:` line) has no front matter: all text
    plain = parse(f"---\n{BODY.strip()}\n---\n", "b.md")
    assert plain.source == "" and "homologue japonais ont signé" in plain.title + plain.body


def test_a_url_alone_names_the_outlet_by_its_host() -> None:
    article = parse(f"{TITLE}\n2021-03-04\nurl: https://www.ouest-france.fr/monde/x{BODY}", "a.txt")
    assert (article.source, article.url) == ("ouest-france.fr", "https://www.ouest-france.fr/monde/x")
    assert parse(f"source: https://www.lemonde.fr/a\n\n{TITLE}{BODY}", "a.txt").source == "lemonde.fr"


@pytest.mark.parametrize(
    "text, title",
    [
        # a title that starts with "Source:" over its date stays the title
        ("Source : le gouvernement prépare sa réforme des retraites\n2020-07-02", "Source"),
        ("Source: l'Élysée dément\n2020-07-02", "Source"),
        ("date 2020-07-02 Source : l'Élysée dément tout accord", "Source"),
        # a headline alone that reads as a sentence is no outlet
        ("Source : l'Élysée dément avoir reçu la lettre du ministre des Armées", "Source"),
        # an existing file: a title, its date on the second line
        ("Olivier Véran annonce 400 millions d'euros\n2020-07-02", "Olivier Véran"),
    ],
)
def test_files_without_a_source_header_read_as_before(text: str, title: str) -> None:
    article = parse(text + BODY, "a.txt")
    assert article.title.startswith(title) and (article.source, article.url) == ("", "")
    assert article.body.startswith("Le ministre français")


def test_the_seeds_say_nothing_of_where_they_come_from() -> None:
    for path in sorted(SEEDS.iterdir()):
        article = read_article(SEEDS, path.name)
        assert (article.source, article.url) == ("", ""), path.name


def test_only_http_urls_are_kept_and_text_stays_text() -> None:
    assert clean_url("https://example.org/a?b=c#d") == "https://example.org/a?b=c#d"
    for bad in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "/relative/path",
        "https://",
        "https://exa mple.org/",
        "https://[bold]x/",
        "https://example.org/" + "a" * MAX_URL,
    ):
        assert clean_url(bad) == "", bad
    assert clean_url("https://exam\x1b[2Jple.org/\x07a") == "https://example.org/a"  # controls stripped
    text = f"{TITLE}\n2021-03-04\nsource: \x1b]52;c;aGk=\x07[bold red]Le\x9b2J Monde[/]\nurl: javascript:alert(1){BODY}"
    article = parse(text, "a.txt")
    assert (article.source, article.url) == ("[bold red]Le Monde[/]", "")
    assert key_line("source: " + "très " * 20) is None and key_line("url: deux mots") is None


def test_an_html_page_gives_its_site_name_and_canonical_url(tmp_path: Path) -> None:
    page = """<html><head><title>Tokyo et Séoul signent un accord | Le Journal</title>
    <meta property="og:site_name" content=" Le Journal\x1b[31m ">
    <meta property="og:url" content="https://www.lejournal.example/og">
    <link rel="stylesheet" href="https://www.lejournal.example/style.css">
    <link rel="Canonical" href="https://www.lejournal.example/monde/accord-tokyo-seoul">
    </head><body>
    <p>Le Japon et la Corée du Sud ont signé mercredi à Séoul un accord de partage de renseignements militaires
    qui doit renforcer leur coopération face aux tirs de missiles de la Corée du Nord, ont annoncé les deux
    gouvernements dans un communiqué commun publié après la rencontre de leurs ministres.</p>
    </body></html>"""
    write(tmp_path, "page.html", page)
    article = read_article(tmp_path, "page.html")
    assert (article.source, article.url) == ("Le Journal", "https://www.lejournal.example/monde/accord-tokyo-seoul")
    # no canonical link: og:url; a relative canonical link is no URL; no site name: the host
    write(tmp_path, "b.html", page.replace('rel="Canonical"', 'rel="alternate"').replace("og:site_name", "x"))
    assert (read_article(tmp_path, "b.html").source, read_article(tmp_path, "b.html").url) == (
        "lejournal.example",
        "https://www.lejournal.example/og",
    )
    write(tmp_path, "c.html", page.replace("https://www.lejournal.example/monde", "/monde").replace("og:url", "x"))
    assert read_article(tmp_path, "c.html").url == ""


# --- index and search -----------------------------------------------------------------------------------


@pytest.fixture
def sourced_corpus(tmp_path: Path) -> Path:
    """The seeds, 000 from Le Monde, 001 (its story) from Ouest-France, 002 with a URL only, and a copy of 000
    in a second Le Monde file (the outlet written in lower case)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    write(corpus, SEED_000.name, sourced(SEED_000, "source: Le Monde", "url: https://www.lemonde.fr/japon/a.html"))
    write(corpus, SEED_001.name, sourced(SEED_001, "Source : Ouest-France"))
    write(corpus, SEED_002.name, sourced(SEED_002, "url: https://www.nhk.or.jp/fr/news/b.html"))
    write(corpus, "copy-of-000.txt", sourced(SEED_000, "source: le monde"))
    return corpus


def test_source_is_stored_and_searchable(sourced_corpus: Path) -> None:
    index.update(sourced_corpus)
    service = SearchService(sourced_corpus)
    try:

        def found(q: str) -> set[str]:
            return {service.row(n).path[:4] for n in service.ranked(q).docnums}

        assert found('source:"Le Monde"') == found("source:monde") == found("Source:MONDE") == {"000_", "copy"}
        assert found("source:lemonde.fr") == found("source:lemonde") == {"000_"}
        assert found("source:ouest-france") == found("source:ouest") == {"001_"}
        assert found("source:nhk") == found("source:nhk.or.jp") == {"002_"}
        assert found("japon source:monde") == {"000_", "copy"}
        with pytest.raises(QueryError, match="did you mean source:"):
            service.ranked("sourc:monde")
        rows = {service.row(n).path[:4]: service.row(n) for n in service.browse()}
        assert (rows["000_"].source, rows["000_"].url) == ("Le Monde", "https://www.lemonde.fr/japon/a.html")
        assert (rows["002_"].source, rows["003_"].source) == ("nhk.or.jp", "")
        story = service.story(rows["000_"].story)
        assert len(story) == 3 and service.outlets(story) == ["Le Monde", "Ouest-France"]
    finally:
        service.close()


# --- the command line ----------------------------------------------------------------------------------


def test_export_and_stories_say_the_outlets(sourced_corpus: Path) -> None:
    corpus = str(sourced_corpus)
    export = {a["path"][:4]: a for a in json.loads(run("export", "--json", "--corpus", corpus).stdout)}
    assert (export["000_"]["source"], export["000_"]["url"]) == ("Le Monde", "https://www.lemonde.fr/japon/a.html")
    assert (export["001_"]["source"], export["001_"]["url"]) == ("Ouest-France", None)
    assert (export["004_"]["source"], export["004_"]["url"]) == (None, None)

    (story,) = json.loads(run("stories", "--json", "--corpus", corpus).stdout)
    assert story["size"] == 3 and story["outlets"] == 2
    assert sorted(story["outlet_names"]) == ["Le Monde", "Ouest-France"]  # "le monde" is the same outlet
    assert {a["path"][:4]: a["source"] for a in story["articles"]} == {
        "000_": "Le Monde",
        "001_": "Ouest-France",
        "copy": "le monde",
    }
    assert "3 articles, 2 outlets" in run("stories", "--corpus", corpus).stdout
    hits = {h["path"][:4]: h for h in json.loads(run("search", "source:monde", "--json", "--corpus", corpus).stdout)}
    assert set(hits) == {"000_", "copy"} and hits["000_"]["source"] == "Le Monde"
    assert hits["000_"]["url"] == "https://www.lemonde.fr/japon/a.html" and hits["copy"]["url"] is None
    assert hits["000_"]["story"] == hits["copy"]["story"] == story["story"]
    (row,) = csv.DictReader(io.StringIO(run("stories", "--csv", "--corpus", corpus).stdout, newline=""))
    assert row["outlets"] == "2" and sorted(row["outlet_names"].split("; ")) == ["Le Monde", "Ouest-France"]
    (line,) = run("stories", "--tsv", "--corpus", corpus).stdout.splitlines()
    assert line.split("\t")[2] == "2"


def test_a_hostile_outlet_and_url_never_reach_the_terminal(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    header = ["source: \x1b]52;c;aGk=\x07[red]Evil\x1b[2J[/red]", "url: https://evil.example/\x1b[31m[link]x"]
    write(corpus, "a.txt", sourced(SEED_002, *header))
    for args in (["export", "--json"], ["export", "--csv"], ["stories", "--min-size", "1"]):
        r = run(*args, "--corpus", str(corpus))
        assert r.returncode == 0, r.stderr
        assert "\x1b" not in r.stdout and "\x07" not in r.stdout
        assert "[red]Evil[/red]" in r.stdout, args  # markup stays as written
    (item,) = json.loads(run("export", "--json", "--corpus", str(corpus)).stdout)
    assert (item["source"], item["url"]) == ("[red]Evil[/red]", "https://evil.example/[link]x")
