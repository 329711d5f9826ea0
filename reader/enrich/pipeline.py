"""Enrich articles: pass 1 (NER + sentences) on every body, pass 2 (parse) on candidate sentences,
then actors and agreements. Runs in the calling process or in a pool of worker processes."""

from __future__ import annotations

import itertools
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from reader.enrich import EMPTY, Actor, Agreement, Enrichment, bounded, model
from reader.enrich import actors as actors_mod
from reader.enrich import agreements as ag


def enrich_texts(items: list[tuple[str, str | None]], batch_size: int = 32) -> list[Enrichment]:
    """(body, date) pairs → enrichments, in order."""
    nlp = model.nlp()
    docs = list(model.pass1((_norm(b) for b, _ in items), batch_size=batch_size))
    jobs = []  # (doc index, sentence index, char offset, text)
    per_doc_sents = []
    for di, doc in enumerate(docs):
        sents = list(doc.sents)
        per_doc_sents.append(sents)
        for si, s in enumerate(sents):
            if ag.is_candidate(s):
                text = s.text
                lead = len(text) - len(text.lstrip())
                jobs.append((di, si, s.start_char + lead, text.strip()))
    # the small French model parses "l'" far better than "l’"; same length, so offsets hold
    parsed = list(model.pass2((j[3] for j in jobs), batch_size=64))
    by_doc: dict[int, list] = {}
    for job, pdoc in zip(jobs, parsed, strict=True):
        by_doc.setdefault(job[0], []).append((job[1], job[2], pdoc))
    out = []
    for di, doc in enumerate(docs):
        try:
            with _time_limit(ARTICLE_SECONDS):
                out.append(_assemble(nlp, doc, per_doc_sents[di], by_doc.get(di, []), items[di]))
        except _TooLong:  # our rules must never stall a whole corpus on one article: it goes without
            print(f"reader: actor extraction gave up on an article after {ARTICLE_SECONDS} s", file=sys.stderr)
            out.append(EMPTY)
    return out


ARTICLE_SECONDS = 60  # an article takes ~30 ms of rule work; past this, something is wrong with it


class _TooLong(Exception):
    pass


@contextmanager
def _time_limit(seconds: int):
    """SIGALRM after `seconds` in the main thread (a worker process, the CLI); elsewhere no limit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum, frame):
        raise _TooLong

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _norm(text: str) -> str:
    return text.replace("’", "'")


def _assemble(nlp, doc, sents, parsed, item) -> Enrichment:
    body, date = item
    infos, affiliation = actors_mod.extract(nlp, doc, body)
    actors = tuple(sorted((Actor(a.name, a.kind, len(a.spans), tuple(a.spans)) for a in infos),
                          key=lambda a: (-a.mentions, a.name)))
    actor_at: dict[int, tuple[str, str]] = {}
    for a in infos:
        for s, e in a.spans:
            for i in range(s, e):
                actor_at[i] = (a.name, a.kind)
    # parties mentioned in each sentence, for "les deux pays" / "ils": read only near an agreement
    sent_parties = _SentenceParties(sents, actor_at, affiliation)

    found: list[ag.Found] = []
    for si, offset, pdoc in parsed:
        trig = ag._triggers(pdoc)
        if not trig:
            continue
        sp = ag.SentenceParties(offset, actor_at, affiliation)
        parties: list[str] = []
        collective = False
        for tok, anchor, _kind, _anaphoric in trig:
            ps, col = ag.parties_for(tok, anchor, sp)
            parties.extend(ps)
            collective = collective or col
        parties = list(dict.fromkeys(parties))
        tok, anchor, kind, anaphoric = trig[0]
        if len(parties) < 2:
            # the small model sometimes breaks a long coordinated subject ("Le Premier ministre britannique
            # Keir Starmer et la Première ministre japonaise Sanae Takaichi ont conclu…"): read it as words
            left = _subject_side_parties(pdoc, tok, sp)
            if len(left) >= 2 and set(parties) <= set(left):
                parties = left
            else:  # or its "avec …" complement ("a conclu un accord avec son homologue japonaise …")
                partners = [p for p in _partner_side_parties(pdoc, tok, sp) if p not in parties]
                if parties and partners:
                    parties = parties + partners[:1]
        if kind == "commitment" and len(parties) < 2 and not collective:
            continue  # one side promising ("X a promis de…", "Y s'est engagé à…") is not an agreement
        if len(parties) < 2 and (collective or anaphoric or parties):
            # "ils se sont engagés", "l'accord a été conclu": the parties of the sentences before. A sentence
            # whose subject names no party at all ("le président mexicain s'est engagé à…") borrows none.
            context = _context(found, sent_parties, si)
            if context and (collective or anaphoric or set(parties) <= set(context)):
                parties = list(dict.fromkeys(context + parties))
        if not parties or (kind == "commitment" and len(parties) < 2):
            continue
        start = offset
        end = offset + len(pdoc.text)
        found.append(ag.Found(start, end, body[start:end], kind, parties, ag.topics(pdoc), si,
                              all(a for *_, a in trig)))
    merged = _merge(found)
    agreements = tuple(Agreement(tuple(f.parties), f.kind, f.text, tuple(f.topics), f.start, f.end, date)
                       for f in merged)
    return Enrichment(actors, agreements)


def _subject_side_parties(pdoc, trigger, sp) -> list[str]:
    """Parties named before the trigger when they are coordinated ("A et B ont conclu"), else []."""
    before = [t for t in pdoc if t.i < trigger.i]
    if not any(t.lower_ in ("et", "ainsi") for t in before) or any(t.text in (",", ";", ":") for t in before):
        return []
    return _mentioned(before, sp)


def _mentioned(tokens, sp) -> list[str]:
    """The parties these tokens name: each actor mention once, and demonyms ("britannique")."""
    out: list[str] = []
    for t in tokens:
        start = sp.offset + t.idx
        hit = sp.actor_at.get(start)
        if (hit is not None and sp.actor_at.get(start - 1) != hit) or t.text[:1].islower():
            out.extend(sp.of_token(t))
    return list(dict.fromkeys(out))


def _partner_side_parties(pdoc, trigger, sp) -> list[str]:
    """Parties named in the first "avec …" after the trigger, read up to the next punctuation."""
    after = [t for t in pdoc if t.i > trigger.i]
    start = next((k for k, t in enumerate(after) if t.lower_ == "avec"), None)
    if start is None:
        return []
    out: list[str] = []
    for t in after[start + 1:]:
        if t.text in (",", ";", ".", ":", "!", "?") or t.lower_ in ("et", "pour", "afin", "qui", "dont"):
            break
        out.extend(sp.of_token(t))
    return list(dict.fromkeys(out))


class _SentenceParties:
    """The parties each sentence mentions, worked out when asked for (only sentences just before an
    agreement are: walking every token of every sentence was a tenth of the extraction time)."""

    def __init__(self, sents, actor_at: dict[int, tuple[str, str]], affiliation) -> None:
        self.sents, self.actor_at, self.affiliation = sents, actor_at, affiliation
        self.known: dict[int, list[str]] = {}

    def __getitem__(self, j: int) -> list[str]:
        if j not in self.known:
            self.known[j] = self._of(self.sents[j])
        return self.known[j]

    def _of(self, s) -> list[str]:
        return _mentioned(s, ag.SentenceParties(0, self.actor_at, self.affiliation))


def _context(found: list[ag.Found], sent_parties: _SentenceParties, si: int) -> list[str]:
    if found and si - found[-1].sent_index <= 3 and len(found[-1].parties) >= 2:
        return list(found[-1].parties)
    for j in range(si - 1, max(-1, si - 4), -1):
        if len(sent_parties[j]) >= 2:
            return sent_parties[j]
    return []


def _merge(found: list[ag.Found]) -> list[ag.Found]:
    out: list[ag.Found] = []
    for f in found:
        prev = out[-1] if out else None
        gap = f.sent_index - prev.sent_index if prev is not None else 99
        if (prev is not None and (gap <= 1 or (gap <= 2 and f.anaphoric)) and set(f.parties) == set(prev.parties)
                and (f.anaphoric or prev.anaphoric) and (f.kind == prev.kind or f.anaphoric or prev.anaphoric)):
            main, other = (prev, f) if not prev.anaphoric or f.anaphoric else (f, prev)
            main.topics = list(dict.fromkeys(main.topics + other.topics))
            main.sent_index = max(prev.sent_index, f.sent_index)
            main.anaphoric = prev.anaphoric and f.anaphoric
            out[-1] = main
            continue
        out.append(f)
    return out


# ---- processes -------------------------------------------------------------------------------------

def _worker_init() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    model.nlp()


def _worker(items, batch_size):
    return enrich_texts(items, batch_size)


def run(articles: Iterable, n_process: int = 1, batch_size: int = 32) -> Iterator[Enrichment]:
    it = iter(articles)
    chunks = iter(lambda: list(itertools.islice(it, batch_size)), [])
    if n_process <= 1:
        for chunk in chunks:
            yield from enrich_texts([(bounded(a).body, a.date) for a in chunk], batch_size)
        return
    pool = Pool(n_process)
    try:
        pending = []
        for chunk in chunks:
            pending.append(pool.submit(chunk, batch_size))
            if len(pending) >= 2 * n_process:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()
    finally:
        pool.close()


class Pool:
    """Worker processes that each load the model once and enrich batches for as long as the pool lives
    (a pool per batch would pay the model's load, a few seconds, every time)."""

    def __init__(self, n_process: int):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        self._pool = ProcessPoolExecutor(n_process, mp_context=mp.get_context(method), initializer=_worker_init)

    def submit(self, articles: list, batch_size: int = 32):
        """A future of the articles' enrichments, in order (each read as the model reads it: bounded)."""
        return self._pool.submit(_worker, [(bounded(a).body, a.date) for a in articles], batch_size)

    def close(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=True)
