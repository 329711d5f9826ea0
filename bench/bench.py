"""End-to-end benchmark of `reader` on a corpus folder: build, no-change update, start-up, search, memory.

    python bench/bench.py [CORPUS] [--work DIR] [--reps N] [--enrich --enrich-limit N] [--reuse]

Every command runs as a child process in a fresh XDG cache/data under --work (default /tmp/reader-bench),
so the user's own index is never touched. Whole runs are timed once (the build is long); cheap ones are
repeated and their median quoted. Peak memory is the ru_maxrss of the child and its own children.
Prints a table, then one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent  # children run the code of this checkout (--code picks another one, e.g. a worktree)

QUERIES = [
    "coronavirus",
    "Macron retraites",
    '"gilets jaunes"',
    "date:[2019 to 2020] grève",
    "france",
    "président",
    "le gouvernement",
    "grève SNCF",
    "Trump OR Biden",
    "title:police",
    "incendie Notre-Dame",
    "Emmanuel Macron a annoncé de nouvelles mesures pour les hôpitaux",
    "que faire contre la hausse des prix de l'essence cet hiver",
    "les élections municipales ont été reportées à cause de l'épidémie",
]
# what the search bar sends while someone types (live=True: the last word is a prefix)
TYPED = ["macron", "retraites", "coronavirus", "gilets jaunes", "Macron retraites"]


def typed_prefixes() -> list[str]:
    out: list[str] = []
    for text in TYPED:
        out += [text[:i] for i in range(1, len(text) + 1) if not text[:i].endswith(" ")]
    return out


# --- helpers --------------------------------------------------------------------------------------


def env_for(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env["XDG_DATA_HOME"] = str(work / "data")
    env["XDG_CONFIG_HOME"] = str(work / "config")
    env.pop("READER_CORPUS", None)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_measured(cmd: list[str], env: dict[str, str], capture: bool = False) -> dict:
    """Like run(), with os.wait4 so the rusage is this child's (and its waited-for descendants')."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    out = proc.stdout.read() if capture else b""
    err = proc.stderr.read()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "rc": proc.returncode,
        "cpu": ru.ru_utime + ru.ru_stime,
        "rss_mb": ru.ru_maxrss / 1024,
        "out": out.decode(),
        "err": err.decode(),
    }


def check(result: dict, what: str) -> dict:
    if result["rc"] != 0:
        sys.exit(f"bench: {what} failed (exit {result['rc']}):\n{result['err'][-2000:]}")
    return result


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def reader_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "reader", *args]


# --- measurements ---------------------------------------------------------------------------------


def bench_build(corpus: Path, work: Path, env: dict[str, str]) -> dict:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    r = check(run_measured(reader_cmd("index", "--text-only", "--quiet", "--corpus", str(corpus)), env), "build")
    ixroot = work / "cache" / "reader" / "indexes"
    return {
        "build_s": r["wall"],
        "build_cpu_pct": 100 * r["cpu"] / r["wall"],
        "build_rss_mb": r["rss_mb"],
        "index_mb": du_mb(ixroot),
        "build_log": r["err"].strip().splitlines()[-1:],
    }


def bench_nochange(corpus: Path, env: dict[str, str], reps: int, text_only: bool = True) -> dict:
    args = ["index", "--quiet", "--corpus", str(corpus)] + (["--text-only"] if text_only else [])
    walls = [check(run_measured(reader_cmd(*args), env), "no-change index")["wall"] for _ in range(reps)]
    return {"median": statistics.median(walls), "all": walls}


SEARCH_SCRIPT = textwrap.dedent("""
    import json, statistics, sys, time
    from pathlib import Path
    corpus, reps = Path(sys.argv[1]), int(sys.argv[2])
    queries, typed = json.loads(sys.argv[3]), json.loads(sys.argv[4])
    from reader.search import SearchService
    opens = []
    for _ in range(3):  # one service at a time: the peak RSS is that of one open index
        t = time.perf_counter(); SearchService(corpus).close(); opens.append(time.perf_counter() - t)
    t = time.perf_counter()
    service = SearchService(corpus)
    opened = time.perf_counter() - t
    for q in queries[:3]:  # warm the caches a user would have warmed with a first search
        service.search(q, limit=20, snippets=True)
    out = {"open_first_s": opened, "open_s": statistics.median(opens), "queries": {}}
    for kind, items, live in (("query", queries, False), ("typed", typed, True)):
        for q in items:
            times, total = [], None
            for _ in range(reps):
                t = time.perf_counter()
                res = service.search(q, limit=20, snippets=True, live=live)
                times.append(time.perf_counter() - t)
                total = res.total
            out["queries"][q + (" [live]" if live else "")] = {"kind": kind, "times": times, "total": total}
    print(json.dumps(out))
""")


def bench_search(corpus: Path, env: dict[str, str], reps: int) -> dict:
    r = check(
        run_measured(
            [
                sys.executable,
                "-c",
                SEARCH_SCRIPT,
                str(corpus),
                str(reps),
                json.dumps(QUERIES),
                json.dumps(typed_prefixes()),
            ],
            env,
            capture=True,
        ),
        "search",
    )
    data = json.loads(r["out"].strip().splitlines()[-1])
    data["rss_mb"] = r["rss_mb"]
    return data


APP_SCRIPT = textwrap.dedent("""
    import asyncio, json, re, sys, time
    t_spawn = float(sys.argv[2])
    from pathlib import Path
    corpus, typed, in_process = Path(sys.argv[1]), json.loads(sys.argv[3]), sys.argv[4] == "1"
    from textual import events
    from reader.tui import create_app
    from reader.bookmarks import Bookmarks
    import tempfile

    async def main():
        app = create_app(corpus, bookmarks=Bookmarks(Path(tempfile.mkdtemp()) / "b.sqlite"),
                         enrich_in_background=False, search_process=not in_process)
        out = {"keystroke_s": [], "burst_s": []}
        async with app.run_test(size=(120, 40)) as pilot:
            while not (app.service is not None and app.article_list.docnums):
                await asyncio.sleep(0.002)
            await pilot.pause()  # the list's first frame is painted
            out["first_screen_s"] = time.time() - t_spawn
            # The list records when it draws a line: "updated" means the new results are on screen.
            listing = app.article_list
            painted, updated = [0.0], [0.0]
            draw, update = listing.render_line, listing.set_docnums
            def render_line(y):
                painted[0] = time.perf_counter()
                return draw(y)
            def set_docnums(*args, **kwargs):
                updated[0] = time.perf_counter()
                return update(*args, **kwargs)
            listing.render_line, listing.set_docnums = render_line, set_docnums

            def key(ch):  # what a terminal sends; Pilot's press() also waits for idle, which is not the app
                name = "space" if ch == " " else ch
                app._driver.send_message(events.Key(name, ch))

            async def shown(want, since):
                while app.query_text != want:
                    await asyncio.sleep(0.0005)
                while painted[0] < updated[0]:  # the list's first line drawn after its update
                    await asyncio.sleep(0.0005)
                return painted[0] - since

            async def clear():
                await pilot.press("slash", "ctrl+u")
                while app.query_text != "":
                    await asyncio.sleep(0.001)
                await pilot.pause(0.2)

            for text in typed:
                # one key at a time, each result on screen before the next key
                await clear()
                for i, ch in enumerate(text):
                    t = time.perf_counter()
                    key(ch)
                    if re.search(r"(?:^|\\s)\\w$", text[: i + 1]):
                        # a word of one letter leaves the list as it was (nothing to time); code that still
                        # searches it is let finish before the next key
                        while app.query_one("#search").value != text[: i + 1]:
                            await asyncio.sleep(0.0005)
                        await pilot.pause(0.1)
                        while any(w.group == "search" and not w.is_finished for w in app.workers):
                            await asyncio.sleep(0.001)
                        continue
                    out["keystroke_s"].append(await shown(text[: i + 1], t))
                # a fast typist: a key every 40 ms; from the last key to its results on screen
                await clear()
                for ch in text:
                    t = time.perf_counter()
                    key(ch)
                    await asyncio.sleep(0.04)
                out["burst_s"].append(await shown(text, t))
                await pilot.press("escape")
        print(json.dumps(out))

    asyncio.run(main())
""")


def bench_app(corpus: Path, env: dict[str, str], reps: int, in_process: bool = False) -> dict | None:
    if not (REPO / "reader" / "tui" / "__init__.py").exists():
        return None
    firsts, keys, bursts, rss = [], [], [], []
    for i in range(reps):
        typed = TYPED if i == 0 else []
        r = check(
            run_measured(
                [
                    sys.executable,
                    "-c",
                    APP_SCRIPT,
                    str(corpus),
                    repr(time.time()),
                    json.dumps(typed),
                    str(int(in_process)),
                ],
                env,
                capture=True,
            ),
            "app start",
        )
        data = json.loads(r["out"].strip().splitlines()[-1])
        firsts.append(data["first_screen_s"])
        keys += data["keystroke_s"]
        bursts += data["burst_s"]
        rss.append(r["rss_mb"])
    return {
        "first_screen_s": statistics.median(firsts),
        "first_all": firsts,
        "keystroke_s": keys,
        "burst_s": bursts,
        "rss_mb": max(rss),
    }


def bench_enrich(corpus: Path, work: Path, limit: int, total_articles: int, build_s: float | None) -> dict:
    sub = work / "subset"
    shutil.rmtree(sub, ignore_errors=True)
    (sub / "corpus").mkdir(parents=True)
    files = sorted(p for p in corpus.iterdir() if p.is_file())[:limit]
    for f in files:
        shutil.copy2(f, sub / "corpus" / f.name)
    env = env_for(sub)
    check(
        run_measured(reader_cmd("index", "--text-only", "--quiet", "--corpus", str(sub / "corpus")), env),
        "subset build",
    )
    r = check(run_measured(reader_cmd("index", "--quiet", "--corpus", str(sub / "corpus")), env), "enrich")
    rate = len(files) / r["wall"]
    nochange = bench_nochange(sub / "corpus", env, 3, text_only=False)
    return {
        "articles": len(files),
        "enrich_s": r["wall"],
        "rate": rate,
        "rss_mb": r["rss_mb"],
        "cpu_pct": 100 * r["cpu"] / r["wall"],
        "extrapolated_s": (build_s or 0) + total_articles / rate,
        "nochange_full_s": nochange["median"],
    }


# --- report ---------------------------------------------------------------------------------------


def fmt_s(v: float | None) -> str:
    if v is None:
        return "n/a"
    return f"{v * 1000:.0f} ms" if v < 1 else (f"{v:.1f} s" if v < 120 else f"{int(v // 60)} min {v % 60:.0f} s")


def count_articles(corpus: Path) -> int:
    """Article files in the whole tree, as `reader index` walks it (not the top folder only)."""
    extensions = {".txt", ".md", ".markdown", ".html", ".htm"}
    return sum(1 for p in corpus.rglob("*") if p.suffix.lower() in extensions and p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default="/tmp/orangesum-fr")
    ap.add_argument("--work", default="/tmp/reader-bench", help="scratch folder for the XDG dirs (wiped)")
    ap.add_argument("--reps", type=int, default=5, help="repetitions of cheap measurements (default 5)")
    ap.add_argument("--reuse", action="store_true", help="keep the index in --work; skip the from-scratch build")
    ap.add_argument("--code", metavar="DIR", help="run the reader found in this checkout (default: this one)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: build,nochange,search,app")
    ap.add_argument(
        "--search-in-app", action="store_true", help="the app searches in a thread of its own process (as before)"
    )
    ap.add_argument("--enrich", action="store_true", help="also time actor/agreement extraction on a subset")
    ap.add_argument("--enrich-limit", type=int, default=300, metavar="N", help="subset size for --enrich")
    args = ap.parse_args()
    global REPO
    if args.code:
        REPO = Path(args.code).resolve()
    skip = set(filter(None, args.skip.split(",")))
    corpus = Path(args.corpus).resolve()
    work = Path(args.work)
    env = env_for(work)
    n_articles = count_articles(corpus)
    res: dict = {
        "corpus": str(corpus),
        "articles": n_articles,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    rows: list[tuple[str, str, str]] = []

    def log(msg: str) -> None:
        print(f"bench: {msg}", file=sys.stderr, flush=True)

    if (args.reuse and (work / "cache").exists()) or "build" in skip:
        log("reusing the index in " + str(work))
        build = None
    else:
        log(f"building the index of {n_articles} articles from scratch (once)…")
        build = bench_build(corpus, work, env)
        res["build"] = build
        rows += [
            (
                "searchable from scratch (index --text-only)",
                fmt_s(build["build_s"]),
                f"{n_articles / build['build_s']:.0f} articles/s, {build['build_cpu_pct']:.0f}% CPU, 1 run",
            ),
            ("index size", f"{build['index_mb']:.0f} MB", ""),
            ("peak RSS, indexing", f"{build['build_rss_mb']:.0f} MB", "largest process"),
        ]

    if args.enrich:
        log(f"extracting actors and agreements on {args.enrich_limit} articles…")
        e = bench_enrich(corpus, work, args.enrich_limit, n_articles, build and build["build_s"])
        res["enrich"] = e
        rows += [
            (
                "actors+agreements extracted (EXTRAPOLATED)",
                fmt_s(e["extrapolated_s"]),
                f"build + {n_articles} / {e['rate']:.1f} articles/s measured on {e['articles']}",
            ),
            ("peak RSS, enrichment", f"{e['rss_mb']:.0f} MB", f"{e['cpu_pct']:.0f}% CPU"),
            (
                f"no-change `reader index` ({e['articles']} enriched)",
                fmt_s(e["nochange_full_s"]),
                "median of 3",
            ),
        ]

    if "nochange" not in skip:
        log("no-change update…")
        nc = bench_nochange(corpus, env, args.reps)
        res["nochange_s"] = nc
        rows.append(("no-change `reader index --text-only`", fmt_s(nc["median"]), f"median of {args.reps}"))

    if "search" not in skip:
        search_rows(corpus, env, args, res, rows, log)
    if "app" not in skip:
        app_rows(corpus, env, args, res, rows, log)
    report(corpus, n_articles, res, rows)


def search_rows(corpus, env, args, res, rows, log) -> None:
    log("search…")
    s = bench_search(corpus, env, max(3, args.reps // 2 + 1))
    res["search"] = s
    all_t = [t for q in s["queries"].values() for t in q["times"]]
    q_t = [t for q in s["queries"].values() if q["kind"] == "query" for t in q["times"]]
    typed_t = [t for q in s["queries"].values() if q["kind"] == "typed" for t in q["times"]]
    res["search_summary"] = {
        "p50": pct(all_t, 0.5),
        "p95": pct(all_t, 0.95),
        "max": max(all_t),
        "query_p50": pct(q_t, 0.5),
        "query_p95": pct(q_t, 0.95),
        "typed_p50": pct(typed_t, 0.5),
        "typed_p95": pct(typed_t, 0.95),
    }
    ss = res["search_summary"]
    slowest = sorted(s["queries"].items(), key=lambda kv: -statistics.median(kv[1]["times"]))[:3]
    rows += [
        ("open the index (SearchService)", fmt_s(s["open_s"]), "median of 3, warm"),
        (
            "search top-20 + snippets, p50 / p95",
            f"{fmt_s(ss['p50'])} / {fmt_s(ss['p95'])}",
            f"{len(s['queries'])} queries × reps; max {fmt_s(ss['max'])}",
        ),
        (
            "  queries p50 / p95",
            f"{fmt_s(ss['query_p50'])} / {fmt_s(ss['query_p95'])}",
            f"{len(QUERIES)} queries",
        ),
        (
            "  typed prefixes (live) p50 / p95",
            f"{fmt_s(ss['typed_p50'])} / {fmt_s(ss['typed_p95'])}",
            f"{len(typed_prefixes())} prefixes",
        ),
        (
            "  slowest (median)",
            "",
            "; ".join(f"{q} {fmt_s(statistics.median(v['times']))}" for q, v in slowest),
        ),
        ("peak RSS, search process", f"{s['rss_mb']:.0f} MB", ""),
    ]


def app_rows(corpus, env, args, res, rows, log) -> None:
    log("app start and keystrokes…")
    app = bench_app(corpus, env, args.reps, args.search_in_app)
    res["app"] = app
    if app is None:
        rows += [("first screen", "TODO", "reader/tui not present"), ("keystroke → list", "TODO", "")]
    else:
        k = app["keystroke_s"]
        rows += [
            (
                "`reader` start → first screen",
                fmt_s(app["first_screen_s"]),
                f"median of {args.reps}, from spawn",
            ),
            (
                "keystroke → updated list on screen, p50 / p95",
                f"{fmt_s(pct(k, 0.5))} / {fmt_s(pct(k, 0.95))}",
                f"{len(k)} keys, one at a time; max {fmt_s(max(k))}",
            ),
            (
                "  fast typing (40 ms/key): last key → list, p50 / max",
                f"{fmt_s(pct(app['burst_s'], 0.5))} / {fmt_s(max(app['burst_s']))}",
                f"{len(app['burst_s'])} words",
            ),
            ("peak RSS, open app", f"{app['rss_mb']:.0f} MB", ""),
        ]


def report(corpus, n_articles, res, rows) -> None:
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print(f"\nreader benchmark — {corpus} ({n_articles} articles), {os.cpu_count()} cores, Python {res['python']}")
    for name, value, note in rows:
        print(f"  {name:<{width}}  {value:>{vwidth}}  {note}")
    print(json.dumps(res, separators=(",", ":")))


if __name__ == "__main__":
    main()
