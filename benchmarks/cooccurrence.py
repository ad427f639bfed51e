"""Entity co-occurrence: time and peak memory of cooccurrence() (nodes, edges, graph metrics, time slices) on BBC
with annotations cached; and on CoNLL-2003 test, document-level edges from gold entities vs predicted ones."""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import warnings

import pandas as pd

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import machine, peak_rss_mb, reset_peak, run_stage, shared_or_exit  # noqa: E402

GOLD_LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG", "MISC": "NORP"}  # OntoNotes names for the gold types
TOP = 50


def current_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024


def stage_bbc(window: str) -> dict:
    """One cooccurrence() call on BBC (annotation read from the cache first), timed in this fresh process."""
    from newslab.corpus import load_corpus
    from newslab.entities import annotate
    from newslab.network import cooccurrence

    corpus = load_corpus(shared_or_exit("corpora", "bbc", "articles"))
    annotations = annotate(corpus, progress=False)
    before = current_rss_mb()
    reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    result = cooccurrence(annotations, corpus=corpus, window=window, seed=42)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"window": window, "seconds": round(seconds, 2), "cpu": round(cpu, 2), "peak_mb": round(peak_rss_mb(), 0), "before_mb": round(before, 0),
            "nodes": len(result.nodes), "edges": len(result.edges), "graph_nodes": result.graph.number_of_nodes(),
            "communities": result.info["communities"], "annotated_now": annotations.n_annotated,
            "top": [f"{s} – {t} ({c})" for s, t, c in zip(result.edges.source[:3], result.edges.target[:3], result.edges["count"][:3])]}


def conll_overlap() -> None:
    """Top-50 document-level edges (by count) from gold entities vs from newslab's predicted ones."""
    from newslab.corpus import load_corpus
    from newslab.entities import Annotations, annotate
    from newslab.network import cooccurrence
    from newslab.entities.names import normalize_entities

    path = shared_or_exit("corpora", "conll2003", "conll2003_docs.jsonl.gz")
    records = [r for r in map(json.loads, gzip.open(path, "rt", encoding="utf-8")) if r["split"].startswith("test")]
    table = pd.DataFrame([{"id": r["doc_id"], "text": r["text"]} for r in records])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            table.to_json(f"{tmp}/test.jsonl", orient="records", lines=True)
            corpus = load_corpus(f"{tmp}/test.jsonl", min_words=0)
        predicted = annotate(corpus, progress=False)
    same_text = dict(zip(corpus["doc_id"], corpus["text"]))
    usable = {r["doc_id"] for r in records if same_text.get(r["doc_id"]) == r["text"]}
    gold_rows = [{"doc_id": r["doc_id"], "sent_idx": e["sent"], "para_idx": 0, "start_char": e["char_start"],
                  "end_char": e["char_end"], "text": e["text"], "label": GOLD_LABELS[e["type"]]}
                 for r in records if r["doc_id"] in usable for e in r["entities"]]
    # the same name normalisation on both sides, so the comparison measures recognition, not naming
    gold_ents = normalize_entities(pd.DataFrame(gold_rows), corpus.set_index("doc_id")["text"])
    sentences = predicted.sentences[predicted.sentences["doc_id"].isin(usable)]
    gold = Annotations(sentences=sentences, entities=gold_ents, model="gold", model_version="")
    pred = Annotations(sentences=sentences, entities=predicted.entities[predicted.entities["doc_id"].isin(usable)],
                       model=predicted.model, model_version=predicted.model_version)
    print(f"\nCoNLL-2003 test: {len(usable)} of {len(records)} documents; document-level edges, min_count 2, "
          f"labels gold PER/LOC/ORG/MISC vs predicted PERSON/ORG/GPE/NORP/LOC/EVENT")
    g = cooccurrence(gold, window="document", labels=list(GOLD_LABELS.values()), min_count=2).edges
    p = cooccurrence(pred, window="document", min_count=2).edges
    pairs = lambda e: list(zip(e["source"], e["target"]))  # noqa: E731
    top_gold, top_pred = set(pairs(g)[:TOP]), set(pairs(p)[:TOP])
    all_gold, all_pred = set(pairs(g)), set(pairs(p))
    print(f"  edges: gold {len(g):,}, predicted {len(p):,}; predicted edges also in gold {len(all_gold & all_pred) / max(len(all_pred), 1):.3f}, "
          f"gold edges found {len(all_gold & all_pred) / max(len(all_gold), 1):.3f}")
    print(f"  top-{TOP} by count: {len(top_gold & top_pred)} of {TOP} shared ({len(top_gold & top_pred) / TOP:.0%})")
    print("  gold top 5:      " + "; ".join(f"{s} – {t}" for s, t in pairs(g)[:5]))
    print("  predicted top 5: " + "; ".join(f"{s} – {t}" for s, t in pairs(p)[:5]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stage", nargs="*")
    args = parser.parse_args()
    if args.stage:
        warnings.simplefilter("ignore")
        print(json.dumps(stage_bbc(args.stage[1])))
        return
    shared_or_exit("corpora", "bbc", "articles")
    print(f"cooccurrence() on BBC (2,225 documents), annotations from the cache, seed 42; {machine()}")
    print("seconds: wall clock; cpu: this process's CPU time (what an idle machine's wall clock would be, near enough)")
    print(f"{'window':<10}{'seconds':>8}{'cpu':>7}{'peak MiB':>10}{'before':>8}{'nodes':>8}{'edges':>8}{'communities':>13}  strongest")
    for window in ("sentence", "document"):
        r = run_stage(__file__, "bbc", window)
        note = f" (annotated {r['annotated_now']} now)" if r["annotated_now"] else ""
        print(f"{r['window']:<10}{r['seconds']:>8}{r['cpu']:>7}{r['peak_mb']:>10.0f}{r['before_mb']:>8.0f}{r['nodes']:>8,}{r['edges']:>8,}"
              f"{r['communities']:>13}  {'; '.join(r['top'])}{note}")
    conll_overlap()


if __name__ == "__main__":
    main()
