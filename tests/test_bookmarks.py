"""Bookmarks survive restarts and kills; a damaged database is moved aside; an unwritable folder is read-only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.bookmarks import BookmarkError, Bookmarks


def test_add_toggle_remove_and_order(tmp_path: Path) -> None:
    marks = Bookmarks(tmp_path / "b.sqlite")
    marks.add("a", "a.txt", "A", "2024-01-01")
    marks.add("b", "b.txt", "B", None)
    assert [b.id for b in marks.list()] == ["b", "a"]  # newest first
    assert marks.toggle("a", "a.txt", "A", None) is False
    assert [b.id for b in marks.list()] == ["b"]
    marks.close()
    assert [b.id for b in Bookmarks(tmp_path / "b.sqlite").list()] == ["b"]  # after a restart


def test_adding_again_keeps_the_date_added_but_follows_a_move(tmp_path: Path) -> None:
    marks = Bookmarks(tmp_path / "b.sqlite")
    first = marks.add("a", "old/a.txt", "A", None)
    again = marks.add("a", "new/a.txt", "A", None)
    assert again.added == first.added and again.path == "new/a.txt"


def test_a_damaged_database_is_moved_aside_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    marks = Bookmarks(path)
    assert marks.message and "damaged" in marks.message
    aside = list(tmp_path.glob("b.sqlite.damaged-*"))
    assert aside and aside[0].read_bytes().startswith(b"this is not sqlite")
    marks.add("a", "a.txt", "A", None)
    assert [b.id for b in marks.list()] == ["a"]


def test_an_unwritable_data_folder_leaves_bookmarks_readable(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    marks = Bookmarks(blocker / "reader" / "b.sqlite")
    assert marks.read_only and "read-only" in (marks.message or "")
    assert marks.list() == []
    with pytest.raises(BookmarkError):
        marks.add("a", "a.txt", "A", None)


def test_a_full_disk_gives_a_clear_error_and_keeps_what_was_there(tmp_path: Path) -> None:
    marks = Bookmarks(tmp_path / "b.sqlite")
    marks.add("a", "a.txt", "A", None)
    marks._db.execute("PRAGMA max_page_count = 1")  # no room left: the next write fails like a full disk
    with pytest.raises(BookmarkError, match="cannot save bookmark"):
        marks.add("b" * 5000, "b.txt", "B" * 50000, None)
    assert [b.id for b in marks.list()] == ["a"]


@pytest.mark.slow
def test_kill_9_while_writing_never_loses_or_corrupts_bookmarks(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite"
    Bookmarks(path).add("keep", "k.txt", "Keep", None)
    code = (
        f"from reader.bookmarks import Bookmarks\nb = Bookmarks({str(path)!r})\n"
        "i = 0\nwhile True:\n    b.add(f'id{i}', 'p.txt', 'T' * 200, None); i += 1\n"
    )
    for delay in (0.2, 0.5, 1.0):
        proc = subprocess.Popen([sys.executable, "-c", code])
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        marks = Bookmarks(path)
        assert marks.message is None  # not damaged
        ids = marks.ids()
        assert "keep" in ids
        # every bookmark that is there is whole
        assert all(b.title == "T" * 200 for b in marks.list() if b.id != "keep")
        marks.close()


def test_two_readers_on_one_data_folder_see_each_other_and_b_follows_what_is_shown(tmp_path: Path) -> None:
    first, second = Bookmarks(tmp_path / "b.sqlite"), Bookmarks(tmp_path / "b.sqlite")
    seen = second.version()
    first.add("x", "x.txt", "X", None)
    assert second.version() != seen and [b.id for b in second.list()] == ["x"]  # the other one can tell
    # the second reader still shows "x" unmarked (its view is older): b there means "add", never "remove"
    assert second.toggle("x", "x.txt", "X", None, shown=False) is True
    assert "x" in first
    assert second.toggle("x", "x.txt", "X", None, shown=True) is False and "x" not in first
