"""The `newslab` command: corpus, report, entities, topics and duplicates from the shell."""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from .errors import NewslabError


def _show_warning(message, category, filename, lineno, file=None, line=None):
    print(f"newslab: warning: {message}", file=sys.stderr)


def cmd_corpus(args) -> int:
    from .corpus import format_summary, load_corpus, summarize_corpus
    from .io import write_table

    out = Path(args.out)
    if out.suffix.lower() not in (".parquet", ".csv", ".tsv"):
        raise NewslabError(f"--out {out}: must end in .parquet, .csv or .tsv")
    corpus = load_corpus(args.path, text_column=args.text_column, id_column=args.id_column)
    write_table(corpus, out)
    print(format_summary(summarize_corpus(corpus)))
    print(f"written:    {out}")
    return 0


def cmd_report(args) -> int:
    from .report import run_report

    only = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    manifest = run_report(
        args.path, args.out, notebooks_dir=args.notebooks, only=only, params_file=args.params,
        no_input=args.no_input, timeout=args.timeout, kernel_name=args.kernel,
    )
    failed = [r["name"] for r in manifest["notebooks"] if r["status"] != "ok" and not r.get("from_earlier_run")]
    print(f"report: {Path(args.out) / 'index.html'}" + (f" ({len(failed)} failed: {', '.join(failed)})" if failed else ""))
    return 1 if failed else 0


def cmd_entities(args) -> int:
    from .corpus import load_corpus
    from .entities import annotate, entity_counts
    from .io import write_tables

    corpus = load_corpus(args.path, text_column=args.text_column, id_column=args.id_column)
    result = annotate(corpus, model=args.model, n_process=args.n_process, cache_dir=args.cache_dir,
                      aliases=args.aliases, progress=True)
    out = Path(args.out)
    write_tables(out, result.tables())
    counts = entity_counts(result.entities)
    print(f"model:      {result.model} {result.model_version} ({result.n_annotated} annotated, {result.n_cached} from cache)")
    print(f"entities:   {len(result.entities):,} mentions of {len(counts):,} canonical entities")
    print("top:        " + ", ".join(f"{c} ({n})" for c, n in zip(counts.canonical[:8], counts.documents[:8])))
    print(f"written:    {out}/entities.csv, sentences.csv, aliases.csv")
    return 0


def cmd_duplicates(args) -> int:
    from .corpus import load_corpus
    from .io import write_tables
    from .reuse import find_duplicates, find_passages

    corpus = load_corpus(args.path, text_column=args.text_column, id_column=args.id_column)
    result = find_duplicates(corpus, threshold=args.threshold, containment_threshold=args.containment_threshold,
                             shingle_size=args.shingle_size, method=args.method, seed=args.seed)
    reuse = find_passages(corpus, min_words=args.min_passage_words, shingle_size=args.shingle_size)
    out = Path(args.out)
    write_tables(out, result.tables() | reuse.tables())
    counts = result.counts()
    print(f"pairs:      {counts['exact']:,} exact, {counts['near']:,} near, {counts['contained']:,} contained "
          f"({result.info['method']} candidates: {result.info['candidates']:,})")
    print(f"clusters:   {len(result.clusters):,} holding {len(result.members):,} documents")
    print(f"passages:   {len(reuse.passages):,} recurring passages in {reuse.occurrences['doc_id'].nunique():,} documents")
    print(f"written:    {out}/pairs.csv, clusters.csv, cluster_members.csv, passages.csv, passage_occurrences.csv")
    return 0


def cmd_topics(args) -> int:
    from .corpus import load_corpus
    from .io import write_tables
    from .topics import check_topic_parameters, fit_topics

    n_topics = args.n_topics if args.n_topics == "auto" else _whole_number("--n-topics", args.n_topics)
    check_topic_parameters(n_topics, (3, 10), 2, 0.95)  # a bad --n-topics fails before the corpus is read
    corpus = load_corpus(args.path, text_column=args.text_column, id_column=args.id_column)
    result = fit_topics(corpus, n_topics=n_topics, method=args.method, seed=args.seed, bigrams=args.bigrams,
                        collapse_duplicates=args.collapse_duplicates)
    out = Path(args.out)
    write_tables(out, result.tables())
    for row in result.topics.itertuples():
        copies = f" (+{row.copies:,} copies{', mostly one story' if row.mostly_copies else ''})" if row.copies else ""
        print(f"topic {row.topic:>2}  {row.size:>6,} docs{copies}  {row.top_terms}")
    print("metrics:    " + ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.metrics.items()))
    print(f"time:       {result.info['seconds']} s")
    print(f"written:    {out}/topics.csv, doc_topics.csv, topic_metrics.csv")
    return 0


def _whole_number(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise NewslabError(f"{name} must be a whole number of at least 2 or 'auto', got {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newslab", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def corpus_args(p):
        p.add_argument("path", metavar="CORPUS", help="folder or file of articles (.txt .md .csv .tsv .jsonl[.gz] .parquet)")
        p.add_argument("--text-column", default="text", help="column holding the text in tables (default: text)")
        p.add_argument("--id-column", default=None, help="column holding document ids in tables (default: id if present)")

    p = sub.add_parser("corpus", help="load a corpus, write it as a table and print a summary")
    corpus_args(p)
    p.add_argument("--out", required=True, help="output table (.parquet, .csv or .tsv)")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser("report", help="run every notebook with papermill; write HTML reports, index and manifest")
    p.add_argument("path", metavar="CORPUS", help="folder or file of articles")
    p.add_argument("--out", required=True, help="report folder (created; outputs replaced per notebook)")
    p.add_argument("--params", default=None, metavar="FILE.yaml", help="parameters: {common: {...}, <notebook>: {...}}")
    p.add_argument("--only", default=None, metavar="NAME,...", help="run only these notebooks (e.g. corpus-overview,30)")
    p.add_argument("--no-input", action="store_true", help="hide code cells in the HTML")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="fail a notebook that runs longer")
    p.add_argument("--notebooks", default=None, metavar="DIR", help="notebooks folder (default: the repo's notebooks/)")
    p.add_argument("--kernel", default="newslab", help="Jupyter kernel to run on (default: newslab)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("entities", help="annotate entities and sentences; write entities.csv, sentences.csv, aliases.csv")
    corpus_args(p)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--model", default="en_core_web_sm", help="spaCy model (default: en_core_web_sm, or its re-packaging)")
    p.add_argument("--aliases", default=None, metavar="FILE.csv", help="alias,canonical CSV that overrides normalisation")
    p.add_argument("--cache-dir", default=None, help="annotation cache (default: $NEWSLAB_CACHE_DIR or ~/.cache/newslab)")
    p.add_argument("--n-process", type=int, default=1, help="spaCy worker processes (default: 1)")
    p.set_defaults(func=cmd_entities)

    p = sub.add_parser("duplicates", help="exact, near-duplicate and contained pairs, clusters and reused passages")
    corpus_args(p)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--threshold", type=float, default=0.5, help="Jaccard for near-duplicates (default 0.5)")
    p.add_argument("--containment-threshold", type=float, default=0.8, help="containment for excerpts (default 0.8)")
    p.add_argument("--shingle-size", type=int, default=5, help="words per shingle (default 5)")
    p.add_argument("--method", default="auto", choices=["auto", "exact", "lsh"], help="candidate generator")
    p.add_argument("--min-passage-words", type=int, default=25, help="shortest reused passage (default 25)")
    p.add_argument("--seed", type=int, default=42, help="seed for MinHash (default 42)")
    p.set_defaults(func=cmd_duplicates)

    p = sub.add_parser("topics", help="topic clustering; write topics.csv, doc_topics.csv and print the metrics")
    corpus_args(p)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--n-topics", default="auto", help="number of topics (at least 2), or auto (default)")
    p.add_argument("--method", default="kmeans", choices=["kmeans", "nmf", "lda"],
                   help="topic model (default kmeans: spherical k-means on LSA)")
    p.add_argument("--seed", type=int, default=42, help="seed for every random step (default 42)")
    p.add_argument("--bigrams", action="store_true", help="add two-word terms")
    p.add_argument("--collapse-duplicates", action="store_true", help="count each cluster of near-duplicates once")
    p.set_defaults(func=cmd_topics)

    return parser



def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    warnings.showwarning = _show_warning
    try:
        return args.func(args)
    except NewslabError as exc:
        print(f"newslab: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newslab: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
