"""The layout of the index's own small binary files (`manifest.bin`, `browse.bin`): a magic line naming the
file and its version, one line of JSON (the header: counts, generation…), then raw arrays the header sizes."""

from __future__ import annotations

import json
from typing import Any


def encode(magic: bytes, head: dict[str, Any]) -> bytes:
    """The magic line and the header line, to write before the arrays."""
    return magic + json.dumps(head, separators=(",", ":")).encode() + b"\n"


def decode(data: bytes, magic: bytes) -> tuple[dict[str, Any], int] | None:
    """(header, offset of the arrays) of a file's bytes; None when it is not this file or version. Raises
    ValueError on a damaged header line."""
    if not data.startswith(magic):
        return None
    end = data.index(b"\n", len(magic))
    return json.loads(data[len(magic) : end]), end + 1
