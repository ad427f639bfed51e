"""Labelled news corpora for choosing the topic model, built offline from ../shared: all BBC files (the
acceptance corpus of `newslab topics`), BBC without exact duplicates, BBC titles only, BBC with unequal class
sizes, and Reuters-21578 single-topic stories of its eight most common topics (the classic "R8" set)."""
from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import shared_or_exit  # noqa: E402

UNEQUAL_SIZES = {"sport": 480, "business": 240, "politics": 120, "tech": 60, "entertainment": 30}


def bbc_all_files() -> pd.DataFrame:
    """Every BBC file, the 103 exact duplicates included, as `newslab topics` reads the folder."""
    from newslab import load_corpus

    return load_corpus(shared_or_exit("corpora", "bbc", "articles"))


def bbc_without_exact_duplicates() -> pd.DataFrame:
    """BBC minus the second copy of each exact-duplicate pair listed in neardup_pairs.tsv."""
    corpus = bbc_all_files()
    pairs = pd.read_csv(shared_or_exit("corpora", "bbc", "neardup_pairs.tsv"), sep="\t")
    drop = set(pairs.loc[pairs["exact_norm_text"] == 1, "id_b"])
    ids = corpus["source_file"].str.replace(".txt", "", regex=False)
    return corpus[~ids.isin(drop)].reset_index(drop=True)


def _as_corpus(frame: pd.DataFrame, *, min_words: int = 10) -> pd.DataFrame:
    """A newslab corpus (load_corpus columns) from a frame of id, title, text, label."""
    from newslab.corpus.load import _finish

    frame = frame.assign(source_file="built", position=np.arange(len(frame)), doc_id=frame["id"].astype(str))
    return _finish(frame.drop(columns="id").reset_index(drop=True), min_words=min_words, where="built corpus", id_column=None)


def bbc_titles_only() -> pd.DataFrame:
    """BBC (exact duplicates removed) with each story reduced to its title: about six words a document."""
    bbc = bbc_without_exact_duplicates()
    frame = pd.DataFrame({"id": bbc["doc_id"], "title": "", "text": bbc["title"], "label": bbc["label"]})
    return _as_corpus(frame, min_words=1)


def bbc_unequal(seed: int = 0) -> pd.DataFrame:
    """BBC (exact duplicates removed) sampled to class sizes 480/240/120/60/30: one dominant topic, one rare."""
    bbc = bbc_without_exact_duplicates()
    rng = np.random.default_rng(seed)
    keep = []
    for label, size in UNEQUAL_SIZES.items():
        rows = np.flatnonzero(bbc["label"].to_numpy() == label)
        keep.extend(np.sort(rng.choice(rows, size=size, replace=False)))
    return bbc.iloc[sorted(keep)].reset_index(drop=True)


def reuters_r8() -> pd.DataFrame:
    """Reuters-21578 stories with a body and exactly one topic, of the eight most common such topics,
    the second copy of each exact duplicate (neardup_pairs.tsv) removed."""
    path = shared_or_exit("corpora", "reuters21578", "reuters21578.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    single = [r for r in records if len(r.get("topics") or []) == 1 and (r.get("body") or "").strip()]
    top8 = {t for t, _ in Counter(r["topics"][0] for r in single).most_common(8)}
    pairs = pd.read_csv(shared_or_exit("corpora", "reuters21578", "neardup_pairs.tsv"), sep="\t")
    drop = set(pairs.loc[pairs["exact_norm_text"] == 1, "id_b"].astype(int))
    rows = [{"id": r["newid"], "title": (r.get("title") or "").title(), "text": r["body"], "label": r["topics"][0]}
            for r in single if r["topics"][0] in top8 and r["newid"] not in drop]
    return _as_corpus(pd.DataFrame(rows))


def planted_outlets(*, outlets: bool = True, seed: int = 0) -> pd.DataFrame:
    """All BBC stories (duplicates dropped) spread at random over six made-up outlets (tests/corpora/realworld.py),
    each with its boilerplate and house vocabulary kept in the text; `outlets=False`: the same stories and wire
    passages with neither, and no outlet column (the baseline the guard is measured against)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "corpora"))
    from realworld import bbc_stories, make_outlet_corpus

    stories = bbc_stories(shared_or_exit("corpora", "bbc", "articles"), drop_duplicates=True)
    docs = make_outlet_corpus(stories, n_outlets=6, seed=seed, boilerplate=outlets, house_vocabulary=outlets).docs
    frame = docs[["doc_id", "title", "text", "label", "outlet", "date"]].rename(columns={"doc_id": "id"})
    return _as_corpus(frame if outlets else frame.drop(columns="outlet"))


CORPORA = {"bbc-all": bbc_all_files, "bbc": bbc_without_exact_duplicates, "bbc-titles": bbc_titles_only,
           "bbc-unequal": bbc_unequal, "reuters-r8": reuters_r8}


def load(name: str) -> pd.DataFrame:
    """One of CORPORA, analysable documents only, cached as a pickle under /tmp for repeated runs."""
    cache = Path("/tmp/newslab-topic-corpora") / f"{name}.pkl"
    if cache.exists():
        return pd.read_pickle(cache)
    corpus = CORPORA[name]()
    cache.parent.mkdir(parents=True, exist_ok=True)
    corpus.to_pickle(cache)
    return corpus


if __name__ == "__main__":
    for name in CORPORA:
        c = load(name)
        ok = c[~c["is_empty"]]
        print(f"{name:<12} {len(c):>6,} documents, {len(ok):>6,} non-empty, labels: {ok['label'].value_counts().to_dict()}")
