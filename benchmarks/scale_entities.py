"""Entities at news length (issue 29): annotation throughput against spaCy's own multi-process nlp.pipe, and the
path from a warm annotation cache to the co-occurrence tables at 100k, 300k (and 1M) documents.

Throughput (`--throughput N`): the first N articles of the scaling corpus (benchmarks/scale_corpus.py), loaded
as the CLI loads them; bare spaCy (`nlp.pipe(texts, n_process=cores, batch_size=B)` with the components annotate
runs: tok2vec, senter, ner; each Doc's entities read) against newslab's `annotate` (empty cache, local engine,
default processes), alternating, each in a fresh process. Words/s, wall and CPU seconds, the ratio.

Co-occurrence (`--sizes 100000,300000`): annotating a million articles here would take days, so the cache is
filled honestly from real model output: `--source N` annotated scaling-corpus articles (the throughput run's
cache). Each synthetic document is one source article whose entity forms are each, with probability SWAP,
replaced (every mention of the form alike) by a form of the same label from another source article; the text is
rebuilt around the new names and every sentence and entity offset moved with it, so the document is distinct
(its own text hash), its names and co-mentions vary as they would across stories, the text around each mention
is real text, and the cache rows are what the model gave, shifted. The cache rows go in under the new texts'
hashes with AnnotationCache.add. Source paragraphs recur across synthetic documents (each source serves many),
which load_corpus's boilerplate learner would cut as outlet boilerplate: the corpus is loaded with
boilerplate="keep". Then in a fresh process per size: load_corpus, `annotate` (every text cached),
`cooccurrence(..., corpus=docs)` and export, timed and with peak memory. `--old PATH` runs the same with
another lib folder (the code before the change) on PYTHONPATH.
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import ROOT, machine, peak_rss_mb, reset_peak  # noqa: E402

WORK = Path(os.environ.get("NEWSLAB_SCALE_WORK", "/tmp/entities-scale"))
RESULTS = ROOT / "benchmarks" / "results" / "scale-entities.json"
SWAP = 0.5  # share of a synthetic document's entity forms replaced by forms from another article
SEED = 29


def corpus_file(n: int) -> Path:
    """The first `n` scaling-corpus articles as a Parquet file of their own (written once)."""
    from scale_corpus import scale_corpus

    path = WORK / f"scale-{n}.parquet"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        scale_corpus(n).to_parquet(path)
    return path


def cpu_seconds() -> float:
    import resource

    return sum(getattr(resource.getrusage(who), a) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for a in ("ru_utime", "ru_stime"))


def stage_throughput(kind: str, n: int, batch_size: int, cache_dir: str) -> dict:
    """One throughput run: bare spaCy or newslab's annotate on the first `n` articles."""
    import warnings

    import newslab
    from newslab.engine import machine_workers
    from newslab.entities.pipeline import load_model

    warnings.simplefilter("ignore")
    corpus = newslab.load_corpus(corpus_file(n))
    docs = corpus[~corpus["is_empty"]]
    words = int(docs["n_words"].sum())
    nlp = load_model("en_core_web_sm", "senter")  # tok2vec, senter, ner: what annotate runs, loaded before timing
    cores = machine_workers()
    cpu0, started = cpu_seconds(), time.perf_counter()
    if kind == "bare":
        found = sum(len(d.ents) for d in nlp.pipe(docs["text"].tolist(), batch_size=batch_size, n_process=cores))
    else:
        found = len(newslab.annotate(corpus, cache_dir=cache_dir, progress=False).entities)
    seconds = time.perf_counter() - started
    return {"kind": kind, "documents": len(docs), "words": words, "batch_size": batch_size if kind == "bare" else None,
            "n_process": cores, "seconds": round(seconds, 1), "cpu_s": round(cpu_seconds() - cpu0, 1),
            "words_per_s": round(words / seconds), "entities": found, "load_avg": round(os.getloadavg()[0], 2)}


def build_cache(source_n: int, sizes: list[int], cache_dir: str) -> None:
    """Synthetic documents (see the module docstring) from the annotated first `source_n` articles: their corpus
    files (a prefix each) and their rows in the annotation cache under `cache_dir`."""
    import pandas as pd

    import newslab
    from newslab.corpus import text_hash
    from newslab.entities.annotate import ANNOTATION_VERSION
    from newslab.entities.cache import AnnotationCache
    from newslab.entities.pipeline import resolve_model

    size = max(sizes)
    if all((WORK / f"synthetic-{n}.parquet").exists() for n in sizes):
        return
    resolved, version = resolve_model("en_core_web_sm")
    cache = AnnotationCache(cache_dir, f"{resolved}-{version}-senter-a{ANNOTATION_VERSION}")
    source = newslab.load_corpus(corpus_file(source_n))
    source = source[~source["is_empty"]].drop_duplicates("text_hash").reset_index(drop=True)
    rows = cache.lookup(set(source["text_hash"]))
    if set(rows["text_hash"]) != set(source["text_hash"]):  # the first throughput run annotated them
        rows = AnnotationCache(WORK / "cache-throughput-0", cache.folder.name).lookup(set(source["text_hash"]))
    assert set(rows["text_hash"]) == set(source["text_hash"]), "annotate the source articles first (--throughput)"
    by_hash = {h: g for h, g in rows.groupby("text_hash", sort=False)}
    sources = []
    for h, text in zip(source["text_hash"], source["text"]):
        g = by_hash[h]
        sents = g[g["kind"] == "sent"].sort_values("idx")
        ents = g[g["kind"] == "ent"].sort_values("idx")
        sources.append((text, list(zip(sents["start"], sents["end"])),
                        list(zip(ents["start"], ents["end"], ents["sent_idx"], ents["label"], ents["text"]))))
    forms_by_label = [_forms(ents) for _, _, ents in sources]
    built = [n for n in range(1, size) if (WORK / f"synthetic-{n}.parquet").exists()]  # a smaller build is a prefix
    done = pd.read_parquet(WORK / f"synthetic-{max(built)}.parquet") if built else None
    start = 0 if done is None else len(done)
    docs, batch = [], []
    for k in range(start, size):
        rng = random.Random(f"{SEED}-{k}")  # per document: a larger build extends a smaller one
        a, b = rng.randrange(len(sources)), rng.randrange(len(sources))
        text, cache_rows = _recombine(sources[a], forms_by_label[b], rng)
        date = pd.Timestamp("2023-01-01") + pd.Timedelta(days=rng.randrange(730))
        docs.append((f"syn-{k:07d}", "", text, date, f"outlet-{rng.randrange(40):02d}"))
        batch.extend(cache_rows(text_hash(text)))
        if len(docs) % 20_000 == 0 or k == size - 1:
            cache.add(pd.DataFrame(batch, columns=AnnotationCache.COLUMNS))
            batch = []
    frame = pd.DataFrame(docs, columns=["doc_id", "title", "text", "date", "outlet"])
    frame = frame if done is None else pd.concat([done, frame], ignore_index=True)
    for n in sizes:
        if not (WORK / f"synthetic-{n}.parquet").exists():
            frame.iloc[:n].to_parquet(WORK / f"synthetic-{n}.parquet")


def _forms(ents: list[tuple]) -> dict[str, list[str]]:
    """An article's distinct entity texts by label (one line each)."""
    out: dict[str, list[str]] = {}
    for _, _, _, label, text in ents:
        if "\n" not in text and text not in out.setdefault(label, []):
            out[label].append(text)
    return out


def _recombine(source: tuple, other: dict[str, list[str]], rng: random.Random):
    """The source text with some entity forms replaced by `other`'s, and a function giving its cache rows."""
    text, sents, ents = source
    swap = {}
    for _, _, _, label, form in ents:
        if (label, form) not in swap:
            options = other.get(label)
            swap[(label, form)] = (rng.choice(options) if options and "\n" not in form and rng.random() < SWAP
                                   else form)
    pieces, pos, shift, ends, shifts, new_ents = [], 0, 0, [], [], []
    for start, end, sent_idx, label, form in ents:
        new = swap[(label, form)]
        pieces.append(text[pos:start])
        pieces.append(new)
        new_ents.append((start + shift, start + shift + len(new), sent_idx, label, new))
        shift += len(new) - (end - start)
        ends.append(end)
        shifts.append(shift)
        pos = end
    pieces.append(text[pos:])
    new_text = "".join(pieces)

    def moved(offset: int) -> int:
        i = bisect.bisect_right(ends, offset)
        return offset + (shifts[i - 1] if i else 0)

    def cache_rows(h: str) -> list[tuple]:
        out = [(h, "doc", -1, 0, len(new_text), -1, "", "")]
        out.extend((h, "sent", i, moved(s), moved(e), i, "", "") for i, (s, e) in enumerate(sents))
        out.extend((h, "ent", k, s, e, si, label, t) for k, (s, e, si, label, t) in enumerate(new_ents))
        return out

    return new_text, cache_rows


def stage_cooccurrence(n: int, cache_dir: str, out_dir: str) -> dict:
    """Load the synthetic corpus of `n` documents, annotate it from the warm cache, count co-occurrence, export."""
    import warnings

    import newslab
    from newslab.network import cooccurrence

    warnings.simplefilter("ignore")
    started = time.perf_counter()
    docs = newslab.load_corpus(WORK / f"synthetic-{n}.parquet", boilerplate="keep")  # see the module docstring
    loaded = time.perf_counter() - started
    import gc

    gc.collect()
    base = peak_rss_mb()
    reset_peak()
    before = _rss_mb()
    steps, t, cpu0 = {}, time.perf_counter(), cpu_seconds()
    annotations = newslab.annotate(docs, cache_dir=cache_dir, progress=False)
    steps["annotate_s"], t = round(time.perf_counter() - t, 1), time.perf_counter()
    assert annotations.n_annotated == 0, f"{annotations.n_annotated} texts were not in the cache"
    result = cooccurrence(annotations, corpus=docs, seed=42)
    steps["cooccurrence_s"], t = round(time.perf_counter() - t, 1), time.perf_counter()
    result.export(out_dir)
    steps["export_s"] = round(time.perf_counter() - t, 1)
    seconds, cpu = sum(steps.values()), cpu_seconds() - cpu0
    peak = peak_rss_mb()
    return {"analysis": "cooccurrence", "documents": n, "seconds": round(seconds, 1), "cpu_s": round(cpu, 1), "peak_mb": round(peak),
            "mb_per_doc": round((peak - before) / n, 4), "load_corpus_s": round(loaded, 1), "steps": steps,
            "mentions": len(annotations.entities), "sentences": len(annotations.sentences),
            "nodes": len(result.nodes), "edges": len(result.edges), "base_peak_mb": round(base)}


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024


def run(args: list[str], lib: str | None = None) -> dict:
    """A stage in a fresh interpreter (with `lib` first on PYTHONPATH when given)."""
    env = dict(os.environ)
    if lib:
        env["PYTHONPATH"] = lib
    out = subprocess.run([sys.executable, __file__, "--stage", *args], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"stage {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def record(row: dict) -> None:
    """Print the row and append it to benchmarks/results/scale-entities.json."""
    row = {**row, "machine": machine(), "load_avg": row.get("load_avg", round(os.getloadavg()[0], 2)),
           "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")}
    print(json.dumps(row), flush=True)
    rows = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    RESULTS.write_text(json.dumps(rows + [row], indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--throughput", type=int, default=0, metavar="N", help="articles for the throughput runs")
    parser.add_argument("--batch-sizes", default="64", help="bare spaCy batch sizes to try")
    parser.add_argument("--repeats", type=int, default=2, help="alternating bare/newslab rounds")
    parser.add_argument("--sizes", default="", help="co-occurrence sizes, e.g. 100000,300000")
    parser.add_argument("--source", type=int, default=2000, help="annotated articles the synthetic documents use")
    parser.add_argument("--old", default=None, metavar="LIB", help="also run the co-occurrence stages with this lib")
    parser.add_argument("--old-sizes", default="100000", help="sizes for --old")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    cache = str(WORK / "cache")
    if args.stage:
        kind, *rest = args.stage
        if kind in ("bare", "newslab"):
            out = stage_throughput(kind, int(rest[0]), int(rest[1]), rest[2])
        elif kind == "build":
            build_cache(int(rest[0]), [int(s) for s in rest[1].split(",")], rest[2])
            out = {"built": rest[1]}
        else:
            out = stage_cooccurrence(int(rest[0]), rest[1], rest[2])
        print(json.dumps(out))
        return
    lib = str(ROOT / "lib")
    if args.throughput:
        runs = {"bare": [], "newslab": []}
        for r in range(args.repeats):
            for bs in [int(b) for b in args.batch_sizes.split(",")]:
                runs["bare"].append(run(["bare", str(args.throughput), str(bs), "-"], lib))
                print(json.dumps(runs["bare"][-1]), flush=True)
            fresh = str(WORK / f"cache-throughput-{r}")  # always empty: the model runs on every text
            if Path(fresh).exists():
                subprocess.run(["rm", "-rf", fresh], check=True)
            runs["newslab"].append(run(["newslab", str(args.throughput), "64", fresh], lib))
            print(json.dumps(runs["newslab"][-1]), flush=True)
        best_bare = max(runs["bare"], key=lambda r: r["words_per_s"])
        best_new = max(runs["newslab"], key=lambda r: r["words_per_s"])
        record({"analysis": "annotate", "documents": args.throughput, "seconds": best_new["seconds"],
                "words_per_s": best_new["words_per_s"], "spacy_words_per_s": best_bare["words_per_s"],
                "spacy_batch_size": best_bare["batch_size"], "ratio": round(best_new["words_per_s"] / best_bare["words_per_s"], 3),
                "cpu_ratio": round(best_bare["cpu_s"] / best_new["cpu_s"], 3), "runs": runs, "peak_mb": None,
                "mb_per_doc": None, "load_avg": round(os.getloadavg()[0], 2)})
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes:
        run(["build", str(args.source), ",".join(map(str, sizes)), cache], lib)
        for n in sizes:
            record({**run(["cooc", str(n), cache, str(WORK / f"out-{n}")], lib), "code": "new"})
        if args.old:
            for n in [int(s) for s in args.old_sizes.split(",")]:
                record({**run(["cooc", str(n), cache, str(WORK / f"out-old-{n}")], args.old), "code": "old"})


if __name__ == "__main__":
    main()
