"""A whole segment written at once: the files Whoosh's writer would write for a batch of documents, at a
fraction of its cost.

Whoosh's `SegmentWriter` puts every posting in a pool as a Python tuple, sorts the pool, and writes the
postings one call at a time, reading each document's field length back from the column it has just written.
Here a text field's words are kept as they come, as ids token by token (`_Stream`: a dictionary lookup a
word; the title, the body and `exact`, their words joined, share one vocabulary: a word is looked up once, and
each distinct word analysed once by each field's chain, at write time), and at write time numpy
makes the postings of all documents at once (`_stream_postings`: a posting a run of one term's tokens in
one document, its positions pickled byte by byte as pickle writes them); the other fields' postings are
gathered in arrays and sorted. The bytes are Whoosh's W3 format: the same blocks (a pickled info tuple, the
pickled ids, weights and values, zlib-compressed), the same term infos in the same term index
(`OrderedHashWriter`), and the per-document part (stored fields, field lengths, sortable columns) is written
by Whoosh's own `W3PerDocWriter`, fed the calls `SegmentWriter.add_document` makes. Three choices differ from
Whoosh's writer, each read by its reader: blocks pickled with protocol 3 (`PROTOCOL`, Whoosh's 2), written
all at once by numpy (`_terms_at_once`); blocks under `RAW_BELOW` bytes left uncompressed (compression 0);
stored fields compressed at level `STORED_LEVEL` (1, Whoosh's 3). With 2, 0 and 3 the files are byte for
byte Whoosh's (a test). The segment is then committed as
Whoosh commits one (`commit`): a new TOC generation listing it, under Whoosh's write lock.

Whatever this path does not know (vectors, separate spelling fields, boosts, a value that is not text where
the fast analysis expects text, another codec) makes `supported` false or `add` raise `Unsupported` before
anything is written: the caller then uses Whoosh's writer.
"""

from __future__ import annotations

import multiprocessing as mp
import pickle
import re
import traceback
import zlib
from array import array
from collections.abc import Iterable
from multiprocessing.connection import Connection
from typing import Any

import numpy as np
from whoosh import fields, formats
from whoosh.analysis import CharsetFilter, CompositeAnalyzer, LowercaseFilter, NgramFilter, RegexTokenizer
from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PerDocWriter, W3Segment, W3TermInfo
from whoosh.filedb import filetables
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import NO_MERGE, SegmentWriter

from reader.index.schema import _STOPPED, JOINED, KEPT_WORDS, WordByWord
from reader.procs import worker_signals
from reader.text.normalize import WORD

_BLOCK = 128  # postings a block (W3Codec's blocklimit)
# the pickle protocol of a block's data. Whoosh's writer uses 2, where a byte string (each value of a field
# with positions) is pickled as a call to `_codecs.encode` of its Latin-1 text; 3 pickles it as it is: a
# quarter less to compress and a third less to store, and Whoosh's reader unpickles either
PROTOCOL = 3
_COMPRESSION = 3  # zlib level of the blocks (W3Codec's compression)
_INFO = W3TermInfo._struct  # a term info: flags, weight, doc frequency, lengths, max weight, ids
_MAGIC = WHOOSH3_HEADER_MAGIC
_LENGTHS = filetables._lengths  # the term index's records: key and value lengths
_POINTER = filetables._pointer  # a slot of its hash tables
_NULL = _POINTER.pack(0, 0)


class Unsupported(Exception):
    """A document or schema this writer does not write as Whoosh would: use Whoosh's writer instead."""


def supported(schema: fields.Schema, codec: Any = None) -> bool:
    """Whether segments of this schema can be written here: Whoosh's default codec with its default block
    settings, no term vectors, no separate spelling fields, the formats whose values are known."""
    codec = codec or default_codec()
    if type(codec) is not W3Codec or (codec._blocklimit, codec._compression, codec._inlinelimit) != (
        _BLOCK,
        _COMPRESSION,
        1,
    ):
        return False
    for _name, field in schema.items():
        if field.vector or field.separate_spelling():
            return False
        if field.indexed and type(field.format) not in (formats.Existence, formats.Frequency, formats.Positions):
            return False
    return True


class _Field:
    """The postings of one field, in the order documents were added: term ids, document numbers, weights,
    encoded values."""

    __slots__ = ("terms", "termids", "docs", "weights", "values")

    def __init__(self) -> None:
        self.terms: dict[bytes, int] = {}
        self.termids = array("i")
        self.docs = array("i")
        self.weights = array("d")
        self.values: list[bytes] = []


class _Stream:
    """A field analysed word by word (`WordByWord`, or a `_word_by_word_chain`): each document kept as its
    words' term ids, token by token (-1 for a stop word), or, for a field of the segment's shared vocabulary,
    as its words' ids (their terms' ids worked out at write time, `tids`); `_stream_postings` makes the
    postings of all of them at once. No Python object is made per posting: a document's analysis is a
    dictionary lookup a word."""

    __slots__ = ("analyzer", "find", "grams", "positions", "terms", "words", "tok", "ntok", "docnums", "shared", "tids")

    def __init__(self, field: Any) -> None:
        ana = field.analyzer
        self.analyzer = ana
        self.grams = not isinstance(ana, WordByWord)  # each word gives terms of its own (edge n-grams)
        expression = _chain(field).items[0].expression
        self.find = expression.findall if not expression.groups else _whole_matches(expression)
        self.positions = type(field.format) is formats.Positions
        self.terms: dict[str, int] = {}  # term → its id, in the order first seen
        self.words = _Lookup(self._new)  # word → its term's id (-1: stopped), or its terms' ids (n-grams)
        self.tok = array("i")  # term ids (or word ids: `shared`), token by token, of each document added in turn
        self.ntok = array("i")  # tokens of each document added
        self.docnums = array("i")
        # a stream of the segment's shared vocabulary (`SegmentBuilder._vocab`): `tok` holds word ids, each
        # word's term id worked out once at write time (`tids`: word id → term id, -1 stopped)
        self.shared = False
        self.tids: np.ndarray | None = None

    def ids(self, words: list[str]) -> list[int]:
        """The term id of each word (-1: stopped), or of each of each word's terms (n-grams)."""
        lookup = self.words.__getitem__
        if self.grams:
            out: list[int] = []
            for word in words:
                out += lookup(word)
            return out
        return list(map(lookup, words))

    def _new(self, word: str) -> Any:
        """A word not seen yet in this segment: its term's id, or its terms' (for `_Lookup`)."""
        if len(self.words) >= KEPT_WORDS:
            self.words.clear()
        if self.grams:
            these = [self._tid(t.text) for t in self.analyzer(word, mode="index")]
            self.words[word] = these
            return these
        ana: WordByWord = self.analyzer
        term = ana._terms.get(word)
        if term is None:
            term = ana._term(word, "index")
        tid = -1 if term is _STOPPED else self._tid(term)  # type: ignore[arg-type]
        self.words[word] = tid
        return tid

    def _tid(self, term: str) -> int:
        tid = self.terms.get(term)
        if tid is None:
            tid = self.terms[term] = len(self.terms)
        return tid

    def add(self, docnum: int, ids: list[int]) -> None:
        self.tok.extend(ids)
        self.ntok.append(len(ids))
        self.docnums.append(docnum)


class _Lookup(dict[str, Any]):
    """A dictionary that fills itself: a word missing is worked out by `new`, which keeps it."""

    def __init__(self, new: Any) -> None:
        super().__init__()
        self.new = new

    def __missing__(self, word: str) -> Any:
        return self.new(word)


def _whole_matches(expression: Any) -> Any:
    """`findall` for an expression with groups (findall would give the groups, not the words)."""
    return lambda value: [m.group(0) for m in expression.finditer(value)]


class SegmentBuilder:
    """Collects documents (the keyword arguments of `IndexWriter.add_document`) in memory; `write` writes
    them as one new segment of `storage` and returns it, to be listed in a TOC by `commit`."""

    def __init__(self, schema: fields.Schema) -> None:
        if not supported(schema):
            raise Unsupported("schema")
        self.schema = schema
        self.doccount = 0
        self._fields: dict[str, _Field] = {}
        # scorable field → its length in each document (0: none): an array("i") filled as documents come, or
        # (the shared vocabulary's fields) numpy's, counted at write time
        self._lengths: dict[str, Any] = {}
        self._perdoc: list[list[tuple[str, Any, Any, int | None, Any]]] = []  # add_field/add_column_value calls
        # per field name: (field, its stream or None, format field boost, scorable, stored, column)
        self._plan: dict[str, tuple[Any, ...]] = {}
        for name, field in schema.items():
            stream = _Stream(field) if _streamed(field) else None
            fb = field.format.field_boost if field.format is not None else 1.0
            self._plan[name] = (field, stream, fb, bool(field.scorable), bool(field.stored), field.column_type)
        self._streams: dict[str, _Stream] = {n: plan[1] for n, plan in self._plan.items() if plan[1] is not None}
        # a field whose text is others' joined by a newline, its words theirs: the words are the tokenizer's
        # matches, none of which spans a newline (`WORD`), in fields of that one tokenizer
        self._joined = {
            name: parts
            for name, parts in JOINED.items()
            if all(n in self._streams and _tokenizes_words(schema[n]) for n in (name, *parts))
        }
        # The word-by-word fields of the word tokenizer (title, body, exact) share one vocabulary: a word is
        # looked up once a document, its id kept token by token; `exact`'s ids are the title's and the
        # body's, joined, without a lookup. Lengths (stop words left out) are counted at write time.
        for name, stream in self._streams.items():
            stream.shared = not stream.grams and _tokenizes_words(schema[name])
        self._vocab = _Lookup(self._new_word)  # word → its id
        self._vocab_words: list[str] = []  # word id → word

    def add(self, doc: dict[str, Any]) -> None:
        """Add one document, as `SegmentWriter.add_document(**doc)` would."""
        names = []
        for name in doc:
            if name.startswith("_"):
                if not (name.startswith("_stored_") and name[8:] in self._plan):
                    raise Unsupported(f"keyword {name}")  # boosts
            elif name not in self._plan:
                raise Unsupported(f"no field {name}")
            else:
                names.append(name)
        names.sort()
        docnum = self.doccount
        calls = []
        postings: list[tuple[str, list[tuple[bytes, int, float, bytes]]]] = []
        streamed: list[tuple[_Stream, list[int]]] = []
        found: dict[str, list[str]] = {}  # each text field's words (`exact` is the title's and the body's)
        found_ids: dict[str, list[int]] = {}  # the same as word ids, for the streams of the shared vocabulary
        lengths: list[tuple[str, int]] = []
        for name in names:
            value = doc[name]
            if value is None:
                continue
            field, stream, fb, scorable, stored, column = self._plan[name]
            length: int | None = 0
            if field.indexed:
                if stream is not None:
                    if not isinstance(value, str):
                        raise Unsupported(f"{name} is not text")
                    if stream.shared:
                        ids = self._wids(doc, name, value, found_ids)
                        if ids:
                            streamed.append((stream, ids))
                        if scorable:
                            length = None  # (stop words left out: counted at write time)
                    else:
                        words = found.get(name)
                        ids = stream.ids(words if words is not None else self._words(doc, name, value, found))
                        kept = len(ids) - ids.count(-1)  # (the sum of the postings' frequencies)
                        if kept:
                            streamed.append((stream, ids))
                        if scorable:
                            length = kept
                else:
                    items = list(field.index(value))
                    if scorable:
                        length = sum(item[1] for item in items)
                    postings.append((name, items))
                if length:
                    lengths.append((name, length))
            custom = doc.get("_stored_" + name, value)
            cv = (field.to_column_value(custom),) if column is not None and custom is not None else None
            calls.append((name, field, custom if stored else None, length, cv))
        # nothing is kept before the whole document analysed without error (as Whoosh's cancel_doc)
        for name, items in postings:
            self._add_postings(name, docnum, items)
        for stream, ids in streamed:
            stream.add(docnum, ids)
        for name, length in lengths:
            col = self._lengths.get(name)
            if col is None:
                col = self._lengths[name] = array("i")
            col.extend([0] * (docnum + 1 - len(col)))
            col[docnum] = length
        self._perdoc.append(calls)
        self.doccount += 1

    def _new_word(self, word: str) -> int:
        wid = len(self._vocab_words)
        self._vocab_words.append(word)
        self._vocab[word] = wid
        return wid

    def _wids(self, doc: dict[str, Any], name: str, value: str, found: dict[str, list[int]]) -> list[int]:
        """The word ids of a shared stream's text; of a text that is other fields' joined by a newline
        (`exact`), theirs joined, each field's found once."""
        parts = self._joined.get(name)
        if parts is not None and all(self._streams[part].shared for part in parts):
            texts = [doc.get(part) or "" for part in parts]
            if all(type(t) is str for t in texts) and value == "\n".join(texts):
                ids: list[int] = []
                for part, text in zip(parts, texts, strict=True):
                    these = found.get(part)
                    if these is None:
                        these = found[part] = self._lookup(part, text)
                    ids += these
                return ids
        mine = found.get(name)
        if mine is None:
            mine = found[name] = self._lookup(name, value)
        return mine

    def _lookup(self, name: str, text: str) -> list[int]:
        return list(map(self._vocab.__getitem__, self._streams[name].find(text)))

    def _words(self, doc: dict[str, Any], name: str, value: str, found: dict[str, list[str]]) -> list[str]:
        """The words of a field's text; of a text that is other fields' joined by a newline (`exact`: the title
        and the body), theirs, each field's found once."""
        parts = self._joined.get(name)
        if parts is not None:
            texts = [doc.get(part) or "" for part in parts]
            if all(type(t) is str for t in texts) and value == "\n".join(texts):
                words: list[str] = []
                for part, text in zip(parts, texts, strict=True):
                    these = found.get(part)
                    if these is None:
                        these = found[part] = self._streams[part].find(text)
                    words += these
                return words
        words = found[name] = self._streams[name].find(value)
        return words

    def _add_postings(self, name: str, docnum: int, items: list[tuple[bytes, int, float, bytes]]) -> None:
        if not items:
            return
        f = self._fields.get(name)
        if f is None:
            f = self._fields[name] = _Field()
        terms = f.terms
        texts, _freqs, weights, values = zip(*items, strict=True)
        ids: list[Any] = list(map(terms.get, texts))
        if None in ids:
            for k, tid in enumerate(ids):
                if tid is None:
                    tid = terms.get(texts[k])
                    if tid is None:
                        tid = terms[texts[k]] = len(terms)
                    ids[k] = tid
        f.termids.extend(ids)
        f.weights.extend(weights)
        f.values.extend(values)
        f.docs.extend([docnum] * len(ids))

    # Writing

    def write(self, storage: Any, indexname: str) -> W3Segment:
        """Write the segment's files into `storage` (one compound file, as Whoosh's writer leaves it) and
        return the segment, not yet in any TOC."""
        codec = default_codec()
        segment = codec.new_segment(storage, indexname)
        try:
            counted = self._shared_terms()
            self._write_perdoc(codec, storage, segment, counted)
            self._write_postings(storage, segment)
            segment.set_doc_count(self.doccount)
            segment.create_compound_file(storage)
        except BaseException:
            for name in segment.list_files(storage):
                try:
                    storage.delete_file(name)
                except OSError:
                    pass
            raise
        return segment

    def _shared_terms(self) -> dict[str, list[int]]:
        """Each shared stream's term ids (`tids`), and each scorable one's length in each document."""
        counted: dict[str, list[int]] = {}
        nwords = len(self._vocab_words)
        for name, s in self._streams.items():
            if not s.shared:
                continue
            tok = np.frombuffer(s.tok, dtype=np.int32)
            tids = np.full(nwords, -1, dtype=np.int32)
            present = np.flatnonzero(np.bincount(tok, minlength=nwords)).tolist() if len(tok) else []
            ana, words, out = s.analyzer, self._vocab_words, []
            get = ana._terms.get
            for wid in present:
                word = words[wid]
                term = get(word)
                if term is None:
                    term = ana._term(word, "index")
                out.append(-1 if term is _STOPPED else s._tid(term))
            tids[present] = out
            s.tids = tids
            if self._plan[name][3]:  # scorable: the words kept in each document
                lengths = np.zeros(self.doccount, dtype=np.int32)
                ntok = np.frombuffer(s.ntok, dtype=np.int32)
                if len(ntok):
                    starts = np.zeros(len(ntok), dtype=np.int64)
                    np.cumsum(ntok[:-1], out=starts[1:])
                    lengths[np.frombuffer(s.docnums, dtype=np.int32)] = np.add.reduceat(tids[tok] >= 0, starts)
                self._lengths[name] = lengths
                counted[name] = lengths.tolist()
        return counted

    def _write_perdoc(self, codec: Any, storage: Any, segment: W3Segment, counted: dict[str, list[int]]) -> None:
        pdw = W3PerDocWriter(codec, storage, segment)
        pdw._colwriters["_stored"]._child._level = STORED_LEVEL  # (a PickleColumn over a CompressedBytesColumn)
        add_field, add_column_value = pdw.add_field, pdw.add_column_value
        for docnum, calls in enumerate(self._perdoc):
            pdw.start_doc(docnum)
            for name, field, sv, length, cv in calls:
                add_field(name, field, sv, counted[name][docnum] if length is None else length)
                if cv is not None:
                    add_column_value(name, field.column_type, cv[0])
            pdw.finish_doc()
        pdw.close()
        self._perdoc = []

    def _write_postings(self, storage: Any, segment: W3Segment) -> None:
        tifile = segment.create_file(storage, W3Codec.TERMS_EXT)
        postfile = segment.create_file(storage, W3Codec.POSTS_EXT)
        tindex = _TermIndex(tifile)
        fieldmap: dict[str, int] = {}
        tindex.extras["fieldmap"] = fieldmap
        out = _Out(postfile)
        for name in sorted(set(self._fields) | {n for n, st in self._streams.items() if st.ntok}):
            fmt = self.schema[name].format
            stream = self._streams.get(name)
            if stream is not None:
                postings = _stream_postings(stream, fmt.field_boost)
                self._streams[name] = _Stream(self.schema[name])  # (free the arrays as soon as written)
                self._streams[name].shared = stream.shared
            else:
                f = self._fields[name]
                if not f.termids:
                    continue
                postings = _item_postings(f, fmt)
                self._fields[name] = _Field()
            if not len(postings[2]):  # (words, but stop words only: Whoosh's writer lists no such field)
                continue
            fieldmap[name] = len(fieldmap)
            prefix = pack_ushort(fieldmap[name])
            fast = PROTOCOL == 3 and postings[4][0] in ("slices", "fixed", None)
            for tbytes, info in (_terms_at_once if fast else _terms)(*postings, self._quantised(name), out):
                tindex.add(prefix + tbytes, info)
        out.flush()
        tindex.close()
        postfile.close()

    def _quantised(self, name: str) -> np.ndarray:
        """Each document's field length as a reader gives it back (Whoosh stores a byte: 0 for none)."""
        raw = np.zeros(self.doccount, dtype=np.int64)
        col = self._lengths.get(name)
        if col is not None and len(col):
            raw[: len(col)] = np.frombuffer(col, dtype=np.int32)
        table = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)
        table[0] = 0
        return table[_length_bytes(raw)]


def _length_bytes(raw: np.ndarray) -> np.ndarray:
    cache = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)
    out = np.searchsorted(cache, raw, side="left")  # length_to_byte: bisect_left
    out[raw >= 106374] = 255
    return out


def _streamed(field: Any) -> bool:
    """Whether `SegmentBuilder` analyses the field word by word (`_Stream`): its values must be text."""
    ana = getattr(field, "analyzer", None)
    if isinstance(ana, WordByWord) and type(field.format) in (formats.Positions, formats.Frequency):
        return True
    return _word_by_word_chain(field)


def _chain(field: Any) -> Any:
    """A field's analyser as a chain of tokenizer and filters (a `WordByWord`'s own chain)."""
    ana = getattr(field, "analyzer", None)
    return ana.chain if isinstance(ana, WordByWord) else ana


def _tokenizes_words(field: Any) -> bool:
    """Whether a field's text is cut into words by the index's word tokenizer (`WORD`)."""
    chain = _chain(field)
    if not isinstance(chain, CompositeAnalyzer) or not chain.items:
        return False
    tokenizer = chain.items[0]
    if type(tokenizer) is not RegexTokenizer or tokenizer.gaps:
        return False
    expression: Any = tokenizer.expression
    return expression.pattern == WORD and expression.flags == _WORD_FLAGS


_WORD_FLAGS = re.compile(WORD).flags


def _word_by_word_chain(field: Any) -> bool:
    """A field with Frequency postings whose analyser is the index's word tokenizer followed by filters that
    each turn one token into tokens of its own (case, accents, edge n-grams): its terms are the terms of each
    word, which can be kept word by word (as WordByWord keeps them)."""
    ana = getattr(field, "analyzer", None)
    if type(field.format) is not formats.Frequency or isinstance(ana, WordByWord) or not _tokenizes_words(field):
        return False
    return all(type(f) in (LowercaseFilter, CharsetFilter, NgramFilter) for f in _chain(field).items[1:])


class _TermIndex(OrderedHashWriter):
    """Whoosh's term index writer, its bytes unchanged, without a file position asked per term: the keys
    (increasing) and values are gathered and written in large pieces."""

    def __init__(self, dbfile: Any) -> None:
        super().__init__(dbfile)
        self._pos = dbfile.tell()
        self._parts: list[bytes] = []
        self._positions: list[int] = []

    def add(self, key: bytes, value: bytes) -> None:
        pos = self._pos
        self._positions.append(pos)
        self._parts += (_LENGTHS.pack(len(key), len(value)), key, value)
        self._pos = pos + _LENGTHS.size + len(key) + len(value)
        h = self.hashfn(key)
        self.buckets[h & 255].append((h, pos))
        if len(self._parts) > 30_000:
            self._flush()

    def _flush(self) -> None:
        self.dbfile.write(b"".join(self._parts))
        self._parts = []

    def _write_hashes(self) -> None:
        # HashWriter._write_hashes, each table written at once
        dbfile = self.dbfile
        pack = _POINTER.pack
        for entries in self.buckets:
            pos = dbfile.tell()
            numslots = 2 * len(entries)
            self.directory.append((pos, numslots))
            table: list[Any] = [None] * numslots
            for hashval, position in entries:
                slot = (hashval >> 8) % numslots
                while table[slot] is not None:
                    slot = (slot + 1) % numslots
                table[slot] = (hashval, position)
            dbfile.write(b"".join(_NULL if e is None else pack(*e) for e in table))

    def close(self) -> int:
        self._flush()
        positions = self._positions
        if positions:  # GrowableArray("H") grown as it would have been, one append at a time
            top = max(positions)
            code = "H" if top < 2**16 else "i" if top < 2**31 else "I" if top < 2**32 else "q"
            self.index.array = array(code, positions)
        return super().close()  # type: ignore[no-any-return,unused-ignore]


class _Out:
    """The postings file, written in large pieces; `pos` is where the next byte goes."""

    def __init__(self, dbfile: Any) -> None:
        self.dbfile = dbfile
        self.pos = 0
        self.parts: list[bytes] = []
        self.pending = 0

    def add(self, data: bytes) -> None:
        self.parts.append(data)
        self.pos += len(data)
        self.pending += len(data)
        if self.pending > 1 << 22:
            self.flush()

    def flush(self) -> None:
        self.dbfile.write(b"".join(self.parts))
        self.parts = []
        self.pending = 0


# A field's postings sorted by term and document, for `_terms`: the terms' bytes in byte order, each term's
# count of postings, the postings' documents and weights, and their values: ("items", [value, …]) pickled as a
# tuple a block, ("joined", [value, …]) joined, ("slices", buffer, [start, …, end]) a tuple of the buffer's
# slices, ("fixed", buffer, size) one slice of the buffer, (None, None, None) no values
Values = tuple[str | None, Any, Any]
Postings = tuple[list[bytes], np.ndarray, np.ndarray, np.ndarray, Values]


def _byte_order(texts: list[bytes]) -> tuple[list[int], np.ndarray]:
    """The terms' indexes in byte order, and each term's place in it."""
    order = sorted(range(len(texts)), key=texts.__getitem__)
    rank = np.empty(len(texts), dtype=np.int64)
    rank[order] = np.arange(len(texts))
    return order, rank


def _item_postings(f: _Field, fmt: Any) -> Postings:
    """The postings of a field whose documents gave Whoosh's items (term, frequency, weight, value)."""
    texts = list(f.terms)
    ntexts = len(texts)
    order, rank = _byte_order(texts)
    termranks = rank[np.frombuffer(f.termids, dtype=np.int32)]
    perm = np.argsort(termranks, kind="stable")  # documents were added in order: each term's stay sorted
    docs = np.frombuffer(f.docs, dtype=np.int32).astype(np.int64)[perm]
    w64 = np.frombuffer(f.weights, dtype=np.float64)[perm]
    counts = np.bincount(termranks, minlength=ntexts)
    kind = type(fmt)
    values: Values = (None, None, None)
    if kind in (formats.Positions, formats.Frequency):
        values = ("items" if kind is formats.Positions else "joined", [f.values[i] for i in perm.tolist()], None)
    f.values = []
    return [texts[i] for i in order], counts, docs, w64, values


def _stream_postings(s: _Stream, fb: float) -> Postings:
    """The postings of a word-by-word field, worked out from its tokens at once: a posting is a run of one
    term's tokens in one document; its frequency the run's length, its weight that times the field's boost,
    its value the frequency (`Frequency`) or the frequency and the positions (`Positions`) as Whoosh's
    formats encode them (`_position_values`)."""
    tok = np.frombuffer(s.tok, dtype=np.int32)
    if s.shared:  # (word ids: their terms' ids, worked out by `_shared_terms`)
        assert s.tids is not None
        tok = s.tids[tok]
    ntok = np.frombuffer(s.ntok, dtype=np.int32).astype(np.int64)
    n = len(tok)
    dstart = np.zeros(len(ntok) + 1, dtype=np.int64)
    np.cumsum(ntok, out=dstart[1:])
    keep = tok >= 0
    docs = np.repeat(np.frombuffer(s.docnums, dtype=np.int32).astype(np.int64), ntok)[keep]
    pos: np.ndarray | None = None
    if s.positions:
        # the words kept are numbered on from the first one's place (as WordByWord, StopFilter)
        within = np.arange(n, dtype=np.int64) - np.repeat(dstart[:-1], ntok)
        # (each document has a token: a document with none kept has first n, and no position kept)
        first = np.minimum.reduceat(np.where(keep, within, n), dstart[:-1])
        before: np.ndarray = np.cumsum(keep) - keep  # words kept before each token
        pos = (np.repeat(first - before[dstart[:-1]], ntok) + before)[keep]
    texts = [t.encode("utf-8") for t in s.terms]
    ntexts = len(texts)
    order, rank = _byte_order(texts)
    ranks = rank[tok[keep]]
    perm = np.argsort(ranks, kind="stable")  # by term, then document, then position
    ranks, docs = ranks[perm], docs[perm]
    m = len(ranks)
    new = np.ones(m, dtype=bool)
    new[1:] = (ranks[1:] != ranks[:-1]) | (docs[1:] != docs[:-1])
    starts = np.flatnonzero(new)
    freq = np.diff(np.append(starts, m))
    counts = np.bincount(ranks[starts], minlength=ntexts)
    w64 = freq * float(fb)
    values: Values
    if pos is not None:
        pos = pos[perm]
        deltas = pos.copy()
        deltas[1:] -= pos[:-1]
        deltas[starts] = pos[starts]
        data, offsets = _position_values(freq, starts, deltas)
        values = ("slices", data, offsets)
    else:
        values = ("fixed", freq.astype(">u4").tobytes(), 4)  # pack_uint of each frequency
    return [texts[i] for i in order], counts, docs[starts], w64, values


_POS_HEAD = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)  # pickle.dumps([...], 2) up to its items
_APPENDS = 1000  # the items pickle puts in one MARK … APPENDS batch (pickle's BATCHSIZE)


def _position_values(freq: np.ndarray, starts: np.ndarray, deltas: np.ndarray) -> tuple[bytes, np.ndarray]:
    """Each posting's `Positions.encode` value, in one buffer, and where each starts (and the last ends):
    `pack_uint(n) + pickle.dumps([first position, deltas…], 2)`, written byte by byte as pickle writes them:
    PROTO 2, EMPTY_LIST, BINPUT 0, then one item and APPEND, or batches of MARK, items, APPENDS; each item
    BININT1, BININT2 or BININT by its size; STOP."""
    npost, ntok = len(freq), len(deltas)
    csize = np.zeros(ntok + 1, dtype=np.int64)
    np.cumsum(_int_sizes(deltas), out=csize[1:])
    multi = freq > 1
    batches = np.where(multi, -(-freq // _APPENDS), 0)
    length = 4 + len(_POS_HEAD) + (csize[starts + freq] - csize[starts]) + 2 * batches + np.where(multi, 1, 2)
    offsets = np.zeros(npost + 1, dtype=np.int64)
    np.cumsum(length, out=offsets[1:])
    buf = np.zeros(int(offsets[-1]), dtype=np.uint8)
    begin = offsets[:-1]
    buf[begin[:, None] + np.arange(4)] = freq.astype(">u4").view(np.uint8).reshape(-1, 4)
    buf[begin[:, None] + 4 + np.arange(len(_POS_HEAD))] = _POS_HEAD
    head = 4 + len(_POS_HEAD)
    buf[begin[multi] + head] = ord("(")
    # each position: after the posting's head, its MARK and the batches before it
    posting = np.repeat(np.arange(npost), freq)
    k = np.arange(ntok, dtype=np.int64) - starts[posting]  # the item's place in its list
    at = begin[posting] + head + multi[posting] + 2 * (k // _APPENDS) + csize[:-1] - csize[starts][posting]
    _put_ints(buf, at, deltas)
    # a batch ends with APPENDS; the next begins with MARK
    cut = (k > 0) & (k % _APPENDS == 0)
    buf[at[cut] - 2] = ord("e")
    buf[at[cut] - 1] = ord("(")
    end = offsets[1:]
    buf[end - 2] = np.where(multi, ord("e"), ord("a"))
    buf[end - 1] = ord(".")
    return buf.tobytes(), offsets


_NO_LENGTH = 1 << 40  # (a block's least length when no document of it has a length)


class _Blocks:
    """A field's postings cut into blocks of _BLOCK postings a term, and each block's statistics (as
    W3PostingsWriter keeps them), for `_terms` and `_terms_at_once`."""

    def __init__(self, counts: np.ndarray, docs: np.ndarray, w64: np.ndarray, qlengths: np.ndarray) -> None:
        n = len(docs)
        self.w32 = w32 = w64.astype(np.float32).astype(np.float64)  # as array("f") holds them
        lens = qlengths[docs]
        self.starts = starts = np.zeros(len(counts) + 1, dtype=np.int64)  # each term's first posting
        np.cumsum(counts, out=starts[1:])
        # position of each posting within its term, hence its block's start and the delta-coded ids
        self.within = within = np.arange(n, dtype=np.int64) - np.repeat(starts[:-1], counts)
        blockstart = within % _BLOCK == 0
        self.deltas = deltas = docs.copy()
        deltas[1:] -= docs[:-1]
        deltas[blockstart] = docs[blockstart]
        self.bstarts = bstarts = np.flatnonzero(blockstart)
        # block statistics, in the order of the blocks
        self.maxw = np.maximum.reduceat(w64, bstarts)
        self.minw32 = np.minimum.reduceat(w32, bstarts)
        self.maxw32 = np.maximum.reduceat(w32, bstarts)
        self.sumw = np.add.reduceat(w32, bstarts)
        self.minlen = np.minimum.reduceat(np.where(lens > 0, lens, _NO_LENGTH), bstarts)
        self.maxlen = np.maximum.reduceat(lens, bstarts)


def _terms(
    texts: list[bytes],
    counts: np.ndarray,
    docs: np.ndarray,
    w64: np.ndarray,
    values: Values,
    qlengths: np.ndarray,
    out: _Out,
) -> Iterable[tuple[bytes, bytes]]:
    """Each term of a field in byte order with its W3TermInfo bytes, its postings written to `out` in
    W3PostingsWriter's blocks, each pickled in turn (as Whoosh's writer does: with protocol 2 and RAW_BELOW 0,
    its bytes)."""
    ntexts = len(texts)
    bk = _Blocks(counts, docs, w64, qlengths)
    starts, deltas, bstarts, w32 = bk.starts, bk.deltas, bk.bstarts, bk.w32
    bmaxw, bminw32, bmaxw32, bsumw = bk.maxw, bk.minw32, bk.maxw32, bk.sumw
    bminlen, bmaxlen, big = bk.minlen, bk.maxlen, _NO_LENGTH
    bminbyte = _length_bytes(np.where(bminlen == big, 0, bminlen))
    bmaxbyte = _length_bytes(bmaxlen)
    deltas_l = deltas.tolist()
    docs_l = docs.tolist()
    w32_l = w32.tolist()
    bmaxw_l, bminw32_l, bmaxw32_l, bsumw_l = bmaxw.tolist(), bminw32.tolist(), bmaxw32.tolist(), bsumw.tolist()
    bminlen_l, bmaxlen_l = bminlen.tolist(), bmaxlen.tolist()
    bminbyte_l, bmaxbyte_l, bstarts_l = bminbyte.tolist(), bmaxbyte.tolist(), bstarts.tolist()
    starts_l = starts.tolist()
    dumps, compress = pickle.dumps, zlib.compress
    add = out.add
    how, vdata, offs = values
    if how == "slices" and isinstance(offs, np.ndarray):
        offs = offs.tolist()  # (a list: indexed once a value)
    bi = 0
    for r in range(ntexts):
        a, end = starts_l[r], starts_l[r + 1]
        if a == end:  # (a term of a document that was not added)
            continue
        offset = out.pos
        parts = [_MAGIC]
        weight = 0.0
        maxweight: Any = 0
        minlength: Any = None
        maxlength = 0
        while True:
            b = bstarts_l[bi]
            e = min(b + _BLOCK, end)
            lo, hi = bminw32_l[bi], bmaxw32_l[bi]
            if lo == hi == 1.0:
                wdata: Any = None
            elif lo == hi:
                wdata = w32_l[b]
            else:
                wdata = tuple(w32_l[b:e])
            if how == "slices":
                vblock: Any = tuple([vdata[offs[i] : offs[i + 1]] for i in range(b, e)])
            elif how == "fixed":
                vblock = vdata[offs * b : offs * e]
            elif how == "items":
                vblock = tuple(vdata[b:e])
            elif how == "joined":
                vblock = b"".join(vdata[b:e])
            else:
                vblock = None
            data = dumps((tuple(deltas_l[b:e]), wdata, vblock), PROTOCOL)
            comp = _COMPRESSION if len(data) >= RAW_BELOW else 0
            if comp:
                data = compress(data, comp)
            bmax = bmaxw_l[bi]
            info = dumps((e - b, docs_l[e - 1], bmax, comp, bminbyte_l[bi], bmaxbyte_l[bi]), 2)
            last = e == end
            size = len(info) + len(data)
            parts += (pack_int(-size if last else size), info, data)
            # W3TermInfo.add_block
            weight += bsumw_l[bi]
            ml = bminlen_l[bi]
            ml = None if ml == big else ml
            minlength = ml if minlength is None else min(minlength, ml)
            maxlength = max(maxlength, bmaxlen_l[bi])
            maxweight = max(maxweight, bmax)
            bi += 1
            if last:
                break
        extent = b"".join(parts)
        add(extent)
        st = _INFO.pack(
            0,
            weight,
            end - a,
            0 if minlength is None else length_to_byte(minlength),
            length_to_byte(maxlength),
            maxweight,
            docs_l[a],
            docs_l[end - 1],
        )
        yield texts[r], st + pack_long(offset) + pack_int(len(extent))


# A block whose pickle is shorter than this is stored as it is (its info says compression 0, which Whoosh's
# reader honours): zlib gains nothing on it (on a 20,000-article segment, the 249,000 blocks under 150 bytes
# take 9.2 MB either way) and compressing them took a third of the time spent compressing.
RAW_BELOW = 150
# zlib level of each document's stored fields (Whoosh's STORED_COLUMN compresses them at 3; its reader
# decompresses any level): at 1, 90 us an article of the 200,000-article corpus against 132, 1% more bytes
STORED_LEVEL = 1
_BATCH_BYTES = 1 << 20  # block pickles made at a time by `_terms_at_once` (index arrays 8 times that)

# pickle opcodes (protocols 2 and 3)
_PROTO, _MARK, _TUPLE, _BINPUT, _STOP, _NONE, _BINFLOAT = 0x80, 0x28, 0x74, 0x71, 0x2E, 0x4E, 0x47
_BININT1, _BININT2, _BININT, _SHORT_BINBYTES, _BINBYTES, _TUPLE1 = 0x4B, 0x4D, 0x4A, 0x43, 0x42, 0x85


def _int_sizes(v: np.ndarray) -> np.ndarray:
    """The bytes pickle writes for each int (0 <= v < 2**31): BININT1, BININT2 or BININT and its bytes."""
    return np.where(v < 256, 2, np.where(v < 65536, 3, 5))


def _put_ints(buf: np.ndarray, at: np.ndarray, v: np.ndarray) -> None:
    buf[at] = np.where(v < 256, _BININT1, np.where(v < 65536, _BININT2, _BININT))
    buf[at + 1] = v & 0xFF
    wide = v >= 256
    buf[at[wide] + 2] = (v[wide] >> 8) & 0xFF
    wider = v >= 65536
    buf[at[wider] + 3] = (v[wider] >> 16) & 0xFF
    buf[at[wider] + 4] = (v[wider] >> 24) & 0xFF


def _put_floats(buf: np.ndarray, at: np.ndarray, x: np.ndarray) -> None:
    """BINFLOAT and the big-endian double of each float."""
    buf[at] = _BINFLOAT
    buf[at[:, None] + 1 + np.arange(8)] = x.astype(">f8").view(np.uint8).reshape(-1, 8)


def _end_tuple(buf: np.ndarray, end: np.ndarray, n: np.ndarray, memo: np.ndarray | int) -> None:
    """The last 3 bytes before each `end`: what closes a tuple of n items (TUPLE after a MARK from 4 items,
    else TUPLE1 to TUPLE3), then BINPUT memo."""
    buf[end - 3] = np.where(n >= 4, _TUPLE, _TUPLE1 - 1 + np.minimum(n, 3))
    buf[end - 2] = _BINPUT
    buf[end - 1] = memo


def _copy_runs(buf: np.ndarray, dst: np.ndarray, src: np.ndarray, lengths: np.ndarray, data: np.ndarray) -> None:
    """buf[dst[i] : dst[i] + lengths[i]] = data[src[i] : src[i] + lengths[i]] for every i at once, the runs
    following one another in `data`."""
    if not len(lengths):
        return
    s0, s1 = int(src[0]), int(src[-1] + lengths[-1])
    assert s1 - s0 == int(lengths.sum())
    where = np.repeat(dst - src, lengths)
    where += np.arange(s0, s1)
    buf[where] = data[s0:s1]


def _terms_at_once(
    texts: list[bytes],
    counts: np.ndarray,
    docs: np.ndarray,
    w64: np.ndarray,
    values: Values,
    qlengths: np.ndarray,
    out: _Out,
) -> Iterable[tuple[bytes, bytes]]:
    """`_terms`, its bytes, for blocks pickled with protocol 3 whose values are cut from one buffer ("slices",
    "fixed") or none: the pickles of all blocks are written byte by byte with numpy, as `pickle.dumps(block,
    3)` writes them (`_Layout`), their infos and the term infos too; only compressing a block (`RAW_BELOW`
    and up) and handing the pieces over is done a block at a time. Values of 0 or 1 byte (which pickle
    writes once and refers back to: CPython has one object for each) go to `_terms`."""
    how, vdata, offs = values
    if how == "slices":
        offs = np.asarray(offs, dtype=np.int64)
    if how == "slices" and len(docs) and int(np.diff(offs).min()) < 2:
        yield from _terms(texts, counts, docs, w64, (how, vdata, offs), qlengths, out)
        return
    bk = _Blocks(counts, docs, w64, qlengths)
    lay = _Layout(bk, len(docs), how, vdata, offs)
    bstarts, bn, nb = bk.bstarts, lay.bn, len(bk.bstarts)
    bterm = np.searchsorted(bk.starts, bstarts, side="right") - 1
    last = bstarts + bn == bk.starts[bterm + 1]
    first = bk.within[bstarts] == 0
    comp = np.where(lay.size >= RAW_BELOW, _COMPRESSION, 0)
    # each block's info, pickled with protocol 2: (postings, last id, max weight, compression, min length
    # byte, max length byte), a tuple after a MARK
    lastid = docs[bstarts + bn - 1]
    ioff = np.zeros(nb + 1, dtype=np.int64)
    np.cumsum(24 + _int_sizes(lastid), out=ioff[1:])
    info = np.zeros(int(ioff[-1]), dtype=np.uint8)
    at = ioff[:-1]
    info[at], info[at + 1], info[at + 2] = _PROTO, 2, _MARK
    _put_ints(info, at + 3, bn)
    _put_ints(info, at + 5, lastid)
    at = at + 5 + _int_sizes(lastid)
    _put_floats(info, at, bk.maxw)
    _put_ints(info, at + 9, comp)
    _put_ints(info, at + 11, _length_bytes(np.where(bk.minlen == _NO_LENGTH, 0, bk.minlen)))
    _put_ints(info, at + 13, _length_bytes(bk.maxlen))
    info[at + 15], info[at + 16], info[at + 17], info[at + 18] = _TUPLE, _BINPUT, 0, _STOP
    infos = info.tobytes()
    ioff_l, first_l, last_l, comp_l = ioff.tolist(), first.tolist(), last.tolist(), comp.tolist()
    size_l, sumw_l = lay.size.tolist(), bk.sumw.tolist()
    extent_len = np.zeros(nb, dtype=np.int64)  # the bytes each block takes in the file
    weights: list[float] = []  # each term's weight, its blocks' added one after the other (as `_terms`)
    weight = 0.0
    compress, pack = zlib.compress, pack_int
    csize = np.zeros(nb + 1, dtype=np.int64)
    np.cumsum(lay.size, out=csize[1:])
    k0 = 0
    while k0 < nb:
        k1 = min(nb, max(k0 + 1, int(np.searchsorted(csize, csize[k0] + _BATCH_BYTES, side="right")) - 1))
        pickled = lay.pickles(k0, k1)
        pieces: list[bytes] = []
        o = 0
        for k in range(k0, k1):
            raw = pickled[o : o + size_l[k]]
            o += size_l[k]
            data = compress(raw, _COMPRESSION) if comp_l[k] else raw
            blk = ioff_l[k + 1] - ioff_l[k] + len(data)
            if first_l[k]:
                pieces.append(_MAGIC)
                weight = 0.0
            pieces += (pack(-blk if last_l[k] else blk), infos[ioff_l[k] : ioff_l[k + 1]], data)
            extent_len[k] = blk + 4 + (4 if first_l[k] else 0)
            weight += sumw_l[k]
            if last_l[k]:
                weights.append(weight)
        out.add(b"".join(pieces))
        k0 = k1
    # the term infos: W3TermInfo's struct, then the extent's offset and length
    bfirst = np.flatnonzero(first)
    eoff = np.zeros(nb + 1, dtype=np.int64)
    np.cumsum(extent_len, out=eoff[1:])
    tinfo = np.zeros(len(bfirst), dtype=_TERM_INFO)
    terms = bterm[bfirst]
    tminlen = np.minimum.reduceat(bk.minlen, bfirst) if nb else bk.minlen
    tinfo["weight"] = weights
    tinfo["df"] = counts[terms]
    tinfo["minlen"] = _length_bytes(np.where(tminlen == _NO_LENGTH, 0, tminlen))
    tinfo["maxlen"] = _length_bytes(np.maximum.reduceat(bk.maxlen, bfirst) if nb else bk.maxlen)
    tinfo["maxweight"] = np.maximum.reduceat(bk.maxw, bfirst) if nb else bk.maxw
    tinfo["minid"] = docs[bk.starts[terms]]
    tinfo["maxid"] = docs[bk.starts[terms + 1] - 1]
    tinfo["offset"] = out.pos - int(eoff[-1]) + eoff[bfirst]
    tinfo["length"] = np.append(eoff[bfirst[1:]], eoff[-1]) - eoff[bfirst]
    raw_infos = tinfo.tobytes()
    width = tinfo.itemsize
    for j, r in enumerate(terms.tolist()):
        yield texts[r], raw_infos[j * width : (j + 1) * width]


# W3TermInfo's struct ("!BfIBBfII": not inlined, weight, doc frequency, min and max length bytes, max weight,
# first and last id), then the extent's offset (pack_long) and length (pack_int)
_TERM_INFO = np.dtype(
    [
        ("flags", "u1"),
        ("weight", ">f4"),
        ("df", ">u4"),
        ("minlen", "u1"),
        ("maxlen", "u1"),
        ("maxweight", ">f4"),
        ("minid", ">u4"),
        ("maxid", ">u4"),
        ("offset", ">i8"),
        ("length", ">i4"),
    ]
)
assert _BLOCK + 3 < 256  # (a block's memo indexes fit BINPUT's one byte: ids, weights, values, their tuple)


class _Layout:
    """Where each part of each block's pickle goes: PROTO 3; the ids, a tuple of BININT1/2/4 (after a MARK
    from 4 items, closed by TUPLE or TUPLE1–3), memoized (BINPUT 0); the weights, None, a BINFLOAT, or a tuple
    of them memoized; the values, a tuple of SHORT_BINBYTES/BINBYTES each memoized, the tuple too ("slices"),
    one byte string memoized ("fixed") or None; TUPLE3, BINPUT, STOP. `size` is each block's length."""

    def __init__(self, bk: _Blocks, n: int, how: str | None, vdata: Any, offs: Any) -> None:
        bstarts = bk.bstarts
        assert not n or (int(bk.deltas.min()) >= 0 and int(bk.deltas.max()) < 2**31)  # (BININT's range)
        self.bk, self.how = bk, how
        self.bn = bn = np.diff(np.append(bstarts, n))  # postings a block
        self.mark = mark = bn >= 4
        cisz = self.cisz = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(_int_sizes(bk.deltas), out=cisz[1:])
        self.ids_size = cisz[bstarts + bn] - cisz[bstarts] + mark + 3
        same = bk.minw32 == bk.maxw32
        self.wkind = np.where(same & (bk.maxw32 == 1.0), 0, np.where(same, 1, 2))
        self.w_size = np.where(self.wkind == 0, 1, np.where(self.wkind == 1, 9, 9 * bn + mark + 3))
        self.memo0 = 1 + (self.wkind == 2)  # the memo's next index after the ids and the weights
        self.vbuf = np.frombuffer(vdata, dtype=np.uint8) if how in ("slices", "fixed") else None
        self.offs = offs
        if how == "slices":
            self.vlen = vlen = np.diff(offs)
            self.cvsz = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(_bytes_head_sizes(vlen) + vlen + 2, out=self.cvsz[1:])
            self.v_size = self.cvsz[bstarts + bn] - self.cvsz[bstarts] + mark + 3
            self.memo_outer = self.memo0 + bn + 1
        elif how == "fixed":
            flen = offs * bn
            self.v_size = _bytes_head_sizes(flen) + flen + 2
            self.memo_outer = self.memo0 + 1
        else:
            self.v_size = np.ones(len(bstarts), dtype=np.int64)
            self.memo_outer = self.memo0
        self.size = 2 + self.ids_size + self.w_size + self.v_size + 4

    def pickles(self, k0: int, k1: int) -> bytes:
        """The pickles of blocks k0 to k1, one after the other."""
        bk = self.bk
        bs, nn, mk, m0 = bk.bstarts[k0:k1], self.bn[k0:k1], self.mark[k0:k1], self.memo0[k0:k1]
        sz, ids_size, w_size, v_size = self.size[k0:k1], self.ids_size[k0:k1], self.w_size[k0:k1], self.v_size[k0:k1]
        boff = np.zeros(k1 - k0, dtype=np.int64)
        np.cumsum(sz[:-1], out=boff[1:])
        buf = np.zeros(int(sz.sum()), dtype=np.uint8)
        p0, p1 = int(bs[0]), int(bs[-1] + nn[-1])
        blk = np.repeat(np.arange(k1 - k0), nn)  # each posting's block
        j = np.arange(p1 - p0, dtype=np.int64) - (bs - p0)[blk]  # its place in the block
        buf[boff] = _PROTO
        buf[boff + 1] = 3
        # the ids
        at = boff + 2
        buf[at[mk]] = _MARK
        _put_ints(buf, at[blk] + mk[blk] + self.cisz[p0:p1] - self.cisz[bs][blk], bk.deltas[p0:p1])
        at = at + ids_size
        _end_tuple(buf, at, nn, 0)
        # the weights
        wk = self.wkind[k0:k1]
        buf[at[wk == 0]] = _NONE
        one = wk == 1
        _put_floats(buf, at[one], bk.w32[bs[one]])
        many = wk == 2
        if many.any():
            pm = many[blk]
            buf[at[many & mk]] = _MARK
            _put_floats(buf, (at[blk] + mk[blk] + 9 * j)[pm], bk.w32[p0:p1][pm])
            _end_tuple(buf, (at + w_size)[many], nn[many], 1)
        at = at + w_size
        # the values
        if self.how == "slices":
            assert self.vbuf is not None
            ln = self.vlen[p0:p1]
            item = at[blk] + mk[blk] + self.cvsz[p0:p1] - self.cvsz[bs][blk]
            buf[at[mk]] = _MARK
            data_at = _put_bytes_heads(buf, item, ln)
            _copy_runs(buf, data_at, self.offs[p0:p1], ln, self.vbuf)
            buf[data_at + ln] = _BINPUT
            buf[data_at + ln + 1] = m0[blk] + j
            _end_tuple(buf, at + v_size, nn, m0 + nn)
        elif self.how == "fixed":
            assert self.vbuf is not None
            flen = self.offs * nn
            data_at = _put_bytes_heads(buf, at, flen)
            _copy_runs(buf, data_at, self.offs * bs, flen, self.vbuf)
            buf[data_at + flen] = _BINPUT
            buf[data_at + flen + 1] = m0
        else:
            buf[at] = _NONE
        end = boff + sz
        buf[end - 4] = _TUPLE1 + 2  # TUPLE3
        buf[end - 3] = _BINPUT
        buf[end - 2] = self.memo_outer[k0:k1]
        buf[end - 1] = _STOP
        return buf.tobytes()


def _bytes_head_sizes(lengths: np.ndarray) -> np.ndarray:
    """The bytes before a byte string's own in its pickle (protocol 3): SHORT_BINBYTES and a length byte up to
    255 bytes, else BINBYTES and 4 length bytes."""
    return np.where(lengths <= 255, 2, 5)


def _put_bytes_heads(buf: np.ndarray, at: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Write each byte string's head at `at`; returns where each one's bytes go."""
    assert not len(lengths) or int(lengths.max()) < 2**32
    short = lengths <= 255
    buf[at] = np.where(short, _SHORT_BINBYTES, _BINBYTES)
    buf[at + 1] = lengths & 0xFF
    long_ = ~short
    for b in (1, 2, 3):
        buf[at[long_] + 1 + b] = (lengths[long_] >> (8 * b)) & 0xFF
    return at + _bytes_head_sizes(lengths)


def commit(writer: SegmentWriter, segments: list[W3Segment], merge: bool = True) -> None:
    """Commit `writer` (its deletions, and the merges of small segments Whoosh's policy asks for when
    `merge`) with `segments` listed after its own: a new generation of the TOC, as `SegmentWriter.commit`
    and Whoosh's multi-process writer write it. The writer holds Whoosh's write lock until then."""
    writer._check_state()
    final = writer._merge_segments(None, None, merge) if merge else NO_MERGE(writer, writer.segments)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final + list(segments))
    writer._finish()


def admits(schema: fields.Schema, doc: dict[str, Any]) -> bool:
    """Whether `SegmentBuilder.add` takes this document (else it goes to Whoosh's writer)."""
    names, streamed = _names(schema)
    for name, value in doc.items():
        if name.startswith("_"):
            if not (name.startswith("_stored_") and name[8:] in names):
                return False
        elif name not in names:
            return False
        elif value is not None and name in streamed and not isinstance(value, str):
            return False
    return True


_NAMES: dict[int, tuple[fields.Schema, frozenset[str], frozenset[str]]] = {}


def _names(schema: fields.Schema) -> tuple[frozenset[str], frozenset[str]]:
    """A schema's field names, and those `SegmentBuilder` analyses word by word (worked out once a schema:
    `admits` is asked for every document)."""
    known = _NAMES.get(id(schema))
    if known is None or known[0] is not schema:
        names = frozenset(schema.names())
        known = _NAMES[id(schema)] = (schema, names, frozenset(n for n in names if _streamed(schema[n])))
    return known[1], known[2]


class _Worker(mp.Process):
    """Builds segments from the documents it is sent: ("docs", [doc, …]) adds them, ("write", None) writes
    the segment and answers ("segment", segment), None ends; an error is answered ("error", text)."""

    def __init__(self, conn: Connection, schema: fields.Schema, storage: Any, indexname: str) -> None:
        super().__init__(daemon=True)
        self.conn, self.schema, self.storage, self.indexname = conn, schema, storage, indexname

    def run(self) -> None:
        worker_signals()
        conn = self.conn
        builder = SegmentBuilder(self.schema)
        try:
            while True:
                msg = conn.recv()
                if msg is None:
                    return
                kind, payload = msg
                if kind == "docs":
                    for doc in payload:
                        builder.add(doc)
                else:
                    segment = builder.write(self.storage, self.indexname) if builder.doccount else None
                    builder = SegmentBuilder(self.schema)
                    conn.send(("segment", segment))
        except BaseException:
            try:
                conn.send(("error", traceback.format_exc()))
            except OSError:
                pass
            raise


class BulkWriter:
    """Whoosh's writer for an index, whose documents are written by `procs` worker processes as segments of
    their own (`SegmentBuilder`), committed with the writer's deletions by `commit`. A document the builder
    does not take goes to Whoosh's writer. The workers live until `close`, across several commits: each
    keeps its analysers' words."""

    BATCH = 64  # documents sent to a worker at a time

    def __init__(self, ix: Any, procs: int = 2) -> None:
        self.ix = ix
        self.procs = procs
        self.schema = ix.schema
        self._conns: list[Connection] = []
        self._workers: list[_Worker] = []
        self.writer: SegmentWriter | None = None
        self._batch: list[dict[str, Any]] = []
        self._next = 0
        self._local: SegmentBuilder | None = None  # procs <= 1: the segment is built in this process

    def start(self, writer: SegmentWriter) -> None:
        """Begin a commit on `writer` (which holds Whoosh's lock): deletions go to it directly."""
        self.writer = writer
        if self.procs <= 1:
            self._local = self._local or SegmentBuilder(self.schema)
        elif not self._workers:
            for _ in range(self.procs):
                mine, theirs = mp.Pipe()
                worker = _Worker(theirs, self.schema, self.ix.storage, self.ix.indexname)
                worker.start()
                theirs.close()
                self._conns.append(mine)
                self._workers.append(worker)

    def delete_by_term(self, fieldname: str, text: str) -> None:
        assert self.writer is not None
        self.writer.delete_by_term(fieldname, text)

    def add_document(self, **doc: Any) -> None:
        if not admits(self.schema, doc):
            assert self.writer is not None
            self.writer.add_document(**doc)
            return
        if self._local is not None:
            self._local.add(doc)
            return
        self._batch.append(doc)
        if len(self._batch) >= self.BATCH:
            self._send()

    def _send(self) -> None:
        if self._batch:
            self._tell(self._conns[self._next], ("docs", self._batch))
            self._next = (self._next + 1) % len(self._conns)
            self._batch = []

    def _tell(self, conn: Connection, msg: tuple[str, Any]) -> None:
        try:
            conn.send(msg)
        except OSError:  # the worker ended: say why, as Whoosh's writer would have raised it
            kind, payload = self._answer(conn) if conn.poll(1) else ("error", "the process ended")
            raise RuntimeError(f"a segment writer failed:\n{payload}") from None

    def commit(self, merge: bool = True) -> None:
        """Have each worker write its segment and commit them all with the writer's changes."""
        assert self.writer is not None
        try:
            segments = []
            if self._local is not None:
                if self._local.doccount:
                    segments.append(self._local.write(self.ix.storage, self.ix.indexname))
                self._local = None
            self._send()
            for conn in self._conns:
                self._tell(conn, ("write", None))
            for conn in self._conns:
                kind, payload = self._answer(conn)
                if kind != "segment":
                    raise RuntimeError(f"a segment writer failed:\n{payload}")
                if payload is not None:
                    segments.append(payload)
            writer, self.writer = self.writer, None
        except BaseException:
            self.cancel()  # (a segment written but not committed is removed by the next commit)
            raise
        commit(writer, segments, merge)

    def _answer(self, conn: Connection) -> tuple[str, Any]:
        try:
            return conn.recv()  # type: ignore[no-any-return,unused-ignore]
        except (EOFError, OSError):
            return "error", "the process ended"

    def cancel(self) -> None:
        """Drop what was added since `start` (the workers end: what they hold goes with them)."""
        self._batch = []
        self._local = None
        writer, self.writer = self.writer, None
        self.close()
        if writer is not None:
            writer.cancel()

    def close(self) -> None:
        for conn in self._conns:
            try:
                conn.send(None)
            except OSError:
                pass
        for worker in self._workers:
            worker.join(5)
            if worker.is_alive():
                worker.kill()
                worker.join()
        for conn in self._conns:
            conn.close()
        self._conns, self._workers = [], []
