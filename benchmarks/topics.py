"""Topic models side by side on labelled news corpora (benchmarks/topic_corpora.py): NMI, ARI, stability
(ARI between seeds 42 and 43) and wall time per method with the true number of topics, then `auto` for
the default method: the k it picks and its time against a single fit. `--scaling 20000,100000` instead times
each method with 20 topics on the scaling corpus of benchmarks/scale_dask.py (Reuters-21578 plus rewritten copies).
`--planted` measures the outlet guard (issue 23): BBC stories under six made-up outlets with boilerplate and house
vocabulary kept in the text, NMI against the labels and against the outlet, against the same stories without outlets.

    PYTHONPATH=lib python benchmarks/topics.py [--methods kmeans-consensus,kmeans,nmf] [--corpora bbc,...] [--lda]
    PYTHONPATH=lib python benchmarks/topics.py --scaling 20000,100000 [--methods kmeans-consensus,kmeans]
    PYTHONPATH=lib python benchmarks/topics.py --planted [--seeds 0,1,2]
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import machine  # noqa: E402
import topic_corpora  # noqa: E402


def timed_fit(corpus, **kw) -> tuple[dict, float, float]:
    """Metrics, wall seconds and CPU seconds of this process (each fit is single-threaded; `auto` and the
    consensus' SVDs run two at a time: CPU time is the fairer figure when other processes share the cores)."""
    from newslab.topics import fit_topics

    wall, cpu = time.perf_counter(), time.process_time()
    metrics = fit_topics(corpus, seed=42, **kw).metrics
    return metrics, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    from newslab.topics.methods import DEFAULT_METHOD

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default="kmeans-consensus,kmeans,nmf")
    parser.add_argument("--corpora", default=",".join(topic_corpora.CORPORA))
    parser.add_argument("--lda", action="store_true", help="also LDA, on BBC only (slow)")
    parser.add_argument("--scaling", default="", help="sizes of the scaling corpus to time, e.g. 20000,100000")
    parser.add_argument("--planted", action="store_true", help="the outlet guard on the planted-outlets corpus")
    parser.add_argument("--seeds", default="0", help="with --planted: generator seeds (outlet draws), e.g. 0,1,2")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"topics, seed 42, {machine()}")
    if args.scaling:
        return scaling(args.scaling, args.methods)
    if args.planted:
        return planted([int(s) for s in args.seeds.split(",")])
    print(f"{'corpus':<12}{'docs':>7}{'labels':>7} {'method':<28}{'k':>3}{'NMI':>7}{'ARI':>7}{'stability':>10}{'wall s':>8}{'CPU s':>7}")
    for name in args.corpora.split(","):
        corpus = topic_corpora.load(name)
        n_labels = corpus.loc[~corpus["is_empty"], "label"].nunique()
        methods = args.methods.split(",") + (["lda"] if args.lda and name == "bbc" else [])
        single = {}
        for method in methods:
            m, seconds, cpu = timed_fit(corpus, n_topics=n_labels, method=method)
            single[method] = cpu
            mark = " (default)" if method == DEFAULT_METHOD else ""
            print(f"{name:<12}{m['documents']:>7,}{n_labels:>7} {method + mark:<28}{m['n_topics']:>3}{m['nmi']:>7.3f}"
                  f"{m['ari']:>7.3f}{m['stability']:>10.3f}{seconds:>8.1f}{cpu:>7.1f}", flush=True)
        if DEFAULT_METHOD in single:
            m, seconds, cpu = timed_fit(corpus, n_topics="auto")
            print(f"{name:<12}{m['documents']:>7,}{n_labels:>7} {'auto (default)':<28}{m['n_topics']:>3}{m['nmi']:>7.3f}"
                  f"{m['ari']:>7.3f}{m['stability']:>10.3f}{seconds:>8.1f}{cpu:>7.1f}  CPU {cpu / single[DEFAULT_METHOD]:.1f}x the fit with k given",
                  flush=True)


def planted(seeds: list[int], n_topics: int = 5) -> None:
    """NMI against the labels and the outlet with the guard, without it, and on the same stories without outlets."""
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from newslab.topics import fit_topics

    print("planted: all BBC (duplicates dropped) over 6 made-up outlets, boilerplate and house vocabulary KEPT in the text")
    print(f"{'seed':>4} {'corpus':<34}{'k':>3}{'NMI label':>10}{'NMI outlet':>11}{'dropped':>8}{'wall s':>8}")
    for seed in seeds:
        with_outlets = topic_corpora.planted_outlets(outlets=True, seed=seed)
        outlet = with_outlets.set_index("doc_id")["outlet"]
        runs = (("no outlets (baseline)", topic_corpora.planted_outlets(outlets=False, seed=seed), {}),
                ("outlets, guard on (default)", with_outlets, {}),
                ("outlets, guard off", with_outlets, {"outlet_column": None}))
        for name, corpus, kw in runs:
            wall = time.perf_counter()
            result = fit_topics(corpus, n_topics=n_topics, seed=42, **kw)
            seconds = time.perf_counter() - wall
            topics = result.doc_topics.set_index("doc_id")["topic"]
            m = result.metrics
            print(f"{seed:>4} {name:<34}{m['n_topics']:>3}{m['nmi']:>10.3f}{nmi(outlet[topics.index], topics):>11.3f}"
                  f"{m['outlet_terms_dropped']:>8}{seconds:>8.1f}", flush=True)


def scaling(sizes: str, methods: str, n_topics: int = 20) -> None:
    """Wall and CPU time of each method on the scaling corpus (no labels: time only, the seed-43 refit included)."""
    import resource

    from scale_dask import scaling_corpus

    for size in (int(s) for s in sizes.split(",")):
        corpus = scaling_corpus(size)
        for method in methods.split(","):
            m, seconds, cpu = timed_fit(corpus, n_topics=n_topics, method=method)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"scaling {size:>9,} docs ({m['documents']:,} distinct) {method:<18} k={n_topics}  {seconds:7.1f} s wall"
                  f"  {cpu:7.1f} s CPU  process peak so far {peak:,.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
