"""Review of agreement records: kept beside the bookmarks, keyed by the article's stable id and the sentence,
so it survives a rebuild; rejected records leave the agreements view and the export unless asked for."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader import index, paths
from reader.bookmarks import Bookmarks
from reader.cli.main import main
from reader.index import store
from reader.search import SearchService
from reader.tui import create_app
from reader.tui.screens import AgreementsScreen
from tests.conftest import SEEDS, ready, until

SIZE = (120, 36)


@pytest.fixture
def corpus(seed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds of its own, indexed with the session's extraction (its cache: no model run)."""
    with monkeypatch.context() as m:
        m.setenv("XDG_CACHE_HOME", str(seed_corpus.parent / "xdg_cache_home"))
        cache = store.cache_path(paths.index_dir(seed_corpus))
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    target = store.cache_path(paths.index_dir(copy))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(cache, target)
    index.update(copy)
    assert index.enrich_pending(copy) == 0  # every article's actors came from the cache
    return copy


def exported(capsys: pytest.CaptureFixture[str], corpus: Path, *extra: str) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["export", "--corpus", str(corpus), "--json", *extra]) == 0
    return {a["id"]: a for a in json.loads(capsys.readouterr().out)}


def test_a_review_survives_a_rebuild_and_the_export_hides_rejected_records_unless_asked(corpus, capsys):
    service = SearchService(corpus)
    records = service.workspace().records
    confirmed, rejected = records[0], next(r for r in records[1:] if r.row.id != records[0].row.id)
    service.close()
    store_ = Bookmarks()  # the user's data folder (a temporary one in tests), as the CLI opens it
    store_.set_verdict(confirmed.key, confirmed.row.id, "confirmed")
    store_.set_note(confirmed.key, confirmed.row.id, "vérifié dans le communiqué")
    store_.set_verdict(rejected.key, rejected.row.id, "rejected")
    store_.set_note(rejected.row.id, rejected.row.id, "article à relire")  # a note on the article
    store_.close()

    index.update(corpus, rebuild=True)  # new document numbers, the same ids
    service = SearchService(corpus)
    keys = {r.key for r in service.workspace().records}
    service.close()
    assert {confirmed.key, rejected.key} <= keys
    reviews = Bookmarks().reviews()
    assert reviews[confirmed.key].verdict == "confirmed" and reviews[confirmed.key].note.startswith("vérifié")
    assert reviews[rejected.key].verdict == "rejected"

    plain = exported(capsys, corpus)
    assert rejected.agreement.text not in [a["text"] for a in plain[rejected.row.id]["agreements"]]
    assert "review" not in plain[rejected.row.id]
    full = exported(capsys, corpus, "--review")
    shown = {a["text"]: a["review"] for a in full[rejected.row.id]["agreements"]}
    assert shown[rejected.agreement.text] == {"verdict": "rejected", "note": ""}
    assert full[rejected.row.id]["review"] == {"note": "article à relire"}
    mine = {a["text"]: a["review"] for a in full[confirmed.row.id]["agreements"]}
    assert mine[confirmed.agreement.text] == {"verdict": "confirmed", "note": "vérifié dans le communiqué"}


async def test_confirm_reject_and_note_in_the_agreements_view(corpus, tmp_path):
    marks = Bookmarks(tmp_path / "data.sqlite")
    app = create_app(corpus, bookmarks=marks, enrich_in_background=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, AgreementsScreen), "the agreements view")
        view = app.screen
        await until(pilot, lambda: view.table.has_focus, "the table")
        total = len(view.shown)
        first, second = view.shown[0], view.shown[1]
        await pilot.press("c")  # confirmed: marked ✓
        assert marks.reviews()[first.key].verdict == "confirmed"
        assert view.table.render_line(0).text.startswith("✓")
        await pilot.press("e", *"à vérifier", "enter")  # a note on it
        await until(pilot, lambda: first.key in marks.reviews() and marks.reviews()[first.key].note, "the note")
        assert marks.reviews()[first.key].note == "à vérifier"
        await pilot.press("j", "x")  # rejected: hidden
        assert marks.reviews()[second.key].verdict == "rejected"
        assert second not in view.shown and len(view.shown) == total - 1
        await pilot.press("v")  # unless asked for, marked ✗
        assert second in view.shown and len(view.shown) == total
        row = view.shown.index(second)
        assert view.table.render_line(row - view.table.scroll_offset.y).text.startswith("✗")
        await pilot.press("escape", "w")  # kept when the view opens again
        await until(pilot, lambda: isinstance(app.screen, AgreementsScreen), "the agreements view again")
        assert second not in app.screen.shown and first in app.screen.shown


async def test_a_note_on_an_article_is_kept_and_shown_when_it_opens(seed_env, tmp_path):
    from reader.tui.screens import NoteScreen

    marks = Bookmarks(tmp_path / "data.sqlite")
    app = create_app(seed_env, bookmarks=marks, enrich_in_background=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        row = app.article_list.current_row
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note")
        await pilot.press(*"source: AFP", "enter")
        await until(pilot, lambda: not isinstance(app.screen, NoteScreen), "the reader")
        assert marks.reviews()[row.id].note == "source: AFP"
        await pilot.press("enter")  # opening the article shows its note
        await until(pilot, lambda: app.article_view.document is not None, "the article")
        assert "note: source: AFP" in app.status.plain
