"""Faults of the machine, not of the input: a full disk, a read-only folder. Real ones where the test may
mount a small tmpfs (CI runs as root); skipped, saying why, where it may not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.bookmarks import Bookmarks


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs of our own, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    where = tmp_path / "small"
    where.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> Path:
    """Fill the file system holding folder; returns the filler, to free the space by deleting it."""
    filler = folder / "filler"
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(b"x" * 65536)
                fh.flush()
        except OSError:
            pass
    return filler


def bookmarks_cli(data_home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_DATA_HOME=str(data_home))
    return subprocess.run([sys.executable, "-m", "reader", "bookmarks", *args], capture_output=True, text=True,
                          env=env)


def five_bookmarks(data_home: Path) -> Path:
    path = data_home / "reader" / "bookmarks.sqlite"
    marks = Bookmarks(path)
    for n in range(5):
        marks.add(f"id{n}", f"p{n}.txt", f"Titre {n}", None)
    marks.close()
    return path


def test_a_full_disk_leaves_bookmarks_readable_and_never_moves_them_aside(tmpfs: Path) -> None:
    path = five_bookmarks(tmpfs)
    filler = fill(tmpfs)
    r = bookmarks_cli(tmpfs, "--json")
    assert r.returncode == 0, r.stderr
    assert [b["id"] for b in json.loads(r.stdout)] == [f"id{n}" for n in (4, 3, 2, 1, 0)]
    assert "read-only" in r.stderr and "Traceback" not in r.stderr
    assert not list(path.parent.glob("*.damaged-*"))  # a healthy file is not taken for a damaged one
    r = bookmarks_cli(tmpfs, "remove", "id0")
    assert r.returncode == 1 and "read-only" in r.stderr  # a write says why it cannot be done
    filler.unlink()  # space again: everything is there, and writable
    r = bookmarks_cli(tmpfs, "remove", "id0")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(bookmarks_cli(tmpfs, "--json").stdout)) == 4


def test_a_read_only_data_folder_leaves_bookmarks_readable(tmpfs: Path) -> None:
    five_bookmarks(tmpfs)
    r = subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot remount read-only: {r.stderr.strip()}")
    r = bookmarks_cli(tmpfs, "--json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)) == 5
    assert "read-only" in r.stderr
