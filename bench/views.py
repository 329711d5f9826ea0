"""How fast the analyst's views open in the reader, on an indexed corpus whose actors and agreements are extracted.

    python bench/views.py [CORPUS] [--work DIR] [--reps N] [--watch QUERY] [--code DIR] [--profile FILE]

Each view is timed inside the app, from the key event sent to the app (as a terminal would send it; Pilot's
`press()` also waits for the app to be idle) to the view drawn with its rows:

- `w`, the agreements view: the table's first line drawn;
- `a`, the actor picker: its list's first line drawn with the actors of the articles listed;
- `f`, the watchlists view with a broad watchlist (`--watch`, default "France"): its first line drawn, then
  its line drawn with the number of articles new since the watchlist was last opened ("f counted": the app
  works each watchlist's hits out ahead, once the index is open; "f counted, cold": without that, counted in
  a thread when the view opens, as right after the index changed);
- `t` in the agreements view: the pair of the highlighted record, its timeline and its records drawn.

`w` and `a` are timed on the whole corpus (no search) and after a search (`--search`, default "France").
The workspace (agreement records, every article's actors) is read before timing, as the app reads it in the
background once the list is on screen. The index must exist and be extracted: build it with
`XDG_CACHE_HOME=DIR/cache XDG_DATA_HOME=DIR/data reader index --corpus CORPUS` (DIR is `--work`, default
/tmp/reader-bench, the folder `bench.py` builds in); nothing is written there but a temporary bookmarks file.
`--profile FILE` writes a cProfile of the app's thread over the timed part (read it with `python -m pstats`).
Prints a table (medians of `--reps` runs, default 7), then one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

CHILD = textwrap.dedent("""
    import asyncio, cProfile, json, sys, tempfile, time
    from pathlib import Path
    corpus, reps, watch, searched, profile = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    only = set(sys.argv[6].split(",")) if sys.argv[6] else {"w", "a", "f", "t"}
    from textual import events
    from textual.widgets import OptionList
    from reader.bookmarks import Bookmarks
    from reader.tui import create_app
    from reader.tui.screens import ActorPicker, AgreementsScreen, WatchlistsScreen
    from reader.tui.widgets.table import Table

    # Widgets record when they draw a line and when their rows change: "drawn" is a line drawn after both the
    # key and the rows that answer it.
    drawn = {"table": 0.0, "options": 0.0, "counted": 0.0}
    changed = {"table": 0.0}
    def recording(cls, name, key):
        original = getattr(cls, name)
        def wrapper(self, *args, **kwargs):
            drawn_or_changed = drawn if name == "render_line" else changed
            if name != "render_line" or getattr(self, "items", None) or getattr(self, "option_count", 0):
                drawn_or_changed[key] = time.perf_counter()
            return original(self, *args, **kwargs)
        setattr(cls, name, wrapper)
    recording(Table, "render_line", "table")
    recording(Table, "set_items", "table")
    recording(OptionList, "render_line", "options")
    counted_at = [0.0]
    original_counted = WatchlistsScreen._counted
    def _counted(self, *args):
        counted_at[0] = time.perf_counter()
        return original_counted(self, *args)
    WatchlistsScreen._counted = _counted

    async def main():
        marks = Bookmarks(Path(tempfile.mkdtemp()) / "bench.sqlite")
        marks.save_watchlist(watch, watch, seen=())  # every article it matches is new
        app = create_app(corpus, bookmarks=marks, enrich_in_background=False, watch_folder=False)
        out = {}
        async with app.run_test(size=(120, 40)) as pilot:
            while not (app.service is not None and app.article_list.docnums):
                await asyncio.sleep(0.01)
            start = time.perf_counter()
            app._want_workspace()
            while app.workspace is None:
                await asyncio.sleep(0.01)
            out["workspace_read_s"] = time.perf_counter() - start
            out["articles"] = app.service.doc_count
            out["records"] = len(app.workspace.records)
            out["records_once"] = len(getattr(app.workspace, "records_once", app.workspace.records))
            out["actors"] = len(app.workspace.names)
            out["pending"] = app.service.pending()
            await pilot.pause(0.3)

            def key(name, char=None):  # what a terminal sends; Pilot's press() also waits for idle
                app._driver.send_message(events.Key(name, char if char is not None else name))

            async def until(condition, what, seconds=60.0):
                deadline = time.perf_counter() + seconds
                while not condition():
                    if time.perf_counter() > deadline:
                        raise SystemExit(f"views: no {what} after {seconds:.0f} s")
                    await asyncio.sleep(0.0005)

            async def back():
                while app.screen is not app.screen_stack[0]:
                    await pilot.press("escape")
                    await pilot.pause()
                await pilot.pause(0.3)

            async def time_view(label, press, screen_type, kind):
                times = out.setdefault(label, [])
                for _ in range(reps):
                    t = time.perf_counter()
                    press()
                    await until(lambda: isinstance(app.screen, screen_type), label)
                    await until(lambda: drawn[kind] > t, f"{label} drawn")
                    times.append(drawn[kind] - t)
                    await back()

            async def search(text):
                await pilot.press("slash", "ctrl+u", *(text or []), "enter")
                await until(lambda: app.query_text == text and app.focused is app.article_list, "search")
                await pilot.pause(0.3)

            profiler = cProfile.Profile() if profile else None
            if profiler:
                profiler.enable()
            for state in ("", searched) if only & {"w", "a"} else ():
                await search(state)
                suffix = f" after {state!r}" if state else ""
                if "w" in only:
                    await time_view("w" + suffix, lambda: key("w"), AgreementsScreen, "table")
                if "a" in only:
                    await time_view("a" + suffix, lambda: key("a"), ActorPicker, "options")
            await search("")

            # f: the view drawn, then its row drawn with the count; the app works each watchlist's hits out ahead
            # on the index open (after the workspace): "cold" is without that (the index just changed, say)
            ahead = getattr(app.service, "matched", None)
            if ahead is not None:
                await until(lambda: ahead(watch) is not None, "the watchlist counted ahead", seconds=120)
            shown, counts = out.setdefault("f", []), out.setdefault("f counted", [])
            cold = out.setdefault("f counted, cold", [])
            for rep in range(2 * reps if "f" in only else 0):
                if rep % 2 and ahead is not None:
                    app.service._matched = (None, {})  # (as if the index had just changed)
                t = time.perf_counter()
                key("f")
                await until(lambda: isinstance(app.screen, WatchlistsScreen), "watchlists")
                await until(lambda: drawn["options"] > t, "watchlists drawn")
                if not rep % 2:
                    shown.append(drawn["options"] - t)
                await until(lambda: counted_at[0] > t, "count", seconds=120)
                await until(lambda: drawn["options"] > counted_at[0], "count drawn")
                (cold if rep % 2 or ahead is None else counts).append(drawn["options"] - t)
                await back()

            # t: in the agreements view, the highlighted record's pair, its timeline and records drawn
            times = out.setdefault("t", [])
            for _ in range(reps if "t" in only else 0):
                key("w")
                await until(lambda: isinstance(app.screen, AgreementsScreen), "agreements")
                view = app.screen
                await until(lambda: view.table.has_focus and view.shown, "the table")
                await pilot.pause(0.3)
                pairs = [i for i, r in enumerate(view.shown[:50]) if len(r.parties) >= 2]
                view.table.move_to(pairs[0])
                await pilot.pause(0.1)
                t = time.perf_counter()
                key("t")
                await until(lambda: view.filter.pair is not None and changed["table"] > t, "the pair")
                await until(lambda: drawn["table"] > changed["table"], "the pair drawn")
                times.append(drawn["table"] - t)
                out["t_records"] = len(view.shown)
                await back()
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
        print(json.dumps(out))

    asyncio.run(main())
""")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default="/tmp/orangesum-fr")
    ap.add_argument("--work", default="/tmp/reader-bench", help="the XDG folders: WORK/cache, WORK/data")
    ap.add_argument("--reps", type=int, default=7, help="runs of each view (default 7)")
    ap.add_argument("--watch", default="France", help="the broad watchlist's query (default France)")
    ap.add_argument("--search", default="France", help="the search w and a are timed after (default France)")
    ap.add_argument("--code", metavar="DIR", help="run the reader found in this checkout (default: this one)")
    ap.add_argument("--profile", metavar="FILE", help="write a cProfile of the app's thread to FILE")
    ap.add_argument("--only", default="", help="the views to time, e.g. w,t (default: w,a,f,t)")
    args = ap.parse_args()
    code = Path(args.code).resolve() if args.code else REPO
    work = Path(args.work)
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env["XDG_DATA_HOME"] = str(work / "data")
    env["XDG_CONFIG_HOME"] = str(work / "config")
    env.pop("READER_CORPUS", None)
    env["PYTHONPATH"] = str(code) + os.pathsep + env.get("PYTHONPATH", "")
    corpus = str(Path(args.corpus).resolve())
    cmd = [sys.executable, "-c", CHILD, corpus, str(args.reps), args.watch, args.search, args.profile or "", args.only]
    proc = subprocess.run(cmd, env=env, cwd=code, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"views: the app failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    if data["pending"]:
        print(f"views: {data['pending']:,} articles still without actors and agreements", file=sys.stderr)
    labels = [k for k in data if isinstance(data[k], list) and data[k]]
    print(
        f"{data['articles']:,} articles, {data['records']:,} agreement records ({data['records_once']:,} a story "
        f"once), {data['actors']:,} actors; workspace read in {data['workspace_read_s']:.2f} s"
    )
    print(f"{'view':<24} {'median':>8} {'min':>8} {'max':>8}   runs")
    for label in labels:
        times = data[label]
        print(
            f"{label:<24} {1000 * statistics.median(times):>6.0f} ms {1000 * min(times):>5.0f} ms "
            f"{1000 * max(times):>5.0f} ms   {len(times)}"
        )
    summary = {label: {"median_s": statistics.median(data[label]), "all_s": data[label]} for label in labels}
    rest = {k: v for k, v in data.items() if not isinstance(v, list)}
    print(json.dumps({"corpus": corpus, "reps": args.reps, "watch": args.watch, **rest, "views": summary}))


if __name__ == "__main__":
    main()
