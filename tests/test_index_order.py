"""The browsing order saved at index time and the columnar manifest: the saved order is what sorting the
columns gives (after additions, edits, deletions, several segments), a stale one is never used, and a
no-change run still sees every file added, changed or removed."""

from __future__ import annotations

import json
import os
from pathlib import Path

from reader import index, paths
from reader.index import build, manifest, order
from reader.index.store import open_searcher
from reader.search import SearchService
from reader.search.columns import MISSING, column
from tests.conftest import write


def article(n: int, date: str | None = None, extra: str = "") -> str:
    when = f"\n{date}" if date else ""
    return f"Article numéro {n} sur la coopération{when}\n\nLe Japon et le pays {n} ont signé un accord. {extra}"


def make_corpus(root: Path, count: int) -> Path:
    for n in range(count):
        # dates repeat (ties broken by path) and some articles have none (listed last, by path)
        date = None if n % 7 == 3 else f"2024-01-{1 + n % 5:02d}"
        write(root, f"{'ab'[n % 2]}/{n:05d}.txt", article(n, date))
    return root


def sorted_by_hand(reader) -> list[int]:  # type: ignore[no-untyped-def]
    """What Columns.browse() computed before the order was saved: newest first, undated last, by path."""
    dates = column(reader, "date", translate=False)
    paths_ = column(reader, "path")
    live = list(reader.all_doc_ids())
    dated = sorted((n for n in live if dates[n] != MISSING), key=lambda n: (dates[n], paths_[n]), reverse=True)
    return dated + sorted((n for n in live if dates[n] == MISSING), key=lambda n: paths_[n])


def check_saved_order(corpus: Path) -> list[int]:
    ixdir = paths.index_dir(corpus)
    _ix, searcher = open_searcher(ixdir)
    with searcher:
        reader = searcher.reader()
        saved = order.read(ixdir, reader)
        assert saved is not None, "the build saved no order for its generation"
        assert list(saved) == sorted_by_hand(reader) == list(order.compute(reader))
        story = column(reader, "story")
        counts: dict[str, int] = {}
        for n in saved:
            counts[story[n]] = counts.get(story[n], 0) + 1
        assert saved.stories == {n: story[n] for n in saved if counts[story[n]] > 1}
    service = SearchService(corpus)
    assert list(service.browse()) == list(saved)
    return list(saved)


def test_the_saved_order_is_the_computed_one_after_updates_and_deletions(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 30)
    write(corpus, "a/copy.txt", article(2, "2024-01-03"))  # a copy: a story of two articles
    index.update(corpus)
    check_saved_order(corpus)
    # an incremental update: new files, an edit that changes a date, a file moved
    write(corpus, "b/new1.txt", article(101, "2024-02-01"))
    write(corpus, "a/new2.txt", article(102))
    write(corpus, "a/00004.txt", article(4, "2023-12-31", "Il mentionne aussi Taïwan."))
    os.replace(corpus / "b/00005.txt", corpus / "b/moved.txt")
    r = index.update(corpus)
    assert (r.added, r.updated, r.removed) == (3, 1, 1)
    check_saved_order(corpus)
    # deletions (the index then has deleted documents in its segments)
    for name in ("a/00000.txt", "b/00001.txt", "a/00010.txt", "a/copy.txt"):
        (corpus / name).unlink()
    r = index.update(corpus)
    assert r.removed == 4
    shown = check_saved_order(corpus)
    assert len(shown) == SearchService(corpus).doc_count == 29


def test_a_stale_order_is_not_used_and_is_worked_out_again(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 12)
    index.update(corpus)
    ixdir = paths.index_dir(corpus)
    before = (ixdir / order.ORDER).read_bytes()
    write(corpus, "a/new.txt", article(50, "2025-01-01"))
    index.update(corpus)
    (ixdir / order.ORDER).write_bytes(before)  # the order of the previous generation
    service = SearchService(corpus)
    first = service.browse()
    assert service.row(first[0]).path == "a/new.txt"
    with open_searcher(ixdir)[1] as searcher:
        assert list(first) == sorted_by_hand(searcher.reader())
        assert order.read(ixdir, searcher.reader()) == list(first)  # saved again for the next start
    (ixdir / order.ORDER).write_bytes(b"garbage")
    assert list(SearchService(corpus).browse()) == list(first)


def test_no_change_run_sees_every_change_through_the_columnar_manifest(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "c", 10)
    index.update(corpus)
    ixdir = paths.index_dir(corpus)
    assert (ixdir / manifest.MANIFEST).exists() and not (ixdir / manifest.OLD_MANIFEST).exists()
    assert index.update(corpus).unchanged == 10
    path = corpus / "a/00002.txt"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # touched: same size, another mtime
    assert index.update(corpus).updated == 1
    with open(path, "r+b") as f:  # edited in place, the mtime put back: the size tells
        f.seek(0, 2)
        f.write(b" Encore.")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert index.update(corpus).updated == 1
    write(corpus, "b/sub/deeper.txt", article(77))
    assert index.update(corpus).added == 1
    (corpus / "b/00003.txt").unlink()
    assert index.update(corpus).removed == 1
    r = index.update(corpus)
    assert (r.added, r.updated, r.removed, r.unchanged) == (0, 0, 0, 10)


def test_an_index_with_the_json_manifest_of_an_earlier_version_is_read_and_converted(
    tmp_path: Path, monkeypatch
) -> None:
    corpus = make_corpus(tmp_path / "c", 6)
    index.update(corpus)
    ixdir = paths.index_dir(corpus)
    saved = manifest.read(ixdir)
    assert saved is not None
    files = saved.files()
    (ixdir / manifest.OLD_MANIFEST).write_text(
        json.dumps({"generation": saved.generation, "files": files, "skipped": {}, "complete": True})
    )
    (ixdir / manifest.MANIFEST).unlink()

    def no_reading(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("an unchanged corpus must not be read")

    monkeypatch.setattr(build, "read_article", no_reading)
    assert index.update(corpus).unchanged == 6
    assert (ixdir / manifest.MANIFEST).exists() and not (ixdir / manifest.OLD_MANIFEST).exists()
    assert manifest.read(ixdir).files() == files  # type: ignore[union-attr]
    assert manifest.ids(ixdir) == {p: v[2] for p, v in files.items()}


def test_a_date_column_read_at_once_is_the_one_read_document_by_document(tmp_path: Path) -> None:
    """The dates of a segment are read in one piece (`order._numbers`): the same values, missing dates and
    trailing documents without one included, as Whoosh's reader gives them one document at a time; and a
    date range finds the same articles."""
    corpus = make_corpus(tmp_path / "c", 40)
    write(corpus, "z/undated-last.txt", article(99))  # (the segment's last document has no date)
    index.update(corpus)
    for n in range(40, 46):  # a second segment
        write(corpus, f"b/{n:05d}.txt", article(n, f"2023-12-{n - 30:02d}"))
    index.update(corpus)
    _ix, searcher = open_searcher(paths.index_dir(corpus))
    with searcher:
        reader = searcher.reader()
        leaves = list(reader.leaf_readers())
        assert len(leaves) == 2
        for leaf, _offset in leaves:
            raw = leaf.column_reader("date", translate=False)
            fast = order._numbers(raw, leaf.doc_count_all())
            assert fast is not None
            assert fast == [raw[n] for n in range(leaf.doc_count_all())]
        dates = column(reader, "date", translate=False)
        assert MISSING in dates and len(set(dates)) > 5
    service = SearchService(corpus)
    assert service.search("date:[2023-12-12 to 2023-12-14] Japon", limit=None).total == 3
    assert service.search("date:[2024-01-01 to 2024-01-02] Japon", limit=None).total == 14
