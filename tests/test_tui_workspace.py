"""The analyst's workspace, driven with Pilot: big articles, the agreements view, the pair timeline, facets
of the results, review; on copies of the seed articles or on articles written for the test."""

from __future__ import annotations

import random
from bisect import bisect_right
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from reader.bookmarks import Bookmarks
from reader.enrich import EMPTY
from reader.search import Document, Row
from reader.tui import create_app
from reader.tui.screens import ActorPicker, AgreementsScreen
from reader.tui.widgets import ArticleView
from tests.conftest import ready, settle, until

SIZE = (120, 36)
LAST = "Dernière ligne de l'article : zanzibar."


def make_app(corpus: Path, tmp_path: Path):
    return create_app(corpus, bookmarks=Bookmarks(tmp_path / "bookmarks.sqlite"), enrich_in_background=False)


def screen(view: ArticleView) -> list[str]:
    """The article pane's lines as the user sees them."""
    return [view.render_line(y).text.rstrip() for y in range(view.scrollable_content_region.height)]


def long_body(size: int, seed: int = 1) -> str:
    """Paragraphs of every length (one line to hundreds, a few longer than a block), then the last line."""
    rng = random.Random(seed)
    words = "le la un accord Japon France Tokyo défense partenariat sommet ministre signé coopération".split()
    paras, total = [], 0
    while total < size:
        n = rng.choice((3, 40, 120, 400, 3_000))
        para = f"Paragraphe {len(paras)}. " + " ".join(rng.choice(words) for _ in range(n)) + "."
        paras.append(para)
        total += len(para) + 2
    return "\n\n".join([*paras, LAST])


# -- a very large article -------------------------------------------------------------------------


async def test_a_very_large_article_opens_reads_to_its_end_and_jumps_to_a_match(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "big.txt").write_text(f"Un très long article\n2026-01-02\n\n{long_body(1_500_000)}\n", encoding="utf-8")
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        view = app.article_view
        await until(pilot, lambda: view.document is not None, "the article to open")
        await pilot.pause()
        assert screen(view)[0].startswith("Un très long article")
        assert "Paragraphe 0." in "\n".join(screen(view))
        await pilot.press("G")
        await until(pilot, lambda: LAST in "\n".join(screen(view)), "the last line on screen")
        await pilot.press("g")
        await until(pilot, lambda: screen(view)[0].startswith("Un très long article"), "the top again")
        # a resize keeps the reader where they were, and still reaches the end
        await pilot.press("pagedown", "pagedown")
        top = screen(view)[0]
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: view.scrollable_content_region.width < 50, "the narrower pane")
        assert top.split()[0] in screen(view)[0] or top.split()[0] in screen(view)[1]
        await pilot.press("G")
        await until(pilot, lambda: LAST in "\n".join(screen(view)), "the last line after the resize")
        # a search: its only match is the last line, found while the article is already shown
        await pilot.press("escape", "slash", *"zanzibar", "enter")
        await settle(app, pilot, query="zanzibar")
        await pilot.press("enter")
        await until(pilot, lambda: "match 1/1" in app.status.plain, "the match counter")
        assert any("zanzibar" in line for line in screen(view))


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleView(id="article")


def document(body: str) -> Document:
    return Document(Row(0, "id", "big.txt", "Un long article", None), "fr", body, EMPTY, False)


async def test_scrolling_a_big_article_moves_line_by_line_across_lines_not_yet_wrapped():
    """Lines of a big article are wrapped as they come on screen; going up from the end, down from the top or
    a page at a time, the text moves by exactly what was asked, never jumps."""
    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        view.show(document(long_body(1_000_000, seed=2)), [])
        await pilot.pause()
        assert not view.exact  # most of it not wrapped yet
        view.focus()
        await pilot.press("G")
        await pilot.pause()
        assert LAST in screen(view)[-1] or LAST in "\n".join(screen(view))
        for _ in range(60):
            before = screen(view)
            await pilot.press("k")
            assert screen(view)[1:] == before[:-1]
        # a page up moves by a page of the text wrapped whole at once, whatever was estimated before
        width, height = view.scrollable_content_region.width, view.scrollable_content_region.height
        starts = [s for block in range(view.content.block_count) for s in view.content.line_starts(block, width)]

        def top_line() -> int:  # the line of the text wrapped whole that is at the top of the screen
            return bisect_right(starts, view._top_offset()) - 1

        for _ in range(10):
            before = top_line()
            await pilot.press("pageup")
            assert top_line() == before - height
        await pilot.press("g")
        for _ in range(60):
            before = screen(view)
            await pilot.press("j")
            assert screen(view)[:-1] == before[1:]
        for _ in range(5):
            before = top_line()
            await pilot.press("pagedown")
            assert top_line() == before + height
        # and every line drawn is where the whole text wrapped at once puts it
        top = top_line()
        plain = view.plain
        assert screen(view)[0] == plain[starts[top] : starts[top + 1]].rstrip("\n").rstrip()


# -- the agreements view ----------------------------------------------------------------------------


def records_of(app):
    """What the agreements view lists: each story's records once (a record its copies share stands once)."""
    return app.service.workspace().records_once


async def open_agreements(app, pilot):
    await pilot.press("w")
    await until(pilot, lambda: isinstance(app.screen, AgreementsScreen), "the agreements view")
    await pilot.pause()
    return app.screen


async def test_agreements_filtered_by_a_pair_open_the_article_at_the_sentence_and_n_steps_through(seed_env, tmp_path):
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = await open_agreements(app, pilot)
        everything = records_of(app)
        assert len(view.shown) == len(everything) > 10
        assert f"{len(everything)} records" in str(view.query_one("#agreements-title").content)
        assert not view.query_one("#agreements-timeline").display
        # newest first, undated last
        dates = [r.date for r in view.shown if r.date]
        assert dates == sorted(dates, reverse=True) and view.shown[-1].date is None
        await pilot.press("slash", *"japon royaume", "enter")
        await until(pilot, lambda: len(view.shown) < len(everything), "the filter")
        assert view.shown and all({"Japon", "Royaume-Uni"} <= set(r.parties) for r in view.shown)
        # the pair over time, above the records
        chart = view.query_one("#agreements-timeline")
        assert chart.display and f"japon – royaume: {len(view.shown)} agreements" in str(chart.content)
        assert "2026" in str(chart.content)
        await until(pilot, lambda: view.table.has_focus, "the table")
        await pilot.press("j")
        assert view.table.cursor == 1
        record = view.shown[1]
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, AgreementsScreen), "the article")
        article = app.article_view
        await until(pilot, lambda: article.document is not None and article.document.row.id == record.row.id, "it")
        start, end = article.matches[article.current]
        assert article.plain[start:end] == article.document.body[record.agreement.start : record.agreement.end]
        total = len(article.matches)
        in_body = {(a.start, a.end) for a in article.document.enrichment.agreements if a.start >= 0}  # (not the title)
        assert total == len(in_body) > 1
        assert f"agreement {article.current + 1}/{total}" in app.status.plain
        shown = "\n".join(article.render_line(y).text for y in range(article.scrollable_content_region.height))
        assert article.plain[start:end].split()[0] in shown  # scrolled to the sentence
        before = article.current
        await pilot.press("n")
        assert article.current == (before + 1) % total
        assert f"agreement {article.current + 1}/{total}" in app.status.plain


async def test_agreements_sort_by_date_and_by_party_and_follow_the_search(seed_env, tmp_path):
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = await open_agreements(app, pilot)
        await pilot.press("d")  # oldest first (undated still last)
        dates = [r.date for r in view.shown if r.date]
        assert dates == sorted(dates) and view.shown[-1].date is None
        assert "oldest first" in str(view.query_one("#agreements-title").content)
        await pilot.press("p")  # parties A–Z
        firsts = [r.parties[0] for r in view.shown]
        assert firsts == sorted(firsts, key=lambda p: p.casefold().replace("é", "e"))
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, AgreementsScreen), "the main screen")
        # of the current search only
        await pilot.press("slash", *"Starmer", "enter")
        await settle(app, pilot, query="Starmer")
        view = await open_agreements(app, pilot)
        listed = set(app.article_list.articles)  # (the copies of a story too)
        assert view.shown and all(r.row.docnum in listed for r in view.shown)
        assert "of the search 'Starmer'" in str(view.query_one("#agreements-title").content)
        await pilot.press("s")  # the whole corpus
        assert len(view.shown) == len(records_of(app))


async def test_a_record_the_copies_of_a_story_share_is_listed_once_and_C_lists_each_copys(seed_env, tmp_path):
    # On the seeds, 000 (dated) and 001 (undated) are one story: 001 reports some of 000's records again.
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        every = app.service.workspace().records
        view = await open_agreements(app, pilot)
        await until(pilot, lambda: view.table.has_focus, "the table")
        title = view.query_one("#agreements-title")
        assert f"{len(view.shown)} records" in str(title.content)
        shared = [r for r in view.shown if r.sources]
        assert shared and len(view.shown) == len(every) - sum(len(r.sources) for r in shared)
        assert all(r.row.path.startswith("000_") and [s.path[:4] for s in r.sources] == ["001_"] for r in shared)
        # as `reader agreements` counts them: the same records
        assert sorted((r.row.id, r.agreement.text) for r in view.shown) == sorted(
            (row.id, a.text) for row, a, _ in app.service.agreements_once()
        )
        # the pair Royaume-Uni – Chine: 000 and 001 report the same visa agreement, listed once, ×2
        await pilot.press("slash", *"royaume chine", "enter")
        await until(pilot, lambda: len(view.shown) == 1, "the pair's one record")
        assert [s.path[:4] for s in view.shown[0].sources] == ["001_"]
        assert "×2" in view.table.render_line(0).text
        assert "royaume – chine: 1 agreement" in str(view.query_one("#agreements-timeline").content)
        await until(pilot, lambda: view.table.has_focus, "the table")
        await pilot.press("C")  # every copy's record: both
        assert len(view.shown) == 2 and {r.row.path[:4] for r in view.shown} == {"000_", "001_"}
        assert "every copy of a story" in str(title.content) and "×" not in view.table.render_line(0).text
        await pilot.press("C", "escape", "escape")  # once again
        assert len(view.shown) == 1
        await until(pilot, lambda: not isinstance(app.screen, AgreementsScreen), "the main screen")
        # a search that lists the copy alone still lists the record its story reports
        await pilot.press("slash", *"scellent", "enter")
        await settle(app, pilot, query="scellent")
        assert [app.service.row(n).path[:4] for n in app.article_list.articles] == ["001_"]
        view = await open_agreements(app, pilot)
        assert any(r.row.path.startswith("000_") and r.sources for r in view.shown)


async def test_after_an_agreement_search_n_steps_through_the_agreement_sentences(seed_env, tmp_path):
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"agreement:Chine", "enter")
        await settle(app, pilot, query="agreement:Chine")
        await pilot.press("enter")
        article = app.article_view
        await until(pilot, lambda: article.document is not None, "the article")
        records = [a for a in article.document.enrichment.agreements if "Chine" in a.parties and a.start >= 0]
        assert records and len(article.matches) == len({(a.start, a.end) for a in records})
        assert f"match 1/{len(article.matches)}" in app.status.plain
        await pilot.press("n")
        assert "no search matches" not in app.status.plain


async def test_the_agreements_view_is_in_the_footer_the_help_and_the_palette(seed_env, tmp_path):
    from textual.command import CommandPalette

    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        from textual.widgets._footer import FooterKey

        shown = {(key.key, key.description) for key in app.screen.query(FooterKey)}
        assert ("w", "Agreements") in shown
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the command palette")
        await pilot.press(*"sort agreements")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AgreementsScreen), "the agreements view")
        await pilot.press("escape", "question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "the help")
        text = str(app.screen.query_one("#help-keys").content)
        for binding in AgreementsScreen.BINDINGS:
            assert binding.description in text


# -- the actors of the results ------------------------------------------------------------------------


def names_of(app, docnum: int) -> set[str]:
    return {a.name for a in app.service.document(docnum).enrichment.actors}


async def pick(app, pilot, typed: str, name: str) -> None:
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, ActorPicker), "the actor picker")
    await pilot.press(*typed)
    options = app.screen.query_one("#picker-list")
    await until(pilot, lambda: options.highlighted is not None, "a choice")
    chosen = options.get_option_at_index(options.highlighted).id
    assert chosen.endswith("\t" + name), chosen
    await pilot.press("enter")
    await settle(app, pilot)


async def test_actors_of_the_results_count_what_the_list_shows_and_choices_add_up(seed_env, tmp_path):
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        every = list(app.article_list.articles)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ActorPicker), "the actor picker")
        picker = app.screen
        assert "Actors of the 4 stories (5 articles) listed" in str(picker.query_one(Static).content)
        counts = {(f.name, f.kind): f.articles for f in picker.facets}  # the copies of a story count once
        naming = {app.service.row(n).story for n in every if "États-Unis" in names_of(app, n)}
        assert counts[("États-Unis", "place")] == len(naming)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ActorPicker), "the list")
        # "etats" finds États-Unis: the list narrows to the articles naming it
        await pick(app, pilot, "etats", "États-Unis")
        first = list(app.article_list.articles)
        assert 0 < len(first) < 5 and all("États-Unis" in names_of(app, n) for n in first)
        assert f"{len(first)} of 5 articles" in app.status.plain and "actor: États-Unis" in app.status.plain
        # the picker now counts the articles listed, and a second choice narrows further (both named)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ActorPicker), "the actor picker")
        counted = {f.name: f.articles for f in app.screen.facets}
        assert "États-Unis" not in counted  # (chosen already)
        assert max(counted.values()) <= len(first)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ActorPicker), "the list")
        await pick(app, pilot, "trump", "Donald Trump")
        both = list(app.article_list.articles)
        assert both and set(both) <= set(first)
        assert all({"États-Unis", "Donald Trump"} <= names_of(app, n) for n in both)
        assert "actors: États-Unis + Donald Trump" in app.status.plain
        # a search keeps the choice
        await pilot.press("slash", *"Japon", "enter")
        await settle(app, pilot, query="Japon")
        assert set(app.article_list.articles) <= set(both)
        await pilot.press("escape", "A")
        await settle(app, pilot)
        assert "actor" not in app.status.plain


# -- small things ---------------------------------------------------------------------------------------


async def test_the_footer_shows_help_and_quit_and_g_G_move_in_the_help(seed_env, tmp_path):
    from textual.containers import VerticalScroll
    from textual.widgets._footer import FooterKey

    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        shown = {(key.key, key.description) for key in app.screen.query(FooterKey)}
        assert {("question_mark", "Help"), ("q", "Quit")} <= shown
        # every one drawn within the width: the last ones are not cut off
        assert all(key.region.right <= SIZE[0] for key in app.screen.query(FooterKey))
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "the help")
        body = app.screen.query_one("#help-body", VerticalScroll)
        await pilot.pause()
        assert body.max_scroll_y > 0
        await pilot.press("G")
        await until(pilot, lambda: body.scroll_y == body.max_scroll_y, "the end of the help")
        await pilot.press("g")
        await until(pilot, lambda: body.scroll_y == 0, "the top of the help")


async def test_bookmarks_view_moves_with_j_k_says_the_corpus_and_undoes_a_removal(seed_env, tmp_path):
    from textual.widgets import OptionList

    from reader.tui.screens import BookmarksScreen

    app = make_app(seed_env, tmp_path)
    app.bookmarks.add("elsewhere-id", "autre.txt", "Un article d'un autre corpus", None, corpus="/data/autre-corpus")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("b", "j", "b", "B")  # two of this corpus, newest first, above the other one
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the bookmarks")
        options = app.screen.query_one(OptionList)
        await pilot.pause()
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(labels) == 3 and "[autre-corpus] Un article d'un autre corpus" in labels[2]
        assert not any("[" in label for label in labels[:2])
        await pilot.press("j")
        assert options.highlighted == 1
        await pilot.press("k")
        assert options.highlighted == 0
        first = options.get_option_at_index(0).id
        await pilot.press("d")
        assert first not in app.bookmarks and options.option_count == 2
        await pilot.press("u")
        assert first in app.bookmarks and options.option_count == 3
        assert options.get_option_at_index(0).id == first  # back in its place
        await pilot.press("end", "enter")  # the other corpus's bookmark
        await until(pilot, lambda: not isinstance(app.screen, BookmarksScreen), "the reader")
        assert "bookmarked in /data/autre-corpus" in app.status.plain
        assert "reader --corpus /data/autre-corpus" in app.status.plain


async def test_the_agreements_shown_export_to_a_csv_file_read_back(seed_env, tmp_path, monkeypatch):
    import csv

    monkeypatch.chdir(tmp_path)
    app = make_app(seed_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = await open_agreements(app, pilot)
        await pilot.press("slash", *"japon otan", "enter")
        await until(pilot, lambda: view.table.has_focus, "the table")
        await pilot.press("E")
        written = list(tmp_path.glob("agreements-*.csv"))
        assert len(written) == 1 and "records written to" in str(view.query_one("#agreements-message").content)
        with written[0].open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert [r["sentence"] for r in rows] == [r.agreement.text for r in view.shown] and rows
        assert all("Japon" in r["parties"] and "OTAN" in r["parties"] for r in rows)
        assert written[0].read_bytes().count(b"\r\n") >= len(rows) + 1  # RFC 4180 line ends
