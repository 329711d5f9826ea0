"""SVG snapshots of the main screens: fixed size, fixed corpus (the seeds), temporary data folders.

`pytest --snapshot-update tests/test_tui_snapshots.py` rewrites them; look at the SVGs before committing."""

from __future__ import annotations

from pathlib import Path

from reader.bookmarks import Bookmarks
from reader.tui import create_app
from tests.conftest import ready, settle, until

SIZE = (120, 36)


def make_app(corpus: Path, tmp_path: Path):
    bookmarks = Bookmarks(tmp_path / "bookmarks.sqlite")
    app = create_app(corpus, bookmarks=bookmarks, enrich_in_background=False)
    return app


async def wait_ready(pilot) -> None:
    await ready(pilot.app, pilot)


def test_main_screen(snap_compare, seed_env, tmp_path):
    assert snap_compare(make_app(seed_env, tmp_path), terminal_size=SIZE, run_before=wait_ready)


def test_search_with_hits(snap_compare, seed_env, tmp_path):
    async def search(pilot):
        await wait_ready(pilot)
        await pilot.press("slash", *"accord défense", "enter")
        await settle(pilot.app, pilot, query="accord défense")

    assert snap_compare(make_app(seed_env, tmp_path), terminal_size=SIZE, run_before=search)


def test_article_with_highlights(snap_compare, seed_env, tmp_path):
    async def open_article(pilot):
        await wait_ready(pilot)
        await pilot.press("slash", *"Starmer", "enter")
        await settle(pilot.app, pilot, query="Starmer")
        await until(pilot, lambda: pilot.app.focused is pilot.app.article_list, "the list")
        await pilot.press("enter")
        await until(pilot, lambda: pilot.app.article_view.document is not None, "the article")
        await pilot.pause()

    assert snap_compare(make_app(seed_env, tmp_path), terminal_size=SIZE, run_before=open_article)


def test_bookmarks_view(snap_compare, seed_env, tmp_path):
    async def bookmarks(pilot):
        await wait_ready(pilot)
        await pilot.press("b", "j", "j", "b", "B")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "BookmarksScreen", "the bookmarks")
        await pilot.pause()

    assert snap_compare(make_app(seed_env, tmp_path), terminal_size=SIZE, run_before=bookmarks)


def test_help_screen(snap_compare, seed_env, tmp_path):
    async def help_(pilot):
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(seed_env, tmp_path), terminal_size=SIZE, run_before=help_)


def test_agreements_view(snap_compare, seed_env, tmp_path):
    async def agreements(pilot):
        await wait_ready(pilot)
        await pilot.press("w")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "AgreementsScreen", "the agreements")
        await pilot.pause()

    assert snap_compare(make_app(seed_env, tmp_path), terminal_size=SIZE, run_before=agreements)


def test_agreements_of_a_pair_over_time(snap_compare, seed_env, tmp_path):
    async def pair(pilot):
        await wait_ready(pilot)
        await pilot.press("w")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "AgreementsScreen", "the agreements")
        await pilot.press("slash", *"japon états-unis", "enter")
        await until(pilot, lambda: pilot.app.screen.query_one("#agreements-timeline").display, "the timeline")
        await pilot.pause()

    assert snap_compare(make_app(seed_env, tmp_path), terminal_size=SIZE, run_before=pair)


def test_actors_of_the_results(snap_compare, seed_env, tmp_path):
    async def actors(pilot):
        await wait_ready(pilot)
        await pilot.press("a")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "ActorPicker", "the actor picker")
        await pilot.pause()

    assert snap_compare(make_app(seed_env, tmp_path), terminal_size=SIZE, run_before=actors)


def test_grouped_list_with_a_story_shown(snap_compare, seed_env, tmp_path):
    """One row a story (000 and 001 are one, ×2), its copy shown under it with x."""

    async def expand(pilot):
        await wait_ready(pilot)
        await pilot.press("g", "x")
        await until(pilot, lambda: len(pilot.app.article_list.docnums) == 5, "the copy shown")
        await pilot.pause()

    assert snap_compare(make_app(seed_env, tmp_path), terminal_size=SIZE, run_before=expand)
