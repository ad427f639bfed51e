"""find_duplicates on news-length articles (benchmarks/scale_corpus.py, ~650 words) at 100k, 300k and 1M: time per
stage, peak memory and memory per document over the loaded corpus, each size in a fresh process; `--old LIB`
runs another checkout's lib/ (the code before streaming) for comparison. One JSON line per run, appended to
benchmarks/results/scale-duplicates.json. Sizes not run can be projected from the two largest measured (`--project`).

The corpus is the first N rows of the cached Parquet file, its columns assembled here (doc_id, title, text, date,
outlet; n_words and is_empty as load_corpus counts them) rather than through load_corpus, whose memory at 1M is
measured on its own (benchmarks/scale_corpus.py); find_duplicates reads only these columns.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import ROOT, machine, peak_rss_mb, reset_peak  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "scale-duplicates.json"


def rss_mb() -> float:
    """This process's resident memory now, in MiB."""
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024


def release_freed() -> None:
    """Give memory freed while loading (Arrow buffers, pandas copies) back to the system, so that the memory before
    the analysis is the corpus itself and the analysis cannot hide its own peak inside freed pages."""
    import ctypes
    import gc

    import pyarrow as pa

    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def corpus_of(size: int):
    """The first `size` articles with the columns find_duplicates reads, as load_corpus would type them."""
    from scale_corpus import scale_corpus

    from newslab.corpus.textparse import count_words

    frame = scale_corpus(size, columns=["doc_id", "title", "text", "date", "outlet"])
    frame["date"] = frame["date"].astype("datetime64[ns]")
    frame["n_words"] = frame["text"].map(count_words).astype("int64")
    frame["is_empty"] = frame["n_words"] < 10
    return frame


def stage(size: int, method: str, code: str) -> dict:
    """One run in this fresh process: load the prefix, then find_duplicates with peak memory reset before it."""
    from newslab.reuse import find_duplicates

    started = time.perf_counter()
    corpus = corpus_of(size)
    load_s = time.perf_counter() - started
    release_freed()
    before = rss_mb()
    reset_peak()
    started = time.perf_counter()
    result = find_duplicates(corpus, method=method)
    seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    info = result.info
    return {
        "analysis": "duplicates", "documents": len(corpus), "seconds": round(seconds, 1), "peak_mb": round(peak),
        "mb_per_doc": round((peak - before) / len(corpus), 5), "kb_per_doc": round((peak - before) * 1024 / len(corpus), 2),
        "corpus_mb": round(before), "freed_released": True, "load_s": round(load_s, 1), "code": code,
        "method": info["method"],
        "stages": {k: v for k, v in info.items() if k.endswith("_s")},
        "counts": {k: int(v) for k, v in result.counts().items()}, "candidates": info["candidates"],
        "passages": info["passages"], "shingles": info["shingles"],
        **{k: info[k] for k in ("stream_shingles", "shared_shingles", "shared_postings", "spill_buckets") if k in info},
        "machine": machine(), "load_avg": round(os.getloadavg()[0], 2),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def run(size: int, method: str, old: str | None) -> dict:
    """A stage in a fresh interpreter, with `old`'s lib/ first on the path when given."""
    env = dict(os.environ)
    lib = Path(old) if old else ROOT / "lib"
    env["PYTHONPATH"] = os.pathsep.join([str(lib), env.get("PYTHONPATH", "")])
    code = f"old ({old})" if old else "streamed"
    out = subprocess.run([sys.executable, __file__, "--stage", str(size), method, code], capture_output=True,
                         text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"stage {size} {method} {code} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def project(rows: list[dict], size: int) -> dict:
    """A row for `size` documents on the line through the two largest measured runs (time and memory)."""
    a, b = sorted(rows, key=lambda r: r["documents"])[-2:]
    def at(key):
        slope = (b[key] - a[key]) / (b["documents"] - a["documents"])
        return b[key] + slope * (size - b["documents"])
    peak = at("peak_mb")
    return {**{k: b[k] for k in ("analysis", "code", "method", "machine")}, "documents": size,
            "seconds": round(at("seconds"), 1), "peak_mb": round(peak), "corpus_mb": round(at("corpus_mb")),
            "mb_per_doc": round((peak - at("corpus_mb")) / size, 5), "projected": True,
            "load_avg": round(os.getloadavg()[0], 2), "date": b["date"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--method", default="auto", choices=["auto", "exact", "lsh"])
    parser.add_argument("--old", help="another checkout's lib/ folder (the code before), run at --sizes")
    parser.add_argument("--project", type=int, help="also project this many documents from the two largest runs")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--stage", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stage(int(args.stage[0]), args.stage[1], args.stage[2])))
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.append(run(size, args.method, args.old))
        print(json.dumps(rows[-1]), flush=True)
    if args.project:
        rows.append(project(rows, args.project))
        print(json.dumps(rows[-1]), flush=True)
    if not args.no_save:
        saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
        RESULTS.write_text(json.dumps(saved + rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
