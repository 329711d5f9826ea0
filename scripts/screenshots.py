"""Write SVG screenshots of the reader on the bundled seed articles to screenshots/.

    python scripts/screenshots.py [--text]

Everything (index, bookmarks) goes to a temporary XDG folder; the user's own files are never touched.
`--text` also prints each screen as plain text, for a quick look without an SVG viewer.
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
SIZE = (120, 36)


def screen_text(app) -> str:
    from rich.console import Console

    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False)


async def settle(pilot) -> None:
    await pilot.pause(0.25)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def shoot(corpus: Path, data: Path, name: str, steps, show_text: bool) -> None:
    from reader.bookmarks import Bookmarks
    from reader.tui import create_app

    marks = Bookmarks(data / f"{name}.sqlite")
    if name in SETUP:
        SETUP[name](marks)
    app = create_app(corpus, bookmarks=marks, enrich_in_background=False)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(1200):
            await pilot.pause(0.05)
            if app.service is not None and not app.workers:
                break
        await settle(pilot)
        for step in steps:
            if step == "settle":
                await settle(pilot)
            else:
                await pilot.press(*step)
                await pilot.pause()
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
        if show_text:
            print(f"--- {name}.svg\n{screen_text(app)}")


SCENES = {
    "main": [],
    "stories": [("g", "x")],  # one row a story, the copies of the first shown under it
    "search": [("slash", *"accord défense", "enter"), "settle"],
    "article": [("slash", *"Starmer", "enter"), "settle", ("enter",)],
    "bookmarks": [("b", "j", "j", "b", "B")],
    "help": [("question_mark",)],
    "agreements": [("w",), "settle"],
    "pair-timeline": [("w",), "settle", ("slash", *"japon royaume", "enter")],
    "actors": [("a",), "settle"],
    # a search saved from the reader (nothing new since), beside one saved before the seeds came in (SETUP)
    "watchlists": [
        ("slash", *"Japon défense", "enter"),
        "settle",
        ("W", *"Tokyo défense", "enter"),
        "settle",
        ("f",),
        "settle",
    ],
}
SETUP = {  # what the bookmarks database holds before the reader opens
    "watchlists": lambda marks: marks.save_watchlist("OTAN", "OTAN", seen=()),
}


def main() -> int:
    show_text = "--text" in sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="reader-shots-") as tmp:
        base = Path(tmp)
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[name] = str(base / name.lower())
        os.environ.pop("READER_CORPUS", None)
        sys.path.insert(0, str(ROOT))
        from reader import index, paths

        corpus = paths.bundled_seeds()
        index.update(corpus)
        index.enrich_pending(corpus)
        OUT.mkdir(exist_ok=True)
        for name, steps in SCENES.items():
            asyncio.run(shoot(corpus, base, name, steps, show_text))
            print(f"wrote {OUT / name}.svg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
