"""Enrich articles: pass 1 (NER + sentences) on every body, pass 2 (parse) on candidate sentences, then the
actor and agreement rules. The only place that starts worker processes: `stream` runs chunks of articles in
the calling process or in a pool of workers that each load the model once."""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

from reader.enrich import actors, agreements, classify, keeper, nlp
from reader.enrich.records import EMPTY, Enrichment, bounded, shifted
from reader.procs import worker_signals

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from reader.ingest import Article

ARTICLE_SECONDS = 60  # an article takes ~30 ms of rule work; past this, something is wrong with it

Item = tuple[str, str | None, int]  # (text as the model reads it, date, where the body starts in it)


def enrich_many(articles: Iterable[Article], *, n_process: int = 1, batch_size: int = 32) -> Iterator[Enrichment]:
    """Enrichments in the same order as the articles; batches through nlp.pipe, in n_process processes."""
    it = iter(articles)
    chunks = iter(lambda: list(itertools.islice(it, batch_size)), [])
    for results in stream(chunks, n_process=n_process, batch_size=batch_size):
        yield from results


def enrich(article: Article) -> Enrichment:
    return next(iter(enrich_many([article])))


def stream(chunks: Iterable[list[Article]], n_process: int = 1, batch_size: int = 32) -> Iterator[list[Enrichment]]:
    """For each chunk, in order, its articles' enrichments (in the chunk's order).

    With n_process > 1, up to 2 × n_process chunks are in flight in a pool of worker processes; the next
    chunk is taken from `chunks` only when a slot is free (a caller's generator may look at what is in
    flight to choose it). The pool goes when the generator ends or is closed."""
    if n_process <= 1:
        for chunk in chunks:
            yield enrich_texts(_items(chunk), batch_size)
        return
    pool = _Pool(n_process)
    done = False
    try:
        pending: deque[Future[list[Enrichment]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_items(chunk), batch_size))
            if len(pending) >= 2 * n_process:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        done = True
    finally:
        pool.close(wait=done)  # closed early (or failed): queued chunks are cancelled, nobody waits for them


def model_text(article: Article) -> tuple[str, int]:
    """What the model reads of an article: its title, a blank line, then its body (bounded), and where the
    body starts in that text. Records keep offsets into the body: the title's are negative."""
    a = bounded(article)
    title = a.title.strip()
    if not title:
        return a.body, 0
    return title + "\n\n" + a.body, len(title) + 2


def _items(articles: Iterable[Article]) -> list[Item]:
    """What the model reads of each article."""
    out = []
    for a in articles:
        text, shift = model_text(a)
        out.append((text, a.date, shift))
    return out


def enrich_texts(items: list[Item], batch_size: int = 32) -> list[Enrichment]:
    """(text, date, body offset) → enrichments, in order."""
    language = nlp.load()
    with nlp.one_blas_thread():
        docs = list(nlp.pass1((_norm(t) for t, _, _ in items), batch_size=min(batch_size, nlp.PASS1_BATCH)))
        per_doc_sents = [list(doc.sents) for doc in docs]
        by_doc = _parse_candidates(per_doc_sents)
    out = []
    for di, doc in enumerate(docs):
        try:
            with _time_limit(ARTICLE_SECONDS):
                out.append(_assemble(language, doc, by_doc.get(di, []), items[di]))
        except _TooLong:  # our rules must never stall a whole corpus on one article: it goes without
            print(f"reader: actor extraction gave up on an article after {ARTICLE_SECONDS} s", file=sys.stderr)
            out.append(EMPTY)
    return out


def _parse_candidates(per_doc_sents: list[list[Span]]) -> dict[int, list[agreements.Parsed]]:
    """Pass 2 on the candidate sentences, each parsed alone, and those the classifier says report an
    agreement: by document index, (sentence index, offset in the text, parsed sentence)."""
    jobs = []  # (doc index, sentence index, char offset, text, sentence)
    for di, sents in enumerate(per_doc_sents):
        for si, s in enumerate(sents):
            text = s.text
            if classify.is_candidate(text):
                lead = len(text) - len(text.lstrip())
                jobs.append((di, si, s.start_char + lead, text.strip(), s))
    parsed = list(nlp.pass2((j[3] for j in jobs), batch_size=64))
    by_doc: dict[int, list[agreements.Parsed]] = {}
    if not jobs:
        return by_doc
    model = classify.load()
    feats: list[classify.Features] = []
    for _, group in itertools.groupby(zip(jobs, parsed, strict=True), key=lambda jp: jp[0][0]):
        feats += classify.in_context([classify.features(j[4], p, j[1]) for j, p in group])  # one article's candidates
    for job, pdoc, score in zip(jobs, parsed, model.scores(feats), strict=True):
        if score >= model.threshold:
            by_doc.setdefault(job[0], []).append((job[1], job[2], pdoc))
    return by_doc


def _assemble(nlp: Language, doc: Doc, parsed: list[agreements.Parsed], item: Item) -> Enrichment:
    """The rules on one article's passes: its actors, then its agreements."""
    text, date, shift = item
    infos, affiliation = actors.extract(nlp, doc, text)
    title_end = max(0, shift - 2)  # an article without a title: none of it is one
    judged = keeper.verdicts(infos, text, title_end)  # each actor scored once, for the makers and the actors kept
    makers = keeper.makers(infos, text, judged=judged)
    records = agreements.find(parsed, infos, affiliation, text, date, makers)
    parties = {p for r in records for p in r.parties}
    found = Enrichment(actors.records(keeper.kept(infos, text, parties, judged=judged)), records)
    return shifted(found, -shift)


def _norm(text: str) -> str:
    """The small French model parses "l'" far better than "l’"; same length, so offsets hold."""
    return text.replace("’", "'")


class _TooLong(Exception):
    pass


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """SIGALRM after `seconds` in the main thread (a worker process, the CLI); elsewhere no limit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise _TooLong

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ---- worker processes ------------------------------------------------------------------------------


def _worker_init() -> None:
    worker_signals()  # ctrl+c is for the leader; and the worker goes when its parent goes, even by kill -9
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    nlp.load()
    classify.load()


def _worker(items: list[Item], batch_size: int) -> list[Enrichment]:
    return enrich_texts(items, batch_size)


class _Pool:
    """Worker processes that each load the model once and enrich chunks for as long as the pool lives
    (a pool per chunk would pay the model's load, a few seconds, every time)."""

    def __init__(self, n_process: int) -> None:
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        self._pool = ProcessPoolExecutor(n_process, mp_context=mp.get_context(method), initializer=_worker_init)

    def submit(self, items: list[Item], batch_size: int = 32) -> Future[list[Enrichment]]:
        """A future of the texts' enrichments, in order."""
        return self._pool.submit(_worker, items, batch_size)

    def close(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=True)
