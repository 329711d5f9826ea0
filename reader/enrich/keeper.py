"""Which organisations and places an article really names: a learned keeper.

The model tags as organisations many names that are none by `../shared/ANNOTATION.md`: products ("la Bugatti
Chiron", "la Giulia GTA", "P Zero"), media cited as the source ("selon Bloomberg"), a trim or a colour ("Heritage
Design", "Magma Red"), a heading's word; and as places some that are none. Rules for each were tried and each
broke as much as it fixed (eval/README.md). Here every organisation and place the rules keep is described by its
name (its words, its shape, the tables it is in) and by the words around its mentions, and a logistic regression
of its kind, fitted on the dev part's labels (`python eval/train_actors.py --write`, `model/actors.json`),
scores it; one scored below its kind's threshold is no actor. It runs after the agreements are found: a party is
always kept. Plain Python: no spaCy call, no numpy."""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from reader.enrich import lexicon as lx

if TYPE_CHECKING:
    from reader.enrich.actors import ActorInfo

MODEL = Path(__file__).with_name("model") / "actors.json"

_WORD = re.compile(r"[\w'’&.-]+")
_BEFORE = re.compile(r"([\w'’-]+)\W{0,3}([\w'’-]+)?\W*$")


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


@functools.lru_cache(maxsize=4)
def _small_words(body: str) -> frozenset[str]:
    """The words of a text written in small letters (one set per article, however many actors it has)."""
    return frozenset(w for w in re.findall(r"[\w-]+", body) if w == w.lower())


def _written_small(lower: str, body: str) -> bool:
    """The text writes the name in small letters ("le cinéma" beside "Cinéma"): its words first, a search of the
    whole text only where they all are (an article of 200,000 characters has hundreds of actors)."""
    if not all(w in _small_words(body) for w in re.findall(r"[\w-]+", lower)):
        return False
    return re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", body) is not None


def features(a: ActorInfo, body: str, title_end: int | None = None) -> set[str]:
    """What an actor's name is and what surrounds its mentions (an organisation's, a place's); `body` is what
    the model read, its title (if any) ending at `title_end` (by default at its first blank line)."""
    words = [lx.fold(w) for w in _WORD.findall(a.name)]
    # the words of a name of two words or more ("Chiron", "GTA", "Design" after a maker's name); a name of one
    # word is judged by its shape, the tables and its context only: its word alone would be learnt by heart
    # from a few hundred articles ("Apple" once a product there, an organisation elsewhere)
    f = {f"w={w}" for w in words} if len(words) > 1 else set()
    if words:
        f.add(f"n={min(len(words), 4)}")
    name = a.name
    if any(c.isdigit() for c in name):
        f.add("digit")
    if name.isupper():
        f.add("upper")
    if len(name) <= 4:
        f.add("short")
    if any(w[:1].islower() for w in name.split()):
        f.add("small_word")
    folded = lx.fold(name)
    known = lx.known_kind(name)
    if known:
        f.add(f"known={known}")
    if lx.country_of_place(name):
        f.add("country_or_capital")
    if folded in lx.BRANDS:
        f.add("brand")
    elif len(words) > 1 and words[0] in lx.BRANDS:
        f.add("brand_first")
    if any(w in lx.COMPANY_WORDS for w in words):
        f.add("company_word")
    f.add(f"mentions={_bucket(len(a.spans), (1, 2, 4, 8))}")
    if name.lower() != name and _written_small(name.lower(), body):
        f.add("written_small")  # "la Fondation … pour le Cinéma" beside "le cinéma"
    if title_end is None:
        title_end = body.find("\n\n")
    for s, e in a.spans:
        if 0 <= s < title_end:
            f.add("in_title")
        before = body[max(0, s - 40) : s]
        m = _BEFORE.search(before)
        if m is None or before.rstrip()[-1:] in ".!?\n" or not before.strip():
            f.add("prev=^")
        else:
            w2 = lx.fold(m.group(1))
            w1 = lx.fold(m.group(2)) if m.group(2) else w2
            if m.group(2):
                f |= {f"prev={w1}", f"prev2={w2} {w1}"}
            else:
                f.add(f"prev={w1}")
        if before.rstrip()[-1:] in ('"', "«", "“"):
            f.add("quoted")
        after = body[e : e + 30]
        n = _WORD.match(after.lstrip())
        if n is not None:
            nxt = lx.fold(n.group())
            f.add("next_digit" if nxt[:1].isdigit() else f"next={nxt}")
        if after[:1] in (",", ")", "."):
            f.add(f"then={after[:1]}")
    return f


class Keeper:
    """The fitted weights of one kind of actor: a name's score is the sigmoid of its features' weights summed."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float) -> None:
        self.weights, self.bias, self.threshold = weights, bias, threshold

    def score(self, feats: set[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def keeps(self, a: ActorInfo, body: str, title_end: int | None = None) -> bool:
        return self.score(features(a, body, title_end)) >= self.threshold


_loaded: list[dict[str, Keeper]] = []


def load(path: Path = MODEL) -> dict[str, Keeper]:
    """The shipped keepers by kind of actor (none where the package has none: every actor is kept)."""
    if not _loaded:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"kinds": {}}
        _loaded.append(
            {
                kind: Keeper(
                    {str(k): float(v) for k, v in m["weights"].items()}, float(m["bias"]), float(m["threshold"])
                )
                for kind, m in data["kinds"].items()
            }
        )
    return _loaded[0]


def table_medium(a: ActorInfo) -> bool:
    """A medium or a press agency of the tables, which the rules judge (a source, or acting: "L'AFP a annoncé la
    fermeture de son bureau")."""
    return lx.fold(a.name) in lx.MEDIA or lx.fold(a.name) in lx.PRESS_AGENCIES


_MAKER_WORDS = {"cars", "company", "automobiles", "club"}  # "Volvo Cars", "Porsche Club": the maker's own company


def _maker(name: str, body: str, brands: dict[str, str]) -> str | None:
    """The maker a product is named by: "Bugatti" of "la Bugatti Chiron Tourbillon", "Porsche" of "Porsche Esports
    Supercup" (a brand of the table or an organisation of the article, `brands`, folded → name, then words that are
    no company's: not "BMW Group", "Volvo Cars", "BMW Canada"); "Alfa Romeo" of "la Giulia GTA" where the article
    writes "les Alfa Romeo Giulia GTA et GTAm" somewhere."""
    words = name.split()

    def head(n: int) -> str:
        return lx.fold(" ".join(words[:n]))

    n = next((n for n in (3, 2, 1) if len(words) > n and (head(n) in lx.BRANDS or head(n) in brands)), 0)
    rest = words[n:]
    if any(lx.fold(w) in lx.COMPANY_WORDS or lx.fold(w) in _MAKER_WORDS for w in rest) or lx.known_kind(" ".join(rest)):
        return None
    if not n:
        return _named_after(name, body, brands)
    return brands.get(head(n), " ".join(words[:n]))


def _named_after(name: str, body: str, brands: dict[str, str]) -> str | None:
    """The organisation of `brands` (folded → name) written right before `name` somewhere in the body."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", body):
        before = body[max(0, m.start() - 40) : m.start()].split()
        for n in (3, 2, 1):
            if len(before) >= n and (b := brands.get(lx.fold(" ".join(before[-n:])))):
                return b
    return None


def verdicts(actors: list[ActorInfo], body: str, title_end: int | None = None) -> dict[tuple[str, str], bool]:
    """Whether the keeper of its kind keeps each actor, by (kind, name); an actor of a kind no keeper judges is
    absent. Each actor is scored once: the article's makers and its kept actors read the same verdicts."""
    keepers = load()
    return {(a.kind, a.name): keepers[a.kind].keeps(a, body, title_end) for a in actors if a.kind in keepers}


def makers(
    actors: list[ActorInfo],
    body: str,
    title_end: int | None = None,
    judged: dict[tuple[str, str], bool] | None = None,
) -> dict[str, str]:
    """Each product of the article named by its maker (`_maker`), where the keeper says the product is no
    organisation → the maker: a party the chooser or the rules take among the actors is the maker that made the
    agreement. The article's own makers are the organisations the keeper keeps (`judged`: `verdicts`)."""
    if "organisation" not in load():
        return {}
    if judged is None:
        judged = verdicts(actors, body, title_end)
    organisations = {a.name for a in actors if a.kind == "organisation" and judged[(a.kind, a.name)]}
    brands = {lx.fold(name): name for name in organisations}
    return {
        a.name: m
        for a in actors
        if a.kind == "organisation" and a.name not in organisations and (m := _maker(a.name, body, brands))
    }


def kept(
    actors: list[ActorInfo],
    body: str,
    parties: Collection[str] = (),
    title_end: int | None = None,
    judged: dict[tuple[str, str], bool] | None = None,
) -> list[ActorInfo]:
    """The actors but those the keeper of their kind scores as none (`judged`: `verdicts`); not one that is a party
    of the article's agreements, or a place whose country is (the parties are chosen among all the actors: "TF1
    fournira …" acts, though a medium is mostly a source)."""
    if judged is None:
        judged = verdicts(actors, body, title_end)
    return [
        a
        for a in actors
        if judged.get((a.kind, a.name), True)
        or a.name in parties
        or table_medium(a)
        or (a.kind == "place" and lx.country_of_place(a.name) in parties)
    ]
