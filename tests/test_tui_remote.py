"""The app's searches in a process of their own (reader/tui/remote.py): the same results as searching in the
app, the right article opened from them, and searching that goes on whatever happens to that process."""

from __future__ import annotations

import os
from pathlib import Path

from reader import index
from reader.bookmarks import Bookmarks
from reader.search import SearchService
from reader.tui import create_app
from reader.tui.remote import SearchProcess, read_tables
from reader.tui.workers import SearchRequest, search
from tests.conftest import ready, settle, until

SIZE = (120, 36)


def make_app(corpus: Path, tmp_path: Path, search_process: bool = True, watch_folder: bool = True):
    return create_app(
        corpus,
        bookmarks=Bookmarks(tmp_path / "bookmarks.sqlite"),
        enrich_in_background=False,
        watch_folder=watch_folder,
        search_process=search_process,
    )


async def process_ready(app, pilot):
    await ready(app, pilot)
    process = app.search_process
    await until(pilot, lambda: process.usable, "the search process to open the index", seconds=60)
    return process


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def search_for(app, pilot, text: str) -> None:
    await pilot.press("slash", "ctrl+u", *text, "enter")
    await settle(app, pilot, query=text)


async def test_the_search_process_lists_what_the_app_itself_lists_and_opens_the_right_article(seed_env, tmp_path):
    shown = {}
    for remote in (True, False):
        app = make_app(seed_env, tmp_path, search_process=remote)
        async with app.run_test(size=SIZE) as pilot:
            if remote:
                process = await process_ready(app, pilot)
            else:
                await ready(app, pilot)
            await search_for(app, pilot, "Tokyo")
            if remote:
                assert process.served >= 1  # answered by the process, not by the app
            rows = [app.service.row(n) for n in app.article_list.articles]
            shown[remote] = ([r.title for r in rows], app.status.plain.split("│")[0])
            await pilot.press("enter")  # the first hit: its document number means the same article here
            view = app.article_view
            await until(pilot, lambda: view.document is not None, "the first hit to open")  # noqa: B023
            assert view.document.row.title == rows[0].title
            assert "Tokyo" in view.document.body
    assert shown[True] == shown[False] and len(shown[True][0]) >= 2


async def test_searching_goes_on_when_the_search_process_dies(seed_env, tmp_path):
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        process = await process_ready(app, pilot)
        process._proc.kill()  # (what a crash or the OOM killer does)
        await search_for(app, pilot, "Starmer")
        assert app.article_list.articles, app.status.plain
        assert "hit" in app.status.plain and "failed" not in app.status.plain
        assert process.failed is not None and not process.usable
        await search_for(app, pilot, "Takaichi")  # and goes on, searched in the app
        assert app.article_list.articles


async def test_an_index_updated_meanwhile_is_searched_on_the_generation_the_app_shows(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Le Japon et l'Inde signent un accord\n\nTokyo et New Delhi ont signé un accord.\n")
    index.update(corpus)
    app = make_app(corpus, tmp_path, watch_folder=False)  # (the index changes when the test says)
    async with app.run_test(size=SIZE) as pilot:
        process = await process_ready(app, pilot)
        # another terminal indexes a new article: the app still shows the old index, and so must its search
        (corpus / "b.txt").write_text(
            "La Corée et le Japon resserrent leurs liens\n\nSéoul et Tokyo ont convenu de tenir un sommet.\n"
        )
        index.update(corpus)
        await search_for(app, pilot, "Tokyo")
        assert [app.service.row(n).title for n in app.article_list.articles] == ["Le Japon et l'Inde signent un accord"]
        # once the app picks up the new index (r), the process searches that one
        served = process.served
        app.article_list.focus()
        await pilot.press("r")
        await settle(app, pilot, query="Tokyo")
        await search_for(app, pilot, "Séoul")
        assert process.served > served
        assert [app.service.row(n).title for n in app.article_list.articles] == [
            "La Corée et le Japon resserrent leurs liens"
        ]
        await pilot.press("enter")
        await until(pilot, lambda: app.article_view.document is not None, "the hit to open")
        assert app.article_view.document.row.title == "La Corée et le Japon resserrent leurs liens"


async def test_the_search_process_ends_with_the_app(seed_env, tmp_path):
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        process = await process_ready(app, pilot)
        pid = process._proc.pid
        assert alive(pid)
        await pilot.press("q")
    assert not alive(pid)  # (stopped and waited for when the app quits: no process left behind)


def test_a_process_on_another_generation_answers_nothing_rather_than_other_articles(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Accord entre le Japon et l'Inde\n\nTokyo et New Delhi ont signé un accord.\n")
    index.update(corpus)
    service = SearchService(corpus)
    process = SearchProcess(corpus)
    process.start()
    try:
        request = SearchRequest("accord", screen_rows=5, width=60)
        old = service.stamp()
        for _ in range(600):  # (until it has opened the index)
            if (outcome := process.search(request, old)) is not None:
                break
            assert process.failed is None
            process._conn.poll(0.05)  # (waits on the process's greeting, no longer than it takes)
        assert outcome is not None and outcome.request is request
        assert outcome.docnums == search(service, request).docnums and outcome.rows
        (corpus / "b.txt").write_text("Un accord à Séoul\n\nSéoul et Tokyo ont conclu un accord.\n")
        index.update(corpus)
        # the app still shows the old index: so does the process (it reopens only when the app has)
        assert process.search(request, old).docnums == outcome.docnums
        service.refresh()
        fresh = process.search(request, service.stamp())
        assert fresh is not None and len(fresh.docnums) == 2
        # a request for a generation the process no longer holds gets no answer, rather than other articles
        assert process.search(request, old) is None
    finally:
        process.stop()
        service.close()


def test_the_tables_read_by_another_process_are_those_read_here(seed_env, monkeypatch):
    from reader.search import tables

    def summary(ws):
        return ws.names, ws.actors, ws.ids, ws.stories, [(r.row, r.agreement, r.key) for r in ws.records]

    here = SearchService(seed_env)
    monkeypatch.setattr(tables, "_SEGMENTS", {})
    local = summary(here.workspace())
    assert local[4], "the seeds report agreements"
    there = SearchService(seed_env)  # (another searcher: the workspace is read again for it)
    monkeypatch.setattr(tables, "_SEGMENTS", {})
    assert read_tables(there)
    assert not there.unread_tables()[1]  # every segment came from the other process: none is read here
    assert summary(there.workspace()) == local
    here.close()
    there.close()


def test_stopping_never_waits_on_a_search_the_process_does_not_answer(seed_env, monkeypatch):
    import signal
    import threading

    from reader.tui import remote

    monkeypatch.setattr(remote, "ANSWER_S", 3600.0)  # (the search alone would wait an hour)
    process = SearchProcess(seed_env)
    process.start()
    service = SearchService(seed_env)
    try:
        request = SearchRequest("Tokyo", screen_rows=5, width=60)
        while process.search(request, service.stamp()) is None:  # (until it has opened the index)
            assert process.failed is None
            process._conn.poll(0.05)
        os.kill(process._proc.pid, signal.SIGSTOP)  # a process that hangs: the search waits on it
        answers = []
        asking = threading.Thread(target=lambda: answers.append(process.search(request, service.stamp())))
        asking.start()
        stopping = threading.Thread(target=process.stop)  # (the app quitting meanwhile)
        stopping.start()
        stopping.join(30)
        asking.join(30)
        assert (
            not stopping.is_alive() and not asking.is_alive() and answers == [None]
        )  # the search gave up; the app searches itself
        assert not process.usable
    finally:
        process.stop()
        service.close()


async def test_the_actor_picker_opens_on_tables_read_by_another_process(seed_env, tmp_path, monkeypatch):
    from reader.search import tables
    from reader.tui import app as app_module
    from reader.tui.screens import ActorPicker

    monkeypatch.setattr(app_module, "TABLES_ELSEWHERE_FROM", 0)  # (as on a large index)
    monkeypatch.setattr(tables, "_SEGMENTS", {})  # (none read yet in this process)
    read = []
    monkeypatch.setattr(app_module, "read_tables", lambda service: read.append(read_tables(service)) or read[-1])
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ActorPicker), "the actor picker", seconds=60)
        assert read == [True]  # the tables came from the other process
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"Keir Starmer")
        await until(pilot, lambda: app.screen.query_one("#picker-list").option_count >= 1, "Keir Starmer listed")
