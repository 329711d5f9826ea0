"""Where an article comes from: its outlet and URL.

A text file says it in header lines, `source: Le Monde` and `url: https://…` (keys in any case, a space
before the colon allowed), among the lines before the first blank line (`article.py` decides which lines
are header lines). An HTML page says it with `<meta property="og:site_name">` and `<link rel="canonical">`
(else `<meta property="og:url">`). A URL without an outlet gives the outlet: its host without "www.".

Both are untrusted text: control characters go, an outlet is one line of at most `MAX_OUTLET` characters, a
URL is kept only when it is an absolute http(s) URL of at most `MAX_URL` characters with a plain host name
(a longer one is dropped, not cut: a cut URL points elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from reader.text.normalize import clean_inline, letters

MAX_URL = 2048
MAX_OUTLET = 80  # characters shown; a longer outlet (an HTML page's) is cut at a word
OUTLET_WORDS = 6  # a `source:` header line names an outlet in at most this many words ("Le Journal du Dimanche")

_KEY = re.compile(r"^\s*(source|url)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_HOST = re.compile(r"^[\w.-]+$")  # letters (IDN too), digits, dots and hyphens: nothing else is a host name
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Origin:
    """An article's outlet and URL; "" when unknown."""

    source: str = ""
    url: str = ""

    def __bool__(self) -> bool:
        return bool(self.source or self.url)


NONE = Origin()


def clean_url(value: str) -> str:
    """The URL if it is an absolute http(s) URL of at most MAX_URL characters, else ""."""
    value = clean_inline(value).strip("<>")
    if not value or len(value) > MAX_URL or " " in value:
        return ""
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # a malformed port or bracketed host
        return ""
    if parts.scheme.lower() not in ("http", "https") or not host or not _HOST.match(host):
        return ""
    return value


def host(url: str) -> str:
    """The URL's host without "www." ("" when none): the outlet of a page that names none."""
    try:
        name = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""
    return name[4:] if name.startswith("www.") else name


def clean_outlet(value: str) -> str:
    """An outlet's name on one line, at most MAX_OUTLET characters (cut at a word, with "…")."""
    value = clean_inline(value)
    if len(value) > MAX_OUTLET:
        value = value[: MAX_OUTLET - 1].rsplit(" ", 1)[0].rstrip(" ,;:-|") + "…"
    return value


def origin(source: str = "", url: str = "") -> Origin:
    """The outlet and URL from raw values: a bad URL is dropped; no outlet, the URL's host stands for it."""
    url = clean_url(url)
    source = clean_outlet(source)
    return Origin(source or host(url), url)


def key_line(line: str) -> tuple[str, str] | None:
    """("source" or "url", value) when the line is a header line saying where the article comes from. A
    `source:` line names an outlet in a few words (a headline such as "Source : l'Élysée dément avoir
    reçu la lettre du ministre" is no header line); its value may be a URL. A `url:` line holds one word."""
    m = _KEY.match(line)
    if not m:
        return None
    key, value = m.group(1).lower(), clean_inline(m.group(2))
    if not value:
        return None
    if key == "url" or clean_url(value):
        return ("url", value) if " " not in value else None
    if len(_WORDS.findall(value)) > OUTLET_WORDS or len(value) > MAX_OUTLET or value.endswith(("!", "?", "…")):
        return None
    return key, value


def from_keys(pairs: Iterable[tuple[str, str]]) -> Origin:
    """The origin that header lines give: the first outlet and the first valid URL."""
    source = url = ""
    for key, value in pairs:
        if key == "source" and not source:
            source = value
        elif key == "url" and not url:
            url = clean_url(value)
    return origin(source, url)


def from_html(tree: Any) -> Origin:
    """An HTML page's outlet (`og:site_name`) and URL (canonical link, else `og:url`), from an lxml tree."""
    site = _first(tree.xpath('//meta[@property="og:site_name" or @name="og:site_name"]/@content'))
    links = [
        link.get("href") or ""
        for link in tree.xpath("//link[@rel]")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    og_url = tree.xpath('//meta[@property="og:url" or @name="og:url"]/@content')
    url = next((u for u in map(clean_url, [*links, *og_url]) if u), "")
    return origin(site, url)


def _first(values: list[Any]) -> str:
    return next((str(v).strip() for v in values if str(v).strip()), "")


def search_names(source: str, url: str) -> list[str]:
    """What `source:` finds an article by: the outlet whole and its words of three letters or more ("Le Monde",
    "Monde"; "L'Express", "Express"), the URL's host and the parts of its name ("lemonde.fr", "lemonde").
    Case and accents are folded by the index."""
    out = [source] if source else []
    out += [w for w in _WORDS.findall(source) if len(w) > 2]
    name = host(url)
    if name:
        out.append(name)
        out += [label for label in name.split(".")[:-1] if len(label) > 2 and label != "www"]
    return list(dict.fromkeys(out))


def distinct(outlets: Iterable[str]) -> list[str]:
    """The distinct outlets among these, in order, each as first written: "Le Monde" and "le monde" are
    one outlet; "" (unknown) is none."""
    seen: dict[str, str] = {}
    for name in outlets:
        key = letters(name)
        if key and key not in seen:
            seen[key] = name
    return list(seen.values())
