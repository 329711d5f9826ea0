"""A/B of a full-text build: Whoosh's writer (as before index/bulk.py) against the bulk segment writer.

    python bench/build_ab.py /tmp/sub3k --procs 1,2 --reps 3

Each run builds the corpus's index from nothing in its own XDG folders (text only, as `reader index
--text-only`: the enrichment cache is empty) and prints CPU (this process and its children) and wall time,
and the CPU by role: the segment writers (`bulk._Worker`), the processes reading the files (`_read_many`) and
the building process itself; then the medians of each mode. Runs alternate (before, after, before, …) so
that a noisy machine weighs on both alike.

Modes: `whoosh` (Whoosh's writer), `bulk` (the bulk writer), `nostories` (the bulk writer without the story
pass: `--modes bulk,nostories` gives the story pass's share of the time to searchable, issue 14). A mode may
name the source tree to run, `MODE@DIR` (e.g. a `git worktree` of an earlier commit): `--modes bulk@/tmp/old,bulk`
compares a change with what came before it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

_RUN = r"""
import json, os, resource, sys, time
from pathlib import Path
mode, corpus, procs = sys.argv[1], sys.argv[2], int(sys.argv[3])
import reader.index.build as b
b.BULK = mode in ("bulk", "nostories")
if mode == "nostories":  # the story pass left out: each article a story of its own, no sketch worked out
    import reader.stories as st, reader.stories.groups as g
    st.prepare = lambda title, body: None
    st.pack = lambda prepared: None
    st.unpack = lambda packed: iter(lambda: None, 0)  # (None for every article)
    g.Stories.assign = lambda self, article_id, *args, **kwargs: article_id
if procs == 1:  # one process: the bulk path builds in this process, Whoosh's in its own writer
    b.os.cpu_count = lambda: 1
    if b.BULK:
        b.PARALLEL_FROM = 100
# CPU by role: each segment writer's at its end, each batch read's, in files of a folder of this run
import glob, tempfile
roles = tempfile.mkdtemp(prefix="build-roles-")
if hasattr(b, "_read_many"):
    _read = b._read_many
    def read_many(corpus, rels):
        t = time.process_time()
        out = _read(corpus, rels)
        with open(f"{roles}/r.{os.getpid()}", "a") as f:
            f.write(f"{time.process_time() - t}\n")
        return out
    b._read_many = read_many
if b.BULK:
    import reader.index.bulk as bulk
    _work = bulk._Worker.run
    def work(self):
        try:
            _work(self)
        finally:
            with open(f"{roles}/w.{os.getpid()}", "w") as f:
                f.write(str(time.process_time()))
    bulk._Worker.run = work
from reader import index
t, w = time.process_time(), time.time()
index.update(Path(corpus))
wall = time.time() - w
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
me = resource.getrusage(resource.RUSAGE_SELF)
main = time.process_time() - t
cpu = main + ru.ru_utime + ru.ru_stime
writers = sum(float(open(f).read()) for f in glob.glob(f"{roles}/w.*"))
reading = sum(float(x) for f in glob.glob(f"{roles}/r.*") for x in open(f))
print(json.dumps(dict(cpu=cpu, wall=wall, rss_main=me.ru_maxrss // 1024, rss_child=ru.ru_maxrss // 1024,
                      writers=writers, reading=reading, main=main)))
"""


def run(mode: str, corpus: str, procs: int) -> dict[str, float]:
    mode, _, tree = mode.partition("@")
    with tempfile.TemporaryDirectory(prefix="build-ab-") as tmp:
        env = {"XDG_CACHE_HOME": f"{tmp}/cache", "XDG_DATA_HOME": f"{tmp}/data"}
        if tree:
            env["PYTHONPATH"] = tree
        out = subprocess.run(
            [sys.executable, "-c", _RUN, mode, corpus, str(procs)],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return,unused-ignore]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--procs", default="1,2")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--modes", default="whoosh,bulk")
    args = ap.parse_args()
    results: dict[tuple[str, int], list[dict[str, float]]] = {}
    for procs in [int(p) for p in args.procs.split(",")]:
        for rep in range(args.reps):
            for mode in args.modes.split(","):
                r = run(mode, args.corpus, procs)
                results.setdefault((mode, procs), []).append(r)
                print(
                    f"{mode:6} procs={procs} rep {rep + 1}: cpu {r['cpu']:.1f} s wall {r['wall']:.1f} s "
                    f"peak RSS {r['rss_main']} MB (children {r['rss_child']} MB); CPU of the writers "
                    f"{r.get('writers', 0):.1f} s, reading {r.get('reading', 0):.1f} s, this process "
                    f"{r.get('main', 0):.1f} s",
                    flush=True,
                )
    print("medians:")
    for (mode, procs), rs in results.items():
        cpu = statistics.median(r["cpu"] for r in rs)
        wall = statistics.median(r["wall"] for r in rs)
        print(f"{mode:6} procs={procs}: cpu {cpu:.1f} s wall {wall:.1f} s ({len(rs)} runs)")


if __name__ == "__main__":
    main()
