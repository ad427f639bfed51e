"""Outlet flow and coordinated publishing: time and peak memory, end to end on BBC over outlets with wire
passages, and the flow stage alone on wire-scale synthetic reuse (many passages, each in many outlets) to show
its cost grows linearly with the passages. Prints one row per size.

    python benchmarks/flow.py                   # BBC end to end, then 25k, 50k, 100k, 200k synthetic passages
    python benchmarks/flow.py --sizes 10000     # a quick run
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import ROOT, machine, peak_rss_mb, reset_peak, run_stage, shared_or_exit  # noqa: E402

OUTLETS = 200
WIRES = 5  # agency-like outlets where most passages start
LOCKSTEP = 8  # outlets that re-publish 30% of the passages within the same hour


def synthetic(n_passages: int, seed: int = 0):
    """A corpus table and a DuplicateResult of `n_passages` wire passages held by 2-20 outlets each."""
    from newslab.reuse.duplicates import PAIR_COLUMNS, DuplicateResult
    from newslab.reuse.clusters import CLUSTER_COLUMNS, MEMBER_COLUMNS
    from newslab.reuse.passages import PassageResult

    rng = np.random.default_rng(seed)
    names = np.array([f"outlet {i:03d}" for i in range(OUTLETS)])
    start = np.datetime64("2024-01-01T00:00") + rng.integers(0, 365 * 24 * 60, n_passages).astype("timedelta64[m]")
    k = rng.integers(2, 21, n_passages)
    pid = np.repeat(np.arange(n_passages), k)
    first = np.r_[0, np.cumsum(k)[:-1]]
    is_first = np.zeros(len(pid), dtype=bool)
    is_first[first] = True
    outlet = rng.integers(WIRES, OUTLETS, len(pid))
    outlet[first] = rng.integers(0, WIRES, n_passages)
    lag_min = np.where(is_first, 0, rng.exponential(36 * 60, len(pid)).astype(np.int64) + 1)
    lock = np.repeat(rng.random(n_passages) < 0.3, k)
    slot = np.arange(len(pid)) - np.repeat(first, k)
    in_lock = lock & (slot >= 1) & (slot <= LOCKSTEP)
    outlet[in_lock] = WIRES + slot[in_lock] - 1  # the lock-step outlets, all within one hour of each other
    lag_min[in_lock] = 48 * 60 + rng.integers(0, 60, int(in_lock.sum()))  # days after the source, in one hour
    date = np.repeat(start, k) + lag_min.astype("timedelta64[m]")
    doc = np.array([f"d{i}" for i in range(len(pid))])
    corpus = pd.DataFrame({"doc_id": doc, "outlet": names[outlet], "date": date, "title": doc, "is_empty": False,
                           "n_words": 300})
    occ = pd.DataFrame({"passage_id": pid, "doc_id": doc, "date": date, "outlet": names[outlet], "is_first": is_first})
    passages = pd.DataFrame({"passage_id": np.arange(n_passages), "boilerplate_outlet": "",
                             "text": [f"passage {i}" for i in range(n_passages)]})
    empty = DuplicateResult(pairs=pd.DataFrame(columns=PAIR_COLUMNS), clusters=pd.DataFrame(columns=CLUSTER_COLUMNS),
                            members=pd.DataFrame(columns=MEMBER_COLUMNS), scored=pd.DataFrame(columns=PAIR_COLUMNS),
                            passages=PassageResult(passages, occ))
    return corpus, empty


def stage_synthetic(n: int) -> dict:
    from newslab.reuse import find_flows

    corpus, dups = synthetic(n)
    reset_peak()
    t = time.perf_counter()
    # a lock-step pair co-publishes ~30% of all passages, two random outlets ~0.1%: 1% separates them at any size
    result = find_flows(corpus, duplicates=dups, time_window="1d", fast_window="1h", min_repeats=max(20, n // 100))
    seconds = time.perf_counter() - t
    groups = result.groups.groupby("group")["outlet"].agg(list)
    lockstep = {f"outlet {i:03d}" for i in range(WIRES, WIRES + LOCKSTEP)}
    return {"passages": n, "holdings": len(result.holdings), "seconds": round(seconds, 2),
            "peak_mib": round(peak_rss_mb()), "flows": len(result.edges), "pairs": result.info["co_published_pairs"],
            "coordinated_edges": len(result.coordinated),
            "largest_group": len(groups.iloc[0]) if len(groups) else 0,
            "lockstep_found": bool(len(groups)) and set(groups.iloc[0]) == lockstep}


def stage_bbc() -> dict:
    sys.path.insert(0, str(ROOT / "tests" / "corpora"))
    from realworld import bbc_stories, make_outlet_corpus

    from newslab.corpus import load_corpus
    from newslab.reuse import find_duplicates, find_flows

    warnings.simplefilter("ignore")
    planted = make_outlet_corpus(bbc_stories(shared_or_exit("corpora", "bbc", "articles"), drop_duplicates=True),
                                 n_outlets=12, wire_passages=300, wire_outlets=(3, 10), copies=100, seed=0)
    with tempfile.TemporaryDirectory() as tmp:  # read as a user's table would be
        planted.docs.to_parquet(Path(tmp) / "corpus.parquet")
        corpus = load_corpus(Path(tmp) / "corpus.parquet")
    reset_peak()
    t = time.perf_counter()
    dups = find_duplicates(corpus)
    middle = time.perf_counter()
    result = find_flows(corpus, duplicates=dups)
    end = time.perf_counter()
    wire = result.edges[result.edges["source_kind"] == "wire"]
    return {"documents": len(corpus), "passages": len(dups.passages.passages), "holdings": len(result.holdings),
            "duplicates_s": round(middle - t, 2), "flow_s": round(end - middle, 2), "peak_mib": round(peak_rss_mb()),
            "flows": len(result.edges), "wire_flows": len(wire), "coordinated_edges": len(result.coordinated)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="25000,50000,100000,200000", help="synthetic passage counts")
    parser.add_argument("--stage", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        kind, *rest = args.stage
        print(json.dumps(stage_bbc() if kind == "bbc" else stage_synthetic(int(rest[0]))))
        return
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[:3]
    print(f"machine: {machine()}; load average {' '.join(load)}")
    bbc = run_stage(__file__, "bbc")
    print(f"BBC over 12 outlets, 300 wire passages, 100 copies: {bbc['documents']:,} documents, {bbc['passages']:,} "
          f"passages, {bbc['holdings']:,} holdings; find_duplicates {bbc['duplicates_s']} s, find_flows "
          f"{bbc['flow_s']} s, peak {bbc['peak_mib']:,} MiB; {bbc['flows']} flows ({bbc['wire_flows']} from wire "
          f"credits), {bbc['coordinated_edges']} coordinated edges")
    print(f"{'passages':>9} {'holdings':>10} {'seconds':>8} {'s/1M holdings':>14} {'peak MiB':>9} {'flows':>7} "
          f"{'co-pub pairs':>13} {'coord edges':>11} {'largest group':>13} {'= the lock-step 8':>17}")
    for n in (int(x) for x in args.sizes.split(",")):
        r = run_stage(__file__, "synthetic", str(n))
        print(f"{r['passages']:>9,} {r['holdings']:>10,} {r['seconds']:>8} {r['seconds'] / r['holdings'] * 1e6:>14.1f} "
              f"{r['peak_mib']:>9,} {r['flows']:>7,} {r['pairs']:>13,} {r['coordinated_edges']:>11,} "
              f"{r['largest_group']:>13} {str(r['lockstep_found']):>17}")


if __name__ == "__main__":
    main()
