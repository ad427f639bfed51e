"""Outlet boilerplate (issue 21): on all BBC stories spread over made-up outlets with each outlet's boilerplate,
wire passages and copies planted (tests/corpora/realworld.py), the share of planted words cut per kind, of
other words cut, wire passages kept, agency credits found; BBC as shipped; the cost of cleaning on
`newslab corpus` over Reuters-21578; then topics (NMI, top terms) and reuse findings with and without it.

    python benchmarks/boilerplate.py [--outlets 6] [--seed 0] [--skip-speed] [--skip-analyses]
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, __file__.rsplit("/", 1)[0])
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "corpora"))
from _common import ROOT, machine, shared_or_exit  # noqa: E402
from realworld import bbc_stories, cut_masks, make_outlet_corpus  # noqa: E402

from newslab.corpus import load_corpus, load_with_boilerplate  # noqa: E402
from newslab.corpus.textparse import count_words  # noqa: E402

WORD = re.compile(r"\S+")



def removal(planted, docs: pd.DataFrame) -> None:
    """Words cut per planted kind, other words cut, wire passages and copies kept, credits found."""
    masks = cut_masks(docs)
    rows = {}
    for r in planted.spans.itertuples():
        cut = total = 0
        for m in WORD.finditer(r.text):
            total += 1
            cut += bool(masks[r.doc_id][r.start + m.start():r.start + m.end()].all())
        c, t, n = rows.get(r.kind, (0, 0, 0))
        rows[r.kind] = (c + cut, t + total, n + 1)
    table = pd.DataFrame([(k, n, t, c, c / t) for k, (c, t, n) in rows.items()],
                         columns=["kind", "spans", "words", "words_cut", "share_cut"]).set_index("kind").sort_index()
    print(table.assign(share_cut=table["share_cut"].map("{:.2%}".format)).to_string())
    planted_mask = {d: np.zeros(len(t), dtype=bool) for d, t in zip(planted.docs["doc_id"], planted.docs["text"])}
    for r in planted.spans.itertuples():
        if r.kind not in ("wire_passage", "copy"):
            planted_mask[r.doc_id][r.start:r.end] = True
    other = other_cut = 0
    for doc_id, text in zip(planted.docs["doc_id"], planted.docs["text"]):
        for m in WORD.finditer(text):
            if not planted_mask[doc_id][m.start():m.end()].any():
                other += 1
                other_cut += bool(masks[doc_id][m.start():m.end()].any())
    wires = planted.spans[planted.spans["kind"] == "wire_passage"]
    kept = sum(not masks[r.doc_id][r.start:r.end].any() for r in wires.itertuples())
    print(f"\nother words cut: {other_cut:,} of {other:,} ({other_cut / other:.3%}; target <= 0.5%)")
    print(f"wire passages kept whole: {kept} of {len(wires)} occurrences "
          f"({wires['doc_id'].nunique()} documents, {planted.wires['passage_id'].nunique()} passages)")
    same = (docs.set_index("doc_id")["text"] == planted.docs.set_index("doc_id")["clean_text"]).mean()
    print(f"documents whose analysed text equals the text without boilerplate: {same:.2%}")
    truth = planted.docs.set_index("doc_id")["credits"].map(lambda s: set(filter(None, s.split(", "))))
    found = docs.set_index("doc_id")["credits"].reindex(truth.index).map(lambda s: set(filter(None, s.split("; "))))
    tp = sum(len(a & b) for a, b in zip(truth, found))
    fp = sum(len(b - a) for a, b in zip(truth, found))
    fn = sum(len(a - b) for a, b in zip(truth, found))
    print(f"agency credits: {tp:,} found, {fp} wrong, {fn} missed; documents exactly right "
          f"{(truth == found).mean():.2%}")


def bbc_as_shipped() -> None:
    """The share of BBC's words cut when it is read as shipped (its folders are the only grouping)."""
    docs, table = load_with_boilerplate(shared_or_exit("corpora", "bbc", "articles"))
    raw = docs["raw_text"].map(count_words).sum()
    print(f"\nBBC as shipped: {raw - docs['n_words'].sum():,} of {raw:,} words cut "
          f"({1 - docs['n_words'].sum() / raw:.3%}; target <= 0.5%), {len(table)} templates:")
    print(table[["outlet", "kind", "example", "stories"]].to_string(index=False, max_colwidth=70))


def speed(repeats: int) -> None:
    """`newslab corpus` on Reuters-21578, cleaning against --boilerplate keep (best of `repeats` runs each)."""
    reuters = shared_or_exit("corpora", "reuters21578", "reuters21578.jsonl.gz")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "lib"))
    best = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            for mode in ("keep", "remove"):
                began = time.perf_counter()
                cpu0 = os.times()
                subprocess.run([sys.executable, "-m", "newslab.cli", "corpus", str(reuters), "--out",
                                f"{tmp}/{mode}.parquet", "--boilerplate", mode], check=True, env=env,
                               capture_output=True)
                cpu1 = os.times()
                wall = time.perf_counter() - began
                cpu = (cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system)
                prev = best.get(mode, (1e9, 1e9))
                best[mode] = (min(prev[0], wall), min(prev[1], cpu))
    load = os.getloadavg()[0]
    (kw, kc), (rw, rc) = best["keep"], best["remove"]
    print(f"\nnewslab corpus on Reuters-21578 (best of {repeats}; load average {load:.1f}): keep {kw:.2f} s wall / "
          f"{kc:.2f} s CPU, remove {rw:.2f} s / {rc:.2f} s: +{rw / kw - 1:.0%} wall, +{rc / kc - 1:.0%} CPU "
          f"(target <= +50%)")


def analyses(planted, clean_planted, tmp: Path) -> None:
    """Topics NMI and top terms, reuse key findings: cleaned vs never planted vs not cleaned."""
    import newslab
    from newslab.reuse.findings import key_findings

    runs = {"planted, cleaned": load_corpus(planted.write_jsonl(tmp / "p.jsonl")),
            "planted, kept": load_corpus(tmp / "p.jsonl", boilerplate="keep"),
            "no boilerplate": load_corpus(clean_planted.write_jsonl(tmp / "c.jsonl"), boilerplate="keep")}
    raw_df = _doc_freq(planted.docs["text"])
    clean_df = _doc_freq(planted.docs["clean_text"])
    boiler_terms = {t for t, n in raw_df.items() if n >= 20 and n >= 10 * clean_df.get(t, 0)}
    print(f"\nterms (almost) only in boilerplate (in 20+ documents, ten times more than without it): {len(boiler_terms)}")
    nmi, tops = {}, {}
    for name, docs in runs.items():
        result = newslab.fit_topics(docs, n_topics=5)
        nmi[name] = result.metrics.get("nmi")
        tops[name] = {t for ts in result.topics["top_terms"] for t in str(ts).split(", ")[:10]}
        bad = sorted(tops[name] & boiler_terms)
        print(f"topics, {name}: NMI {nmi[name]:.3f}; top-10 terms only in boilerplate: {', '.join(bad) or 'none'}")
    for name in ("planted, cleaned", "planted, kept"):
        extra = sorted(tops[name] - tops["no boilerplate"])
        print(f"top-10 terms of '{name}' not among those without boilerplate: {', '.join(extra) or 'none'}")
    print(f"NMI difference, cleaned vs no boilerplate: {nmi['planted, cleaned'] - nmi['no boilerplate']:+.4f} "
          f"(target within 0.01)")
    examples = set()
    for name in ("planted, cleaned", "planted, kept"):
        docs = runs[name]
        result = newslab.find_duplicates(docs)
        findings = key_findings(result, docs)
        if name == "planted, kept":
            _, table = load_with_boilerplate(tmp / "p.jsonl")
            examples = {e for e in table["example"] if len(e.split()) >= 3}
        named = [f for f in findings if any(e[:40] in f for e in examples)]
        print(f"reuse key findings, {name}: {len(findings)}, {len(named)} naming boilerplate")
        for line in findings:
            print(f"  - {line}")


def entities(planted, clean_planted, tmp: Path, n: int) -> None:
    """Entity nodes and edges of the first `n` documents: cleaned and kept against the same without boilerplate."""
    import newslab

    ids = set(planted.docs["doc_id"].iloc[:: max(1, len(planted.docs) // n)][:n])
    runs = {"planted, cleaned": load_corpus(tmp / "p.jsonl"), "planted, kept": load_corpus(tmp / "p.jsonl", boilerplate="keep"),
            "no boilerplate": load_corpus(tmp / "c.jsonl", boilerplate="keep")}
    graphs = {}
    cache = tmp / "cache"
    for name, docs in runs.items():
        docs = docs[docs["doc_id"].isin(ids)].reset_index(drop=True)
        result = newslab.cooccurrence(newslab.annotate(docs, cache_dir=cache), corpus=docs, seed=42)
        label = "entity" if "entity" in result.nodes.columns else result.nodes.columns[0]
        edges = set(zip(result.edges.iloc[:, 0], result.edges.iloc[:, 1]))
        graphs[name] = (set(result.nodes[label]), edges)
    base_nodes, base_edges = graphs["no boilerplate"]
    print(f"\nentity network on {len(ids)} documents: {len(base_nodes)} nodes, {len(base_edges)} edges without boilerplate")
    for name in ("planted, cleaned", "planted, kept"):
        nodes, edges = graphs[name]
        extra = sorted(nodes - base_nodes)
        print(f"{name}: {len(extra)} nodes and {len(edges - base_edges)} edges not in the corpus without boilerplate"
              + (f" (e.g. {', '.join(map(str, extra[:8]))})" if extra else ""))


def _doc_freq(texts: pd.Series) -> dict:
    counts: dict = {}
    for text in texts:
        for t in set(re.findall(r"[a-z]+", text.lower())):
            counts[t] = counts.get(t, 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--outlets", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each `newslab corpus` timing")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-analyses", action="store_true")
    parser.add_argument("--entity-docs", type=int, default=300, help="documents annotated for the entity check (0: skip)")
    args = parser.parse_args()
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    stories = bbc_stories(shared_or_exit("corpora", "bbc", "articles"))
    planted = make_outlet_corpus(stories, n_outlets=args.outlets, seed=args.seed, copies=args.copies)
    with tempfile.TemporaryDirectory() as tmp:
        path = planted.write_jsonl(Path(tmp) / "corpus.jsonl")
        began = time.perf_counter()
        docs, table = load_with_boilerplate(path)
        took = time.perf_counter() - began
        print(f"planted corpus: {len(docs):,} documents over {args.outlets} outlets, loaded and cleaned in {took:.1f} s; "
              f"{len(table)} templates learned\n")
        removal(planted, docs)
        bbc_as_shipped()
        if not args.skip_speed:
            speed(args.repeats)
        if not args.skip_analyses:
            clean = make_outlet_corpus(stories, n_outlets=args.outlets, seed=args.seed, copies=args.copies,
                                       boilerplate=False)
            analyses(planted, clean, Path(tmp))
            if args.entity_docs:
                entities(planted, clean, Path(tmp), args.entity_docs)


if __name__ == "__main__":
    main()
