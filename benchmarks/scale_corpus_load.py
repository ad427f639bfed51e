"""Loading the news-length scaling corpus (benchmarks/scale_corpus.py) with load_corpus, as every command does
first: seconds, peak memory, memory held after the load and per step times, per size, each size in a fresh
process. `--lib DIR` measures another checkout's newslab (e.g. main's, for the before column); `--input dataset`
loads a partitioned dataset written by `newslab corpus --partition-rows` instead of the Parquet file. Rows of this
checkout on Parquet go to results/scale-load.json (gathered by benchmarks/scale.py), others to load-compared.json.
`--input learning` times boilerplate learning alone on the documents it reads (up to 2,000 per outlet).

    python benchmarks/scale_corpus_load.py --sizes 100000,300000,1000000
    python benchmarks/scale_corpus_load.py --sizes 100000 --lib /tmp/corpus-old/lib --label old
"""
from __future__ import annotations

import argparse
import datetime
import functools
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import ROOT, machine, peak_rss_mb, reset_peak  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "scale-load.json"  # this checkout on Parquet (benchmarks/scale.py reads it)
COMPARED = ROOT / "benchmarks" / "results" / "load-compared.json"  # other code (--lib) or input (dataset)
WORK = Path(tempfile.gettempdir()) / "corpus-scale"  # prefixes and datasets written here
ROW_GROUP = 20_000  # the scaling corpus's row groups
STEPS = {  # (module, function): what the step is called in the JSON row
    ("newslab.corpus.load", "_docs_from_table"): "read_s",
    ("newslab.corpus.load", "read_dataset"): "read_s",
    ("newslab.corpus.boilerplate", "learn_boilerplate"): "learn_boilerplate_s",
    ("newslab.corpus.boilerplate", "apply_boilerplate"): "cut_boilerplate_s",
    ("newslab.corpus.load", "_finish"): "derived_columns_s",
}


def source() -> Path:
    """The largest scaling corpus in the temporary folder (the 1M one once the lead has built it)."""
    have = sorted(Path(tempfile.gettempdir()).glob("newslab-scale-news-v1-*.parquet"),
                  key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if not have:
        raise SystemExit("no scaling corpus: run benchmarks/scale_corpus.py --size N first")
    return have[-1]


def prefix(size: int) -> Path:
    """The first `size` articles as a Parquet file of their own (copied row group by row group, once)."""
    import pyarrow.parquet as pq

    src = source()
    if int(src.stem.rsplit("-", 1)[1]) == size:
        return src
    out = WORK / f"news-{size}.parquet"
    if not out.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        reader = pq.ParquetFile(src)
        if reader.metadata.num_rows < size:
            raise SystemExit(f"{src} holds {reader.metadata.num_rows:,} articles, fewer than {size:,}")
        with pq.ParquetWriter(out.with_suffix(".tmp"), reader.schema_arrow, compression="zstd") as writer:
            for group in range(-(-size // ROW_GROUP)):
                table = reader.read_row_group(group)
                writer.write_table(table.slice(0, size - group * ROW_GROUP), row_group_size=ROW_GROUP)
        out.with_suffix(".tmp").rename(out)
    return out


def dataset(size: int) -> Path:
    """The prefix written as a partitioned corpus dataset by the code under test (once)."""
    out = WORK / f"news-{size}-dataset.parquet"
    if not out.exists():
        from newslab import load_corpus
        from newslab.corpus.dataset import write_dataset

        write_dataset(load_corpus(prefix(size)), out, partition_rows=100_000)
    return out


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def timed(steps: dict, name: str, func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            steps[name] = round(steps.get(name, 0) + time.perf_counter() - began, 2)
    return wrapper


def learning_stage(size: int) -> dict:
    """learn_boilerplate alone on the documents it reads of the first `size` articles (the others left empty, so
    the corpus around them costs next to nothing): its time and peak memory, as load_corpus spends them."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    from newslab.corpus.boilerplate import doc_groups, learn_boilerplate

    reader = pq.ParquetFile(prefix(size))
    frame = pd.DataFrame({"outlet": reader.read(columns=["outlet"])["outlet"].to_pandas(), "source_file": "x"})
    groups = doc_groups(frame)  # the documents learn_boilerplate reads: evenly spread max_docs of each group
    rank, count = groups.groupby(groups, sort=False).cumcount().to_numpy(), groups.map(groups.value_counts()).to_numpy()
    chosen = np.flatnonzero(rank % np.maximum(1, np.ceil(count / 2000)).astype("int64") == 0)
    text = np.full(len(frame), "", dtype=object)
    for group in range(reader.num_row_groups):
        lo = group * ROW_GROUP
        want = chosen[(chosen >= lo) & (chosen < lo + ROW_GROUP)]
        if len(want):
            text[want] = reader.read_row_group(group, columns=["text"])["text"].take(pa.array(want - lo)).to_pylist()
    frame["text"] = text
    gc.collect()
    before = rss_mb()
    reset_peak()
    began = time.perf_counter()
    table = learn_boilerplate(frame)
    return {"analysis": "learn_boilerplate", "documents": size, "learning_documents": len(chosen),
            "seconds": round(time.perf_counter() - began, 1), "peak_above_start_mb": round(peak_rss_mb() - before),
            "templates": len(table)}


def stage(size: int, lib: str | None, label: str, kind: str) -> dict:
    """Load one size in this process; the JSON row."""
    if lib:
        sys.path.insert(0, lib)
    if kind == "learning":
        row = learning_stage(size)
        return {**row, "code": label, "machine": machine(), "load_avg": round(os.getloadavg()[0], 2),
                "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    import importlib
    import warnings

    import pandas as pd  # noqa: F401  (imported before measuring, as the CLI has it)
    import pyarrow  # noqa: F401
    from newslab import load_corpus

    path = dataset(size) if kind == "dataset" else prefix(size)
    steps: dict = {}
    for (module, name), step in STEPS.items():
        mod = importlib.import_module(module)
        if hasattr(mod, name):
            setattr(mod, name, timed(steps, step, getattr(mod, name)))
    gc.collect()
    before = rss_mb()
    reset_peak()
    began = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(path)
    seconds = time.perf_counter() - began
    peak = peak_rss_mb()
    gc.collect()
    held = rss_mb() - before
    frame = corpus.memory_usage(deep=True).sum() / 2**20
    n = len(corpus)
    return {
        "analysis": "load", "code": label, "input": kind, "documents": n, "seconds": round(seconds, 1),
        "peak_mb": round(peak), "mb_per_doc": round((peak - before) / n, 5),
        "kb_per_doc_peak": round((peak - before) * 1024 / n, 1), "kb_per_doc_held": round(held * 1024 / n, 1),
        "frame_mb": round(frame), "kb_per_doc_frame": round(frame * 1024 / n, 1),
        "steps": steps, "machine": machine(), "load_avg": round(os.getloadavg()[0], 2),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--lib", default=None, help="a newslab lib/ folder to measure instead of this checkout's")
    parser.add_argument("--label", default="new", help="what the rows call the code measured")
    parser.add_argument("--input", choices=["parquet", "dataset", "learning"], default="parquet",
                        help="learning: boilerplate learning alone, on the documents it reads")
    parser.add_argument("--no-save", action="store_true", help="print the rows without appending them to the results")
    parser.add_argument("--stage", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage is not None:
        print(json.dumps(stage(args.stage, args.lib, args.label, args.input)))
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        prefix(size)  # written here, not in the measured process: copying it would count as that process's memory
        command = [sys.executable, __file__, "--stage", str(size), "--label", args.label, "--input", args.input]
        env = dict(os.environ, PYTHONPATH=args.lib or str(ROOT / "lib"))
        done = subprocess.run(command + (["--lib", args.lib] if args.lib else []), capture_output=True, text=True,
                              env=env, check=False)
        if done.returncode != 0:
            raise SystemExit(f"size {size} failed:\n{done.stderr[-3000:]}")
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(row), flush=True)
        rows.append(row)
    if not args.no_save:
        results = RESULTS if args.lib is None and args.input == "parquet" else COMPARED
        old = json.loads(results.read_text()) if results.exists() else []
        results.write_text(json.dumps(old + rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
