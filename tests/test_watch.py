"""Following the news: watchlists (saved searches with what is new since each was last opened), in the app and
on the command line, and the corpus folder watched while the reader is open."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.bookmarks import Bookmarks
from reader.errors import BookmarkError
from reader.search import SearchService
from reader.tui import create_app
from reader.tui.screens import WatchlistsScreen, WatchNameScreen
from reader.watch import FolderWatcher, matching_ids, watch_query
from tests.conftest import SEEDS, ready, settle, until, write

SIZE = (120, 36)

NEW_ARTICLE = """date 2026-02-20 Le Japon et les Philippines signent un accord de défense

Tokyo et Manille ont signé vendredi un accord de défense qui permet le déploiement de troupes japonaises
aux Philippines, a annoncé le ministère japonais de la Défense.
"""


def reader_cli(*args: str, corpus: Path | None = None) -> subprocess.CompletedProcess:
    extra = ["--corpus", str(corpus)] if corpus else []
    return subprocess.run(
        [sys.executable, "-m", "reader", *args, *extra], capture_output=True, text=True, env=os.environ.copy()
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the seeds of this test's own (the tests add files to it), its index in this test's cache."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def test_watch_query_folds_the_actor_filters_into_the_query() -> None:
    assert watch_query("défense", [("Japon", "place"), ("OTAN", "organisation")]) == (
        '(défense) AND place:"Japon" AND org:"OTAN"'
    )
    assert watch_query("", [("Mark Rutte", "person")]) == 'person:"Mark Rutte"'
    assert watch_query(" Japon ", []) == "Japon"
    assert watch_query("x", [('Le "Monde"', "organisation")]) == '(x) AND org:"Le  Monde"'


def test_cli_watch_counts_new_articles_and_reads_back_as_json(corpus: Path) -> None:
    assert reader_cli("index", "--text-only", "--quiet", corpus=corpus).returncode == 0
    r = reader_cli("watch", "add", "philippines", "Japon", "OR", "Philippines", corpus=corpus)
    assert r.returncode == 0, r.stderr
    r = reader_cli("watch", "--json", corpus=corpus)
    assert r.returncode == 0, r.stderr
    [item] = json.loads(r.stdout)
    assert item["name"] == "philippines" and item["query"] == "Japon OR Philippines"
    assert item["hits"] == 5 and item["new"] == 0 and item["opened"]

    write(corpus, "new/philippines.txt", NEW_ARTICLE)
    assert reader_cli("index", "--text-only", "--quiet", corpus=corpus).returncode == 0
    [item] = json.loads(reader_cli("watch", "--json", corpus=corpus).stdout)
    assert (item["hits"], item["new"]) == (6, 1)
    text = reader_cli("watch", corpus=corpus)
    assert "philippines" in text.stdout and "1 new" in text.stdout

    # usage errors: one line, exit 2, nothing changed
    for args in (("watch", "remove", "nope"), ("watch", "add", "bad", "title:("), ("watch", "add", " ", "Japon")):
        r = reader_cli(*args, corpus=corpus)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, args
    assert [w["name"] for w in json.loads(reader_cli("watch", "--json", corpus=corpus).stdout)] == ["philippines"]
    assert reader_cli("watch", "remove", "philippines").returncode == 0  # (no corpus needed)
    assert json.loads(reader_cli("watch", "--json", corpus=corpus).stdout) == []


def test_watchlists_survive_reopening_and_a_read_only_store_says_so(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "bookmarks.sqlite"
    marks = Bookmarks(path)
    marks.save_watchlist("japon", "Japon", ["a", "b"])
    marks.close()
    again = Bookmarks(path)
    assert [(w.name, w.query) for w in again.watchlists()] == [("japon", "Japon")]
    assert again.seen("japon") == {"a", "b"}
    again.mark_opened("japon", ["a", "c"])
    assert again.seen("japon") == {"a", "c"}
    again.close()

    # a database from before watchlists, on a disk that cannot be written: read as it is, edits refused
    old = tmp_path / "old.sqlite"
    db = sqlite3.connect(old)
    db.execute("CREATE TABLE bookmarks (id TEXT PRIMARY KEY, path TEXT, title TEXT, date TEXT, added TEXT)")
    db.commit()
    db.close()

    def full(self):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Bookmarks, "_connect", full)
    read_only = Bookmarks(old)
    assert read_only.read_only and read_only.watchlists() == [] and read_only.seen("japon") == set()
    with pytest.raises(BookmarkError, match="read-only"):
        read_only.save_watchlist("japon", "Japon")
    with pytest.raises(BookmarkError, match="read-only"):
        read_only.remove_watchlist("japon")


def test_a_folder_that_cannot_be_watched_is_said_and_the_watcher_stops(tmp_path: Path) -> None:
    from tests.test_faults import wait_for

    said: list[str] = []
    watcher = FolderWatcher(tmp_path / "gone", lambda files: None, failed=said.append)
    watcher.start()
    wait_for(lambda: bool(said), "the watcher to say it cannot watch", seconds=30)
    wait_for(lambda: not watcher.running, "the watcher's thread to end", seconds=30)
    watcher.stop()
    assert not [t for t in threading.enumerate() if t.name == "reader-folder-watch"]


def test_files_changed_before_the_watch_began_are_reported_once_it_has(tmp_path: Path) -> None:
    """What was written after the index last walked the folder but before the watch began (the app opening,
    or closed) is not missed: the watcher reports it as its first batch, by change time, hidden folders aside."""
    import time

    from tests.test_faults import wait_for

    folder = tmp_path / "corpus"
    before = write(folder, "old/before.txt", "Avant\n\nDéjà indexé.\n")
    os.utime(before, (time.time() - 60, time.time() - 60))
    since = max(os.stat(before).st_ctime, os.stat(folder / "old").st_ctime)  # (the index walked here)
    # file times come from a coarse clock: wait until it has moved past `since`, as a file tells
    wait_for(lambda: write(tmp_path, "probe.txt", "").stat().st_ctime > since, "the file clock to move", 30)
    write(folder, "new/after.txt", "Après\n\nÉcrit avant que le dossier soit surveillé.\n")
    write(folder, ".hidden/secret.txt", "Caché\n\nJamais lu.\n")
    batches: list[list[str]] = []
    held = {str(before)}  # what the index holds as it is (within a second of `since`: checked, not reported)
    watcher = FolderWatcher(folder, batches.append, since=since, indexed=held.__contains__)
    watcher.start()
    try:
        wait_for(lambda: bool(batches), "the first batch", seconds=60)
    finally:
        watcher.stop()
    first = batches[0]
    assert str(folder / "new" / "after.txt") in first
    assert not any("before.txt" in f or ".hidden" in f for f in first), first


def write_until_reported(folder: Path, batches: list[list[str]]) -> None:
    """Write new articles into `folder` until the watcher reports one (it says nothing until watchfiles has
    registered the folder)."""
    from tests.test_faults import wait_for

    written = [0]

    def reported() -> bool:
        written[0] += 1
        write(folder, f"new-{written[0]}.txt", "Nouveau\n\nUn article de plus.\n")
        return any("new-" in f for batch in batches for f in batch)

    wait_for(reported, "a new file to be reported", seconds=60)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states in /proc")
def test_the_folder_is_watched_by_a_process_that_ends_with_the_watch(tmp_path: Path) -> None:
    """watchfiles registers every file of the folder holding the GIL (half a second at 200,000 files): the app's
    watch runs in a process of its own, which reports new files and goes when the watch is stopped."""
    from tests.test_faults import wait_for

    folder = tmp_path / "corpus"
    write(folder, "a.txt", "Un\n\nPremier article.\n")
    batches: list[list[str]] = []
    watcher = FolderWatcher(folder, batches.append, debounce_ms=100)
    watcher.start()
    try:
        wait_for(lambda: watcher._proc is not None, "the watching process", seconds=30)
        proc = watcher._proc
        assert proc is not None and proc.pid != os.getpid() and _alive(proc.pid)
        write_until_reported(folder / "sub", batches)
    finally:
        watcher.stop()
    assert not _alive(proc.pid)
    assert not watcher.running and watcher.error is None


def test_a_watching_process_that_dies_is_said(tmp_path: Path) -> None:
    from tests.test_faults import wait_for

    said: list[str] = []
    watcher = FolderWatcher(tmp_path, lambda files: None, failed=said.append)
    watcher.start()
    try:
        wait_for(lambda: watcher._proc is not None, "the watching process", seconds=30)
        assert watcher._proc is not None
        watcher._proc.kill()
        wait_for(lambda: bool(said), "the watcher to say the watch ended", seconds=30)
    finally:
        watcher.stop()
    assert said == ["the folder watch ended"]


def test_without_a_process_the_folder_is_watched_in_the_thread(tmp_path: Path, monkeypatch) -> None:

    def no_process(*args, **kwargs):
        raise OSError("no more processes")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    batches: list[list[str]] = []
    watcher = FolderWatcher(tmp_path, batches.append, debounce_ms=100)
    watcher.start()
    try:
        write_until_reported(tmp_path, batches)
    finally:
        watcher.stop()
    assert watcher._proc is None and watcher.error is None


async def test_a_file_added_while_the_app_was_closed_shows_up_when_it_opens(corpus, tmp_path):
    assert reader_cli("index", "--text-only", "--quiet", corpus=corpus).returncode == 0
    write(corpus, "philippines.txt", NEW_ARTICLE)  # (the app is not running: nothing watches)
    app = create_app(corpus, bookmarks=Bookmarks(tmp_path / "bookmarks.sqlite"), enrich_in_background=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await until(pilot, lambda: any("Philippines" in t for t in listed(app)), "the new article in the list", 90)
        assert app.service.doc_count == 6
        await pilot.press("q")


def listed(app) -> list[str]:
    """The titles of the list's rows."""
    listing = app.article_list
    return [listing.row_at(i).title for i in range(len(listing.docnums))]


def watch_lines(app) -> list[str]:
    screen = app.screen
    assert isinstance(screen, WatchlistsScreen)
    options = screen.query_one("#watchlists-list")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_a_file_added_while_the_app_is_open_shows_up_in_the_list_and_the_watchlist(corpus, tmp_path):
    app = create_app(corpus, bookmarks=Bookmarks(tmp_path / "bookmarks.sqlite"), enrich_in_background=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.service.doc_count == 5 and not any("Philippines" in t for t in listed(app))

        # save a search as a watchlist: W, a name, enter
        await pilot.press("slash", *"Japon", "enter")
        await settle(app, pilot, query="Japon")
        await pilot.press("W")
        await until(pilot, lambda: isinstance(app.screen, WatchNameScreen), "the name to be asked")
        await pilot.press(*"tokyo", "enter")
        await until(pilot, lambda: app.bookmarks.watchlist("tokyo") is not None, "the watchlist to be saved")
        assert app.bookmarks.watchlist("tokyo").query == "Japon"

        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, WatchlistsScreen), "the watchlists view")
        await until(pilot, lambda: "0 new" in " ".join(watch_lines(app)), "the counts")
        assert "tokyo" in watch_lines(app)[0] and "5 in all" in watch_lines(app)[0]

        # a new article, written while the app is open: watched, indexed, listed, counted
        write(corpus, "dépêches/philippines.txt", NEW_ARTICLE)
        await until(pilot, lambda: "1 new" in " ".join(watch_lines(app)), "the new article in the watchlist", 90)
        assert "6 in all" in watch_lines(app)[0]

        # enter runs its query and marks it opened: nothing is new any more
        await pilot.press("enter")
        await settle(app, pilot, query="Japon")
        assert any("Philippines" in t for t in listed(app)), (listed(app), app.status.plain)
        await until(pilot, lambda: app.bookmarks.seen("tokyo") and len(app.bookmarks.seen("tokyo")) == 6, "opened")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, WatchlistsScreen), "the watchlists view")
        await until(pilot, lambda: "0 new" in " ".join(watch_lines(app)), "nothing new after opening")
        await pilot.press("escape")

        # and the list without a query shows it too
        await pilot.press("slash", "ctrl+a", "ctrl+k", "enter")
        await settle(app, pilot, query="")
        assert any("Philippines" in t for t in listed(app)) and app.service.doc_count == 6
        watcher = app.watcher
        assert watcher is not None and watcher.running
        await pilot.press("q")
    # nothing outlives the app: no watching thread, no `reader index` child
    assert not watcher.running
    assert not [t for t in threading.enumerate() if t.name == "reader-folder-watch"]
    assert not app.extraction.running


async def test_the_watchlist_keeps_the_actor_filter(corpus, tmp_path):
    app = create_app(
        corpus, bookmarks=Bookmarks(tmp_path / "bookmarks.sqlite"), enrich_in_background=False, watch_folder=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.actors = [("Japon", "place")]
        await pilot.press("slash", *"défense", "enter")
        await settle(app, pilot, query="défense")
        await pilot.press("W")
        await until(pilot, lambda: isinstance(app.screen, WatchNameScreen), "the name to be asked")
        await pilot.press(*"défense japon", "enter")
        await until(pilot, lambda: app.bookmarks.watchlist("défense japon") is not None, "the watchlist to be saved")
        assert app.bookmarks.watchlist("défense japon").query == '(défense) AND place:"Japon"'
        # from the palette too
        await pilot.press("ctrl+p")
        await pilot.press(*"Watchlists")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WatchlistsScreen), "the watchlists view from the palette")
        await until(pilot, lambda: "in all" in " ".join(watch_lines(app)), "the counts")
        await pilot.press("d")
        await until(pilot, lambda: not app.bookmarks.watchlists(), "the watchlist to be removed")


def test_watchlists_view_snapshot(snap_compare, seed_env, tmp_path):
    """The view as a user sees it: each watchlist with its new articles, its name, its query and its hits."""
    marks = Bookmarks(tmp_path / "bookmarks.sqlite")
    service = SearchService(seed_env)
    try:
        seen = matching_ids(service, "Rutte")
    finally:
        service.close()
    marks.save_watchlist("Japon", "Japon")  # (saved with nothing seen: every hit is new)
    marks.save_watchlist("OTAN et Rutte", "Rutte", seen)
    app = create_app(seed_env, bookmarks=marks, enrich_in_background=False, watch_folder=False)

    async def open_view(pilot):
        await ready(app, pilot)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, WatchlistsScreen), "the watchlists view")
        await until(pilot, lambda: all("in all" in line for line in watch_lines(app)), "the counts")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_view)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_in_a_real_terminal_a_new_file_shows_up_and_quitting_leaves_no_process(corpus: Path, tmp_path: Path) -> None:
    """The installed reader in tmux: a file written into the corpus while it is open is listed; `q` then takes
    the `reader index` it started along (the watcher is a thread of the app: it goes with the app)."""
    from tests.test_e2e_tmux import Tmux, reader_command
    from tests.test_faults import alive, cmdline, descendants, wait_for

    assert reader_cli("index", "--quiet", corpus=corpus).returncode == 0  # (actors too: the app starts no extraction)
    env = {k: os.environ[k] for k in ("PATH", "HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")}
    env["TERM"] = "xterm-256color"
    tmux = Tmux(env)
    try:
        tmux.start(reader_command(corpus))
        tmux.wait_for("articles")
        pane = int(
            subprocess.run(
                [*tmux.tmux, "list-panes", "-t", tmux.name, "-F", "#{pane_pid}"], capture_output=True, text=True
            ).stdout.split()[0]
        )
        app = next(p for p in descendants(pane) if "--corpus" in cmdline(p) and " index " not in cmdline(p))
        write(corpus, "philippines.txt", NEW_ARTICLE)
        tmux.wait_for("les Philippines signent", timeout=90)
        everything = descendants(app) | {app}
        tmux.keys("q")
        wait_for(lambda: not alive(everything), "every process of the app to go", seconds=60)
    finally:
        tmux.kill()
