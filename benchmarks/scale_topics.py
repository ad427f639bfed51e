"""Topics at news length (issue 29): fit_topics on the first N articles of the scaling corpus
(benchmarks/scale_corpus.py, ~650 words each, 8 labels), each size in a fresh process: seconds, peak memory,
memory per document (peak minus the process's memory with the corpus loaded, per document; the peak adds the
peaks of the worker processes that assign documents, an upper bound on what is held at once), NMI against the
`label` column, the number of topics `auto` picked. Appends one row per size to benchmarks/results/scale-topics.json.

The corpus is read as the columns fit_topics uses (doc_id, title, text, date, outlet, label; every article is
English and has text), not through load_corpus: reading is measured by the corpus benchmark. `--old LIB` runs the
same stage with another checkout's lib/ on the path (e.g. a worktree of main before fit_sample) and records the
rows as analysis "topics-before".

    PYTHONPATH=lib python benchmarks/scale_topics.py --sizes 100000,300000,1000000
    PYTHONPATH=lib python benchmarks/scale_topics.py --sizes 100000 --old /tmp/topics-old/lib
"""
from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import ROOT, machine, peak_rss_mb, reset_peak  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "scale-topics.json"
COLUMNS = ["doc_id", "title", "text", "date", "outlet", "label"]


def read_prefix(size: int):
    """The first `size` articles as the corpus columns fit_topics reads."""
    from scale_corpus import scale_corpus

    frame = scale_corpus(size, columns=COLUMNS)
    frame["is_empty"] = False  # every generated article has 150 words or more
    frame["language"] = "en"
    return frame


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024


def workers_peak_mb() -> list[float]:
    """Peak resident memory (VmHWM) of each live child process: the assignment's worker processes."""
    import psutil

    peaks = []
    for child in psutil.Process().children(recursive=True):
        try:
            with open(f"/proc/{child.pid}/status") as fh:
                peaks.append(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024)
        except (OSError, StopIteration):
            pass
    return peaks


def stage(size: int, n_topics, fit_sample: int | None, old: bool) -> dict:
    """One size in this process: read, then fit with peak memory measured from here."""
    from newslab.topics import fit_topics

    corpus = read_prefix(size)
    gc.collect()
    before = rss_mb()
    reset_peak()
    options = {} if old else {"fit_sample": fit_sample}
    started = time.perf_counter()
    result = fit_topics(corpus, n_topics=n_topics, seed=42, **options)
    seconds = time.perf_counter() - started
    workers = workers_peak_mb()  # alive until this process ends (joblib keeps its worker processes for reuse)
    peak = peak_rss_mb() + sum(workers)  # at most this much at once
    m = result.metrics
    return {"analysis": "topics-before" if old else "topics", "documents": size, "seconds": round(seconds, 1),
            "peak_mb": round(peak), "workers_peak_mb": [round(w) for w in workers], "before_mb": round(before),
            "mb_per_doc": round((peak - before) / size, 4), "n_topics_asked": n_topics, "n_topics": m["n_topics"],
            "fit_sample": m.get("fit_sample"), "fit_seconds": result.info.get("fit_seconds"),
            "nmi": round(m["nmi"], 4), "ari": round(m["ari"], 4), "stability": round(m["stability"], 4),
            "distinct": m["documents"], "vocabulary": m["vocabulary"], "machine": machine(),
            "load_avg": round(os.getloadavg()[0], 2), "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="minutes")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--n-topics", default="auto")
    parser.add_argument("--fit-sample", type=int, default=50_000)
    parser.add_argument("--old", default="", help="lib/ of an older checkout to measure instead (no fit_sample there)")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--stage", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        size, n_topics, fit_sample, old = args.stage
        n_topics = n_topics if n_topics == "auto" else int(n_topics)
        print(json.dumps(stage(int(size), n_topics, int(fit_sample), old == "old")))
        return
    env = dict(os.environ, PYTHONPATH=args.old or os.environ.get("PYTHONPATH", str(ROOT / "lib")))
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--stage", str(size), args.n_topics, str(args.fit_sample),
                              "old" if args.old else "new"], capture_output=True, text=True, env=env, check=False)
        if out.returncode != 0:
            raise SystemExit(f"size {size} failed:\n{out.stderr[-3000:]}")
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(json.dumps(row), flush=True)
        if not args.no_save:
            rows = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
            RESULTS.write_text(json.dumps(rows + [row], indent=1) + "\n")


if __name__ == "__main__":
    main()
