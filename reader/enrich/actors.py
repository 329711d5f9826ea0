"""Key actors from the NER pass: clean the model's entities, give them canonical names and kinds,
link surnames to full names, and find which country or organisation each person speaks for.

Noise rules (linguistic, not per article):
- determiners and elisions are stripped ("la Chine" → Chine, "l’OTAN" → OTAN, "Une OTAN" → OTAN);
- role titles are not people ("Première ministre japonaise", "Le chef"); a name after a title is kept
  ("ministre de la Défense Gen Nakatani" → Gen Nakatani);
- a single capitalised word is dropped when it is an ordinary word of the language (a known noun, verb,
  adjective, adverb or stop word in the lemmatizer's tables, a day or a month) and every one of its mentions
  opens a sentence or a quote ("Jeudi", "Evoquant", "Cela", «Réalisme…»);
- all-lowercase spans, lone punctuation, overlong spans and MISC entities that are not known places or
  organisations are dropped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from reader.enrich import lexicon as lx

LABEL_KIND = {"PER": "person", "LOC": "place", "ORG": "organisation"}
OPENERS = {"«", '"', "“", "(", "'", "‘", "—", "-", ":"}


@dataclass
class Mention:
    start: int
    end: int
    key: str  # group key (folded surface) before linking
    text: str
    kind: str | None  # from the model label (None for MISC)
    sent_start: bool  # first word of a sentence or a quote
    forced_person: bool = False


@dataclass
class ActorInfo:
    name: str
    kind: str
    spans: list[tuple[int, int]] = field(default_factory=list)


_common_words: tuple | None = None


def _common_tables(nlp):
    global _common_words
    if _common_words is None:
        lookups = nlp.get_pipe("lemmatizer").lookups
        lookup = lookups.get_table("lemma_lookup")
        index = lookups.get_table("lemma_index")
        words: set[str] = set()
        for key in index.keys():
            words.update(index[key])
        _common_words = (lookup, words)
    return _common_words


def is_common_word(nlp, word: str) -> bool:
    lookup, index = _common_tables(nlp)
    w = word.lower()
    forms = {w}
    if w[:1] == "e":
        forms.add("é" + w[1:])
    if w[:1] == "a":
        forms.add("à" + w[1:])
    for f in forms:
        if f in lx.DAYS_MONTHS or f in index or f in lookup or nlp.vocab[f].is_stop:
            return True
    return False


def _is_cap(tok) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or t[0].isdigit())


def _clean_entity(ent) -> tuple[list, bool] | None:
    """Tokens of the entity after stripping determiners, titles and trailing lowercase words;
    the flag says that a title was removed (so what is left names a person)."""
    toks = [t for t in ent if not t.is_space]
    while toks and (toks[0].lower_ in lx.DETERMINERS or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].lower_ in lx.DETERMINERS):
        toks = toks[:-1]
    if not toks:
        return None
    titled = False
    if toks[0].lower_ in lx.TITLES or toks[0].lower_ in lx.INSTITUTION_WORDS:
        # a role phrase: keep only a trailing name of two or more capitalised words
        run = []
        for t in reversed(toks):
            if _is_cap(t) and t.lower_ not in lx.INSTITUTION_WORDS and t.lower_ not in lx.TITLES \
                    and not lx.demonym(t.text):
                run.append(t)
            else:
                break
        run.reverse()
        if len(run) < 2 or len(run) == len(toks):
            if len(run) != len(toks):
                return None
        else:
            toks, titled = run, True
    # trailing lowercase adjectives ("Indo-Pacifique libre", "Département de la Guerre américain")
    while len(toks) > 1 and not _is_cap(toks[-1]):
        toks = toks[:-1]
        while len(toks) > 1 and toks[-1].lower_ in lx.DETERMINERS:
            toks = toks[:-1]
    if not any(_is_cap(t) for t in toks):
        return None
    if all(t.lower_ in lx.INSTITUTION_WORDS or t.lower_ in lx.DETERMINERS for t in toks):
        return None
    return toks, titled


def _opens(tok) -> bool:
    if tok.is_sent_start:
        return True
    i = tok.i
    doc = tok.doc
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j < 0 or doc[j].text in OPENERS or doc[j].is_sent_start and doc[j].is_punct


def _is_source(tok) -> bool:
    """The press agency is named as the source of what is reported: "à l'AFP", "selon Reuters",
    "par l'AFP", "journaliste de l'AFP", "(AFP)"."""
    doc = tok.doc
    before = [doc[j].lower_.replace("’", "'") for j in range(max(0, tok.i - 2), tok.i)]
    return bool(before) and (before[-1] in lx.SOURCE_WORDS or before[-1].endswith("'")
                             and len(before) > 1 and before[-2] in lx.SOURCE_WORDS)


def extract(nlp, doc, body: str) -> tuple[list[ActorInfo], dict[str, str]]:
    """Actors (unsorted) and person → affiliation (country or organisation name).
    doc is the NER pass over body (or over a same-length normalisation of it)."""
    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ("PER", "LOC", "ORG", "MISC"):
            continue
        cleaned = _clean_entity(ent)
        if cleaned is None:
            continue
        toks, titled = cleaned
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = body[start:end]
        if len(text) < 2 or len(text) > 60 or len(toks) > 7 or "\n" in text:
            continue
        if any(c in text for c in "«»\"“”"):
            continue
        if lx.fold(text) in lx.NOT_ACTORS:
            continue  # diseases and the like: the model calls Covid-19 an organisation
        if lx.fold(text) in lx.PRESS_AGENCIES and _is_source(toks[0]):
            continue  # "a déclaré à l'AFP", "selon Reuters", "(AFP)": the source, not an actor
        people_of = lx.demonym(text.lower()) if text[:1].isupper() and " " not in text and not titled else ()
        if len(people_of) == 1:  # "les Français": the people of a country stand for it
            mentions.append(Mention(start, end, lx.fold(people_of[0]), people_of[0], "place", _opens(toks[0]),
                                    False))
            continue
        kind = LABEL_KIND.get(ent.label_)
        if titled:
            kind = "person"
        if kind is None and lx.known_kind(text) is None:
            continue  # MISC: only known places and organisations
        mentions.append(Mention(start, end, lx.fold(text), text, kind, _opens(toks[0]), titled))

    # single ordinary words that only ever open a sentence or a quote
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[m.key].append(m)
    drop = set()
    for key, ms in by_key.items():
        text = ms[0].text
        if " " in text or lx.known_name(text):
            continue
        if text.lower() in lx.DAYS_MONTHS or nlp.vocab[text.lower()].is_stop:
            drop.add(key)
        elif all(m.sent_start for m in ms) and is_common_word(nlp, text) and not text.isupper():
            drop.add(key)
    mentions = [m for m in mentions if m.key not in drop]
    by_key = defaultdict(list)
    for m in mentions:
        by_key[m.key].append(m)

    # kinds by vote (the table of known places/organisations wins)
    def vote(ms: list[Mention]) -> str:
        known = lx.known_kind(ms[0].text)
        if known:
            return known
        if any(m.forced_person for m in ms):
            return "person"
        c = Counter(m.kind for m in ms if m.kind)
        if not c:
            return "place"
        best = max(c.values())
        for k in ("person", "organisation", "place"):
            if c.get(k) == best:
                return k
        return "place"

    kinds = {key: vote(ms) for key, ms in by_key.items()}
    # acronyms the model calls places are organisations unless known ("NSATU")
    for key, ms in by_key.items():
        t = ms[0].text
        if t.isupper() and len(t) >= 2 and not lx.known_kind(t) and kinds[key] == "place":
            kinds[key] = "organisation"

    # surnames → full names (a one-word name that is a word of exactly one multi-word person name)
    full = {key: ms for key, ms in by_key.items() if kinds[key] == "person" and " " in ms[0].text}
    link: dict[str, str] = {}
    for key, ms in by_key.items():
        if " " in ms[0].text or lx.known_kind(ms[0].text):
            continue
        last = [f for f in full if f.split()[-1] == key]
        first = [f for f in full if key in f.split()[:-1]]
        target = last if len(last) == 1 else (first if not last and len(first) == 1 else [])
        if target:
            link[key] = target[0]

    groups: dict[str, list[Mention]] = defaultdict(list)
    for key, ms in by_key.items():
        groups[link.get(key, key)].extend(ms)

    actors: list[ActorInfo] = []
    taken = set()
    for key, ms in groups.items():
        kind = "person" if key in full else kinds[key]
        name = _display(ms)
        spans = sorted({(m.start, m.end) for m in ms})
        actors.append(ActorInfo(name, kind, spans))
        taken.update(spans)

    # person mentions the model missed: the full name or the surname standing alone
    covered = [False] * (len(body) + 1)
    for s, e in taken:
        for i in range(s, e):
            covered[i] = True
    for a in actors:
        if a.kind != "person" or " " not in a.name:
            continue
        words = {a.name.split()[-1]}
        extra = []
        for tok in doc:
            if tok.text in words and not covered[tok.idx]:
                extra.append((tok.idx, tok.idx + len(tok.text)))
                covered[tok.idx] = True
        if extra:
            a.spans = sorted(set(a.spans) | set(extra))

    affiliation = _affiliations(doc, actors)
    return actors, affiliation


def _display(ms: list[Mention]) -> str:
    known = lx.known_name(ms[0].text)
    if known:
        return known
    forms = Counter(m.text for m in ms)

    def score(form: str):
        acronym = form.isupper() and len(form) <= 8
        accents = sum(1 for c in form if ord(c) > 127)
        words = len(form.split())
        return (words, acronym, accents, forms[form])

    return max(forms, key=score)


def _affiliations(doc, actors: list[ActorInfo]) -> dict[str, str]:
    """Person → country or organisation, from a role phrase next to a mention:
    "le Premier ministre britannique Keir Starmer", "son homologue japonaise Sanae Takaichi",
    "Le chef de l’OTAN, Mark Rutte", "Mark Rutte, chef de l'OTAN"."""
    span_actor: dict[int, ActorInfo] = {}
    for a in actors:
        for s, _ in a.spans:
            span_actor[s] = a
    tok_at = {t.idx: t for t in doc}
    votes: dict[str, Counter] = defaultdict(Counter)
    for a in actors:
        if a.kind != "person":
            continue
        for s, e in a.spans:
            tok = tok_at.get(s)
            if tok is None:
                continue
            nxt = tok_at.get(e)  # "Mark Rutte, chef de l'OTAN"
            found = _look(doc, tok.i - 1, -1, span_actor, a) or (
                _look(doc, nxt.i + 1, 1, span_actor, a) if nxt is not None and nxt.text == "," else None)
            if found:
                votes[a.name][found] += 1
    return {name: c.most_common(1)[0][0] for name, c in votes.items()}


STOP_WORDS_WINDOW = {"et", "avec", ";", "a", "ont", "est", "sont", "qui", "que", "dont", "entre", "contre"}


def _look(doc, i: int, step: int, span_actor, me) -> str | None:
    title = False
    found = None
    n = 0
    while 0 <= i < len(doc) and n < 8:
        tok = doc[i]
        if tok.lower_ in STOP_WORDS_WINDOW or tok.text in {".", "!", "?"} or (tok.is_sent_start and step > 0):
            break
        if tok.lower_ in lx.TITLES:
            title = True
        if found is None:
            d = lx.demonym(tok.text)
            if len(d) == 1 and not _is_cap(tok):
                found = d[0]
            a = span_actor.get(tok.idx)
            if a is not None and a is not me:
                if a.kind == "person":
                    break
                if a.kind == "organisation":
                    found = a.name
                else:
                    found = lx.country_of_place(a.name)
        if tok.is_sent_start:
            break
        i += step
        n += 1
    return found if title else None
