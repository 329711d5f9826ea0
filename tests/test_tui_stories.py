"""Stories in the reader, driven with Pilot: the near-copies of one news item stand as one row of the list
with their number, `x` shows and hides them, search hits group the same way (the best copy standing for its
story), the article says which copy it is and `c` opens the next one. On the seeds, 000 and 001 are one story."""

from __future__ import annotations

from pathlib import Path

from reader.bookmarks import Bookmarks
from reader.tui import create_app
from reader.tui.screens import ActorPicker
from reader.tui.widgets import ArticleList
from tests.conftest import SEEDS, ready, settle, until, write

SIZE = (120, 36)


def make_app(corpus: Path, tmp_path: Path):
    return create_app(corpus, bookmarks=Bookmarks(tmp_path / "bookmarks.sqlite"), enrich_in_background=False)


def drawn(listing: ArticleList, index: int) -> str:
    """The first line of the row at `index`, as the screen shows it."""
    return listing.render_line(index * listing.row_height - listing.scroll_offset.y).text


def paths(app, docnums) -> list[str]:
    return [app.service.row(n).path[:4] for n in docnums]


async def test_the_list_shows_one_row_a_story_and_x_shows_its_copies(seed_env, tmp_path):
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        listing = app.article_list
        assert len(listing.docnums) == 4 and len(listing.articles) == 5
        assert app.status.plain.startswith("4 stories (5 articles)")
        grouped = [i for i in range(4) if "×2" in drawn(listing, i)]
        assert len(grouped) == 1, [drawn(listing, i) for i in range(4)]
        row = grouped[0]
        story = listing.copies_of(listing.docnums[row])
        assert sorted(paths(app, story)) == ["000_", "001_"]
        await pilot.press("g", *["j"] * row, "x")  # shows the copy under its story, indented
        assert len(listing.docnums) == 5 and listing.cursor == row
        assert listing.docnums[row : row + 2] == story
        assert "↳" in drawn(listing, row + 1) and "×" not in drawn(listing, row + 1)
        assert app.service.row(story[1]).title[:20] in drawn(listing, row + 1)
        await pilot.press("j", "x")  # from the copy too: hides them, back on the story's row
        assert len(listing.docnums) == 4 and listing.cursor == row
        await pilot.press("right")
        assert len(listing.docnums) == 5
        await pilot.press("left")
        assert len(listing.docnums) == 4
        await pilot.press("g", *["j"] * ((row + 1) % 4), "x")  # an article alone: nothing to show
        assert len(listing.docnums) == 4


async def test_a_search_hitting_both_copies_shows_one_row_and_opens_the_best_copy(seed_env, tmp_path):
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        best = app.service.ranked("Starmer").docnums
        assert sorted(paths(app, best)) == ["000_", "001_"]  # the two copies, and only them
        await pilot.press("slash", *"Starmer", "enter")
        await settle(app, pilot, query="Starmer")
        await until(pilot, lambda: isinstance(app.focused, ArticleList), "the focus on the first hit")
        listing = app.article_list
        assert len(listing.docnums) == 1 and listing.articles == best
        assert "×2" in drawn(listing, 0)
        assert app.status.plain.startswith("1 story (2 hits)")
        await pilot.press("enter")  # the story's row opens its best copy
        await until(pilot, lambda: app.article_view.document is not None, "the article to open")
        view = app.article_view
        assert view.document.row.docnum == best[0]
        first = f"{app.service.story(view.document.row.story).index(best[0]) + 1} of 2 copies of this story"
        assert first in view.plain
        await pilot.press("c")  # the other copy
        await until(pilot, lambda: view.document.row.docnum == best[1], "the next copy to open")
        assert "of 2 copies of this story" in view.plain and first not in view.plain
        assert len(listing.docnums) == 2 and listing.current_docnum == best[1]  # shown under its story
        await pilot.press("c")
        await until(pilot, lambda: view.document.row.docnum == best[0], "the first copy again")


async def test_an_article_alone_says_nothing_of_copies(seed_env, tmp_path):
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        listing = app.article_list
        alone = next(i for i in range(4) if len(listing.copies_of(listing.docnums[i])) == 1)
        await pilot.press("g", *["j"] * alone, "enter")
        await until(pilot, lambda: app.article_view.document is not None, "the article to open")
        assert "copies of this story" not in app.article_view.plain
        await pilot.press("c")
        assert "no other copy" in app.status.plain


async def test_the_actors_of_a_story_count_once(seed_env, tmp_path):
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"Starmer", "enter")  # the two copies of one story
        await settle(app, pilot, query="Starmer")
        await pilot.press("escape", "a")
        await until(pilot, lambda: isinstance(app.screen, ActorPicker), "the actor picker")
        picker = app.screen
        assert "Actors of the 1 story (2 articles) listed" in str(picker.query_one("Static").content)
        counts = {f.name: f.articles for f in picker.facets}
        assert counts.get("Keir Starmer") == 1, counts  # named by both copies: one story


async def test_the_article_header_shows_its_outlet_and_url_as_text_and_the_story_its_outlets(tmp_path):
    corpus = tmp_path / "corpus"
    seeds = {p.name[:3]: p for p in SEEDS.iterdir()}
    for name, header in (
        ("000", ["source: \x1b]0;pwned\x07[bold red]Le Monde[/]", "url: https://www.lemonde.fr/[link]a\x1b[2J.html"]),
        ("001", ["source: Ouest-France"]),
        ("002", []),
    ):
        first, rest = seeds[name].read_text(encoding="utf-8").split("\n", 1)  # (header lines: fixtures only)
        write(corpus, seeds[name].name, "\n".join([first, *header, rest]))
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"source:monde", "enter")
        await settle(app, pilot, query="source:monde")
        await until(pilot, lambda: isinstance(app.focused, ArticleList), "the focus on the hit")
        assert app.status.plain.startswith("1 hit")
        await pilot.press("enter")
        view = app.article_view
        await until(pilot, lambda: view.document is not None, "the article to open")
        lines = view.plain.splitlines()
        # the outlet and URL as written, markup included, escapes gone; the story: two copies, two outlets
        assert "[bold red]Le Monde[/]  ·  https://www.lemonde.fr/[link]a.html" in lines
        assert "copies of this story, 2 outlets (c: next copy)" in lines[1]
        assert "\x1b" not in view.plain and "\x07" not in view.plain
        await pilot.press("c")  # the other copy: its own outlet, no URL
        await until(pilot, lambda: view.document.row.source == "Ouest-France", "the next copy to open")
        assert "Ouest-France" in view.plain.splitlines() and "lemonde" not in view.plain
