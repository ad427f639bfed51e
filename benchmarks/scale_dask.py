"""Duplicate detection at scale: the local engine against Dask with 1 and 2 workers on Reuters-21578 grown
with perturbed copies (20k → 200k documents); wall time and peak memory per process, a PNG curve in
benchmarks/results/, and a projection for 10M documents on 16 workers from the measured costs."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import ROOT, machine, peak_rss_mb, reset_peak, shared_or_exit  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
MAX_SIZE = 200_000
ROW_GROUP = 10_000
REWRITE_SHARE = 0.1  # words replaced in each perturbed copy: copies stay near-duplicates of their original


def scaling_corpus(size: int) -> pd.DataFrame:
    """The first `size` documents of the largest scaling corpus (a prefix: built once, kept in /tmp)."""
    cached = Path(tempfile.gettempdir()) / f"newslab-scale-{MAX_SIZE}-{ROW_GROUP}.parquet"
    if not cached.exists():
        build_corpus(MAX_SIZE).to_parquet(cached.with_suffix(".tmp"), row_group_size=ROW_GROUP)
        cached.with_suffix(".tmp").rename(cached)
    import pyarrow.parquet as pq

    groups = range(-(-size // ROW_GROUP))  # only the row groups needed: a small stage's peak is its own
    return pq.ParquetFile(cached).read_row_groups(groups).to_pandas().iloc[:size].reset_index(drop=True)


def build_corpus(size: int) -> pd.DataFrame:
    """The first `size` documents of Reuters followed by seeded rewrites of it (10% of words replaced)."""
    from newslab import load_corpus
    from newslab.corpus import text_hash

    warnings.simplefilter("ignore")
    base = load_corpus(shared_or_exit("corpora", "reuters21578", "reuters21578.jsonl.gz"), text_column="body",
                       id_column="newid")
    base = base[~base["is_empty"]].reset_index(drop=True)
    frames, have, copy = [base], len(base), 0
    while have < size:
        copy += 1
        rng = np.random.default_rng(copy)
        take = base.iloc[: size - have]
        texts = []
        for text in take["text"]:
            words = text.split()
            swap = rng.random(len(words)) < REWRITE_SHARE
            texts.append(" ".join(f"x{rng.integers(1_000_000)}" if s else w for w, s in zip(words, swap)))
        frames.append(take.assign(text=texts, doc_id=take["doc_id"] + f"~{copy}", text_hash=[text_hash(t) for t in texts]))
        have += len(take)
    return pd.concat(frames, ignore_index=True).iloc[:size].reset_index(drop=True)


def _worker_peak_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024


def stage(engine: str, size: int) -> dict:
    """One timed run in this fresh process; `engine` is local, dask1 or dask2 (workers of a LocalCluster)."""
    from newslab.reuse import find_duplicates

    corpus = scaling_corpus(size)
    cluster = None
    if engine != "local":
        from newslab.engine import connect

        cluster = connect(n_workers=int(engine[-1]))
    reset_peak()
    started = time.perf_counter()
    result = find_duplicates(corpus, method="exact", engine="local" if engine == "local" else "dask",
                             scheduler=None if cluster is None else cluster.address)
    seconds = time.perf_counter() - started
    row = {"engine": engine, "documents": len(corpus), "seconds": round(seconds, 1), "client_peak_mb": round(peak_rss_mb()),
           "pairs": len(result.pairs), "candidates": result.info["candidates"], "postings": result.info["shingles"],
           "passages": result.info["passages"], "steps": {k: v for k, v in result.info.items() if k.endswith("_s")}}
    if cluster is not None:
        row |= {"cluster_s": row["steps"].pop("cluster_s"), "stream_shingles": result.info["stream_shingles"]}
        row["worker_peak_mb"] = [round(v) for v in cluster.client.run(_worker_peak_mb).values()]
        cluster.close()
    return row


def run_stage(engine: str, size: int, timeout: float) -> dict | None:
    """A stage in a fresh interpreter (its own peak memory); None when it does not finish within `timeout` s."""
    try:
        out = subprocess.run([sys.executable, __file__, "--stage", engine, str(size)], capture_output=True, text=True,
                             timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        raise SystemExit(f"stage {engine} {size} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def plot(rows: list[dict], path) -> None:
    """Wall time and peak memory per process against documents, one line per engine."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 4), layout="constrained")
    time_ax, mem_ax = fig.subplots(1, 2)
    frame = pd.DataFrame(rows)
    for engine, part in frame.groupby("engine", sort=False):
        part = part.sort_values("documents")
        time_ax.plot(part["documents"], part["seconds"], marker="o", label=engine)
        peak = [max(w) if isinstance(w, list) else c for w, c in zip(part.get("worker_peak_mb", [None] * len(part)),
                                                                     part["client_peak_mb"])]
        line = mem_ax.plot(part["documents"], peak, marker="o",
                           label=f"{engine} ({'largest worker' if engine != 'local' else 'process'})")[0]
        if engine != "local":  # the client's own peak (corpus, per-document vectors, spans, pairs) is shown too
            mem_ax.plot(part["documents"], part["client_peak_mb"], marker="s", linestyle="--",
                        color=line.get_color(), label=f"{engine} (client)")
    time_ax.set(xlabel="documents", ylabel="wall time (s)", title="find_duplicates wall time")
    mem_ax.set(xlabel="documents", ylabel="peak resident memory (MiB)", title="peak memory per process")
    for ax in (time_ax, mem_ax):
        ax.ticklabel_format(axis="x", style="plain")
        ax.xaxis.set_major_formatter(lambda x, _: f"{x / 1000:.0f}k")
        ax.legend()
        ax.grid(alpha=0.3)
    RESULTS.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def project(rows: list[dict], documents: int = 10_000_000, workers: int = 16) -> str | None:
    """Time for `documents` on `workers` from the largest measured Dask run: per-document cost of the work on the
    cluster (hashing, shuffles, runs, overlaps: `cluster_s`), assumed to split evenly across workers, plus the
    client's share (passage tables, scoring, clusters), which does not; memory from the slope of the peaks."""
    dask_rows = [r for r in rows if r["engine"] != "local"]
    if not dask_rows:
        return None
    r = max(dask_rows, key=lambda r: (r["documents"], r["engine"]))
    n_workers = int(r["engine"][-1])
    cluster_s = r["cluster_s"]
    client_s = r["seconds"] - cluster_s
    per_doc_s = cluster_s * n_workers / r["documents"]  # worker-seconds per document on the cluster
    # counted from rows, not measured on the wire: each distinct (doc, hash) posting crosses the network in the
    # shuffle by hash (16 B), the merge with df (16 B), the shuffle by document (24 B) and the candidate merge
    # (16 B, an upper bound: only prefixes and unique texts take part): 72 B; each shingle of the text stream in
    # the merge with keys (24 B) and, when shared, the shuffle by document (32 B): ≤ 56 B
    shuffle_bytes = (r["postings"] * 72 + r["stream_shingles"] * 56) / r["documents"]
    hours = per_doc_s * documents / workers / 3600
    client_h = client_s / r["documents"] * documents / 3600
    same = sorted((q for q in dask_rows if q["engine"] == r["engine"]), key=lambda q: q["documents"])

    def slope_gb(peak_of) -> float:  # memory per document: the slope between the two largest sizes, not the base
        lo, hi = (same[-2], same[-1]) if len(same) > 1 else ({"documents": 0}, same[-1])
        return (peak_of(hi) - (peak_of(lo) if len(same) > 1 else 0)) / (hi["documents"] - lo["documents"]) * documents / 1024

    client_gb = slope_gb(lambda q: q["client_peak_mb"])
    worker_gb = slope_gb(lambda q: max(q["worker_peak_mb"]) * int(q["engine"][-1])) / workers
    return (f"{documents:,} documents on {workers} workers: cluster work ≈ {hours:.1f} h, from {per_doc_s * 1000:.2f} "
            f"worker-ms per document measured at {r['documents']:,} documents on {n_workers} worker(s), scaled "
            f"linearly and divided evenly over {workers} workers; shuffles ≈ {shuffle_bytes / 1024:.1f} KiB per document "
            f"({shuffle_bytes * documents / 2**30:.0f} GiB in all, counted from rows). Client share (passage tables, "
            f"scoring, clusters, orchestration: {client_s:.1f} s here) ≈ {client_h:.1f} h at linear scaling. Peak "
            f"memory at linear scaling (slope between the two largest sizes): client ≈ {client_gb:.0f} GiB, each "
            f"worker ≈ {worker_gb:.1f} GiB. Not measured: network transfer between machines.")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stage", nargs=2, metavar=("ENGINE", "SIZE"))
    parser.add_argument("--sizes", default="20000,50000,100000,200000")
    parser.add_argument("--engines", default="local,dask1,dask2")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds a stage may run before it is reported unfinished")
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stage(args.stage[0], int(args.stage[1]))))
        return
    print(f"duplicate detection at scale, {machine()}; Reuters-21578 + copies with {REWRITE_SHARE:.0%} of words rewritten")
    rows = []
    for size in map(int, args.sizes.split(",")):
        for engine in args.engines.split(","):
            r = run_stage(engine, size, args.timeout)
            if r is None:
                print(f"  {size:>8,} docs  {engine:<6} did not finish within {args.timeout:.0f} s")
                continue
            rows.append(r)
            workers = f"  workers peak {r['worker_peak_mb']} MiB" if "worker_peak_mb" in r else ""
            print(f"  {size:>8,} docs  {engine:<6} {r['seconds']:>8.1f} s  client/process peak {r['client_peak_mb']:>6} MiB"
                  f"{workers}  pairs {r['pairs']:,}  candidates {r['candidates']:,}  steps {r['steps']}", flush=True)
    if rows:
        plot(rows, RESULTS / "scale.png")
        (RESULTS / "scale.json").write_text(json.dumps(rows, indent=1) + "\n")
        print(f"curve: {RESULTS / 'scale.png'}")
        if line := project(rows):
            print("projection: " + line)


if __name__ == "__main__":
    main()
