"""What the index holds, file by file, so that a no-change run only stats files: `{path: [mtime_ns, size,
id]}` and the skipped files with their reasons, saved beside the index for the generation it describes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from whoosh.index import Index

MANIFEST = "manifest.json"
COMPLETE = "COMPLETE"  # the generation of the last build that ran to its end
Files = dict[str, list]  # path → [mtime_ns, size, id]; skipped path → [mtime_ns, size, reason]


def load(ixdir: Path, ix: Index) -> tuple[Files, Files]:
    """(files, skipped) for the committed index generation. Skipped files are remembered so that an
    unchanged one is not read again on every run. Stale or missing: rebuilt from the stored fields (the
    slow path, after a crash)."""
    try:
        data = json.loads((ixdir / MANIFEST).read_text())
        if data.get("generation") == ix.latest_generation():
            return data["files"], data.get("skipped", {})
    except (OSError, ValueError, KeyError):
        pass
    files = {}
    with ix.searcher() as s:
        for fields in s.all_stored_fields():
            files[fields["path"]] = [fields.get("mtime_ns"), fields.get("size"), fields["id"]]
    return files, {}


def save(
    ixdir: Path,
    generation: int,
    files: Files,
    skipped: Files | None = None,
    complete: bool = True,
    walked: float | None = None,
) -> None:
    """`complete`: the index holds the whole corpus as it was walked (False between the commits of a big
    build: an interrupted one is finished before anyone searches it). `walked`: when the walk of the folder
    this describes began (seconds since the epoch): a file changed after it may be missing (`walked()`)."""
    tmp = ixdir / (MANIFEST + ".tmp")
    data = {"generation": generation, "files": files, "skipped": skipped or {}, "complete": complete}
    if walked is not None:
        data["walked"] = walked
    tmp.write_text(json.dumps(data, separators=(",", ":")))
    (ixdir / COMPLETE).unlink(missing_ok=True)  # (an incomplete manifest never sits beside an old marker)
    os.replace(tmp, ixdir / MANIFEST)
    if complete:
        (ixdir / COMPLETE).write_text(f"{generation} {walked!r}" if walked is not None else str(generation))


def complete(ixdir: Path) -> bool:
    """A build of this index ran to its end, for the generation on disk. An index created and never filled
    (a first build killed, a full disk, an empty folder walked by two at once) has no marker. (A small file
    of its own: every search and every start of the app asks, and the manifest is megabytes.)"""
    try:
        generation = int((ixdir / COMPLETE).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return False
    return (ixdir / f"_MAIN_{generation}.toc").exists()


def walked(ixdir: Path) -> float | None:
    """When the walk of the folder that the complete index holds began (from the small marker, not the
    manifest): files changed after it may be missing from the index. None when not known (an index from an
    earlier version: then the manifest's own time, which is later)."""
    try:
        return float((ixdir / COMPLETE).read_text().split()[1])
    except (OSError, ValueError, IndexError):
        try:
            return (ixdir / MANIFEST).stat().st_mtime
        except OSError:
            return None


def ids(ixdir: Path) -> dict[str, str]:
    """path → id from the manifest as it is on disk, whatever its generation ({} if there is none)."""
    try:
        files = json.loads((ixdir / MANIFEST).read_text())["files"]
        return {path: entry[2] for path, entry in files.items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}


def advance(ixdir: Path, ix: Index) -> None:
    """The same files at the index's new generation (an update that kept every path and id)."""
    try:
        data = json.loads((ixdir / MANIFEST).read_text())
        save(
            ixdir,
            ix.latest_generation(),
            data["files"],
            data.get("skipped"),
            data.get("complete", True),
            data.get("walked"),
        )
    except (OSError, ValueError, KeyError):
        pass
