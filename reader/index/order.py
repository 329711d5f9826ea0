"""The browsing order (every live article newest first, undated last, by path where dates tie) and the
stories that have several articles, worked out when a build commits and saved beside the index for the
generation it describes, so that opening the app reads a few arrays instead of sorting every date.

`browse.bin`: a header line (generation, documents, live documents), the document numbers in browsing
order (32-bit), then the documents whose story has other live articles and those stories (NUL-joined).
Read only when it describes the reader's generation with the same documents; otherwise the order is worked
out again (`compute`) and saved for the next start. At 200,000 articles computing it reads three whole
columns and sorts (~1-2 s); reading it takes milliseconds.
"""

from __future__ import annotations

import json
import os
import sys
from array import array
from collections import Counter
from pathlib import Path
from typing import Any

from whoosh.reading import IndexReader

from reader.index import headed

ORDER = "browse.bin"
MISSING = 2**64 - 1  # the raw value of a missing date
_MAGIC = b"reader-browse 1\n"


class Order(list[int]):
    """Document numbers in browsing order; `stories`: the story of each document that shares its story with
    another live one (any other document is a story of its own)."""

    stories: dict[int, str]

    def __init__(self, docnums: Any = (), stories: dict[int, str] | None = None) -> None:
        super().__init__(docnums)
        self.stories = stories or {}


def browse(reader: IndexReader, ixdir: Path | None = None) -> Order:
    """The browsing order of the documents `reader` reads: saved, else worked out (and saved)."""
    if ixdir is not None:
        saved = read(ixdir, reader)
        if saved is not None:
            return saved
    order = compute(reader)
    if ixdir is not None:
        save(ixdir, reader, order)
    return order


def compute(reader: IndexReader) -> Order:
    """Every live document, newest first (undated last, by path so the order is stable), and the stories of
    more than one of them. Reading a column whole is one pass; a lookup per comparison cost more."""
    count = reader.doc_count_all()
    live = list(reader.all_doc_ids()) if reader.has_deletions() else range(count)
    dates = column(reader, "date", translate=False)
    paths = column(reader, "path")
    dated = sorted((n for n in live if dates[n] != MISSING), key=lambda n: (dates[n], paths[n]), reverse=True)
    undated = sorted((n for n in live if dates[n] == MISSING), key=lambda n: paths[n])
    order = dated + undated
    stories: dict[int, str] = {}
    if order and "story" in reader.schema:
        story = column(reader, "story")
        sizes = Counter(story[n] for n in order)
        stories = {n: story[n] for n in order if sizes[story[n]] > 1}
    return Order(order, stories)


def _key(reader: IndexReader) -> dict[str, Any]:
    return {"generation": reader.generation(), "docs": reader.doc_count_all(), "live": reader.doc_count()}


def read(ixdir: Path, reader: IndexReader) -> Order | None:
    """The saved order if it describes this reader's generation and documents, else None."""
    try:
        with open(ixdir / ORDER, "rb") as f:
            data = f.read()
    except OSError:
        return None
    try:
        found = headed.decode(data, _MAGIC)
        if found is None:
            return None
        head, at = found
        key = _key(reader)
        if key["generation"] is None or any(head.get(k) != v for k, v in key.items()):
            return None
        n, m = head["live"], head["stories"]
        docnums, shared = array("i"), array("i")
        docnums.frombytes(data[at : at + 4 * n])
        shared.frombytes(data[at + 4 * n : at + 4 * (n + m)])
        names = data[at + 4 * (n + m) :].decode("utf-8").split("\0") if m else []
        if len(docnums) != n or len(shared) != m or len(names) != m:
            return None
        return Order(docnums.tolist(), dict(zip(shared.tolist(), names, strict=True)))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


def save(ixdir: Path, reader: IndexReader, order: Order) -> None:
    """Save the order for this reader's generation (best effort: a read-only index is only slower to open)."""
    key = _key(reader)
    if key["generation"] is None:
        return
    shared = array("i", order.stories.keys())
    head = {**key, "live": len(order), "stories": len(shared)}
    tmp = ixdir / f"{ORDER}.{os.getpid()}.tmp"  # (the app and `reader index` may both save one)
    try:
        with open(tmp, "wb") as f:
            f.write(headed.encode(_MAGIC, head))
            f.write(array("i", order).tobytes())
            f.write(shared.tobytes())
            f.write("\0".join(order.stories.values()).encode("utf-8"))
        os.replace(tmp, ixdir / ORDER)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def saved(ixdir: Path, ix: Any) -> bool:
    """An order is saved for the index's latest generation (from its header alone)."""
    try:
        with open(ixdir / ORDER, "rb") as f:
            line = f.readline() and f.readline()
        return bool(json.loads(line).get("generation") == ix.latest_generation())
    except (OSError, ValueError, AttributeError):
        return False


def save_for(ixdir: Path, ix: Any) -> None:
    """Work out and save the browsing order of the index as just committed (a build's last commit)."""
    with ix.reader() as reader:
        save(ixdir, reader, compute(reader))


def column(reader: IndexReader, name: str, translate: bool = True) -> list:
    """A whole column as a list indexed by document number. Whoosh's multi-segment column reader yields
    only its first segment when iterated, so read segment by segment."""
    out: list = []
    for leaf, _offset in reader.leaf_readers():
        if not leaf.doc_count_all():
            continue  # an empty index's reader has no columns at all
        fast = _numbers(leaf.column_reader(name, translate=translate), leaf.doc_count_all())
        if fast is not None:
            out.extend(fast)
            continue
        values = list(leaf.column_reader(name, translate=translate))
        out.extend(values)
        count = leaf.doc_count_all()
        if len(values) < count:  # trailing documents without a value
            reader_ = leaf.column_reader(name, translate=translate)
            out.extend(reader_[n] for n in range(len(values), count))
    return out


def _numbers(reader: Any, count: int) -> list | None:
    """A segment's numeric column (the dates) in one read: Whoosh's reader reads a file once a document
    (1.8 s for 200,000 dates). Its values are stored end to end, big-endian, the documents after the last
    one stored taking the default. None for a column stored otherwise."""
    if type(reader).__qualname__ != "NumericColumn.Reader" or not all(
        hasattr(reader, a) for a in ("_dbfile", "_basepos", "_count", "_fixedlen", "_typecode", "_default")
    ):
        return None
    values = array(reader._typecode)
    if values.itemsize != reader._fixedlen:
        return None
    stored = min(reader._count, count)
    values.frombytes(reader._dbfile.get(reader._basepos, stored * reader._fixedlen))
    if sys.byteorder == "little":
        values.byteswap()
    out = values.tolist()
    return out + [reader._default] * (count - stored)
