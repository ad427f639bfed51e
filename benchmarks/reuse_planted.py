"""Recall per planted kind of reuse, for the exact and LSH candidate generators, on BBC News with planted
copies: exact copies, light and heavy edits, excerpts, stories embedded in round-ups, and one 40-word passage
syndicated into 150 stories. Prints one table row per kind and generator."""
from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import machine, shared_or_exit  # noqa: E402

PER_KIND = 60
SYNDICATED = 150


def _edit(rng, words: list[str], share: float) -> list[str]:
    out = list(words)
    for i in rng.choice(len(out), max(1, int(share * len(out))), replace=False):
        out[i] = f"edited{rng.integers(1e6)}"
    return out


def planted_corpus(seed: int = 0) -> tuple[pd.DataFrame, list[tuple[str, str, str]], list[str], str]:
    """BBC plus planted documents; (kind, original, copy) per planted pair; the syndicated holders and passage."""
    from newslab import load_corpus
    from newslab.corpus.textparse import count_words

    warnings.simplefilter("ignore")
    bbc = load_corpus(shared_or_exit("corpora", "bbc", "articles"))
    bbc = bbc[~bbc["is_empty"]].reset_index(drop=True)
    rng = np.random.default_rng(seed)
    picks = iter(rng.permutation(len(bbc)))
    rows, planted = [], []

    def add(kind, source_id, words, date):
        new_id = f"planted/{kind}/{len(rows)}"
        text = " ".join(words)
        rows.append({"doc_id": new_id, "text": text, "title": new_id, "date": date, "outlet": "",
                     "n_words": count_words(text), "is_empty": False, "text_hash": str(hash(text))})
        planted.append((kind, source_id, new_id))

    for kind in ("exact", "light edit", "heavy edit", "excerpt", "embedded"):
        for _ in range(PER_KIND):
            src = bbc.iloc[next(picks)]
            words = src["text"].split()
            if kind == "exact":
                copy = words
            elif kind == "light edit":
                copy = _edit(rng, words, 0.02)
            elif kind == "heavy edit":  # 6% of words replaced and one tenth of the text dropped
                copy = _edit(rng, words, 0.06)
                cut = rng.integers(0, len(copy) - len(copy) // 10)
                copy = copy[:cut] + copy[cut + len(copy) // 10:]
            elif kind == "excerpt":
                n = max(30, len(words) * 2 // 5)
                start = rng.integers(0, len(words) - n + 1)
                copy = words[start:start + n]
            else:  # the story between two invented stories of a round-up
                copy = [f"roundup{rng.integers(1e6)}" for _ in range(len(words))] + words + \
                       [f"roundup{rng.integers(1e6)}" for _ in range(len(words))]
            add(kind, src["doc_id"], copy, src["date"])
    passage = "the ministry said in a statement released late on tuesday that the agreement signed by both " \
              "delegations would take effect next month and that observers from the united nations would " \
              "monitor how it is carried out in every province."
    sources = {source for _, source, _ in planted}  # the passage goes into stories that are no planted source
    holders = [d for d in bbc["doc_id"].to_numpy()[rng.permutation(len(bbc))] if d not in sources][:SYNDICATED]
    corpus = bbc.copy()
    at = corpus["doc_id"].isin(holders)
    corpus.loc[at, "text"] = [t.replace("\n\n", "\n\n" + passage + "\n\n", 1) if "\n\n" in t else t + "\n\n" + passage
                              for t in corpus.loc[at, "text"]]
    corpus = pd.concat([corpus, pd.DataFrame(rows)], ignore_index=True)
    return corpus, planted, holders, passage


def main() -> None:
    from newslab.reuse import find_duplicates

    corpus, planted, holders, passage = planted_corpus()
    print(f"planted reuse on BBC News ({len(corpus):,} documents with {len(planted)} planted copies and one "
          f"{len(passage.split())}-word passage in {SYNDICATED} stories), {machine()}")
    expected = {"exact": {"exact"}, "light edit": {"near"}, "heavy edit": {"near"}, "excerpt": {"contained"},
                "embedded": {"contained"}}
    print("| kind | generator | planted | found (any relation) | found as expected | relations found |")
    print("|---|---|---|---|---|---|")
    for method in ("exact", "lsh"):
        started = time.perf_counter()
        result = find_duplicates(corpus, method=method)
        seconds = time.perf_counter() - started
        # BBC holds exact copies of its own; a pair found with an exact copy of the source counts (exact groups are stars)
        first = dict(zip(result.pairs.doc_b[result.pairs.kind == "exact"], result.pairs.doc_a[result.pairs.kind == "exact"]))
        kind_of = {}
        for a, b, k in zip(result.pairs.doc_a, result.pairs.doc_b, result.pairs.kind):
            kind_of.setdefault(frozenset((first.get(a, a), first.get(b, b))), k)
            kind_of.setdefault(frozenset((a, b)), k)
        for kind in expected:
            pairs = [frozenset((first.get(a, a), b)) if first.get(a, a) != b else frozenset((a, b))
                     for k, a, b in planted if k == kind]
            got = [kind_of.get(p) for p in pairs]
            hits = sum(g is not None for g in got)
            right = sum(g in expected[kind] for g in got)
            spread = ", ".join(f"{k} {n}" for k, n in pd.Series([g or "missed" for g in got]).value_counts().items())
            print(f"| {kind} | {method} | {len(pairs)} | {hits / len(pairs):.3f} | {right / len(pairs):.3f} | {spread} |")
        found = result.passages.passages
        rows = found[found["text"].str.lower().str.contains("the agreement signed by both delegations", regex=False)]
        holding = set(rows["documents"].iloc[0].split(" | ")) if len(rows) else set()
        print(f"| syndicated passage | {method} | {SYNDICATED} documents | {len(holding & set(holders)) / SYNDICATED:.3f} "
              f"| {len(rows)} passage row(s) | {len(holding):,} documents listed |")
        print(f"({method}: {seconds:.1f} s; stages: " + ", ".join(f"{k[:-2]} {v:.2f} s" for k, v in result.info.items()
                                                                 if k.endswith("_s")) + ")")


if __name__ == "__main__":
    main()
