"""Duplicate detection: `newslab duplicates` against `newslab corpus` on Reuters-21578 (the speed target, with
each stage's time); pair quality on BBC and Reuters-21578 against brute-force exact Jaccard over all pairs and
against the shared reference TSVs; Reuters speed and memory side by side with datasketch; and how the exact
and LSH generators scale (to choose LSH_ABOVE). `--only ratio,quality,speed,scaling` picks parts."""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import machine, peak_rss_mb, reset_peak, run_stage, shared_or_exit  # noqa: E402

THRESHOLDS = (0.5, 0.8)


def load(name: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Corpus (non-empty documents), reference pairs, and the reference id of each document."""
    from newslab import load_corpus

    warnings.simplefilter("ignore")
    if name == "bbc":
        corpus = load_corpus(shared_or_exit("corpora", "bbc", "articles"))
        ref_id = corpus["source_file"].str.replace(".txt", "", regex=False)
    else:
        corpus = load_corpus(shared_or_exit("corpora", "reuters21578", "reuters21578.jsonl.gz"), text_column="body", id_column="newid")
        ref_id = corpus["doc_id"]
    reference = pd.read_csv(shared_or_exit("corpora", name if name == "bbc" else "reuters21578", "neardup_pairs.tsv"),
                            sep="\t", dtype={"id_a": str, "id_b": str})
    keep = ~corpus["is_empty"]
    return corpus[keep].reset_index(drop=True), reference, ref_id[keep].reset_index(drop=True)


def brute_force_pairs(corpus: pd.DataFrame, threshold: float) -> set[frozenset]:
    """Every pair with word 5-gram Jaccard ≥ threshold, from the full sparse product (no filtering)."""
    import scipy.sparse as sp

    from newslab.reuse.shingles import build_shingle_matrix

    sm = build_shingle_matrix(corpus["text"].tolist(), k=5)
    inter = sp.triu(sm.matrix @ sm.matrix.T, k=1).tocoo()
    sizes = sm.sizes
    jac = inter.data / (sizes[inter.row] + sizes[inter.col] - inter.data)
    ids = corpus["doc_id"].to_numpy()
    hit = jac >= threshold
    return {frozenset((ids[i], ids[j])) for i, j in zip(inter.row[hit], inter.col[hit])}


def quality(name: str) -> None:
    from newslab.reuse.duplicates import find_duplicates

    corpus, reference, ref_id = load(name)
    to_doc = dict(zip(ref_id, corpus["doc_id"]))
    for method in ("exact", "lsh"):
        result = find_duplicates(corpus, method=method)
        exact = result.pairs[result.pairs.kind == "exact"]
        first = dict(zip(exact.doc_b, exact.doc_a))  # exact groups are stars: a copy stands for its first copy

        def same(pairs):
            return {frozenset((first.get(a, a), first.get(b, b))) for a, b in pairs}

        for t in THRESHOLDS:
            truth = brute_force_pairs(corpus, t)
            kept = [(a, b) for a, b, j in zip(result.pairs.doc_a, result.pairs.doc_b, result.pairs.jaccard) if j >= t]
            found = {frozenset(p) for p in kept}
            linked = same(kept)
            covered = {p for p in truth if len(same([tuple(p)]) & linked) or len(next(iter(same([tuple(p)])))) == 1}
            ref = {frozenset((to_doc.get(a), to_doc.get(b))) for a, b, j in
                   zip(reference.id_a, reference.id_b, reference.jaccard_5gram) if j >= t and a in to_doc and b in to_doc}
            precision = len(found & truth) / max(len(found), 1)
            ref_covered = {p for p in ref if None not in p and (len(same([tuple(p)]) & linked) or len(next(iter(same([tuple(p)])))) == 1)}
            print(f"{name:<8}{method:<6} J≥{t}: brute force {len(truth):>4} pairs, found {len(found):>4}, "
                  f"recall {len(covered) / max(len(truth), 1):.3f} (pairs through an exact copy's first copy count), "
                  f"precision {precision:.3f}; reference TSV {len(ref):>4} pairs, recall {len(ref_covered) / max(len(ref), 1):.3f}")


def stage(kind: str, copies: int) -> dict:
    """One timed run on Reuters (optionally grown with perturbed copies); printed as JSON."""
    corpus, _, _ = load("reuters")
    if copies > 1:
        corpus = grow(corpus, copies)
    reset_peak()
    started = time.perf_counter()
    if kind in ("exact", "lsh"):
        from newslab.reuse.duplicates import find_duplicates

        result = find_duplicates(corpus, method=kind)
        pairs = {frozenset(p) for p in zip(result.pairs.doc_a, result.pairs.doc_b)}
        n_found = len(pairs)
        found_j = [frozenset((a, b)) for a, b, j in zip(result.pairs.doc_a, result.pairs.doc_b, result.pairs.jaccard) if j >= 0.5]
    else:
        from datasketch import MinHash, MinHashLSH

        from newslab.corpus.textparse import tokenize

        sets = []
        for text in corpus["text"]:
            w = tokenize(text)
            sets.append([" ".join(w[i:i + 5]).encode() for i in range(max(len(w) - 4, 1))])
        hashes = MinHash.bulk(sets, num_perm=128)
        lsh = MinHashLSH(threshold=0.5, num_perm=128)
        ids = corpus["doc_id"].tolist()
        for d, h in zip(ids, hashes):
            lsh.insert(d, h)
        found_j = [frozenset((d, o)) for d, h in zip(ids, hashes) for o in lsh.query(h) if o != d]
        n_found = len(set(found_j))
    seconds = time.perf_counter() - started
    return {"kind": kind, "documents": len(corpus), "seconds": round(seconds, 2), "peak_mb": round(peak_rss_mb()),
            "pairs": n_found, "pairs_j05": sorted(map(sorted, set(found_j)))}


def grow(corpus: pd.DataFrame, copies: int) -> pd.DataFrame:
    """Reuters plus `copies - 1` rewrites of it with 30% of words replaced (seeded): more documents, same style."""
    rng = np.random.default_rng(0)
    frames = [corpus]
    for c in range(1, copies):
        texts = []
        for text in corpus["text"]:
            words = text.split()
            swap = rng.random(len(words)) < 0.3
            texts.append(" ".join(f"x{rng.integers(1e6)}" if s else w for w, s in zip(words, swap)))
        frames.append(corpus.assign(text=texts, doc_id=corpus["doc_id"] + f"~{c}", text_hash=[str(hash(t)) for t in texts]))
    return pd.concat(frames, ignore_index=True)


def cli_ratio(repeats: int) -> None:
    """Wall time of `newslab corpus` and `newslab duplicates` on Reuters-21578, alternating, `repeats` times each."""
    path = str(shared_or_exit("corpora", "reuters21578", "reuters21578.jsonl.gz"))
    common = [path, "--text-column", "body", "--id-column", "newid"]
    import resource

    runs: dict[str, list[float]] = {"corpus": [], "duplicates": []}
    cpu: dict[str, list[float]] = {"corpus": [], "duplicates": []}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(repeats):
            for command, out in (("corpus", f"{tmp}/corpus.parquet"), ("duplicates", f"{tmp}/dup")):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "newslab.cli", command, *common, "--out", out],
                                      capture_output=True, text=True, check=True)
                runs[command].append(time.perf_counter() - started)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[command].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                stages = re.search(r"^time: +(.*)$", done.stdout, re.M)
                print(f"  run {r + 1}: newslab {command:<10} {runs[command][-1]:6.1f} s wall, {cpu[command][-1]:6.1f} s CPU"
                      + (f"   stages: {stages.group(1)}" if stages else ""), flush=True)
    for label, table in (("wall", runs), ("CPU", cpu)):
        corpus, dup = statistics.median(table["corpus"]), statistics.median(table["duplicates"])
        print(f"  median {label}: corpus {corpus:.1f} s, duplicates {dup:.1f} s, ratio {dup / corpus:.2f}x "
              f"(per run: {', '.join(f'{d / c:.2f}' for c, d in zip(table['corpus'], table['duplicates']))})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stage", nargs=2, metavar=("KIND", "COPIES"))
    parser.add_argument("--scale", default="1,3,5", help="Reuters multiples for the scaling table")
    parser.add_argument("--only", default="ratio,quality,speed,scaling", help="parts to run (comma-separated)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each command for the ratio")
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stage(args.stage[0], int(args.stage[1]))))
        return
    parts = set(args.only.split(","))
    print(f"duplicate detection, {machine()}")
    if "ratio" in parts:
        print("Reuters-21578: `newslab duplicates` (pairs, clusters, passages) against `newslab corpus`, end to end:")
        cli_ratio(args.repeats)
    if "quality" in parts:
        for name in ("bbc", "reuters"):
            quality(name)
    if "speed" not in parts and "scaling" not in parts:
        return
    corpus, _, _ = load("reuters")
    truth = brute_force_pairs(corpus, 0.5)
    print("Reuters-21578 end to end (shingling, passages, candidates, verification, clusters), each in a fresh process:")
    for kind in ("exact", "lsh", "datasketch") if "speed" in parts else ():
        r = run_stage(__file__, kind, "1")
        got = {frozenset(p) for p in r["pairs_j05"]} & truth
        print(f"  {kind:<11}{r['seconds']:>7.2f} s  peak {r['peak_mb']:>5} MiB  recall of J≥0.5 pairs {len(got) / len(truth):.3f}")
    print("scaling (Reuters grown with 30%-rewritten copies):")
    for copies in map(int, args.scale.split(",")) if "scaling" in parts else ():
        row = [run_stage(__file__, kind, str(copies)) for kind in ("exact", "lsh")]
        print(f"  {row[0]['documents']:>8,} docs: exact {row[0]['seconds']:>7.2f} s / {row[0]['peak_mb']:>5} MiB;"
              f"  lsh {row[1]['seconds']:>7.2f} s / {row[1]['peak_mb']:>5} MiB")


if __name__ == "__main__":
    main()
