"""Annotation speed on BBC (../shared/corpora/bbc/articles): bare spaCy nlp.pipe vs newslab.annotate,
with n_process 1 and 2, and the cached re-run. Prints words/s, seconds and peak memory per stage."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _common import machine, peak_rss_mb, reset_peak, run_stage, shared_or_exit  # noqa: E402

BBC = ("corpora", "bbc", "articles")


def stage(kind: str, n_process: int, cache_dir: str) -> dict:
    import newslab
    from newslab.entities.annotate import annotate
    from newslab.entities.pipeline import load_model

    warnings.simplefilter("ignore")
    corpus = newslab.load_corpus(shared_or_exit(*BBC))
    docs = corpus[~corpus.is_empty]
    words = int(docs["n_words"].sum())
    nlp = load_model("en_core_web_sm", "senter")  # same components for both: tok2vec, senter, ner
    reset_peak()
    started = time.perf_counter()
    if kind == "bare":
        n_ents = sum(len(d.ents) for d in nlp.pipe(docs["text"].tolist(), batch_size=64, n_process=n_process))
    else:
        result = annotate(corpus, batch_size=64, n_process=n_process, cache_dir=cache_dir, progress=False)
        n_ents = len(result.entities)
    seconds = time.perf_counter() - started
    return {"kind": kind, "n_process": n_process, "seconds": round(seconds, 2), "words": words,
            "words_per_s": round(words / seconds), "entities": n_ents, "peak_mb": round(peak_rss_mb())}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stage", nargs=3, metavar=("KIND", "N_PROCESS", "CACHE"))
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stage(args.stage[0], int(args.stage[1]), args.stage[2])))
        return
    shared_or_exit(*BBC)
    print(f"annotation benchmark on BBC, {machine()}, pipeline tok2vec+senter+ner")
    rows = []
    for n in (1, 2):
        with tempfile.TemporaryDirectory() as cache:
            bare = run_stage(__file__, "bare", str(n), cache)
            first = run_stage(__file__, "newslab", str(n), cache)
            rows += [bare, first]
            print(f"n_process={n}: bare spaCy {bare['words_per_s']:,} words/s ({bare['seconds']} s, {bare['peak_mb']} MiB); "
                  f"newslab {first['words_per_s']:,} words/s ({first['seconds']} s, {first['peak_mb']} MiB): "
                  f"{100 * (1 - first['words_per_s'] / bare['words_per_s']):+.1f}% slower than bare")
            if n == 1:
                cached = run_stage(__file__, "newslab", "1", cache)
                print(f"cached re-run: {cached['seconds']} s ({first['seconds'] / cached['seconds']:.0f}x faster than the "
                      f"first run), {cached['peak_mb']} MiB")
    print(f"{rows[0]['words']:,} words in non-empty documents")


if __name__ == "__main__":
    main()
