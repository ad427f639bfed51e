"""NER quality on CoNLL-2003 test (../shared/corpora/conll2003).

1. The model: entity-level precision/recall/F1 for PER, LOC, ORG after mapping OntoNotes labels
   (PERSON→PER, GPE/LOC/FAC→LOC, ORG→ORG); exact spans.
2. The normalisation: gold mentions, with gold types mapped to spaCy-style labels (PER→PERSON, LOC→GPE,
   ORG→ORG, MISC→NORP), go through newslab.entities.normalize_entities; a gold mention is falsely merged when
   the other mentions of its canonical are mostly (more than half) of another gold type.

    python benchmarks/ner_quality.py [--false-merges-only]
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
import warnings
from collections import Counter

import pandas as pd

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import machine, shared_or_exit  # noqa: E402

MAPPING = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}
GOLD_TO_SPACY = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG", "MISC": "NORP"}


def load_test() -> list[dict]:
    path = shared_or_exit("corpora", "conll2003", "conll2003_docs.jsonl.gz")
    return [r for r in map(json.loads, gzip.open(path, "rt", encoding="utf-8")) if r["split"].startswith("test")]


def model_quality(records: list[dict]) -> None:
    from newslab.corpus import load_corpus
    from newslab.entities.annotate import NAMED_LABELS, annotate

    with tempfile.TemporaryDirectory() as tmp:
        table = f"{tmp}/test.jsonl"
        pd.DataFrame([{"id": r["doc_id"], "text": r["text"]} for r in records]).to_json(table, orient="records", lines=True)
        corpus = load_corpus(table, min_words=0)
        started = time.perf_counter()
        result = annotate(corpus, cache_dir=tmp, labels=NAMED_LABELS, progress=False)
        seconds = time.perf_counter() - started
    same_text = dict(zip(corpus["doc_id"], corpus["text"]))
    usable = {r["doc_id"] for r in records if same_text.get(r["doc_id"]) == r["text"]}
    gold = {(r["doc_id"], e["char_start"], e["char_end"], e["type"]) for r in records if r["doc_id"] in usable
            for e in r["entities"] if e["type"] in ("PER", "LOC", "ORG")}
    ents = result.entities[result.entities["doc_id"].isin(usable)]
    pred = {(d, s, e, MAPPING[lab]) for d, s, e, lab in zip(ents.doc_id, ents.start_char, ents.end_char, ents.model_label)
            if lab in MAPPING}
    print(f"NER on CoNLL-2003 test: {len(usable)} of {len(records)} documents, model {result.model} "
          f"{result.model_version}, {seconds:.1f} s, {machine()}")
    tp, fp, fn = Counter(), Counter(), Counter()
    for item in pred:
        (tp if item in gold else fp)[item[3]] += 1
    for item in gold - pred:
        fn[item[3]] += 1
    print(f"{'type':<6}{'precision':>10}{'recall':>8}{'F1':>7}{'gold':>7}")
    for t in ("PER", "LOC", "ORG", "all"):
        a, b, c = (sum(x.values()) for x in (tp, fp, fn)) if t == "all" else (tp[t], fp[t], fn[t])
        p, r = a / max(a + b, 1), a / max(a + c, 1)
        print(f"{t:<6}{p:>10.3f}{r:>8.3f}{2 * p * r / max(p + r, 1e-9):>7.3f}{a + c:>7}")


def false_merges(records: list[dict]) -> None:
    """Gold mentions through the normalisation: how many land under a canonical mostly of another gold type."""
    from newslab.entities.names import normalize_entities

    rows = [{"doc_id": r["doc_id"], "sent_idx": e["sent"], "para_idx": 0, "start_char": e["char_start"],
             "end_char": e["char_end"], "text": r["text"][e["char_start"]:e["char_end"]],
             "label": GOLD_TO_SPACY[e["type"]], "gold": e["type"]}
            for r in records for e in r["entities"]]
    gold = pd.DataFrame(rows)
    texts = pd.Series({r["doc_id"]: r["text"] for r in records})
    started = time.perf_counter()
    ents = normalize_entities(gold.drop(columns="gold"), texts)
    seconds = time.perf_counter() - started
    ents = ents.assign(gold=gold["gold"].to_numpy())
    by_type = ents.groupby(["canonical", "gold"]).size().unstack(fill_value=0)
    total = by_type.sum(axis=1)
    own = ents.set_index(["canonical", "gold"]).index.map(by_type.stack())  # mentions of my canonical and my type
    others = ents["canonical"].map(total).to_numpy() - 1
    other_types = ents["canonical"].map(total).to_numpy() - own.to_numpy()
    wrong = (others > 0) & (other_types > others / 2)
    merged = ents["rule"].fillna("").isin(["", "clean"]) == False  # noqa: E712  a rule put it there
    print(f"False merges on CoNLL-2003 test gold mentions ({len(ents):,} in {len(records)} documents; "
          f"normalisation {seconds:.1f} s, {machine()}):")
    print(f"  gold mentions under a canonical mostly of another gold type: {wrong.sum():,} "
          f"({wrong.mean():.2%}); of them placed there by a merge rule: {(wrong & merged).sum():,}")
    print(f"  canonical entities: {ents['canonical'].nunique():,}; mentions merged by a rule: {merged.sum():,}")
    mixed = ents[wrong].groupby(["canonical", "gold"]).size().rename("n").reset_index()
    mixed = mixed.sort_values(["n", "canonical", "gold"], ascending=[False, True, True]).head(10)
    print("  largest:", "; ".join(f"{c} ({g} ×{n})" for c, g, n in zip(mixed.canonical, mixed.gold, mixed.n)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--false-merges-only", action="store_true", help="skip the model; only the normalisation")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    records = load_test()
    if not args.false_merges_only:
        model_quality(records)
    false_merges(records)


if __name__ == "__main__":
    main()
