"""An article and its actors and agreements as the index stores them, and back."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from reader.enrich import Enrichment
from reader.enrich.records import ACTOR_KINDS
from reader.ingest import Article
from reader.ingest.sources import search_names

Stored = dict[str, Any]  # a document's stored fields, as Whoosh gives them back

# actor kind → the field that holds its exact names, for facet counts
FACET_FIELDS = {kind: f"facet_{kind}" for kind in ACTOR_KINDS}


def stored_path(rel: str) -> str:
    """The path as the index keeps it. A file name that is not valid UTF-8 comes from the OS with its bad
    bytes as lone surrogates, which Whoosh cannot encode: they are kept as `\\xff` escapes instead."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def document(
    article: Article,
    mtime_ns: int | None,
    size: int | None,
    enrichment: Enrichment | None = None,
    version: str = "",
    story: str | None = None,
) -> dict[str, Any]:
    """The fields to index for an article; `version` is the extraction version its enrichment comes from;
    `story` the id of its story (reader.stories; alone, its own id)."""
    doc: dict[str, Any] = dict(
        id=article.id,
        path=stored_path(article.path),
        title=article.title,
        title_prefix=article.title,
        body=article.body,
        exact=f"{article.title}\n{article.body}",
        language=article.language,
        mtime_ns=mtime_ns,
        size=size,
        enriched=version,
        story=story or article.id,
    )
    if article.date:
        doc["date"] = datetime.fromisoformat(article.date)
    if article.source or article.url:
        doc["source"] = _exact(search_names(article.source, article.url))
        doc["_stored_source"] = article.source  # (what is shown: the outlet as written)
    if article.url:
        doc["url"] = article.url
    if enrichment is not None:
        doc.update(enrichment_fields(enrichment))
    return doc


def _names(values: Iterable[str]) -> str:
    """Each name whole and word by word: `person:Rutte` finds Mark Rutte."""
    out: list[str] = []
    for value in values:
        out.append(value)
        words = value.replace("-", " ").split()
        if len(words) > 1:
            out.extend(w for w in words if len(w) > 2)
    return _exact(out)


def _exact(names: Iterable[str]) -> str:
    return ",".join(n.replace(",", " ") for n in dict.fromkeys(names))


def enrichment_fields(enrichment: Enrichment) -> dict[str, Any]:
    by_kind: dict[str, list[str]] = {kind: [] for kind in FACET_FIELDS}
    for actor in enrichment.actors:
        by_kind.setdefault(actor.kind, []).append(actor.name)
    parties = [p for a in enrichment.agreements for p in a.parties]
    topics = [t for a in enrichment.agreements for t in a.topics]
    return dict(
        actor=_names(a.name for a in enrichment.actors),
        person=_names(by_kind["person"]),
        place=_names(by_kind["place"]),
        org=_names(by_kind["organisation"]),
        agreement=_names(parties),
        topic=_names(topics),
        kind=",".join(dict.fromkeys(a.kind for a in enrichment.agreements)),
        **{field: _exact(by_kind[kind]) for kind, field in FACET_FIELDS.items()},
        facet_party=_exact(parties),
        top_actors=[a.name for a in enrichment.actors[:4]],
        enrichment=json.dumps(enrichment.to_json(), ensure_ascii=False, separators=(",", ":")),
    )


def article_of(stored: Stored) -> Article:
    when = stored.get("date")
    return Article(
        stored["id"],
        stored["path"],
        stored["title"],
        when.date().isoformat() if when else None,
        stored["language"],
        stored["body"],
        stored.get("source") or "",
        stored.get("url") or "",
    )


def enrichment_of(stored: Stored) -> Enrichment | None:
    """The stored actors and agreements, or None while not extracted yet."""
    raw = stored.get("enrichment")
    return Enrichment.from_json(json.loads(raw)) if raw else None
