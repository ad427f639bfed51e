"""The `newslab` command: corpus, report, entities, co-occurrence, topics, duplicates and outlet flow from the shell."""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from .checks import Param
from .errors import NewslabError


def _show_warning(message, category, filename, lineno, file=None, line=None):
    print(f"newslab: warning: {message}", file=sys.stderr)


def cmd_corpus(args) -> int:
    from .corpus import format_summary, load_with_boilerplate, summarize_corpus
    from .io import check_output_dir, check_output_file, write_table

    out = Path(args.out)
    if out.suffix.lower() not in (".parquet", ".csv", ".tsv"):
        raise NewslabError(f"--out {out}: must end in .parquet, .csv or .tsv")
    if args.partition_rows is not None and out.suffix.lower() != ".parquet":
        raise NewslabError(f"--partition-rows writes a Parquet dataset folder: --out {out} must end in .parquet")
    if args.partition_rows is not None and args.partition_rows < 1:
        raise NewslabError(f"--partition-rows must be at least 1, got {args.partition_rows}")
    check_output_file(out) if args.partition_rows is None else check_output_dir(out.parent)
    corpus, boilerplate = load_with_boilerplate(args.path, text_column=args.text_column, id_column=args.id_column,
                                                max_doc_chars=args.max_doc_chars, dayfirst=args.dayfirst,
                                                boilerplate=args.boilerplate)
    if args.partition_rows is None:
        write_table(corpus, out)
    else:
        from .corpus.dataset import part_files, write_dataset

        write_dataset(corpus, out, partition_rows=args.partition_rows)
        out = f"{out}/ ({len(part_files(out))} part files of at most {args.partition_rows:,} documents)"
    table_path = Path(args.out).with_name("boilerplate.csv")
    if str(args.boilerplate) != "keep" and Path(str(args.boilerplate)).resolve() != table_path.resolve():
        write_table(boilerplate, table_path)
    print(format_summary(summarize_corpus(corpus)))
    print(f"written:    {out}")
    if table_path.exists() and str(args.boilerplate) != "keep":
        print(f"            {table_path} ({_boilerplate_summary(corpus, boilerplate)})")
    return 0


def _boilerplate_summary(corpus, table) -> str:
    """"N templates from M outlets remove X% of the words", for the terminal."""
    from .corpus.textparse import count_words

    removed = table[table["action"] == "remove"]
    raw = (sum(n if r is t else count_words(r) for r, t, n in zip(corpus["raw_text"], corpus["text"], corpus["n_words"]))
           if "raw_text" in corpus.columns else 0)  # a text with nothing cut is raw_text itself: counted once
    share = 1 - corpus["n_words"].sum() / raw if raw else 0.0
    return (f"boilerplate: {len(removed):,} template(s) of {removed['outlet'].nunique():,} outlet(s) "
            f"remove {share:.1%} of the words")


def cmd_report(args) -> int:
    from .report import run_report

    only = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    manifest = run_report(
        args.path, args.out, notebooks_dir=args.notebooks, only=only, params_file=args.params,
        show_code=args.show_code, timeout=args.timeout, kernel_name=args.kernel,
        text_column=args.text_column, id_column=args.id_column, boilerplate=args.boilerplate, dayfirst=args.dayfirst,
    )
    failed = [r["name"] for r in manifest["notebooks"] if r["status"] != "ok" and not r.get("from_earlier_run")]
    print(f"report: {Path(args.out) / 'index.html'}" + (f" ({len(failed)} failed: {', '.join(failed)})" if failed else ""))
    return 1 if failed else 0


def cmd_entities(args) -> int:
    from .entities import annotate, entity_counts
    from .entities.aliases import read_aliases
    from .io import check_output_dir, output_set, write_tables

    out = check_output_dir(args.out, corpus=args.path)  # a bad --out fails before the slow work
    aliases = read_aliases(args.aliases) if args.aliases else None  # read before --out may replace the file
    corpus = _load(args)
    result = annotate(corpus, model=args.model, n_process=args.n_process, cache_dir=args.cache_dir,
                      aliases=aliases, progress=True, engine=args.engine, scheduler=args.scheduler)
    with output_set(out) as stage:
        write_tables(stage, result.tables())
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
    from .entities import annotate
    from .network import cooccurrence, key_findings
    from .io import check_output_dir, output_set
    from .network.cooccurrence import check_labels

    check_labels(args.labels)  # every option was checked against its declaration by main(); labels by name here
    out = check_output_dir(args.out, corpus=args.path)
    corpus = _load(args)
    annotations = annotate(corpus, model=args.model, n_process=args.n_process, cache_dir=args.cache_dir,
                           aliases=args.aliases, progress=True)
    result = cooccurrence(annotations, corpus=corpus, window=args.window, labels=args.labels, min_count=args.min_count,
                          copies=_copies(args, corpus), weight=args.weight, seed=args.seed)
    with output_set(out) as stage:
        written = result.export(stage)
    for line in key_findings(result):
        print(f"- {line}")
    print(f"written:    {out}/" + ", ".join(p.name for p in written))
    return 0


def cmd_duplicates(args) -> int:
    from .io import check_output_dir, output_set, write_tables
    from .reuse import find_duplicates

    out = check_output_dir(args.out, corpus=args.path)
    corpus = _load(args)
    result = find_duplicates(corpus, threshold=args.threshold, containment_threshold=args.containment_threshold,
                             shingle_size=args.shingle_size, method=args.method, seed=args.seed,
                             partial_share=args.partial_share, partial_min_words=args.partial_min_words,
                             min_passage_words=args.min_passage_words, max_pairs_per_passage=args.max_pairs_per_passage,
                             engine=args.engine, scheduler=args.scheduler)
    with output_set(out) as stage:
        write_tables(stage, result.tables())
    counts, passages = result.counts(), result.passages
    print(f"pairs:      {counts['exact']:,} exact, {counts['near']:,} near, {counts['contained']:,} contained, "
          f"{counts['partial']:,} partial reuse ({result.info['method']} candidates: {result.info['candidates']:,})")
    _print_engine(result.info)
    print(f"clusters:   {len(result.clusters):,} holding {len(result.members):,} documents")
    boiler = int((passages.passages["boilerplate_outlet"] != "").sum())
    print(f"passages:   {len(passages.passages):,} recurring passages in {passages.occurrences['doc_id'].nunique():,} "
          f"documents ({boiler:,} marked boilerplate)")
    over = result.info.get("passages_over_cap", 0)
    if over:
        print(f"            {over:,} held by more than {result.info['max_pairs_per_passage']:,} texts: their holders are "
              "listed in passages.csv, not paired through them")
    print("time:       " + ", ".join(f"{k[:-2]} {v:.2f} s" for k, v in result.info.items() if k.endswith("_s")))
    print(f"written:    {out}/pairs.csv, clusters.csv, cluster_members.csv, passages.csv, passage_occurrences.csv")
    return 0


def cmd_flow(args) -> int:
    from .reuse import find_flows, flow_findings
    from .reuse.coordinated import check_durations
    from .reuse.flow import PARAMS

    try:  # the durations too are checked before the corpus is read, naming the options as typed
        check_durations(time_window=args.time_window, fast_window=args.fast_window)
    except NewslabError as exc:
        raise NewslabError(str(exc).replace("time_window", "--time-window").replace("fast_window", "--fast-window")) from None
    corpus = _load(args)
    result = find_flows(corpus, **{name: getattr(args, name) for name in PARAMS})
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
    from .io import check_output_dir, output_set, write_tables
    from .topics import fit_topics
    from .topics.outlets import outlet_warnings

    out = check_output_dir(args.out, corpus=args.path)
    corpus = _load(args)
    result = fit_topics(corpus, n_topics=args.n_topics, method=args.method, seed=args.seed, min_df=args.min_df,
                        max_df=args.max_df, bigrams=args.bigrams, fit_sample=args.fit_sample,
                        copies=_copies(args, corpus))
    with output_set(out) as stage:
        write_tables(stage, result.tables())
    if result.info.get("not_enough"):
        print(f"no topics: {result.info['not_enough']}")
    for row in result.topics.itertuples():
        copies = f" (+{row.copies:,} copies{', mostly one story' if row.mostly_copies else ''})" if row.copies else ""
        print(f"topic {row.topic:>2}  {row.size:>6,} docs{copies}  {row.top_terms}")
    print("metrics:    " + ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.metrics.items()))
    if len(result.dropped_terms):
        print(f"left out:   {len(result.dropped_terms):,} terms bound to one outlet (outlet_terms.csv), e.g. "
              + ", ".join(result.dropped_terms["term"].head(8)))
    for warning in outlet_warnings(result.topics, result.outlet_shares):
        print(warning)
    if result.info.get("fit_sample"):
        print(f"fitted on:  a sample of {result.info['fit_sample']:,} of the {result.metrics['documents']:,} distinct "
              "documents (--fit-sample); the others took the nearest topic")
    print(f"time:       {result.info['seconds']} s")
    print(f"written:    {out}/topics.csv, doc_topics.csv, topic_metrics.csv, outlet_terms.csv")
    return 0


def _load(args):
    """The corpus as every analysis command reads it: CORPUS with the loading options all commands share."""
    from .corpus import load_corpus

    return load_corpus(args.path, text_column=args.text_column, id_column=args.id_column,
                       max_doc_chars=args.max_doc_chars, dayfirst=args.dayfirst, boilerplate=args.boilerplate)


def _print_engine(info: dict) -> None:
    if info.get("engine") == "dask" and "scheduler" in info:
        print(f"engine:     dask at {info['scheduler']}, {info['workers']} workers, {info['partitions']} partitions"
              + (f" (dashboard was {info['dashboard']})" if info.get("dashboard") else ""))


def _copies(args, corpus):
    """With --collapse-duplicates, the corpus's copies found at --threshold / --containment-threshold; else None."""
    if not args.collapse_duplicates:
        return None
    from .reuse import copy_map

    return copy_map(corpus, threshold=args.threshold, containment_threshold=args.containment_threshold, seed=args.seed)


def _int_or_text(value: str):
    """An option that takes a number or a word (--n-topics 5, --n-topics auto)."""
    try:
        return int(value)
    except ValueError:
        return value


def _int_or_float(value: str):
    """An option that takes a count or a share (--min-df 2, --max-df 0.95)."""
    try:
        return int(value)
    except ValueError:
        return float(value)


def _comma_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def add_declared(p, declared: dict[str, Param], names=None, *, note: str = "") -> None:
    """One option per declared parameter (`--name-with-dashes`): its type, default, choices and help come from the
    declaration (`note` says when the option matters); main() checks each value against it before the command runs."""
    checked = dict(p.get_default("declared") or {})
    for name in names or declared:
        param, flag = declared[name], "--" + name.replace("_", "-")
        shown = ",".join(param.default) if isinstance(param.default, (list, tuple)) else param.default
        allowed = f"; {param.describe()}" if param.constraints else ""
        help_text = f"{param.help}{allowed} (default: {shown}{'; ' + note if note else ''})".replace("%", "%%")
        if param.types in ((bool,), (bool, type(None))):  # a switch away from the default: --name, or --no-name
            p.add_argument(flag if not param.default else "--no-" + flag[2:], dest=name, default=param.default,
                           action="store_false" if param.default else "store_const", **({} if param.default else {"const": True}),
                           help=f"{'' if not param.default else 'do not '}{param.help} (default: "
                                f"{'on' if param.default else 'off'})".replace("%", "%%"))
        elif list in param.types:
            p.add_argument(flag, type=_comma_list, default=list(param.default), metavar="A,B,...", help=help_text)
        else:
            number = [t for t in param.types if t in (int, float)]
            kind = (_int_or_text if str in param.types and number else _int_or_float if len(number) == 2
                    else number[0] if number else str)
            choices = param.choices if param.choices and str in param.types and not number else None
            p.add_argument(flag, type=kind, default=param.default, choices=choices, help=help_text,
                           metavar=None if choices else name.split("_")[-1].upper())
        checked[name] = param
    p.set_defaults(declared=checked)


def check_declared(args) -> None:
    """Every declared option's value checked against its declaration; an error names the option."""
    for name, param in (getattr(args, "declared", None) or {}).items():
        param.check("--" + name.replace("_", "-"), getattr(args, name))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `newslab` parser: each analysis option comes from its wing's PARAMS declaration (add_declared). With
    `command`, only that subcommand gets its options (the others' wings are not imported: a quick start)."""
    import importlib

    from . import __version__

    def params(module: str, name: str = "PARAMS") -> dict[str, Param]:
        return getattr(importlib.import_module(f"{__package__}.{module}"), name)

    parser = argparse.ArgumentParser(prog="newslab", description=__doc__)
    parser.add_argument("--version", action="version", version=f"newslab {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def section(name: str, help_text: str):
        p = sub.add_parser(name, help=help_text)
        return p if command in (None, name) else None

    def corpus_args(p):
        p.add_argument("path", metavar="CORPUS",
                       help="folder or file of articles (.txt .md .csv .tsv .jsonl[.gz] .parquet .html/.htm[.gz] .warc[.gz])")
        add_declared(p, params("corpus.load"), ["text_column", "id_column", "max_doc_chars", "dayfirst", "boilerplate"])

    def annotate_args(p):
        p.add_argument("--aliases", default=None, metavar="FILE.csv",
                       help="alias,canonical CSV (e.g. an edited aliases.csv) that overrides normalisation")
        add_declared(p, params("entities.annotate"), ["model", "cache_dir", "n_process"])

    if p := section("corpus", "load a corpus, write it as a table and print a summary"):
        corpus_args(p)
        p.add_argument("--out", required=True, help="output table (.parquet, .csv or .tsv), or a dataset folder DIR.parquet")
        p.add_argument("--partition-rows", type=int, default=None, metavar="N",
                       help="write a partitioned Parquet dataset (folder --out) of part files of at most N documents")
        p.set_defaults(func=cmd_corpus)

    if p := section("report", "run every notebook with papermill; write HTML reports, index and manifest"):
        p.add_argument("path", metavar="CORPUS", help="folder or file of articles")
        p.add_argument("--out", required=True, help="report folder (created; outputs replaced per notebook)")
        p.add_argument("--params", default=None, metavar="FILE.yaml", help="parameters: {common: {...}, <notebook>: {...}}")
        p.add_argument("--only", default=None, metavar="NAME,...", help="run only these notebooks (e.g. corpus-overview,30)")
        p.add_argument("--show-code", action="store_true", help="include the code cells in the HTML (hidden by default)")
        p.add_argument("--no-input", action="store_true", help=argparse.SUPPRESS)  # the old flag; code is hidden by default now
        p.add_argument("--notebooks", default=None, metavar="DIR", help="notebooks folder (default: the repo's notebooks/)")
        add_declared(p, params("report.run"))
        p.set_defaults(func=cmd_report)

    if p := section("entities", "annotate entities and sentences; write entities.csv, sentences.csv, aliases.csv"):
        corpus_args(p)
        p.add_argument("--out", required=True, help="output folder")
        annotate_args(p)
        add_declared(p, params("entities.annotate"), ["engine", "scheduler"])
        p.set_defaults(func=cmd_entities)

    if p := section("cooccurrence", "who is mentioned with whom; write nodes.csv, edges.csv, graph.gexf, graph.graphml"):
        corpus_args(p)
        p.add_argument("--out", required=True, help="output folder")
        cooc = params("network.cooccurrence")
        add_declared(p, cooc, ["window", "min_count", "labels", "weight", "collapse_duplicates"])
        add_declared(p, params("reuse.duplicates"), ["threshold", "containment_threshold"], note="with --collapse-duplicates")
        annotate_args(p)
        add_declared(p, cooc, ["seed"])
        p.set_defaults(func=cmd_cooccurrence)

    if p := section("duplicates", "exact, near, contained and partial-reuse pairs, clusters and reused passages"):
        corpus_args(p)
        p.add_argument("--out", required=True, help="output folder")
        add_declared(p, params("reuse.duplicates"), ["threshold", "containment_threshold", "shingle_size", "method",
                                                     "min_passage_words", "partial_share", "partial_min_words",
                                                     "max_pairs_per_passage", "seed",
                                                     "engine", "scheduler"])
        p.set_defaults(func=cmd_duplicates)

    if p := section("topics", "topic clustering; write topics.csv, doc_topics.csv and print the metrics"):
        corpus_args(p)
        p.add_argument("--out", required=True, help="output folder")
        add_declared(p, params("topics.model"), ["n_topics", "method", "seed", "min_df", "max_df", "bigrams", "collapse_duplicates",
                                                   "fit_sample"])
        add_declared(p, params("reuse.duplicates"), ["threshold", "containment_threshold"], note="with --collapse-duplicates")
        p.set_defaults(func=cmd_topics)

    if p := section("flow", "who copies whom between outlets, and who publishes the same texts in lock-step"):
        corpus_args(p)
        p.add_argument("--out", required=True, help="output folder")
        add_declared(p, params("reuse.flow"))
        p.set_defaults(func=cmd_flow)

    return parser


COMMANDS = ("corpus", "report", "entities", "cooccurrence", "duplicates", "topics", "flow")


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    command = next((a for a in given if not a.startswith("-")), None)
    args = build_parser(command if command in COMMANDS else "").parse_args(argv)  # "": only the command list
    warnings.showwarning = _show_warning
    try:
        check_declared(args)  # a bad option fails before any corpus is read
        return args.func(args)
    except NewslabError as exc:
        print(f"newslab: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the disk filled up or a folder vanished while writing: nothing half-written stays
        where = exc.filename or ""
        print(f"newslab: error: cannot write {where}: {exc.strerror or exc}".replace("write : ", "write: "), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newslab: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
