"""Topic quality and speed on BBC (../shared/corpora/bbc/articles) with its exact duplicates removed:
NMI, ARI, NPMI, diversity and wall time per method, with n_topics=5 and "auto"."""
from __future__ import annotations

import sys
import time
import warnings

import pandas as pd

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import machine, shared_or_exit  # noqa: E402


def bbc_without_exact_duplicates() -> pd.DataFrame:
    """BBC minus the second copy of each exact-duplicate pair listed in neardup_pairs.tsv."""
    from newslab import load_corpus

    corpus = load_corpus(shared_or_exit("corpora", "bbc", "articles"))
    pairs = pd.read_csv(shared_or_exit("corpora", "bbc", "neardup_pairs.tsv"), sep="\t")
    drop = set(pairs.loc[pairs["exact_norm_text"] == 1, "id_b"])
    ids = corpus["source_file"].str.replace(".txt", "", regex=False)
    return corpus[~ids.isin(drop)].reset_index(drop=True)


def main() -> None:
    from newslab.topics import fit_topics

    warnings.simplefilter("ignore")
    corpus = bbc_without_exact_duplicates()
    print(f"topics on BBC, {len(corpus):,} documents after removing exact duplicates, {machine()}")
    print(f"{'method':<8}{'k asked':>8}{'k':>4}{'NMI':>7}{'ARI':>7}{'V':>7}{'NPMI':>7}{'div':>6}{'stab':>6}{'seconds':>9}")
    for method in ("nmf", "kmeans", "lda"):
        for k in (5, "auto"):
            started = time.perf_counter()
            m = fit_topics(corpus, n_topics=k, method=method, seed=42).metrics
            seconds = time.perf_counter() - started
            print(f"{method:<8}{str(k):>8}{m['n_topics']:>4}{m['nmi']:>7.3f}{m['ari']:>7.3f}{m['v_measure']:>7.3f}"
                  f"{m['coherence_npmi']:>7.3f}{m['diversity']:>6.2f}{m['stability_ari']:>6.2f}{seconds:>9.1f}")


if __name__ == "__main__":
    main()
