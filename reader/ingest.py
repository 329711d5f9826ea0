"""Files to clean articles: walk a corpus folder, decode, strip debris, find title, date and language."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reader import boilerplate, language
from reader.textclean import NotText, clean_inline, decode, normalise

EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm"}
MAX_BYTES = 64 * 1024 * 1024  # larger files are skipped with a reason, never half-read


@dataclass(frozen=True)
class Article:
    id: str
    path: str  # relative to the corpus folder, with "/" separators
    title: str
    date: str | None  # YYYY-MM-DD
    language: str
    body: str  # paragraphs separated by blank lines


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative, "/" separators
    mtime_ns: int
    size: int


class Skipped(Exception):
    """A file that cannot be ingested; the message is the one-line reason shown to the user."""


def walk(root: Path, problems: list[tuple[str, str]] | None = None) -> Iterator[SourceFile]:
    """Every article file under root: recursive, no hidden folders or files, no symlink loops."""
    root = Path(root)
    seen: set[tuple[int, int]] = set()

    def onerror(err: OSError) -> None:
        if problems is not None:
            problems.append((_rel(root, err.filename or str(root)), f"cannot read folder: {err.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop or a second link to a folder already walked
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        # the relative folder once per folder, not per file (relpath per file was most of a no-change run)
        reldir = _rel(root, dirpath)
        reldir = "" if reldir == "." else reldir + "/"
        for name in sorted(filenames):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in EXTENSIONS:
                continue
            full = os.path.join(dirpath, name)
            try:
                st = os.stat(full)
            except OSError as exc:
                if problems is not None:
                    problems.append((reldir + name, f"cannot read: {exc.strerror}"))
                continue
            if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read forever; a folder is no file
                if problems is not None:
                    problems.append((reldir + name, "not a regular file"))
                continue
            yield SourceFile(reldir + name, st.st_mtime_ns, st.st_size)


def _rel(root: Path, full: str) -> str:
    return Path(os.path.relpath(full, root)).as_posix()


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
            when, title = _valid_date(m.group(1)), m.group(2).strip()
            lines = lines[first[0][0] + 1:]
        elif len(first) == 2 and (m := _ISO_LINE.match(first[1][1])) and _valid_date(m.group(1)):
            title, when = first[0][1].strip(), m.group(1)
            lines = lines[first[1][0] + 1:]
        lines = [_strip_markdown(ln) for ln in lines] if rel.lower().endswith((".md", ".markdown")) else lines
    lang = language.guess("\n".join(lines))
    if title is not None and not _plausible_title(title):
        title = None
    found_title, paragraphs = boilerplate.clean_lines(lines, title, lang)
    title = clean_inline(title or found_title or Path(rel).stem)
    body = "\n\n".join(paragraphs)
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
    key = boilerplate.fold(body[:2000]) or boilerplate.fold(title)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATES = [
    (re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH})\s*,?\s+((?:19|20)\d\d)\b", re.IGNORECASE), "dmy"),
    (re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b", re.IGNORECASE), "mdy"),
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b"), "dmy"),
]


def find_date(text: str) -> str | None:
    """The first full date the text states (day, month and year), as YYYY-MM-DD; never a guess."""
    best: tuple[int, str] | None = None
    for pattern, order in _DATES:
        for m in pattern.finditer(text[:50000]):
            a, b, c = m.groups()
            if order == "dmy":
                d, mo, y = a, b, c
            elif order == "mdy":
                mo, d, y = a, b, c
            else:
                y, mo, d = a, b, c
            month = int(mo) if mo.isdigit() else _MONTHS[unicodedata.normalize("NFC", mo.lower())]
            iso = _valid_date(f"{int(y):04d}-{month:02d}-{int(d):02d}")
            if iso:
                if best is None or m.start() < best[0]:
                    best = (m.start(), iso)
                break
    return best[1] if best else None


def _valid_date(iso: str) -> str | None:
    try:
        return date.fromisoformat(iso).isoformat()
    except ValueError:
        return None
