"""Time the analyst's workspace on an indexed corpus: reading it, counting actors, opening the views.

    python scripts/bench_workspace.py CORPUS

The corpus must be indexed with its actors and agreements (`reader index --corpus CORPUS`). Each view is timed
from the screen pushed to its first frame with its rows, best of three, the workspace read beforehand (the
app reads it in the background as soon as the index is open).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


async def views(corpus: Path) -> None:
    from textual.app import App

    from reader.bookmarks import Bookmarks
    from reader.search import SearchService
    from reader.tui.screens import ActorPicker, AgreementsScreen, HelpScreen

    service = SearchService(corpus)
    start = time.perf_counter()
    workspace = service.workspace()
    print(
        f"workspace read: {time.perf_counter() - start:.2f} s ({len(workspace.records):,} records, "
        f"{len(workspace.names):,} actor names, {service.doc_count:,} articles)"
    )
    every = service.browse()
    start = time.perf_counter()
    workspace.facets(every)
    print(f"actors of every article counted: {1000 * (time.perf_counter() - start):.0f} ms")

    class Bench(App[None]):
        CSS_PATH = str(ROOT / "reader" / "tui" / "app.tcss")

    app = Bench()
    data = Path(tempfile.mkdtemp()) / "bench.sqlite"
    async with app.run_test(size=(120, 36)) as pilot:
        screens = {
            "help (a baseline)": lambda: HelpScreen([]),
            "actor picker, every article": lambda: ActorPicker(workspace, workspace.facets(every), len(every)),
            "agreements view": lambda: AgreementsScreen(workspace.records, Bookmarks(data)),
        }
        for label, make in screens.items():
            times = []
            for _ in range(3):
                start = time.perf_counter()
                app.push_screen(make())
                await pilot.pause()
                times.append(time.perf_counter() - start)
                app.pop_screen()
                await pilot.pause()
            print(f"{label}: {1000 * min(times):.0f} ms (best of 3: {', '.join(f'{1000 * t:.0f}' for t in times)})")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    sys.path.insert(0, str(ROOT))
    asyncio.run(views(Path(sys.argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
