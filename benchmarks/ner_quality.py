"""NER quality on CoNLL-2003 test (../shared/corpora/conll2003).

1. The model: entity-level precision/recall/F1 for PER, LOC, ORG after mapping OntoNotes labels
   (PERSON→PER, GPE/LOC/FAC→LOC, ORG→ORG); exact spans.
2. False merges of the normalisation (newslab.entities.normalize_entities): gold mentions, with gold types
   mapped to spaCy-style labels (PER→PERSON, LOC→GPE, ORG→ORG, MISC→NORP), and the model's own mentions
   (judged where the span is a gold span) go through it; a mention is falsely merged when the other judged
   mentions of its canonical are mostly (more than half) of another gold type. To compare with older code,
   run this script with that code's lib/ first on PYTHONPATH (it only needs normalize_entities and annotate).

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


def annotate_test(records: list[dict]):
    """The small model on the test documents (a throw-away cache), with the seconds it took."""
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
    return result, usable, seconds


def model_quality(records: list[dict], result, usable: set, seconds: float) -> None:
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


def false_merge_report(title: str, mentions: pd.DataFrame, gold_type: pd.Series, texts: pd.Series) -> None:
    """Normalise `mentions`; count those with a gold type whose canonical's other gold-typed mentions are mostly
    of another gold type (mentions without a gold type are normalised but not judged)."""
    from newslab.entities.names import normalize_entities

    started = time.perf_counter()
    ents = normalize_entities(mentions, texts)
    seconds = time.perf_counter() - started
    ents = ents.assign(gold=gold_type.to_numpy())
    judged = ents[ents["gold"].notna()]
    by_type = judged.groupby(["canonical", "gold"]).size()
    total = judged.groupby("canonical").size()
    own = pd.Series(list(zip(judged["canonical"], judged["gold"])), index=judged.index).map(by_type)
    others = judged["canonical"].map(total) - 1
    wrong = (others > 0) & ((judged["canonical"].map(total) - own) > others / 2)
    by_rule = ~judged["rule"].fillna("").isin(["", "clean"])
    print(f"{title}: {len(judged):,} judged of {len(ents):,} mentions ({seconds:.1f} s)")
    print(f"  under a canonical mostly of another gold type: {wrong.sum():,} ({wrong.mean():.2%}); "
          f"put there by a merge rule: {(wrong & by_rule).sum():,}; mentions merged by a rule: {by_rule.sum():,}; "
          f"canonical entities: {ents['canonical'].nunique():,}")
    mixed = judged[wrong & by_rule].groupby(["canonical", "gold"]).size().rename("n").reset_index()
    mixed = mixed.sort_values(["n", "canonical", "gold"], ascending=[False, True, True]).head(10)
    if len(mixed):
        print("  by a rule, largest:", "; ".join(f"{c} ← {g} ×{n}" for c, g, n in zip(mixed.canonical, mixed.gold, mixed.n)))


def false_merges(records: list[dict], result=None, usable: set | None = None) -> None:
    """Gold mentions (gold types as labels), and the model's own mentions judged where a gold span matches."""
    texts = pd.Series({r["doc_id"]: r["text"] for r in records})
    gold = pd.DataFrame([{"doc_id": r["doc_id"], "sent_idx": e["sent"], "para_idx": 0, "start_char": e["char_start"],
                          "end_char": e["char_end"], "text": r["text"][e["char_start"]:e["char_end"]],
                          "label": GOLD_TO_SPACY[e["type"]], "gold": e["type"]}
                         for r in records for e in r["entities"]])
    print(f"False merges on CoNLL-2003 test ({len(records)} documents; gold PER→PERSON, LOC→GPE, ORG→ORG, "
          f"MISC→NORP; {machine()}):")
    false_merge_report("gold mentions", gold.drop(columns="gold"), gold["gold"], texts)
    if result is not None:
        ents = result.entities[result.entities["doc_id"].isin(usable)]
        mentions = ents.assign(label=ents["model_label"])[["doc_id", "sent_idx", "para_idx", "start_char", "end_char", "text", "label"]]
        spans = {(d, s, e): t for d, s, e, t in zip(gold.doc_id, gold.start_char, gold.end_char, gold.gold)}
        gold_type = pd.Series([spans.get(k) for k in zip(mentions.doc_id, mentions.start_char, mentions.end_char)])
        false_merge_report(f"model mentions ({result.model}), judged where the span is a gold span",
                           mentions.reset_index(drop=True), gold_type, texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--false-merges-only", action="store_true", help="gold mentions only: no model run")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    records = load_test()
    if args.false_merges_only:
        false_merges(records)
        return
    result, usable, seconds = annotate_test(records)
    model_quality(records, result, usable, seconds)
    false_merges(records, result, usable)


if __name__ == "__main__":
    main()
