"""What extraction produces: actors and agreements of one article, and their JSON forms. Plain data, no spaCy
(the index, search and the app read these without the model)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.ingest import Article

MAX_CHARS = 200_000  # the part of an article the model reads
ACTOR_KINDS = ("person", "place", "organisation")  # what an actor is; facets, the CLI and the app list them so
MODEL_VERSION = "fr_core_news_sm-3.8/enrich-8"  # bump when extraction changes: indexes re-extract


@dataclass(frozen=True)
class Actor:
    name: str  # canonical name
    kind: str  # "person" | "place" | "organisation"
    mentions: int
    spans: tuple[tuple[int, int], ...]  # (start, end) of every mention in article.body


@dataclass(frozen=True)
class Agreement:
    parties: tuple[str, ...]
    kind: str
    text: str
    topics: tuple[str, ...]
    start: int
    end: int
    date: str | None


@dataclass(frozen=True)
class Enrichment:
    actors: tuple[Actor, ...]  # by mentions desc, then name
    agreements: tuple[Agreement, ...]  # in text order

    def to_json(self) -> dict[str, Any]:
        return {
            "v": MODEL_VERSION,
            "actors": [[a.name, a.kind, a.mentions, [list(s) for s in a.spans]] for a in self.actors],
            "agreements": [
                [list(g.parties), g.kind, g.text, list(g.topics), g.start, g.end, g.date] for g in self.agreements
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Enrichment:
        actors = tuple(
            Actor(n, k, int(m), tuple((int(s), int(e)) for s, e in spans)) for n, k, m, spans in data.get("actors", [])
        )
        agreements = tuple(
            Agreement(tuple(p), k, t, tuple(tp), int(s), int(e), d)
            for p, k, t, tp, s, e, d in data.get("agreements", [])
        )
        return cls(actors, agreements)

    def export(self) -> dict[str, Any]:
        return {
            "actors": [{"name": a.name, "kind": a.kind, "mentions": a.mentions} for a in self.actors],
            "agreements": [
                {"parties": list(g.parties), "kind": g.kind, "text": g.text, "topics": list(g.topics)}
                for g in self.agreements
            ],
        }


EMPTY = Enrichment((), ())


def bounded(article: Article) -> Article:
    """The article as the model reads it. spaCy refuses texts past nlp.max_length (1,000,000 chars) and
    memory grows with length: a huge article is read up to MAX_CHARS; the spans stay valid in the body."""
    return article if len(article.body) <= MAX_CHARS else replace(article, body=article.body[:MAX_CHARS])
