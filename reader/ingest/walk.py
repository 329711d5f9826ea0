"""The files of a corpus folder: recursive, no hidden folders or files, no symlink loops, no FIFOs."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import TypeVar

EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm"}
_ENDINGS = tuple(EXTENSIONS)
_NAME = attrgetter("name")
Problems = list[tuple[str, str]] | None  # (path, why) of what cannot be read


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative, "/" separators
    mtime_ns: int
    size: int


def walk(root: Path, problems: list[tuple[str, str]] | None = None) -> Iterator[SourceFile]:
    """Every article file under root: recursive, no hidden folders or files, no symlink loops."""
    table = walk_table(root, problems)
    for path, mtime_ns, size in zip(table.paths, table.mtimes, table.sizes, strict=True):
        yield SourceFile(path, mtime_ns, size)


@dataclass
class Table:
    """What `walk` finds as three columns, in the walk's order (each folder's files by name, then its
    folders by name): what a no-change run compares with the manifest without a Python object a file."""

    paths: list[str]  # relative, "/" separators
    mtimes: array  # of "q": st_mtime_ns
    sizes: array  # of "q": st_size


def walk_table(root: Path, problems: Problems = None) -> Table:
    """`walk` as columns. One stat a file is all it costs (os.scandir; 200,000 files in ~0.7 s, half of it the
    kernel's): a file edited in place changes neither its folder's listing nor its folder's mtime, so nothing
    short of its own stat tells. A big walk is shared with a forked process (`_Half`): the top folder's second
    half of folders (a flat folder: its second half of files) is walked there while this process walks the
    first; the table is the one a single walk gives, in the same order. (Threads do not help: a stat lets go of
    the GIL, but taking it back after each one made two threads slower than one.)"""
    walk = _Walk(Path(root))
    top = os.fspath(walk.root)
    walk.folders(top, "", walk.one(top, "", FLAT_SPLIT))
    if problems is not None:
        problems += walk.problems
    return walk.table


FLAT_SPLIT = 4000  # files in the top folder from which their stats are shared with a forked process
FOLDER_SPLIT = 2  # folders in the top folder from which their walks are
_T = TypeVar("_T")


def _listing(fd: int) -> tuple[list[os.DirEntry[str]], list[str]]:
    """A folder's entries named like articles and the names of its other folders, by name, hidden ones left
    out."""
    with os.scandir(fd) as it:
        entries = sorted((e for e in it if not e.name.startswith(".")), key=_NAME)
    articles: list[os.DirEntry[str]] = []
    folders: list[str] = []
    for e in entries:
        if e.name.lower().endswith(_ENDINGS):
            articles.append(e)
        elif _is_dir(e):
            folders.append(e.name)
    return articles, folders


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # (no stat: the listing says what is a folder)
    except OSError:
        return False


@dataclass
class _Found:
    """What a part of a walk found: files as columns, problems, the folders it walked (their keys) and the
    folders named like articles it met."""

    table: Table
    problems: list[tuple[str, str]]
    seen: set[tuple[int, int]]
    folders: list[str]


class _Walk:
    """One walk's table, its problems and the folders it has been in (a symlink loop or a second link to a
    folder is walked once: the first met in the walk's order)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.table = Table([], array("q"), array("q"))
        self.problems: list[tuple[str, str]] = []
        self.seen: set[tuple[int, int]] = set()

    def open(self, dirpath: str) -> int | None:
        """The folder's descriptor (each file's stat through it looks up one name, not the whole path), or
        None: it cannot be read, or it was walked before."""
        try:
            fd = os.open(dirpath, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as err:
            self.problems.append((_rel(self.root, dirpath), f"cannot read folder: {err.strerror}"))
            return None
        try:
            st = os.fstat(fd)
        except OSError as err:
            self.problems.append((_rel(self.root, dirpath), f"cannot read folder: {err.strerror}"))
            os.close(fd)
            return None
        key = (st.st_dev, st.st_ino)
        if key in self.seen:
            os.close(fd)
            return None
        self.seen.add(key)
        return fd

    def one(self, dirpath: str, reldir: str, split_from: int | None = None) -> list[str]:
        """One folder's files added to the table (from `split_from` of them, shared with a forked process);
        the names of its folders, sorted (none when it cannot be read or was walked before)."""
        fd = self.open(dirpath)
        if fd is None:
            return []
        try:
            articles, folders = _listing(fd)
            folders += self.shared(articles, lambda part: self.files(part, reldir), split_from)
        except OSError as err:
            self.problems.append((_rel(self.root, dirpath), f"cannot read folder: {err.strerror}"))
            return []
        finally:
            os.close(fd)
        return sorted(folders)

    def files(self, entries: list[os.DirEntry[str]], reldir: str) -> list[str]:
        """The article files among a folder's entries added to the table; returns the names of those that
        are folders (named like articles)."""
        folders: list[str] = []
        add_path, add_mtime, add_size = self.table.paths.append, self.table.mtimes.append, self.table.sizes.append
        problems = self.problems
        for entry in entries:
            name = entry.name
            try:
                st = entry.stat()  # (fstatat on the folder's descriptor: one name looked up)
            except OSError as exc:
                problems.append((reldir + name, f"cannot read: {exc.strerror}"))
                continue
            mode = st.st_mode
            if not S_ISREG(mode):
                if S_ISDIR(mode):  # a folder named like an article
                    folders.append(name)
                else:  # a FIFO would block the read forever
                    problems.append((reldir + name, "not a regular file"))
                continue
            add_path(reldir + name)
            add_mtime(st.st_mtime_ns)
            add_size(st.st_size)
        return folders

    def folders(self, dirpath: str, reldir: str, names: list[str]) -> None:
        """The folders `names` of dirpath walked in turn; from FOLDER_SPLIT of them, the second half in a
        forked process. A lone folder is walked here and its own folders are shared so, down a chain of lone
        folders ("archive/2020/…"), where the folders first branch."""
        subs = [(os.path.join(dirpath, n), reldir + n + "/") for n in names]
        while len(subs) == 1:
            dirpath, reldir = subs[0]
            subs = [(os.path.join(dirpath, n), reldir + n + "/") for n in self.one(dirpath, reldir)]
        self.shared(subs, self.tree, FOLDER_SPLIT)

    def tree(self, subs: list[tuple[str, str]]) -> list[str]:
        """The folders (path, relative path with a trailing "/") walked in turn, depth first: each folder's
        files by name, then its folders by name."""
        stack = subs[::-1]  # (a stack: the first folder by name is walked first)
        while stack:
            dirpath, reldir = stack.pop()
            stack += [(os.path.join(dirpath, n), reldir + n + "/") for n in reversed(self.one(dirpath, reldir))]
        return []

    def shared(self, items: list[_T], work: Callable[[list[_T]], list[str]], split_from: int | None) -> list[str]:
        """`work(items)`; from `split_from` items, their second half in a forked process (where it cannot
        fork, or the half fails, here). Returns what `work` returns: the folders named like articles met."""
        cut = len(items) // 2 if split_from is not None and len(items) >= split_from else len(items)
        half = _Half.start(self, lambda: work(items[cut:])) if cut < len(items) else None
        if half is None:
            return work(items)
        here = _Half.beside(half, lambda: work(items[:cut]))
        found = half.result()
        if found is not None and found.seen & self.seen:
            # the halves met one folder (two links to it): walked here, where the first in the walk's order is
            # the one walked and its later links are not
            found = None
        if found is None:
            return here + work(items[cut:])
        self.seen |= found.seen
        self.table.paths += found.table.paths
        self.table.mtimes += found.table.mtimes
        self.table.sizes += found.table.sizes
        self.problems += found.problems
        return here + found.folders


class _Half:
    """A part of a walk done in a forked process, what it found (`_Found`) sent back pickled through a pipe.
    Only where forking is safe: no other thread runs (the app walks in a thread of its own: one process).

    The child starts from the walk's state at the fork (the folders walked so far) and walks its part as the
    walk would after the parent's part, but for the folders of the parent's part it does not know: where it
    walked one of them (a second link to a folder), the parent walks the child's part again itself."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd

    @classmethod
    def start(cls, walk: _Walk, work: Callable[[], list[str]]) -> _Half | None:
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:  # the child: walk, send, and leave without running anything of the parent's (os._exit)
            code = 1
            try:
                os.close(read)
                before = set(walk.seen)
                walk.table, walk.problems = Table([], array("q"), array("q")), []
                folders = work()
                found = _Found(walk.table, walk.problems, walk.seen - before, folders)
                with os.fdopen(write, "wb") as out:
                    pickle.dump(found, out, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, read)

    @staticmethod
    def beside(half: _Half | None, work: Callable[[], list[str]]) -> list[str]:
        """`work` done here while the half runs; should it fail (or be interrupted), the half is stopped."""
        try:
            return work()
        except BaseException:
            if half is not None:
                half.stop()
            raise

    def result(self) -> _Found | None:
        """What the half found, or None when it failed."""
        try:
            with os.fdopen(self.fd, "rb") as src:
                self.fd = -1
                data = src.read()
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
                return None
            found = pickle.loads(data)
            return found if isinstance(found, _Found) else None
        finally:
            self.stop()  # (interrupted: the child goes too)

    def stop(self) -> None:
        """The child killed and reaped, the pipe closed (nothing left of the half)."""
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0


def _rel(root: Path, full: str) -> str:
    return Path(os.path.relpath(full, root)).as_posix()
