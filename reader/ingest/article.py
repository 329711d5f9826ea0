"""One file to one clean article: read, decode, strip debris, find title, date and language, and an id
that survives reindexing and moving the file."""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from reader.errors import NotText, Skipped
from reader.ingest import boilerplate, sources
from reader.ingest.dates import find_date, valid_date
from reader.ingest.repair import unglue
from reader.ingest.sources import Origin
from reader.text import language
from reader.text.decode import decode
from reader.text.normalize import clean_inline, letters, normalise

MAX_BYTES = 64 * 1024 * 1024  # larger files are skipped with a reason, never half-read


@dataclass(frozen=True)
class Article:
    id: str
    path: str  # relative to the corpus folder, with "/" separators
    title: str
    date: str | None  # YYYY-MM-DD
    language: str
    body: str  # paragraphs separated by blank lines
    source: str = ""  # the outlet, when the file says where it comes from (ingest/sources.py)
    url: str = ""  # its http(s) URL, likewise


def read_article(root: Path, rel: str) -> Article:
    """Read and clean one file. Raises Skipped with a one-line reason."""
    full = Path(root) / rel
    try:
        st = full.stat()
        if not stat.S_ISREG(st.st_mode):
            raise Skipped("not a regular file")
        size = st.st_size
        if size > MAX_BYTES:
            raise Skipped(f"too large ({size // (1024 * 1024)} MB, limit {MAX_BYTES // (1024 * 1024)} MB)")
        data = full.read_bytes()
    except OSError as exc:
        raise Skipped(f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise Skipped("empty file")
    try:
        text = decode(data)
    except NotText as exc:
        raise Skipped(str(exc)) from exc
    article = parse(text, rel, html=full.suffix.lower() in (".html", ".htm"))
    if not article.body.strip():
        raise Skipped("no article text found")
    return article


_HEADER_DATE_TITLE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.*)$", re.IGNORECASE)
_ISO_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*$")
HEADER_LINES = 8  # a first block of more lines than this is text, not a header


def parse(text: str, rel: str, html: bool = False) -> Article:
    """Clean text, title, date, language and origin (outlet, URL) from a decoded file."""
    text = normalise(text)
    title: str | None = None
    when: str | None = None
    if html:
        title, lines, origin = boilerplate.html_to_lines(text)
        lines = [normalise(ln) for ln in lines]
    else:
        all_lines = text.split("\n")
        front = _front_matter(all_lines)
        if front is not None:  # a Markdown front matter: its keys, then the usual header on what follows
            keys, rest = front
            title, when, origin, lines = _header(rest)
            title = keys.get("title") or title
            when = valid_date(keys.get("date", "")[:10]) or when
            if keys.get("source") or keys.get("url"):  # (a source given as a URL is the URL)
                pairs = [(k, keys[k]) for k in ("source", "url") if keys.get(k)]
                origin = sources.from_keys(("url" if sources.clean_url(v) else k, v) for k, v in pairs)
        else:
            title, when, origin, lines = _header(all_lines)
        lines = [_strip_markdown(ln) for ln in lines] if rel.lower().endswith((".md", ".markdown")) else lines
    lang = language.guess("\n".join(lines))
    if title is not None and not _plausible_title(title):
        title = None
    found_title, paragraphs = boilerplate.clean_lines(lines, title, lang)
    title = unglue(clean_inline(title or found_title or Path(rel).stem))
    body = "\n\n".join(unglue(p) for p in paragraphs)
    when = when or find_date(body) or find_date(text)
    return Article(make_id(title, body), rel, title, when, lang, body, origin.source, origin.url)


_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
FRONT_LINES = 40  # a front matter longer than this is not one
# the names a front matter gives each field (static-site generators and feed exporters differ)
FRONT_KEYS = {
    "title": "title",
    "date": "date",
    "published": "date",
    "pubdate": "date",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "site_name": "source",
    "url": "url",
    "link": "url",
    "canonical_url": "url",
}


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]] | None:
    """({title, date, source, url}, the lines after it) when the file opens with a front matter: `---`,
    `key: value` lines, `---` (YAML as Markdown files carry it; read as plain lines, values unquoted, other
    keys and nested ones ignored). None when the file does not open so, or the block holds no `key:` line."""
    start = next((i for i, ln in enumerate(lines) if ln.strip()), len(lines))
    if start >= len(lines) or lines[start].strip() != "---":
        return None
    end = next(
        (i for i in range(start + 1, min(len(lines), start + FRONT_LINES + 2)) if lines[i].strip() == "---"), None
    )
    if end is None:
        return None
    keys: dict[str, str] = {}
    seen_key = False
    for line in lines[start + 1 : end]:
        m = _FRONT_KEY.match(line)
        if not m:
            continue
        seen_key = True
        name = FRONT_KEYS.get(m.group(1).lower())
        value = m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        value = clean_inline(value)
        if name and value and name not in keys:
            keys[name] = value
    return (keys, lines[end + 1 :]) if seen_key else None


def _header(lines: list[str]) -> tuple[str | None, str | None, Origin, list[str]]:
    """(title, date, origin, the lines after the header) of a text file.

    The header is the first lines: `date YYYY-MM-DD Title`, or a title then `YYYY-MM-DD`; and `source:` and
    `url:` lines (sources.key_line) among the lines of its first block (before the first blank line), before
    or after the title and date, or right after the date. Key lines count only where the block is a header
    with them taken out: nothing else (a block of key lines alone), a title and date, or one line that
    reads as a title; otherwise they are text, as a title "Source : …" over its date is."""
    start = next((i for i, ln in enumerate(lines) if ln.strip()), len(lines))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    block = lines[start:end]
    keyed = [sources.key_line(ln) for ln in block] if len(block) <= HEADER_LINES else []
    if any(keyed):
        origin = sources.from_keys(kv for kv in keyed if kv)
        others = [ln for ln, kv in zip(block, keyed, strict=True) if kv is None]
        if not others:  # key lines alone: the title and date may follow
            title, when, n = _title_date(lines[end:])
            return title, when, origin, lines[end + n :]
        title, when, n = _title_date(others)
        if title is not None and n == len(others):
            return title, when, origin, lines[end:]
        if len(others) == 1 and not _ISO_LINE.match(others[0]) and not boilerplate.is_prose(others[0]):
            return others[0].strip(), None, origin, lines[end:]
    title, when, n = _title_date(lines)
    rest = lines[n:]
    keys: list[tuple[str, str]] = []
    if title is not None:  # key lines right under the title and date
        while len(keys) < HEADER_LINES and len(keys) < len(rest) and (kv := sources.key_line(rest[len(keys)])):
            keys.append(kv)
    return title, when, sources.from_keys(keys), rest[len(keys) :]


def _title_date(lines: list[str]) -> tuple[str | None, str | None, int]:
    """(title, date, how many lines they take) from `date YYYY-MM-DD Title` or a title then `YYYY-MM-DD` on the
    first two lines that are not blank; (None, None, 0) when neither."""
    first = [(i, ln) for i, ln in enumerate(lines) if ln.strip()][:2]
    if first and (m := _HEADER_DATE_TITLE.match(first[0][1])):
        return m.group(2).strip(), valid_date(m.group(1)), first[0][0] + 1
    if len(first) == 2 and (m := _ISO_LINE.match(first[1][1])) and valid_date(m.group(1)):
        return first[0][1].strip(), m.group(1), first[1][0] + 1
    return None, None, 0


def _plausible_title(title: str) -> bool:
    return len(title) >= 12 and len(title.split()) >= 3


def _strip_markdown(line: str) -> str:
    line = re.sub(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+)", "", line)
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)


def make_id(title: str, body: str) -> str:
    """Stable id from the article's text, not its path: the same article keeps it when the file moves
    or the corpus is reindexed. Only letters and digits count, so spacing or quotes do not change it."""
    key = letters(body[:2000]) or letters(title)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
