"""NER quality on CoNLL-2003 test (../shared/corpora/conll2003): entity-level precision/recall/F1 for
PER, LOC, ORG, after mapping OntoNotes labels (PERSON→PER, GPE/LOC/FAC→LOC, ORG→ORG); exact spans."""
from __future__ import annotations

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


def main() -> None:
    from newslab.entities.annotate import NAMED_LABELS, annotate
    from newslab.corpus import load_corpus

    warnings.simplefilter("ignore")
    path = shared_or_exit("corpora", "conll2003", "conll2003_docs.jsonl.gz")
    records = [r for r in map(json.loads, gzip.open(path, "rt", encoding="utf-8")) if r["split"].startswith("test")]
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


if __name__ == "__main__":
    main()
