"""Remove web debris around the article: share buttons, comment forms, sponsored blocks, link lists,
photo credits and captions, captcha sums, repeated lines. HTML pages go through jusText first.

The rules work line by line on text whose lines are paragraphs (what the seeds and most saved pages
look like). They drop only lines that match a debris shape, so every sentence of the article stays.
"""

from __future__ import annotations

import re
from itertools import islice

from reader.ingest import sources
from reader.text import language
from reader.text.normalize import letters

_I = re.IGNORECASE

# A line that starts the debris at the foot of a page: it and everything after it go.
_TAIL = re.compile(
    r"^(laisser un commentaire|click to comment|leave a (comment|reply)|d[ée]couvrez nos contenus sponsoris[ée]s"
    r"|contenus? sponsoris[ée]s?|articles? les plus lus|les \+ lus|les plus lus|most read|vous aimerez aussi"
    r"|[àa] d[ée]couvrir [ée]galement|nos partenaires|commentaires?( \(\d+\))?)\s*:?$",
    _I,
)
# A line that introduces a list of links: it and the short lines after it go.
_LINKS = re.compile(
    r"^([àa] lire (aussi|[ée]galement)|lire aussi|voir aussi|sur le m[êe]me sujet|read more"
    r"|related|en savoir plus)\s*:?$",
    _I,
)
# One line of debris.
_LINE = re.compile(
    r"^(nous rejoindre sur les r[ée]seaux|suivez-nous.*|partager( cet article| sur .*)?|share|tweet|imprimer"
    r"|print|facebook|twitter|linkedin|whatsapp|e-?mail|envoyer|r[ée]agir|s'abonner|abonnez-vous.*"
    r"|votre adresse e-?mail ne sera pas publi[ée]e.*|les champs obligatoires sont indiqu[ée]s.*"
    r"|(publi[ée]|mis à jour|derni[èe]re mise à jour|modifi[ée]|updated|published)\b.{0,60}"
    r"|(photo|photos|cr[ée]dits?|credit|image|illustration|vid[ée]o)\s*:.{0,80}|©.{0,80}"
    r"|.{0,60}\.(png|jpe?g|gif|webp|svg)|\d+\s*/\s*\d+|[|•·*\-–—_=]+"
    r"|(afp|reuters|ap|ats|belga)( agence france-presse)?|avec vid[ée]o"
    r"|\d+\s*[-−+×x*]\s*\d+\s*=\s*\??|\S{1,3})$",
    _I,
)
# A caption that ends with a photo credit in brackets: "… à Tokyo ( POOL / Kin Cheung )".
_CREDIT = re.compile(r"\(\s*[^()]{0,60}(/|\bafp\b|\breuters\b|\bpool\b)[^()]{0,60}\)\s*$", _I)
_CREDIT_LINE = re.compile(r"^(photo|photos|cr[ée]dits?|credit|image)\s*:|^©", _I)
_END = re.compile(r"[.!?…»\"”:;)]$")
_WORDS = re.compile(r"\w+")


def _credited(line: str) -> bool:
    """A photo caption: a short paragraph that ends with its credit."""
    return line.rstrip().endswith(")") and bool(_CREDIT.search(line)) and _words(line) < 45


def _words(line: str) -> int:
    """The line's words, counted up to 100 (every threshold of this module is under it)."""
    return sum(1 for _ in islice(_WORDS.finditer(line), 100))


def is_prose(line: str) -> bool:
    """A paragraph of the article: a sentence that ends like one, or a long run of words."""
    n = _words(line)
    return (n >= 5 and bool(_END.search(line))) or n >= 30


def _headline_like(line: str, lang: str) -> bool:
    n = _words(line)
    return 4 <= n <= 30 and not line.endswith(".") and language.guess(line, lang) == lang


def clean_lines(lines: list[str], title: str | None, lang: str) -> tuple[str | None, list[str]]:
    """Return (title found in the header zone if none was given, the article's paragraphs)."""
    lines = [ln.strip() for ln in lines if ln.strip()]
    kept: list[str] = []
    # The foot: cut at the first tail marker that comes after the article has started.
    for i, line in enumerate(lines):
        if _TAIL.match(line):
            lines = lines[:i]
            break
    # The header zone: the lines before the first paragraph of prose. A title is taken from it;
    # the rest (kicker, section name, byline, foreign-language caption) goes.
    start = next((i for i, ln in enumerate(lines) if is_prose(ln) and not _credited(ln)), len(lines))
    header = [ln for ln in lines[:start] if not _LINE.match(ln) and not _credited(ln)]
    from_text = False
    if not title:
        candidates = [ln for ln in header if _headline_like(ln, lang)]
        if candidates:
            title = max(candidates, key=len)
        elif start < len(lines):
            title, from_text = _first_sentence(lines[start]), True
    title_key = letters(title) if title and not from_text else None
    skipping_links = False
    keys: list[str] = []
    body = lines[start:]
    for i, line in enumerate(body):
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if _LINKS.match(line):
            skipping_links = True
            continue
        if skipping_links:
            if is_prose(line) and _words(line) >= 12:
                skipping_links = False
            else:
                continue
        if _LINE.match(line) or _credited(line):
            continue
        key = letters(line)
        if key == title_key:
            continue
        if _CREDIT_LINE.match(nxt) and _words(line) < 40:
            continue  # a caption: the line right before a photo credit
        kept.append(line)
        keys.append(key)
    return title, _drop_repeated(kept, keys)


def _drop_repeated(lines: list[str], keys: list[str]) -> list[str]:
    """Captions printed twice in a row go, both copies; any other repeat keeps its first copy. `keys`: the
    lines' `letters`."""
    out, seen = [], set()
    for i, line in enumerate(lines):
        if (i + 1 < len(lines) and keys[i + 1] == keys[i]) or (i > 0 and keys[i - 1] == keys[i]):
            if not is_long_paragraph(line):
                continue
        if keys[i] in seen:
            continue
        seen.add(keys[i])
        out.append(line)
    return out


def is_long_paragraph(line: str) -> bool:
    return _words(line) >= 60


def _first_sentence(line: str) -> str:
    match = re.match(r"(.{20,160}?[.!?])(\s|$)", line)
    if match:
        return match.group(1).rstrip(".")
    if len(line) <= 120:
        return line.rstrip(".")
    # cut between words, and say so: a title cut inside a name made a person of its first letters ("Jea")
    return line[:121].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def strip_site_name(title: str) -> str:
    """ "Tokyo et Séoul signent un accord | Le Journal" → the headline: a short last part after a separator
    is the site's name (a real headline keeps its parts: "Japon - Corée : l'accord")."""
    for sep in (" | ", " – ", " — ", " - ", " :: ", " · "):
        head, found, tail = title.rpartition(sep)
        if found and len(tail.split()) <= 4 and len(head.split()) >= 3:
            return head.strip()
    return title


def html_to_lines(html: str, lang_hint: str = "fr") -> tuple[str | None, list[str], sources.Origin]:
    """Main text of an HTML page with jusText, its title, and where it comes from (its outlet and URL)."""
    import justext
    import lxml.html

    title = None
    origin = sources.NONE
    try:
        tree = lxml.html.fromstring(html)
    except Exception:  # lxml raises several types on junk; the page then has no title
        tree = None
    if tree is not None:
        for xpath in ('//meta[@property="og:title"]/@content', "//title/text()", "//h1//text()"):
            found = [t.strip() for t in tree.xpath(xpath) if t and t.strip()]
            if found:
                title = found[0] if xpath.endswith("h1//text()") else strip_site_name(found[0])
                break
        origin = sources.from_html(tree)
    stoplists = {"fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian"}
    text_guess = language.guess(tree.text_content() if tree is not None else html, lang_hint)
    try:
        paragraphs = justext.justext(
            html.encode("utf-8"), justext.get_stoplist(stoplists[text_guess]), encoding="utf-8"
        )
    except Exception:  # jusText fails on empty or non-HTML input
        paragraphs = []
    lines = [p.text for p in paragraphs if not p.is_boilerplate]
    return title, lines, origin
