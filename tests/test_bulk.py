"""index/bulk.py: a segment written at once reads as the segment Whoosh's writer writes for the same
documents (terms, postings, lengths, stored fields, columns, searches), and an index built that way is
updated incrementally as any other."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from reader import index, paths
from reader.enrich.records import Actor, Agreement, Enrichment
from reader.index import build, bulk
from reader.index.documents import document
from reader.index.schema import get_schema, text_analyzer
from reader.ingest import Article, read_article
from reader.search import SearchService
from tests.conftest import SEEDS, write

WORDS = (
    "le Japon et l'Australie ont signé un accord de sécurité à Tokyo ; les États-Unis, Taïwan, la Corée du "
    "Sud coopèrent. L'OTAN s'inquiète des exercices militaires près d'Okinawa. Économie, énergie, défense, "
    "cybersécurité : une coopération renforcée entre alliés. Ça a été dit deux fois : accord accord accord"
).split()


def _enrichment(rng: random.Random) -> Enrichment:
    names = [("Fumio Kishida", "person"), ("Japon", "place"), ("OTAN", "organisation"), ("Anthony Albanese", "person")]
    actors = tuple(Actor(n, k, rng.randint(1, 5), ((0, 3),)) for n, k in rng.sample(names, rng.randint(1, 4)))
    agreements = tuple(
        Agreement(("Japon", "Australie"), "accord", "un accord de sécurité", ("sécurité", "défense"), 0, 10, None)
        for _ in range(rng.randint(0, 2))
    )
    return Enrichment(actors, agreements)


def varied_documents(count: int = 300) -> list[dict[str, Any]]:
    """The seeds as the build indexes them, and documents with accents, empty fields, long bodies, repeated
    words, missing dates, sources and URLs, actors and agreements."""
    docs = []
    for n, path in enumerate(sorted(p.relative_to(SEEDS).as_posix() for p in SEEDS.rglob("*") if p.is_file())):
        try:
            art = read_article(SEEDS, path)
        except Exception:
            continue
        docs.append(document(art, 1_700_000_000_000_000_000 + n, 1000 + n, None, "", None))
    rng = random.Random(12)
    for n in range(count):
        length = rng.choice([0, 1, 5, 50, 400, 3000])
        body = " ".join(rng.choice(WORDS) for _ in range(length))
        if n % 7 == 0:
            body = ("alliance " * 300) + body  # a word hundreds of times: positions past one byte
        title = "" if n % 11 == 0 else " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))
        date = None if n % 5 == 0 else f"20{10 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        art = Article(
            f"id{n:04d}",
            f"dossier/é{n}.txt",
            title,
            date,
            "fr" if n % 9 else "en",
            body,
            "Le Monde" if n % 4 == 0 else "",
            f"https://www.lemonde.fr/{n}" if n % 6 == 0 else "",
        )
        enrichment = _enrichment(rng) if n % 3 == 0 else None
        story = f"id{n - n % 4:04d}" if n % 2 else None
        docs.append(document(art, n * 1000, n, enrichment, "v1" if enrichment else "", story))
    # a long article: a word more than a thousand times (pickle writes a list's items in batches of 1,000),
    # a word twice tens of thousands of words apart and one first seen past the 65,536th word kept (positions
    # pickled in 1, 2 and 4 bytes)
    words = ["prologue"] + [("alliance" if k % 25 == 0 else WORDS[k % len(WORDS)]) for k in range(100_000)]
    words[57_000] = "prologue"
    body = " ".join([*words, "épilogue"])
    art = Article("long", "dossier/long.txt", "Un long article", "2020-01-01", "fr", body, "", "")
    docs.append(document(art, 1, len(body), None, "", None))
    # only stop words: in the body (its length 0), in the title, in both
    for n, (title, body) in enumerate([("Le Japon", "le la les et de"), ("et le", "Tokyo et le Japon"), ("Le", "et")]):
        art = Article(f"stop{n}", f"dossier/stop{n}.txt", title, "2020-01-01", "fr", body, "", "")
        docs.append(document(art, 1, len(body), None, "", None))
    return docs


def _index(folder: Path) -> Any:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return FileStorage(str(folder), supports_mmap=False).create_index(get_schema())


def _whoosh_built(folder: Path, docs: list[dict[str, Any]]) -> Any:
    ix = _index(folder)
    with ix.writer() as w:
        for d in docs:
            w.add_document(**d)
    return windex.open_dir(str(folder))


def _bulk_built(folder: Path, docs: list[dict[str, Any]], procs: int = 1) -> Any:
    ix = _index(folder)
    writer = bulk.BulkWriter(ix, procs)
    try:
        writer.start(ix.writer())
        for d in docs:
            writer.add_document(**d)
        writer.commit(merge=False)
    finally:
        writer.close()
    return windex.open_dir(str(folder))


def _everything(ix: Any) -> dict[str, Any]:
    """What a reader sees: per field each term's doc frequency, weight, postings (docnum, weight, value, and
    positions where the field has them); per document its stored fields and field lengths; the columns."""
    seen: dict[str, Any] = {}
    with ix.reader() as r:
        seen["doc_count"] = (r.doc_count(), r.doc_count_all())
        schema = ix.schema
        for fieldname in sorted(r.indexed_field_names()):
            fmt = schema[fieldname].format
            terms = {}
            for tbytes in r.lexicon(fieldname):
                ti = r.term_info(fieldname, tbytes)
                m = r.postings(fieldname, tbytes)
                postings = []
                while m.is_active():
                    value = m.value()
                    item = [m.id(), m.weight(), value]
                    if fmt.supports("positions") and type(fmt).__name__ == "Positions":
                        item.append(m.value_as("positions"))
                    postings.append(tuple(item))
                    m.next()
                stats = (ti.weight(), ti.doc_frequency(), ti.min_length(), ti.max_length(), ti.max_weight())
                terms[tbytes] = (stats, ti.min_id(), ti.max_id(), postings)
            seen[f"terms:{fieldname}"] = terms
            seen[f"length:{fieldname}"] = r.field_length(fieldname)
            if schema[fieldname].scorable:
                seen[f"minmax:{fieldname}"] = (r.min_field_length(fieldname), r.max_field_length(fieldname))
        docs = []
        for docnum in range(r.doc_count_all()):
            lengths = {f: r.doc_field_length(docnum, f) for f in schema.scorable_names()}
            docs.append((r.stored_fields(docnum), lengths))
        seen["docs"] = docs
        for name in ("path", "date", "story"):
            assert r.has_column(name)
            seen[f"column:{name}"] = list(r.column_reader(name, translate=False))
    return seen


@pytest.fixture(scope="module")
def docs() -> list[dict[str, Any]]:
    return varied_documents()


def test_a_bulk_segment_reads_as_whooshs_own(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    mine = _everything(_bulk_built(tmp_path / "bulk", docs))
    theirs = _everything(_whoosh_built(tmp_path / "whoosh", docs))
    assert mine["doc_count"] == theirs["doc_count"] == (len(docs), len(docs))
    assert mine.keys() == theirs.keys()
    for key in theirs:
        assert mine[key] == theirs[key], key
    # the documents did exercise what is compared
    assert len(theirs["terms:body"]) > 50 and len(theirs["terms:actor"]) > 3 and len(theirs["terms:source"]) > 1
    many = [p for t in theirs["terms:body"].values() for p in t[3] if len(p[3]) >= 300]
    assert many and any(len(t[3]) > 128 for t in theirs["terms:body"].values())  # several blocks a term
    assert any(d[0].get("date") is None for d in theirs["docs"]) and any(d[0].get("body") == "" for d in theirs["docs"])


def _stop_word_titles() -> list[dict[str, Any]]:
    """Documents whose titles are stop words only: the title field has words but no term in the segment."""
    pairs = [("Le", "le Japon signe"), ("et le", "Tokyo et le Japon"), ("Les", "")]
    return [
        document(Article(f"s{n}", f"d/s{n}.txt", title, "2020-01-01", "fr", body, "", ""), 1, 9, None, "", None)
        for n, (title, body) in enumerate(pairs)
    ]


@pytest.mark.parametrize("which", ["varied", "stop word titles"])
def test_a_bulk_segment_is_byte_for_byte_whooshs(
    which: str, docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stronger than the reading: the segment's parts are the bytes Whoosh writes (the random segment id
    aside), when the blocks are pickled with Whoosh's protocol, all compressed, and the stored fields at
    Whoosh's level."""
    if which != "varied":
        docs = _stop_word_titles()
    monkeypatch.setattr(bulk, "PROTOCOL", 2)
    monkeypatch.setattr(bulk, "STORED_LEVEL", 3)
    monkeypatch.setattr(bulk, "RAW_BELOW", 0)

    def parts(ix: Any) -> dict[str, bytes]:
        (segment,) = ix._segments()
        store = segment.open_compound_file(ix.storage)
        out = {}
        for name in store.list():
            with store.open_file(name) as f:
                out[name.replace(segment.segment_id(), "")] = f.read()
        return out

    mine = parts(_bulk_built(tmp_path / "bulk", docs))
    theirs = parts(_whoosh_built(tmp_path / "whoosh", docs))
    assert sorted(mine) == sorted(theirs)
    for name in theirs:
        assert mine[name] == theirs[name], name


class _Collect:
    """What `_terms` and `_terms_at_once` write: the postings file's bytes (`bulk._Out`'s interface)."""

    def __init__(self) -> None:
        self.pos = 0
        self.parts: list[bytes] = []

    def add(self, data: bytes) -> None:
        self.parts.append(data)
        self.pos += len(data)


@pytest.mark.parametrize("raw_below", [0, bulk.RAW_BELOW])
@pytest.mark.parametrize("how", ["slices", "fixed", None, "tiny"])
def test_blocks_pickled_at_once_are_the_bytes_pickle_writes(
    how: str | None, raw_below: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blocks and term infos numpy writes (`_terms_at_once`) are byte for byte those of pickling each
    block (`_terms`), every block compressed or the small ones left as they are: ids past one and two bytes
    (BININT), values past 255 bytes (BINBYTES), weights of one, one other, and several values, terms of one
    posting and of several blocks, batches that end inside a term; values of 0 or 1 byte ("tiny": pickle
    refers back to the one object CPython has for each) left to `_terms`."""
    import numpy as np

    rng = np.random.default_rng(5)
    nterms = 300
    counts = rng.choice([1, 1, 2, 3, 4, 5, 127, 128, 129, 300], size=nterms)
    counts[7] = 0  # (a term no document added kept)
    counts[20] = 300  # (a term whose weights are all one value other than 1: below)
    docs = np.concatenate([np.sort(rng.choice(200_000, size=c, replace=False)) for c in counts]).astype(np.int64)
    n = len(docs)
    w64 = rng.choice([1.0, 1.0, 1.0, 2.0, 3.0, 0.5], size=n)
    first = int(counts[:20].sum())
    w64[first : first + counts[20]] = 2.0
    if how in ("slices", "tiny"):
        lengths = rng.choice([0, 1, 6] if how == "tiny" else [6, 9, 40, 255, 256, 700], size=n)
        data = rng.integers(0, 256, size=int(lengths.sum()), dtype=np.uint8).tobytes()
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        values: Any = ("slices", data, offsets)
    elif how == "fixed":
        values = ("fixed", rng.integers(0, 256, size=4 * n, dtype=np.uint8).tobytes(), 4)
    else:
        values = (None, None, None)
    texts = [f"t{k:04d}".encode() for k in range(nterms)]
    qlengths = rng.integers(0, 3000, size=200_000)
    monkeypatch.setattr(bulk, "RAW_BELOW", raw_below)
    monkeypatch.setattr(bulk, "_BATCH_BYTES", 5_000)  # (many batches)
    written = []
    for terms in (bulk._terms, bulk._terms_at_once):
        out = _Collect()
        infos = list(terms(texts, counts, docs, w64, values, qlengths, out))
        written.append((infos, b"".join(out.parts)))
    assert written[0] == written[1]
    assert len(written[0][0]) == nterms - 1


def test_small_blocks_are_stored_uncompressed_and_read_back(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    """A block under RAW_BELOW bytes is stored as it is (compression 0 in its info), a bigger one compressed;
    Whoosh's reader gives every posting of both back (the whole segment: the test above)."""
    import io
    import pickle
    import struct
    import zlib

    ix = _bulk_built(tmp_path / "bulk", docs)
    seen = set()
    with ix.reader() as r:
        (leaf, _offset), *_ = r.leaf_readers()
        terms = leaf._terms
        for btext in leaf.lexicon("body"):
            offset, length = terms.term_info("body", btext).extent()
            buf = terms._postfile.get(offset, length[0] if isinstance(length, tuple) else length)
            pos, ids = 4, []
            while True:
                (size,) = struct.unpack("!i", buf[pos : pos + 4])
                header = io.BytesIO(buf[pos + 4 : pos + 4 + abs(size)])
                compression = pickle.load(header)[3]
                data = buf[pos + 4 + header.tell() : pos + 4 + abs(size)]
                raw = zlib.decompress(data) if compression else data
                seen.add((compression, len(raw) < bulk.RAW_BELOW))
                ids += [sum(pickle.loads(raw)[0][: k + 1]) for k in range(len(pickle.loads(raw)[0]))]
                pos += 4 + abs(size)
                if size < 0:
                    break
            assert ids == list(leaf.postings("body", btext).all_ids())
    assert seen == {(0, True), (bulk._COMPRESSION, False)}


def test_the_search_reads_a_bulk_segments_postings_as_whooshs_reader(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`search.blocks` reads the blocks of a bulk segment (pickled with protocol 3) as Whoosh's reader does,
    each cut before its values (never unpickled whole)."""
    from reader.search import blocks
    from reader.search.vector import _blocks

    cut = blocks._values_at
    missed = []

    def values_at(head: bytes, count: int) -> int:
        at = cut(head, count)
        if at < 0:
            missed.append(head)
        return at

    monkeypatch.setattr(blocks, "_values_at", values_at)
    ix = _bulk_built(tmp_path / "bulk", docs)
    checked = 0
    with ix.reader() as r:
        for leaf, _offset in r.leaf_readers():
            for fieldname in ("body", "exact", "title", "title_prefix", "actor", "source"):
                for btext in leaf.lexicon(fieldname):
                    got = blocks.term_postings(leaf, fieldname, btext)
                    assert got is not None
                    want = _blocks(leaf.postings(fieldname, btext))
                    assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()
                    checked += 1
    assert checked > 300 and not missed


def test_searches_give_the_same_hits_and_scores(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    mine, theirs = _bulk_built(tmp_path / "bulk", docs, procs=2), _whoosh_built(tmp_path / "whoosh", docs)
    queries = [
        "accord",
        "japon",
        '"accord de sécurité"',
        "tokyo OR okinawa",
        "coopération AND NOT otan",
        "alli*",
        "alliance",
    ]
    for ix_pair in [(mine, theirs)]:
        results = []
        for ix in ix_pair:
            parser = QueryParser("body", ix.schema)
            with ix.searcher() as s:
                found = []
                for q in queries:
                    hits = s.search(parser.parse(q), limit=None)
                    found.append(sorted((s.stored_fields(h.docnum)["id"], round(h.score, 6)) for h in hits))
                results.append(found)
        assert results[0] == results[1]
        assert all(results[0])


def test_two_processes_write_two_segments_holding_every_document(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    ix = _bulk_built(tmp_path / "bulk", docs, procs=2)
    assert len(ix._segments()) == 2
    with ix.searcher() as s:
        assert sorted(f["id"] for f in s.all_stored_fields()) == sorted(d["id"] for d in docs)


def test_what_the_builder_does_not_take_goes_to_whooshs_writer(tmp_path: Path) -> None:
    schema = get_schema()
    assert bulk.supported(schema)
    assert not bulk.admits(schema, {"id": "x", "_boost": 2.0})
    assert not bulk.admits(schema, {"id": "x", "body": ["pre", "tokenised"]})
    assert not bulk.admits(schema, {"id": "x", "title_prefix": ["pre", "fix"]})  # (edge n-grams of text)
    assert bulk.admits(schema, {"id": "x", "body": "du texte", "_stored_source": "Le Monde"})
    only_body = Schema(id=ID(stored=True), body=TEXT(analyzer=text_analyzer()))  # (no exact, title)
    assert bulk.supported(only_body)
    builder = bulk.SegmentBuilder(only_body)
    builder.add({"id": "x", "body": "du texte"})
    assert builder.doccount == 1
    docs = [
        {"id": "a", "path": "a", "body": "un texte sur le Japon"},
        {"id": "b", "path": "b", "body": "le Japon", "_boost": 3.0},
    ]
    ix = _bulk_built(tmp_path / "bulk", docs)
    with ix.searcher() as s:
        assert sorted(f["id"] for f in s.all_stored_fields()) == ["a", "b"]
        hits = s.search(QueryParser("body", ix.schema).parse("japon"))
        assert [h["id"] for h in hits] == ["b", "a"]  # the boost was applied: Whoosh's writer wrote it


def article(n: int, extra: str = "") -> str:
    return (
        f"Article numéro {n} sur la coopération\n2024-01-{1 + n % 28:02d}\n\n"
        f"Le Japon et le pays {n} ont signé un accord de coopération numéro {n}. {extra}"
    )


def _state(corpus: Path) -> tuple[Any, ...]:
    service = SearchService(corpus)
    try:
        rows = sorted((h.row.path, h.row.title) for h in service.search("japon", limit=None).hits)
        taiwan = sorted(h.row.path for h in service.search("taiwan", limit=None).hits)
        phrase = sorted(h.row.path for h in service.search('"accord de coopération"', limit=None).hits)
    finally:
        service.close()
    return rows, taiwan, phrase


def test_a_bulk_built_index_is_updated_incrementally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "PARALLEL_FROM", 20)  # the bulk path from 20 files on
    monkeypatch.setattr(bulk.BulkWriter, "BATCH", 8)  # both processes get documents
    corpus = tmp_path / "c"
    for n in range(60):
        write(corpus, f"a/{n:05d}.txt", article(n))
    r = index.update(corpus)
    assert r.added == 60
    ixdir = paths.index_dir(corpus)
    assert len(windex.open_dir(str(ixdir))._segments()) == 2  # written by the two bulk processes
    write(corpus, "a/00001.txt", article(1, "Il mentionne aussi Taïwan."))
    (corpus / "a/00002.txt").unlink()
    write(corpus, "a/new.txt", article(99, "Et Taïwan encore."))
    r = index.update(corpus)  # three changes: Whoosh's own writer
    assert (r.added, r.updated, r.removed, r.unchanged) == (1, 1, 1, 58)
    rows, taiwan, phrase = _state(corpus)
    assert taiwan == ["a/00001.txt", "a/new.txt"]
    assert len(rows) == 60 and "a/00002.txt" not in {p for p, _ in rows}
    assert len(phrase) == 60
    # the same corpus built by Whoosh's writer alone answers the same
    monkeypatch.setattr(build, "BULK", False)
    other = tmp_path / "other"
    shutil.copytree(corpus, other)
    index.update(other)
    assert _state(other) == (rows, taiwan, phrase)


def test_a_big_update_with_changes_and_removals_through_the_bulk_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "PARALLEL_FROM", 20)
    monkeypatch.setattr(build, "BULK_CHUNK_FILES", 25)  # several commits
    monkeypatch.setattr(bulk.BulkWriter, "BATCH", 4)
    corpus = tmp_path / "c"
    for n in range(30):
        write(corpus, f"a/{n:05d}.txt", article(n))
    index.update(corpus)
    for n in range(30, 90):
        write(corpus, f"b/{n:05d}.txt", article(n))
    write(corpus, "a/00003.txt", article(3, "Il mentionne aussi Taïwan."))
    (corpus / "a/00004.txt").unlink()
    r = index.update(corpus)  # 61 to write: the bulk path, in three chunks, the first with the deletions
    assert (r.added, r.updated, r.removed) == (60, 1, 1)
    rows, taiwan, _ = _state(corpus)
    assert taiwan == ["a/00003.txt"]
    assert len(rows) == 89 and len({p for p, _ in rows}) == 89
    assert len(windex.open_dir(str(paths.index_dir(corpus)))._segments()) >= 4  # 1 + 3 chunks of bulk segments


def test_a_failing_segment_writer_fails_the_commit_and_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    bad = {"id": "bad", "path": "ba\udcffd", "title": "un titre", "body": "du texte"}
    with pytest.raises(UnicodeEncodeError):  # what Whoosh's writer does with it
        _whoosh_built(tmp_path / "whoosh", [bad])
    ix = _index(tmp_path / "bulk")
    writer = bulk.BulkWriter(ix, 2)
    try:
        with pytest.raises(RuntimeError, match="UnicodeEncodeError"):
            writer.start(ix.writer())
            for n in range(10):
                writer.add_document(id=f"a{n}", path=f"a{n}", body="le Japon")
            writer.add_document(**bad)
            writer.commit()
    finally:
        writer.close()
    ix = windex.open_dir(str(tmp_path / "bulk"))
    assert ix.doc_count_all() == 0
    with ix.writer() as w:  # the lock was released: the index takes a writer again
        w.add_document(id="b", path="b", body="le Japon")
    assert windex.open_dir(str(tmp_path / "bulk")).doc_count_all() == 1
