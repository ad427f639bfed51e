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

    for register in _extra_commands:
        register(sub, corpus_args)
    return parser


_extra_commands: list = []


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
