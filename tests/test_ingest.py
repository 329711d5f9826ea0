"""Ingest: encodings, control characters, boilerplate, metadata, walking and stable ids."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from reader.errors import Skipped
from reader.ingest import parse, read_article, walk
from reader.text.normalize import normalise
from tests.conftest import SEEDS, write

ARTICLE = (
    "Le Japon et la France signent un accord de défense\n\n"
    "Le ministre français des Armées et son homologue japonais ont signé jeudi à Tokyo un accord "
    "de coopération en matière de défense, a annoncé le ministère.\n\n"
    "« Cet accord marque une étape », a déclaré le ministre à la presse après la cérémonie.\n"
)


def seed(name: str):
    path = next(p for p in SEEDS.iterdir() if p.name.startswith(name))
    return read_article(SEEDS, path.name)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"])
def test_every_common_encoding_gives_the_same_article(tmp_path: Path, encoding: str) -> None:
    write(tmp_path, "a.txt", ARTICLE.replace("«", '"').replace("»", '"').encode(encoding))
    article = read_article(tmp_path, "a.txt")
    assert article.title == "Le Japon et la France signent un accord de défense"
    assert "Le ministre français des Armées et son homologue japonais ont signé jeudi" in article.body
    assert "\ufffd" not in article.body


def test_mixed_line_endings_and_invalid_utf8_in_the_middle(tmp_path: Path) -> None:
    raw = ARTICLE.replace("\n", "\r\n", 2).encode("utf-8").replace("cérémonie".encode(), b"c\xe9r\xff")
    write(tmp_path, "a.txt", raw)
    article = read_article(tmp_path, "a.txt")
    assert "\r" not in article.body
    assert "homologue japonais ont signé jeudi à Tokyo" in article.body  # the UTF-8 around it survives
    assert "a déclaré le ministre à la presse" in article.body


def test_control_characters_and_escape_sequences_are_stripped(tmp_path: Path) -> None:
    hostile = (
        "Titre \x1b]0;owned\x07propre de l'article du jour\n\n"
        "Le texte\x1b[2J\x1b[31m rouge\x1b[0m et \x1b]52;c;ZXZpbA==\x07le presse-papiers,\x00 la cloche\x07 "
        "et \u202egauche\u202c restent du texte ordinaire pour le lecteur.\n"
    )
    write(tmp_path, "a.txt", hostile)
    article = read_article(tmp_path, "a.txt")
    for text in (article.title, article.body):
        assert not any(ch in text for ch in "\x1b\x07\x00\u202e\u202c")
        assert "ZXZpbA" not in text and "owned" not in text
    assert "Le texte rouge et le presse-papiers, la cloche et gauche restent" in article.body


def test_empty_and_binary_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    write(tmp_path, "empty.txt", b"   \n\n")
    write(tmp_path, "binary.txt", bytes(range(256)) * 40)
    with pytest.raises(Skipped, match="empty"):
        read_article(tmp_path, "empty.txt")
    with pytest.raises(Skipped, match="binary|not text"):
        read_article(tmp_path, "binary.txt")


DEBRIS = [
    "Laisser un commentaire",
    "Click to comment",
    "Votre adresse e-mail",
    "Les + Lus",
    "Nous rejoindre",
    "A lire aussi",
    "Japon et Corée du Sud resserrent",
    "Découvrez nos contenus sponsorisés",
    "Swiss Olympic",
    "Articles les plus lus",
    "Photo: keystone",
    "Post carré",
    "AFP Agence France-Presse",
    "POOL / Kin Cheung",
    "14 − 13",
    "Publié: il y a",
    "Dernière mise à jour",
    "Jean Delaunay",
    "shake hands",
    "parle lors d'une conférence de presse à Tokyo, le 9 avril 2025",
    "Les militaires ukrainiens licencient",
]


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seed_boilerplate_is_removed_and_article_sentences_kept(name: str) -> None:
    article = seed(name)
    for debris in DEBRIS:
        assert debris not in article.body, debris
    raw = normalise(next(p for p in SEEDS.iterdir() if p.name.startswith(name)).read_text("utf-8"))
    # every long sentence-like paragraph of the article is kept
    for line in raw.splitlines():
        line = line.strip()
        if len(line.split()) >= 25 and line.endswith((".", "»", '"')) and "Swiss" not in line:
            assert line in article.body, line[:60]


def test_seed_titles_dates_and_language() -> None:
    expected = {
        "000": ("Le Japon et le Royaume-Uni renforcent leur coopération en matière de défense", "2026-01-31"),
        "001": ("Londres et Tokyo scellent un partenariat stratégique renforcé", None),
        "002": ("Le Japon et les Etats-Unis vont renforcer leur coopération militaire", "2026-01-16"),
        "003": (
            "Le Japon et les États-Unis promettent une alliance solide sous leurs nouveaux gouvernements respectifs",
            None,
        ),
        "004": (
            "Le Japon et l’OTAN se procurent d’approfondir les liens de sécurité pour contrer les menaces de "
            "la Chine et de la Russie",
            "2025-04-09",
        ),
    }
    for name, (title, when) in expected.items():
        article = seed(name)
        assert (article.title, article.date, article.language) == (title, when, "fr")
        assert not article.body.startswith(title)  # the title is not repeated as a paragraph


def test_corpus_header_layout(tmp_path: Path) -> None:
    write(
        tmp_path,
        "1.txt",
        "Olivier Véran annonce 400 millions d'euros\n2020-07-02\n\nCette décision a été "
        "annoncée à l'issue d'une réunion organisée avec les syndicats.",
    )
    article = read_article(tmp_path, "1.txt")
    assert (article.title, article.date) == ("Olivier Véran annonce 400 millions d'euros", "2020-07-02")
    assert article.body.startswith("Cette décision")


def test_no_date_is_invented_and_stated_dates_are_found() -> None:
    assert parse("Un titre assez long pour compter\n\nLe texte ne dit pas quand il a eu lieu.", "a.txt").date is None
    text = "Un titre assez long pour compter\n\nLa réunion s'est tenue le 1er mars 2024 à Paris, selon le texte."
    assert parse(text, "a.txt").date == "2024-03-01"


def test_english_article_language(tmp_path: Path) -> None:
    write(
        tmp_path,
        "en.txt",
        "Japan and Britain sign a defence pact\n\nThe two countries said on Saturday that "
        "they have agreed to deepen their security partnership in the years to come.",
    )
    assert read_article(tmp_path, "en.txt").language == "en"


def test_html_page_main_text_and_title(tmp_path: Path) -> None:
    page = """<html><head><title>Tokyo et Séoul signent un accord | Le Journal</title></head><body>
    <nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/eco">Économie</a></nav>
    <h1>Tokyo et Séoul signent un accord</h1>
    <p>Le Japon et la Corée du Sud ont signé mercredi à Séoul un accord de partage de renseignements militaires
    qui doit renforcer leur coopération face aux tirs de missiles de la Corée du Nord, ont annoncé les deux
    gouvernements dans un communiqué commun publié après la rencontre de leurs ministres.</p>
    <p>Les deux voisins, longtemps brouillés par des différends historiques, se sont engagés à tenir des
    réunions régulières entre leurs ministres de la Défense et à mener des exercices conjoints.</p>
    <footer>© Le Journal 2024 – Mentions légales – Politique de confidentialité – Contact</footer>
    </body></html>"""
    write(tmp_path, "page.html", page)
    article = read_article(tmp_path, "page.html")
    assert article.title == "Tokyo et Séoul signent un accord"  # without the site's name
    assert "accord de partage de renseignements militaires" in article.body
    assert "se sont engagés à tenir des réunions régulières" in " ".join(article.body.split())
    assert "Mentions légales" not in article.body and "Accueil" not in article.body


def test_markdown_markup_is_removed(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.md",
        "# Le Japon et la France signent un accord\n\nLe **ministre** a signé un "
        "[accord](http://x) de défense avec son homologue à Tokyo jeudi.\n",
    )
    article = read_article(tmp_path, "a.md")
    assert article.title == "Le Japon et la France signent un accord"
    assert "Le ministre a signé un accord de défense" in article.body


def test_walk_recurses_skips_hidden_and_survives_symlink_loops(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "deep/er/still/b.md", ARTICLE)
    write(tmp_path, ".hidden/c.txt", ARTICLE)
    write(tmp_path, ".d.txt", ARTICLE)
    write(tmp_path, "notes.pdf", b"%PDF")
    os.symlink(tmp_path, tmp_path / "deep" / "loop")
    found = sorted(f.path for f in walk(tmp_path))
    assert found == ["a.txt", "deep/er/still/b.md"]


def _tree_for_halves(root: Path, links: bool) -> None:
    """Folders enough to split, a link loop to the top, a folder named like an article, a FIFO, an unreadable
    folder, hidden files; with `links`, folders the two halves of the walk share through links."""
    for k in range(6):
        for j in range(3):
            write(root, f"f{k}/a{j}.txt", ARTICLE)
        write(root, f"f{k}/sub/b.md", ARTICLE)
    write(root, "top.txt", ARTICLE)
    write(root, "f4/.hidden.txt", ARTICLE)
    write(root, "dir.txt/inside.txt", ARTICLE)  # a folder named like an article
    if links:
        os.symlink(root / "f0", root / "f5" / "again")  # the child's half links to the parent's
        os.symlink(root / "f5", root / "f1" / "ahead")  # the parent's half links to the child's
    os.symlink(root, root / "f3" / "loop")
    os.mkfifo(root / "f4" / "pipe.txt")
    (root / "f2" / "locked").mkdir()
    (root / "f2" / "locked" / "x.txt").write_text("x")
    (root / "f2" / "locked").chmod(0)


@pytest.mark.parametrize("layout", ["folders", "links", "flat", "chain"])
def test_a_walk_shared_with_a_forked_process_finds_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    """The same files, in the same order, with the same problems, as the walk of one process (each folder's
    files by name, then its folders; a folder reached through two links walked once, at the first)."""
    walking = importlib.import_module("reader.ingest.walk")  # (the module: the package's `walk` is the function)
    if layout == "flat":
        for k in (k for k in range(40) if k not in (20, 21, 30)):  # (20: none; 21: a FIFO; 30: a folder)
            write(tmp_path, f"n{k:03}.txt", ARTICLE)
        os.mkfifo(tmp_path / "n021.txt")
        write(tmp_path, "n030.txt/in.txt", ARTICLE)
        monkeypatch.setattr(walking, "FLAT_SPLIT", 10)
    else:  # "chain": the tree two lone folders down, shared where its folders branch
        _tree_for_halves(tmp_path / "archive" / "2020" if layout == "chain" else tmp_path, links=layout == "links")

    def run() -> tuple[list[str], list[int], list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        table = walking.walk_table(tmp_path, problems)
        return table.paths, list(table.sizes), problems

    forks: list[int] = []
    start = walking._Half.start
    monkeypatch.setattr(walking._Half, "start", lambda *a: forks.append(1) or start(*a))
    shared = run()
    assert forks, "the walk was not shared"
    monkeypatch.setattr(walking._Half, "start", lambda *a: None)
    alone = run()
    assert shared == alone
    paths, _, problems = alone
    if layout == "flat":
        assert paths[:3] == ["n000.txt", "n001.txt", "n002.txt"] and paths[-1] == "n030.txt/in.txt"
        assert "n020.txt" not in paths and ("n021.txt", "not a regular file") in problems
        return
    top = "archive/2020/" if layout == "chain" else ""
    (tmp_path / top / "f2" / "locked").chmod(0o700)
    if layout != "links":
        assert paths[:2] == [f"{top}top.txt", f"{top}dir.txt/inside.txt"] and paths[-1] == f"{top}f5/sub/b.md"
    assert f"{top}dir.txt/inside.txt" in paths and (f"{top}f4/pipe.txt", "not a regular file") in problems
    assert not any("loop/" in p for p in paths)
    if layout == "links":
        assert "f1/ahead/a0.txt" in paths and not any(p.startswith("f5/") for p in paths)
        assert not any("/again/" in p for p in paths)
    if os.geteuid() != 0:
        assert any(p == f"{top}f2/locked" for p, _ in problems)


def test_a_walk_that_fails_here_leaves_no_forked_process_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walking = importlib.import_module("reader.ingest.walk")
    _tree_for_halves(tmp_path, links=False)
    (tmp_path / "f2" / "locked").chmod(0o700)
    parent, halves = os.getpid(), []
    start, files = walking._Half.start, walking._Walk.files

    def failing_here(self: object, entries: list, reldir: str) -> list[str]:
        if os.getpid() == parent and reldir.startswith("f1/"):
            raise KeyboardInterrupt  # (Ctrl-C while this process walks its half)
        return files(self, entries, reldir)

    def recorded(*args: object) -> object:
        half = start(*args)
        halves.append((half, half.pid if half else None))
        return half

    monkeypatch.setattr(walking._Half, "start", recorded)
    monkeypatch.setattr(walking._Walk, "files", failing_here)
    with pytest.raises(KeyboardInterrupt):
        walking.walk_table(tmp_path)
    assert halves and all(pid for _, pid in halves)
    for half, pid in halves:
        assert half.fd == -1  # its pipe closed
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped: not even a zombie is left


def test_id_is_stable_when_the_file_moves_or_is_respaced(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "elsewhere/b.txt", ARTICLE.replace("\n", "\r\n").replace("  ", " "))
    write(tmp_path, "c.txt", ARTICLE.replace("jeudi", "vendredi"))
    a, b, c = (read_article(tmp_path, p) for p in ("a.txt", "elsewhere/b.txt", "c.txt"))
    assert a.id == b.id
    assert a.id != c.id


def test_site_names_leave_titles_and_headlines_keep_their_parts() -> None:
    from reader.ingest.boilerplate import strip_site_name

    assert strip_site_name("Tokyo et Séoul signent un accord | Le Journal") == "Tokyo et Séoul signent un accord"
    assert strip_site_name("L'OTAN et le Japon resserrent leurs liens - Euronews") == (
        "L'OTAN et le Japon resserrent leurs liens"
    )
    assert strip_site_name("Japon - Corée : l'accord est signé") == "Japon - Corée : l'accord est signé"
    assert strip_site_name("Un titre sans site") == "Un titre sans site"


def test_a_title_taken_from_a_long_first_sentence_is_cut_between_words() -> None:
    """No usable title: the first sentence stands for it, cut between two words and marked as cut (cut inside
    "Jeanne", the title made a person of "Jea")."""
    sentence = (
        "Dans un communiqué commun, trois parlementaires socialistes, la députée Marie Durand et les sénateurs "
        "Paul Martin et Jeanne Petit, ont apporté leur soutien aux surveillants de la maison d'arrêt"
    )
    a = parse(f"Brèves\n2020-06-30\n\n{sentence}\n", "x.txt")
    assert a.title.endswith("…") and len(a.title) <= 121
    assert sentence.startswith(a.title[:-1]) and sentence[len(a.title) - 1] == " "
