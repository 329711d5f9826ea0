"""Agreements reported by an article: one record per sentence with a trigger (triggers.py) and at least two
parties (parties.py), from the parsed candidate sentences.

A sentence that promises alone ("X a promis de…") is not an agreement. One agreement per sentence; a
sentence that only refers back ("L'accord a été conclu…") next to one with the same parties and kind is
merged into it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.enrich import parties as pt
from reader.enrich.records import Agreement
from reader.enrich.topics import topics
from reader.enrich.triggers import Trigger, triggers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from reader.enrich.actors import ActorInfo

CORE_STEMS = (
    "accord", "conven", "convien", "conclu", "sign", "scell", "engag", "entend", "partenariat", "allian",
    "traité", "pacte", "déclaration", "exempt", "promi", "promet", "coopér", "collabor", "mémorandum",
)  # fmt: skip
_CORE = re.compile(r"\b(?:" + "|".join(map(re.escape, CORE_STEMS)) + ")", re.IGNORECASE)

Parsed = tuple[int, int, "Doc"]  # (sentence index, its offset in the body, the sentence parsed alone)


def is_candidate(sent: Span) -> bool:
    """Cheap pre-filter on a pass-1 sentence: does any word look like agreement vocabulary? (A search
    in its text: walking its tokens cost more than the rest of the filter.)"""
    return _CORE.search(sent.text) is not None


@dataclass
class Found:
    """An agreement sentence, before merging."""

    start: int
    end: int
    text: str
    kind: str
    parties: list[str]
    topics: list[str]
    sent_index: int
    anaphoric: bool


def find(
    sents: Sequence[Span],
    parsed: list[Parsed],
    actors: list[ActorInfo],
    affiliation: dict[str, str],
    body: str,
    date: str | None,
) -> tuple[Agreement, ...]:
    """The agreements of one article, in text order. `sents` are its pass-1 sentences, `parsed` the
    candidate ones parsed in pass 2."""
    actor_at = pt.positions(actors)
    # parties mentioned in each sentence, for "les deux pays" / "ils": read only near an agreement
    mentioned = pt.MentionedParties(sents, actor_at, affiliation)
    found: list[Found] = []
    for si, offset, pdoc in parsed:
        trig = triggers(pdoc)
        if not trig:
            continue
        last = (found[-1].sent_index, found[-1].parties) if found else None
        parties = _parties(pdoc, trig, pt.SentenceActors(offset, actor_at, affiliation), mentioned, si, last)
        if parties is None:
            continue
        end = offset + len(pdoc.text)
        anaphoric = all(t.anaphoric for t in trig)
        found.append(Found(offset, end, body[offset:end], trig[0].kind, parties, topics(pdoc), si, anaphoric))
    return tuple(
        Agreement(tuple(f.parties), f.kind, f.text, tuple(f.topics), f.start, f.end, date) for f in _merge(found)
    )


def _parties(
    pdoc: Doc,
    trig: list[Trigger],
    sp: pt.SentenceActors,
    mentioned: pt.MentionedParties,
    si: int,
    last: tuple[int, list[str]] | None,
) -> list[str] | None:
    """The parties of a sentence's agreement, or None when the sentence reports none."""
    parties: list[str] = []
    collective = False
    for t in trig:
        ps, col = pt.parties_for(t.token, t.anchor, sp)
        parties.extend(ps)
        collective = collective or col
    parties = list(dict.fromkeys(parties))
    tok, _, kind, anaphoric = trig[0]
    if len(parties) < 2:
        # the small model sometimes breaks a long coordinated subject ("Le Premier ministre britannique
        # Keir Starmer et la Première ministre japonaise Sanae Takaichi ont conclu…"): read it as words
        left = pt.subject_side_parties(pdoc, tok, sp)
        if len(left) >= 2 and set(parties) <= set(left):
            parties = left
        else:  # or its "avec …" complement ("a conclu un accord avec son homologue japonaise …")
            partners = [p for p in pt.partner_side_parties(pdoc, tok, sp) if p not in parties]
            if parties and partners:
                parties = parties + partners[:1]
    if kind == "commitment" and len(parties) < 2 and not collective:
        return None  # one side promising ("X a promis de…", "Y s'est engagé à…") is not an agreement
    if len(parties) < 2 and (collective or anaphoric or parties):
        # "ils se sont engagés", "l'accord a été conclu": the parties of the sentences before. A sentence
        # whose subject names no party at all ("le président mexicain s'est engagé à…") borrows none.
        context = mentioned.context(si, last)
        if context and (collective or anaphoric or set(parties) <= set(context)):
            parties = list(dict.fromkeys(context + parties))
    if not parties or (kind == "commitment" and len(parties) < 2):
        return None
    return parties


def _merge(found: list[Found]) -> list[Found]:
    """One record for a sentence that only refers back to the agreement of the sentence before (or the one
    before that) with the same parties."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and _same_agreement(prev, f):
            main, other = (prev, f) if not prev.anaphoric or f.anaphoric else (f, prev)
            main.topics = list(dict.fromkeys(main.topics + other.topics))
            main.sent_index = max(prev.sent_index, f.sent_index)
            main.anaphoric = prev.anaphoric and f.anaphoric
            out[-1] = main
            continue
        out.append(f)
    return out


def _same_agreement(prev: Found, f: Found) -> bool:
    gap = f.sent_index - prev.sent_index
    return (
        (gap <= 1 or (gap <= 2 and f.anaphoric))
        and set(f.parties) == set(prev.parties)
        and (f.anaphoric or prev.anaphoric)
        and (f.kind == prev.kind or f.anaphoric or prev.anaphoric)
    )
