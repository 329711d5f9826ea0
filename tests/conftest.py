"""Shared fixtures: every test runs with its own XDG folders, so nothing touches the user's files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _xdg(monkeypatch: pytest.MonkeyPatch, base: Path) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(base / name.lower()))
    monkeypatch.delenv("READER_CORPUS", raising=False)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path_factory.mktemp("xdg")
    _xdg(monkeypatch, base)
    return base


@pytest.fixture
def no_keeper(monkeypatch: pytest.MonkeyPatch) -> None:
    """The extraction's rules alone, without the learned keeper of organisations and places (a test of where a
    rule cuts a name, not of whether the data keeps it)."""
    from reader.enrich import keeper

    monkeypatch.setattr(keeper, "_loaded", [{}])


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seeds with its index built, actors and agreements included (spaCy runs once).

    The index lives in a session XDG cache; tests that use this fixture get that cache back via
    `seed_env`."""
    base = tmp_path_factory.mktemp("seed-session")
    corpus = base / "seeds"
    shutil.copytree(SEEDS, corpus)
    with pytest.MonkeyPatch.context() as mp:
        _xdg(mp, base)
        from reader import index

        index.update(corpus)
        index.enrich_pending(corpus)
    return corpus


@pytest.fixture
def seed_env(seed_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the XDG cache at the session's seed index (data and config stay per-test)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(seed_corpus.parent / "xdg_cache_home"))
    return seed_corpus


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.fixture(scope="session")
def seed_text_service(tmp_path_factory: pytest.TempPathFactory):
    """A search service over the bundled seeds, full text only (no model run), shared by the session."""
    base = tmp_path_factory.mktemp("seed-text")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(base / "cache"))
        from reader import index
        from reader.search import SearchService

        index.update(SEEDS)
        service = SearchService(SEEDS)
        yield service
        service.close()


# --- Pilot helpers: wait on the app's state, never on a fixed pause --------------------------------


async def settle(app, pilot, query: str | None = None) -> None:
    """Wait until no search is running (and, given `query`, until its results show).

    Waits on state rather than on a fixed pause: a loaded CI machine may take longer to hand keys,
    messages and worker results through."""
    await pilot.pause(0.25)  # keys reach the app and start their searches
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app.workers and (query is None or app.query_text == query):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"the search for {query!r} did not settle: {app.status.plain}")


async def until(pilot, condition, what: str, seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def ready(app, pilot) -> None:
    """Wait until the index is open (the app builds it when missing) and the first list is shown."""
    try:
        await until(pilot, lambda: app.service is not None and not app.workers, "the index to open", seconds=30)
    except AssertionError:
        raise AssertionError(f"the index did not open: {app.status.plain}") from None
    await settle(app, pilot)
