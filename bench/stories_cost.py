"""The story pass's cost alone, over a corpus: what `reader index` spends assigning stories (issue 14).

    python bench/stories_cost.py [CORPUS] [--chunk 18000]

Walks the corpus as the build does and reads each article (clean title, body and date: not timed), then
times what the build does with it for stories: `Stories.assign` (sketch, MinHash signature, LSH query and
insert, the exact scores and `RULES`), in the build's order, and the state saved beside the index after
each commit (a build of more than 2,000 files commits every CHUNK_FILES, 18,000, files). Both in CPU time
of this process (the build assigns in its main process, one article after another) and wall time. The
articles are read one at a time and dropped, as the build does, so memory is the stories' state's.
Prints one line and the figures as JSON; compare with the time to searchable from scratch (README).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval" / "stories"))

from sample import iter_articles  # noqa: E402

from reader.stories import Stories  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/tmp/orangesum-fr")
    ap.add_argument("--chunk", type=int, default=18_000, help="files per commit (the build's CHUNK_FILES)")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    stories = Stories()
    n = multi = 0
    cpu = wall = save_cpu = save_wall = 0.0
    state_bytes = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k, a in enumerate(iter_articles(corpus), 1):
            c0, w0 = time.process_time(), time.perf_counter()
            story = stories.assign(a.id, a.title, a.body, a.date)
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
            n += 1
            multi += story != a.id
            if k % args.chunk == 0:
                save_cpu, save_wall = _save(stories, Path(tmp), save_cpu, save_wall)
        save_cpu, save_wall = _save(stories, Path(tmp), save_cpu, save_wall)
        state_bytes = (Path(tmp) / "stories.pickle").stat().st_size
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {
        "articles": n,
        "joined": multi,
        "assign_cpu_s": round(cpu, 1),
        "assign_wall_s": round(wall, 1),
        "save_cpu_s": round(save_cpu, 1),
        "save_wall_s": round(save_wall, 1),
        "ms_per_article": round(cpu / max(n, 1) * 1e3, 3),
        "state_mb": round(state_bytes / 2**20, 1),
        "peak_rss_mb": round(rss),
    }
    print(
        f"{n} articles ({multi} joined a story): assign {cpu:.1f} s CPU ({wall:.1f} s wall), saves "
        f"{save_cpu:.1f} s CPU ({save_wall:.1f} s wall), state {out['state_mb']} MB, peak RSS {out['peak_rss_mb']} MB"
    )
    print(json.dumps(out))


def _save(stories: Stories, where: Path, cpu: float, wall: float) -> tuple[float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    stories.save(where)
    return cpu + time.process_time() - c0, wall + time.perf_counter() - w0


if __name__ == "__main__":
    main()
