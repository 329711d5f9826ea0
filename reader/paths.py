"""Where things live: corpus resolution, index and data folders (platformdirs, so XDG variables move all)."""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from pathlib import Path

import platformdirs

from reader.errors import CorpusError

APP = "reader"


def bundled_seeds() -> Path:
    """The seed articles shipped with the package (wheel) or beside it (source checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise CorpusError("the bundled seed articles are missing from this installation")


def data_dir() -> Path:
    return platformdirs.user_data_path(APP)


def cache_dir() -> Path:
    return platformdirs.user_cache_path(APP)


def config_file() -> Path:
    return platformdirs.user_config_path(APP) / "config.toml"


def _configured_corpus() -> str | None:
    path = config_file()
    try:
        with path.open("rb") as fh:
            value = tomllib.load(fh).get("corpus")
    except FileNotFoundError:
        return None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"cannot read {path}: {exc}") from exc
    return str(value) if value else None


def resolve_corpus(arg: str | os.PathLike | None) -> Path:
    """--corpus, else $READER_CORPUS, else config.toml's `corpus`, else the bundled seeds."""
    chosen = arg or os.environ.get("READER_CORPUS") or _configured_corpus()
    if not chosen:
        return bundled_seeds()
    path = Path(chosen).expanduser()
    if not path.exists():
        raise CorpusError(f"corpus folder not found: {path}")
    if not path.is_dir():
        raise CorpusError(f"corpus is not a folder: {path}")
    return path.resolve()


def index_dir(corpus: Path) -> Path:
    """One index per corpus folder, in the user cache dir; nothing is written into the corpus."""
    real = str(Path(corpus).resolve())
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(real).name)[:40] or "root"
    digest = hashlib.sha1(real.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return cache_dir() / "indexes" / f"{slug}-{digest}"
