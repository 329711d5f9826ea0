"""One file to one clean article: read, decode, strip debris, find title, date and language, and an id
that survives reindexing and moving the file."""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from reader.errors import NotText, Skipped
from reader.ingest import boilerplate
from reader.ingest.dates import find_date, valid_date
from reader.ingest.repair import unglue
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


def parse(text: str, rel: str, html: bool = False) -> Article:
    """Clean text, title, date and language from a decoded file."""
    text = normalise(text)
    title: str | None = None
    when: str | None = None
    if html:
        title, lines = boilerplate.html_to_lines(text)
        lines = [normalise(ln) for ln in lines]
    else:
        lines = text.split("\n")
        first = [(i, ln) for i, ln in enumerate(lines) if ln.strip()][:2]
        if first and (m := _HEADER_DATE_TITLE.match(first[0][1])):
            when, title = valid_date(m.group(1)), m.group(2).strip()
            lines = lines[first[0][0] + 1 :]
        elif len(first) == 2 and (m := _ISO_LINE.match(first[1][1])) and valid_date(m.group(1)):
            title, when = first[0][1].strip(), m.group(1)
            lines = lines[first[1][0] + 1 :]
        lines = [_strip_markdown(ln) for ln in lines] if rel.lower().endswith((".md", ".markdown")) else lines
    lang = language.guess("\n".join(lines))
    if title is not None and not _plausible_title(title):
        title = None
    found_title, paragraphs = boilerplate.clean_lines(lines, title, lang)
    title = unglue(clean_inline(title or found_title or Path(rel).stem))
    body = "\n\n".join(unglue(p) for p in paragraphs)
    when = when or find_date(body) or find_date(text)
    return Article(make_id(title, body), rel, title, when, lang, body)


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
