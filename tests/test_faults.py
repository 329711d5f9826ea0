"""Faults of the machine, not of the input: a full disk, a read-only folder. Real ones where the test may
mount a small tmpfs (CI runs as root); skipped, saying why, where it may not."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    return subprocess.run([sys.executable, "-m", "reader", "bookmarks", *args], capture_output=True, text=True, env=env)


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


def descendants(pid: int) -> set[int]:
    """Every process below pid, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def wait_for(condition, what: str, seconds: float = 120) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_kill_9_of_a_parallel_build_leaves_no_sub_writer_behind(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n in range(2600):  # past PARALLEL_FROM: Whoosh writes in sub-processes
        (corpus / f"{n:05d}.txt").write_text(f"Article {n} sur le Japon\n2024-01-01\n\n" + "Le Japon signe. " * 30)
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", "--text-only", "--quiet", "--corpus", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: len(descendants(proc.pid)) >= 2, "the sub-writers to start")
        children = descendants(proc.pid)
    finally:
        proc.kill()
        proc.wait()
    wait_for(lambda: not alive(children), "the sub-writers to go with the build", seconds=30)


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
@pytest.mark.parametrize("how", ["q", "kill -9"])
def test_leaving_the_app_during_extraction_leaves_no_process_behind(tmp_path: Path, how: str) -> None:
    """The app extracts in the background (`reader index`, its spaCy workers, their forkserver): `q`, or
    kill -9 of the app itself, takes every one of them along."""
    from tests.test_e2e_tmux import Tmux, reader_command

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))
    for n in range(400):  # enough that the extraction is still at work when the app goes
        text = seeds[n % len(seeds)].read_text(encoding="utf-8")
        (corpus / f"{n:04d}.txt").write_text(text.replace("\n\n", f"\n\nVersion {n}. ", 1), encoding="utf-8")
    env = {k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}
    for key in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env[key] = str(tmp_path / key.lower())
    env["TERM"] = "xterm-256color"
    tmux = Tmux(env)
    try:
        tmux.start(reader_command(corpus))
        pane = int(
            subprocess.run(
                [*tmux.tmux, "list-panes", "-t", tmux.name, "-F", "#{pane_pid}"], capture_output=True, text=True
            ).stdout.split()[0]
        )

        def app() -> int | None:
            return next(
                (p for p in descendants(pane) if "--corpus" in cmdline(p) and " index " not in cmdline(p)), None
            )

        def extraction() -> int | None:
            return next((p for p in descendants(pane) if " index " in cmdline(p)), None)

        try:
            wait_for(lambda: extraction() is not None, "the app to start its background extraction", seconds=300)
            wait_for(lambda: len(descendants(extraction() or 0)) >= 2, "the extraction's workers", seconds=300)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the screen:\n{tmux.screen()}") from None
        app_pid = app()
        assert app_pid is not None
        everything = descendants(app_pid) | {app_pid}
        if how == "q":
            tmux.keys("q")
        else:
            os.kill(app_pid, 9)
        wait_for(lambda: not alive(everything), f"every process of the app to go after {how}", seconds=60)
    finally:
        tmux.kill()


def _unwind(signum: int, frame: object) -> None:  # (as `reader index` does on SIGTERM)
    raise SystemExit(128 + signum)


def _wait_as_a_worker(ready: Any) -> None:
    from reader.procs import worker_signals

    worker_signals()
    ready.set()
    import time

    while True:
        time.sleep(1)


def test_a_build_worker_ends_on_sigterm_whatever_its_leader_does_with_it() -> None:
    """`reader index` unwinds on SIGTERM by raising SystemExit; a worker forked from it must not inherit
    that: raised where Python swallows exceptions, it left a read-ahead worker alive, blocked on the lock
    of the pool's queue, and the build's end waiting on it forever. A worker sent SIGTERM ends by it."""
    import multiprocessing as mp
    import signal

    ctx = mp.get_context("fork")
    previous = signal.signal(signal.SIGTERM, _unwind)
    try:
        ready = ctx.Event()
        worker = ctx.Process(target=_wait_as_a_worker, args=(ready,), daemon=True)
        worker.start()
        assert ready.wait(60)
        worker.terminate()
        worker.join(60)
        assert worker.exitcode == -signal.SIGTERM
    finally:
        signal.signal(signal.SIGTERM, previous)
