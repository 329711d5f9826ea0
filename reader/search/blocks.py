"""A word's postings read straight from a Whoosh 2.7 segment: document numbers and term weights, as arrays.

Whoosh's posting reader goes a block at a time (a seek, a read and an unpickling of each block's header, then
of its data), and each block's data is one pickled tuple (ids, weights, values): for a field with positions
the values are a byte string a posting, each unpickled as a call to `_codecs.encode`, three quarters of the
time of reading a common word, for values a search by words never looks at. Here the word's whole extent is
read at once, and only the start of each block's data is decompressed and unpickled: the ids and the
weights, which come before the values. Each block's result is checked (as many ids and weights as the block
header says) and otherwise unpickled whole; anything else this does not know (another codec, a vector
field) is left to Whoosh's reader (`None`).
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.reading import TermNotFound

_LENGTH = struct.Struct("!i")  # a block's length, negative for the last one (Whoosh's `write_int`)
# how protocol 2 pickles a byte string (the first value of a block, after the ids and the weights)
_VALUE_STARTS = (b"c_codecs\nencode\n", b"c__builtin__\nbytes\n")
_MARK, _TUPLE2, _STOP = b"(", b"\x86", b"."
_TUPLE_ENDS = {1: b"\x85", 2: b"\x86", 3: b"\x87"}  # TUPLE1-3; a longer tuple: MARK … TUPLE
_FLOAT = 9  # BINFLOAT and its 8 bytes


def term_postings(leaf: Any, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """(ids, weights) of a word in one segment (ids within the segment, deleted documents included; float64
    weights rounded to 32 bits, as Whoosh hands them out), empty if the segment lacks the word; None when the
    segment is not one this reads (the caller then walks Whoosh's matcher)."""
    terms: Any = getattr(leaf, "_terms", None)
    if terms is None or type(terms).__name__ != "W3TermsReader" or not hasattr(terms, "_postfile"):
        return None
    try:
        info = terms.term_info(fieldname, btext)
    except TermNotFound:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    if info.is_inlined():
        ids, weights, _values = info.inlined_postings()  # (document numbers as they are, not deltas)
        return np.array(ids, dtype=np.int64), _weights(weights, len(ids))
    offset, length = info.extent()
    if isinstance(length, tuple):  # (Whoosh 2.7 reads it back as a 1-tuple)
        length = length[0]
    if not isinstance(offset, int) or not isinstance(length, int):
        return None
    buf = terms._postfile.get(offset, length)
    if buf[:4] != WHOOSH3_HEADER_MAGIC:
        return None
    try:
        size = leaf.schema[fieldname].format.fixed_value_size()
    except Exception:
        size = None
    # values of a fixed size are one byte string a block, unpickled at once: the cut is only worth it for
    # values of any size (positions), a byte string a posting
    return _decode(buf, cut=size is None or size < 0)


def _decode(buf: bytes, cut: bool = True) -> tuple[np.ndarray, np.ndarray]:
    view = memoryview(buf)
    ids_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    pos = 4
    while True:
        (length,) = _LENGTH.unpack_from(buf, pos)
        last = length < 0
        start = pos + 4
        end = start + abs(length)
        header = io.BytesIO(view[start:end])
        count, _maxid, _maxweight, compression = pickle.load(header)[:4]
        data = view[start + header.tell() : end]
        if cut:
            ids, weights = _ids_and_weights(data, compression, count)
        else:
            ids, weights = pickle.loads(zlib.decompress(data) if compression else data)[:2]
        ids_parts.append(np.cumsum(np.array(ids, dtype=np.int64)))  # (stored as deltas)
        weight_parts.append(_weights(weights, count))
        pos = end
        if last:
            break
    if len(ids_parts) == 1:
        return ids_parts[0], weight_parts[0]
    return np.concatenate(ids_parts), np.concatenate(weight_parts)


def _ids_and_weights(data: memoryview, compression: int, count: int) -> tuple[Any, Any]:
    """A block's ids (deltas) and weights: the start of its pickle when it can be cut before the values,
    else the whole pickle."""
    if compression:
        # ids are at most 5 bytes a posting pickled, weights 9: the values begin within this
        head = zlib.decompressobj().decompress(data, 14 * count + 64)
    else:
        head = bytes(data)
    cut = _values_at(head, count)
    if cut > 0:
        try:
            found = pickle.loads(head[:cut] + _TUPLE2 + _STOP)
        except Exception:
            found = None
        if _fits(found, count):
            return found
    cut = min((i for i in (head.find(s) for s in _VALUE_STARTS) if i > 0), default=-1)
    if cut > 0:
        # the values are a byte string, or a short tuple of them (no mark), or a tuple after a mark
        ends = (cut - 1, cut) if head[cut - 1 : cut] == _MARK else (cut,)
        for at in ends:
            try:
                found = pickle.loads(head[:at] + _TUPLE2 + _STOP)
            except Exception:
                continue
            if _fits(found, count):
                return found
    whole = pickle.loads(zlib.decompress(data) if compression else data)
    return whole[0], whole[1]


def _values_at(head: bytes, count: int) -> int:
    """Where the values begin in a block's pickle (protocol 2 as Whoosh writes it, or 3 as `index.bulk`
    does), read from its structure: the ids, a tuple of `count` ints memoized first (BINPUT 0), then the
    weights (None, a float, or a tuple of `count` floats memoized second); -1 if it does not read so."""
    # (an id's bytes can hold it only from 7,435,264 on, or 29,044 + k·2²⁴: the first match is then no cut,
    # which `_fits` refuses, and the block is unpickled whole)
    end = _TUPLE_ENDS.get(count, b"t") + b"q\x00"
    at = head.find(end)
    if at < 0:
        return -1
    at += len(end)
    op = head[at : at + 1]
    if op == b"N":
        return at + 1
    if op == b"(" and count > 3:  # MARK, the floats, TUPLE, BINPUT 1
        return at + 1 + _FLOAT * count + 3 if head[at + 1 + _FLOAT * count : at + 3 + _FLOAT * count] == b"tq" else -1
    if op == b"G":
        tail = at + _FLOAT * count
        floats = all(head[at + _FLOAT * k : at + _FLOAT * k + 1] == b"G" for k in range(1, count))
        if count <= 3 and floats and head[tail : tail + 2] == _TUPLE_ENDS[count] + b"q":  # 1-3 floats
            return tail + 3
        return at + _FLOAT  # (a float, then the values: their first byte is no BINFLOAT nor TUPLE1)
    return -1


def _fits(found: object, count: int) -> bool:
    if not (isinstance(found, tuple) and len(found) == 2):
        return False
    ids, weights = found
    if not (isinstance(ids, tuple) and len(ids) == count and type(ids[0]) is int and type(ids[-1]) is int):
        return False
    if weights is None or type(weights) is float:
        return True
    return isinstance(weights, tuple) and len(weights) == count and type(weights[-1]) is float


def _weights(weights: Any, count: int) -> np.ndarray:
    if weights is None:
        return np.ones(count, dtype=np.float64)
    if isinstance(weights, float):
        return np.full(count, np.float32(weights), dtype=np.float64)
    # (Whoosh hands the weights out of an array of C floats: the same rounding to 32 bits)
    return np.array(weights, dtype=np.float32).astype(np.float64)
