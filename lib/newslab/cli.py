"""The `newslab` command: corpus, report, entities, co-occurrence, topics, duplicates and outlet flow from the shell."""
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
    if args.partition_rows is not None and out.suffix.lower() != ".parquet":
        raise NewslabError(f"--partition-rows writes a Parquet dataset folder: --out {out} must end in .parquet")
    if args.partition_rows is not None and args.partition_rows < 1:
        raise NewslabError(f"--partition-rows must be at least 1, got {args.partition_rows}")
    corpus = load_corpus(args.path, text_column=args.text_column, id_column=args.id_column,
                         max_doc_chars=args.max_doc_chars)
    if args.partition_rows is None:
        write_table(corpus, out)
    else:
        from .corpus.dataset import part_files, write_dataset

        write_dataset(corpus, out, partition_rows=args.partition_rows)
        out = f"{out}/ ({len(part_files(out))} part files of at most {args.partition_rows:,} documents)"
    print(format_summary(summarize_corpus(corpus)))
    print(f"written:    {out}")
    return 0


def cmd_report(args) -> int:
    from .report import run_report

    only = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    manifest = run_report(
        args.path, args.out, notebooks_dir=args.notebooks, only=only, params_file=args.params,
        show_code=args.show_code, timeout=args.timeout, kernel_name=args.kernel,
        text_column=args.text_column, id_column=args.id_column,
    )
    failed = [r["name"] for r in manifest["notebooks"] if r["status"] != "ok" and not r.get("from_earlier_run")]
    print(f"report: {Path(args.out) / 'index.html'}" + (f" ({len(failed)} failed: {', '.join(failed)})" if failed else ""))
    return 1 if failed else 0


def cmd_entities(args) -> int:
    from .corpus import load_corpus
    from .entities import annotate, entity_counts
    from .entities.aliases import read_aliases
    from .io import write_tables

    aliases = read_aliases(args.aliases) if args.aliases else None  # read before --out may replace the file
    corpus = load_corpus(args.path, text_column=args.text_column, id_column=args.id_column,
                         max_doc_chars=args.max_doc_chars)
    result = annotate(corpus, model=args.model, n_process=args.n_process, cache_dir=args.cache_dir,
                      aliases=aliases, progress=True, engine=args.engine, scheduler=args.scheduler)
    out = Path(args.out)
    write_tables(out, result.tables())
    counts = entity_counts(result.entities)
    print(f"model:      {result.model} {result.model_version} ({result.n_annotated} annotated, {result.n_cached} from cache)")
    _print_engine(result.info)
    print(f"entities:   {len(result.entities):,} mentions of {len(counts):,} canonical entities")
    print("top:        " + ", ".join(f"{c} ({n})" for c, n in zip(counts.canonical[:8], counts.documents[:8])))
    if aliases is not None:
        print(f"aliases:    {len(aliases):,} rows from {args.aliases}; {(result.entities['rule'] == 'user').sum():,} mentions renamed")
    print(f"written:    {out}/entities.csv, sentences.csv, aliases.csv")
    return 0


def cmd_cooccurrence(args) -> int:
    from .corpus import load_corpus
    from .entities import annotate
    from .network import cooccurrence, key_findings
    from .network.cooccurrence import check_options

    labels = [label.strip() for label in args.labels.split(",") if label.strip()]
    check_options(window=args.window, labels=labels, min_count=args.min_count, weight=args.weight, seed=args.seed)
    corpus = load_corpus(args.path, text_column=args.text_column, id_column=args.id_column, max_doc_chars=args.max_doc_chars)
    annotations = annotate(corpus, model=args.model, n_process=args.n_process, cache_dir=args.cache_dir,
                           aliases=args.aliases, progress=True)
    result = cooccurrence(annotations, corpus=corpus, window=args.window, labels=labels, min_count=args.min_count,
                          collapse_duplicates=args.collapse_duplicates, weight=args.weight, seed=args.seed)
    out = Path(args.out)
    written = result.export(out)
    for line in key_findings(result):
        print(f"- {line}")
    print(f"written:    {out}/" + ", ".join(p.name for p in written))
    return 0


def cmd_duplicates(args) -> int:
    from .corpus import load_corpus
    from .io import write_tables
    from .reuse import find_duplicates

    corpus = load_corpus(args.path, text_column=args.text_column, id_column=args.id_column, max_doc_chars=args.max_doc_chars)
    result = find_duplicates(corpus, threshold=args.threshold, containment_threshold=args.containment_threshold,
                             shingle_size=args.shingle_size, method=args.method, seed=args.seed,
                             partial_share=args.partial_share, partial_min_words=args.partial_min_words,
                             min_passage_words=args.min_passage_words, engine=args.engine, scheduler=args.scheduler)
    out = Path(args.out)
    write_tables(out, result.tables())
    counts, passages = result.counts(), result.passages
    print(f"pairs:      {counts['exact']:,} exact, {counts['near']:,} near, {counts['contained']:,} contained, "
          f"{counts['partial']:,} partial reuse ({result.info['method']} candidates: {result.info['candidates']:,})")
    _print_engine(result.info)
    print(f"clusters:   {len(result.clusters):,} holding {len(result.members):,} documents")
    boiler = int((passages.passages["boilerplate_outlet"] != "").sum())
    print(f"passages:   {len(passages.passages):,} recurring passages in {passages.occurrences['doc_id'].nunique():,} "
          f"documents ({boiler:,} marked boilerplate)")
    print("time:       " + ", ".join(f"{k[:-2]} {v:.2f} s" for k, v in result.info.items() if k.endswith("_s")))
    print(f"written:    {out}/pairs.csv, clusters.csv, cluster_members.csv, passages.csv, passage_occurrences.csv")
    return 0


def cmd_flow(args) -> int:
    from .corpus import load_corpus
    from .reuse import find_flows, flow_findings
    from .reuse.coordinated import check_coordination

    try:  # before the corpus is read, naming the options as typed
        check_coordination(time_window=args.window, fast_window=args.fast_window, min_repeats=args.min_repeats,
                           weight_percentile=args.weight_percentile, seed=args.seed, min_share=args.min_share)
    except NewslabError as exc:
        message = str(exc)
        for name, flag in (("time_window", "--window"), ("fast_window", "--fast-window"), ("min_repeats", "--min-repeats"), ("min_share", "--min-share"),
                           ("weight_percentile", "--weight-percentile"), ("seed", "--seed")):
            message = message.replace(name, flag)
        raise NewslabError(message) from None
    corpus = load_corpus(args.path, text_column=args.text_column, id_column=args.id_column, max_doc_chars=args.max_doc_chars)
    result = find_flows(corpus, time_window=args.window, fast_window=args.fast_window, min_repeats=args.min_repeats,
                        min_share=args.min_share, weight_percentile=args.weight_percentile, threshold=args.threshold,
                        min_passage_words=args.min_passage_words, seed=args.seed)
    out = Path(args.out)
    written = result.export(out)
    for line in flow_findings(result):
        print(f"- {line}")
    groups = result.groups["group"].nunique() if len(result.groups) else 0
    print(f"flows:      {len(result.edges):,} outlet edges; coordinated: {len(result.coordinated):,} edges in {groups:,} "
          f"group{'s' if groups != 1 else ''}")
    print(f"written:    {out}/" + ", ".join(p.name for p in written))
    return 0


def cmd_topics(args) -> int:
    from .corpus import load_corpus
    from .io import write_tables
    from .topics import check_topic_parameters, fit_topics

    n_topics = args.n_topics if args.n_topics == "auto" else _whole_number("--n-topics", args.n_topics)
    check_topic_parameters(n_topics, (3, 10), 2, 0.95)  # a bad --n-topics fails before the corpus is read
    corpus = load_corpus(args.path, text_column=args.text_column, id_column=args.id_column, max_doc_chars=args.max_doc_chars)
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


def _print_engine(info: dict) -> None:
    if info.get("engine") == "dask" and "scheduler" in info:
        print(f"engine:     dask at {info['scheduler']}, {info['workers']} workers, {info['partitions']} partitions"
              + (f" (dashboard was {info['dashboard']})" if info.get("dashboard") else ""))


def engine_args(p) -> None:
    """--engine / --scheduler for commands that can run on Dask."""
    p.add_argument("--engine", default="local", choices=["local", "dask"],
                   help="run here (local) or on Dask (default local)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="Dask scheduler, e.g. tcp://host:8786 (default with --engine dask: a LocalCluster on this machine)")


def _whole_number(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise NewslabError(f"{name} must be a whole number of at least 2 or 'auto', got {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .corpus.load import DEFAULT_MAX_DOC_CHARS

    parser = argparse.ArgumentParser(prog="newslab", description=__doc__)
    parser.add_argument("--version", action="version", version=f"newslab {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def corpus_args(p):
        p.add_argument("path", metavar="CORPUS", help="folder or file of articles (.txt .md .csv .tsv .jsonl[.gz] .parquet .html/.htm[.gz] .warc[.gz])")
        p.add_argument("--text-column", default="text", help="column holding the text in tables (default: text)")
        p.add_argument("--id-column", default=None, help="column holding document ids in tables (default: id if present)")
        p.add_argument("--max-doc-chars", type=int, default=DEFAULT_MAX_DOC_CHARS, metavar="N",
                       help=f"cut longer texts to N characters, with a warning (default {DEFAULT_MAX_DOC_CHARS:,})")

    p = sub.add_parser("corpus", help="load a corpus, write it as a table and print a summary")
    corpus_args(p)
    p.add_argument("--out", required=True, help="output table (.parquet, .csv or .tsv), or a dataset folder DIR.parquet")
    p.add_argument("--partition-rows", type=int, default=None, metavar="N",
                   help="write a partitioned Parquet dataset (folder --out) of part files of at most N documents")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser("report", help="run every notebook with papermill; write HTML reports, index and manifest")
    p.add_argument("path", metavar="CORPUS", help="folder or file of articles")
    p.add_argument("--out", required=True, help="report folder (created; outputs replaced per notebook)")
    p.add_argument("--params", default=None, metavar="FILE.yaml", help="parameters: {common: {...}, <notebook>: {...}}")
    p.add_argument("--only", default=None, metavar="NAME,...", help="run only these notebooks (e.g. corpus-overview,30)")
    p.add_argument("--show-code", action="store_true", help="include the code cells in the HTML (hidden by default)")
    p.add_argument("--no-input", action="store_true", help=argparse.SUPPRESS)  # the old flag; code is hidden by default now
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="fail a notebook that runs longer")
    p.add_argument("--notebooks", default=None, metavar="DIR", help="notebooks folder (default: the repo's notebooks/)")
    p.add_argument("--kernel", default="newslab",
                   help="Jupyter kernel to run on (default: newslab; this Python when it is not registered)")
    p.add_argument("--text-column", default=None, help="column holding the text in tables, passed to every notebook")
    p.add_argument("--id-column", default=None, help="column holding document ids in tables, passed to every notebook")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("entities", help="annotate entities and sentences; write entities.csv, sentences.csv, aliases.csv")
    corpus_args(p)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--model", default="en_core_web_sm", help="spaCy model (default: en_core_web_sm, or its re-packaging)")
    p.add_argument("--aliases", default=None, metavar="FILE.csv", help="alias,canonical CSV (e.g. an edited aliases.csv) that overrides normalisation")
    p.add_argument("--cache-dir", default=None, help="annotation cache (default: $NEWSLAB_CACHE_DIR or ~/.cache/newslab)")
    p.add_argument("--n-process", type=int, default=1, help="spaCy worker processes (default: 1)")
    engine_args(p)
    p.set_defaults(func=cmd_entities)

    p = sub.add_parser("cooccurrence", help="who is mentioned with whom; write nodes.csv, edges.csv, graph.gexf, graph.graphml")
    corpus_args(p)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--window", default="sentence", choices=["sentence", "paragraph", "document"],
                   help="what counts as mentioned together (default: sentence)")
    p.add_argument("--min-count", type=int, default=2, help="fewest shared windows for a pair (default 2)")
    p.add_argument("--labels", default="PERSON,ORG,GPE,NORP,LOC,EVENT", metavar="LABEL,...",
                   help="entity labels that become nodes (default: PERSON,ORG,GPE,NORP,LOC,EVENT)")
    p.add_argument("--weight", default="count", choices=["count", "documents", "pmi", "npmi", "jaccard", "llr"],
                   help="edge weight for the graph and its metrics (default: count)")
    p.add_argument("--collapse-duplicates", action="store_true", help="count each cluster of near-duplicates once")
    p.add_argument("--aliases", default=None, metavar="FILE.csv", help="alias,canonical CSV that overrides normalisation")
    p.add_argument("--model", default="en_core_web_sm", help="spaCy model (default: en_core_web_sm, or its re-packaging)")
    p.add_argument("--cache-dir", default=None, help="annotation cache (default: $NEWSLAB_CACHE_DIR or ~/.cache/newslab)")
    p.add_argument("--n-process", type=int, default=1, help="spaCy worker processes (default: 1)")
    p.add_argument("--seed", type=int, default=42, help="seed for the communities (default 42)")
    p.set_defaults(func=cmd_cooccurrence)

    p = sub.add_parser("duplicates", help="exact, near, contained and partial-reuse pairs, clusters and reused passages")
    corpus_args(p)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--threshold", type=float, default=0.5, help="Jaccard for near-duplicates (default 0.5)")
    p.add_argument("--containment-threshold", type=float, default=0.8, help="containment for excerpts (default 0.8)")
    p.add_argument("--shingle-size", type=int, default=5, help="words per shingle (default 5)")
    p.add_argument("--method", default="auto", choices=["auto", "exact", "lsh"], help="candidate generator")
    p.add_argument("--min-passage-words", type=int, default=25, help="shortest reused passage (default 25)")
    p.add_argument("--partial-share", type=float, default=0.3,
                   help="shared passages covering this share of the shorter document make partial reuse (default 0.3)")
    p.add_argument("--partial-min-words", type=int, default=150,
                   help="... or at least this many shared words (default 150)")
    p.add_argument("--seed", type=int, default=42, help="seed for MinHash (default 42)")
    engine_args(p)
    p.set_defaults(func=cmd_duplicates)

    p = sub.add_parser("flow", help="who copies whom between outlets, and who publishes the same texts in lock-step")
    corpus_args(p)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--window", default="1d", metavar="DURATION",
                   help="outlets publishing one text this close together co-publish it, e.g. 1h, 2d (default 1d)")
    p.add_argument("--fast-window", default="1h", metavar="DURATION",
                   help="narrower window marking the fast sub-network (default 1h)")
    p.add_argument("--min-repeats", type=int, default=3, metavar="N",
                   help="fewest co-published texts for a coordinated pair of outlets (default 3)")
    p.add_argument("--min-share", type=float, default=0.5, metavar="F",
                   help="... and the least share of the texts both outlets hold that they co-publish, 0-1 (default 0.5)")
    p.add_argument("--weight-percentile", type=float, default=0.0, metavar="P",
                   help="keep coordinated edges at or above this percentile of edge weight, 0-100 (default 0: all)")
    p.add_argument("--threshold", type=float, default=0.5, help="Jaccard for near-duplicate copies (default 0.5)")
    p.add_argument("--min-passage-words", type=int, default=25, help="shortest reused passage (default 25)")
    p.add_argument("--seed", type=int, default=42, help="seed for the communities (default 42)")
    p.set_defaults(func=cmd_flow)

    p = sub.add_parser("topics", help="topic clustering; write topics.csv, doc_topics.csv and print the metrics")
    corpus_args(p)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--n-topics", default="auto", help="number of topics (at least 2), or auto (default)")
    p.add_argument("--method", default="kmeans-consensus", choices=["kmeans-consensus", "kmeans", "nmf", "lda"],
                   help="topic model (default kmeans-consensus: five spherical k-means runs on LSA combined, refined "
                        "on the full vocabulary; kmeans: one such run)")
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
