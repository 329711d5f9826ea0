"""The files of a corpus folder: recursive, no hidden folders or files, no symlink loops, no FIFOs."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm"}


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative, "/" separators
    mtime_ns: int
    size: int


def walk(root: Path, problems: list[tuple[str, str]] | None = None) -> Iterator[SourceFile]:
    """Every article file under root: recursive, no hidden folders or files, no symlink loops."""
    root = Path(root)
    seen: set[tuple[int, int]] = set()

    def onerror(err: OSError) -> None:
        if problems is not None:
            problems.append((_rel(root, err.filename or str(root)), f"cannot read folder: {err.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop or a second link to a folder already walked
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        # the relative folder once per folder, not per file (relpath per file was most of a no-change run)
        reldir = _rel(root, dirpath)
        reldir = "" if reldir == "." else reldir + "/"
        for name in sorted(filenames):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in EXTENSIONS:
                continue
            full = os.path.join(dirpath, name)
            try:
                st = os.stat(full)
            except OSError as exc:
                if problems is not None:
                    problems.append((reldir + name, f"cannot read: {exc.strerror}"))
                continue
            if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read forever; a folder is no file
                if problems is not None:
                    problems.append((reldir + name, "not a regular file"))
                continue
            yield SourceFile(reldir + name, st.st_mtime_ns, st.st_size)


def _rel(root: Path, full: str) -> str:
    return Path(os.path.relpath(full, root)).as_posix()
