"""Each shipped notebook's parameters, in the order of its parameters cell, taken from the wings' declarations
(PARAMS beside each entry point): the report's pre-check validates overrides with them, and `parameters_cell`
renders the cell every notebook must hold (tests/test_params.py compares them; `python -m
newslab.report.declared NOTEBOOK.ipynb` rewrites a notebook's cell from it).

A notebook parameter that is not a library one (corpus, out_dir, the run cache, display options) is declared
here or in its wing; a notebook default that differs from the library's is a `dataclasses.replace` here, in
sight, never a different literal in the notebook alone.
"""
from __future__ import annotations

import dataclasses
import json
import re
import sys

from ..checks import COMMON, Param
from ..corpus.load import PARAMS as LOAD
from ..corpus.overview import PARAMS as OVERVIEW
from ..entities.annotate import PARAMS as ANNOTATE
from ..network.cooccurrence import PARAMS as COOCCURRENCE
from ..network.findings import PARAMS as NETWORK_VIEWS
from ..reuse.duplicates import PARAMS as DUPLICATES
from ..reuse.findings import PARAMS as REUSE_VIEWS
from ..reuse.flow import PARAMS as FLOW
from ..reuse.flow_findings import PARAMS as FLOW_VIEWS
from ..topics.model import PARAMS as TOPICS
from ..topics.trends import PARAMS as TOPIC_VIEWS

CORPUS = Param(str, "../seeds", None, "folder or file of articles (.txt .md .csv .tsv .jsonl[.gz] .parquet)")
OUT_DIR = Param(str, "../reports/data", None, "where tables are written, in a folder named after this notebook")
REUSE_CACHE = Param(str, "", None, "folder where duplicates found once are kept for the next notebook "
                                   "(newslab report sets it; empty: none)")
ALIASES = Param(str, "", None, "alias,canonical CSV that overrides name normalisation; empty for none")
ENGINE = dataclasses.replace(COMMON["engine"], help="where annotation or duplicate detection runs")
FIRST = {"corpus": CORPUS, "out_dir": OUT_DIR, "text_column": LOAD["text_column"], "id_column": LOAD["id_column"],
         "boilerplate": LOAD["boilerplate"], "dayfirst": LOAD["dayfirst"]}
SHARED_DUPLICATES = {n: DUPLICATES[n] for n in ("threshold", "containment_threshold")}


def _pick(declared: dict[str, Param], *names: str) -> dict[str, Param]:
    return {n: declared[n] for n in names}


NOTEBOOKS: dict[str, dict[str, Param]] = {
    "corpus-overview": FIRST | OVERVIEW,
    "topic-clustering": FIRST | _pick(TOPICS, "n_topics", "method", "seed", "min_df", "max_df", "top_n_terms", "bigrams",
                                                   "fit_sample")
    | {"collapse_duplicates": dataclasses.replace(TOPICS["collapse_duplicates"], default=True)}  # the notebook collapses
    | SHARED_DUPLICATES | {"reuse_cache": REUSE_CACHE} | TOPIC_VIEWS,
    "entity-cooccurrence": FIRST | _pick(COOCCURRENCE, "window", "labels", "min_count", "weight", "collapse_duplicates")
    | SHARED_DUPLICATES | {"reuse_cache": REUSE_CACHE} | NETWORK_VIEWS | {"seed": COOCCURRENCE["seed"], "aliases": ALIASES}
    | {"engine": ENGINE, "scheduler": ANNOTATE["scheduler"]},
    "duplicates": FIRST | _pick(DUPLICATES, "threshold", "containment_threshold", "shingle_size", "method", "num_perm",
                                "min_passage_words", "partial_share", "partial_min_words", "max_pairs_per_passage")
    | REUSE_VIEWS
    | {"seed": DUPLICATES["seed"], "reuse_cache": REUSE_CACHE, "engine": ENGINE, "scheduler": DUPLICATES["scheduler"]},
    "outlet-flow": FIRST | {n: p for n, p in FLOW.items() if n != "seed"} | FLOW_VIEWS
    | {"seed": FLOW["seed"], "reuse_cache": REUSE_CACHE},
}


def notebook_declaration(name: str) -> dict[str, Param] | None:
    """The declared parameters of a shipped notebook, by its file name, stem or key ('10-topic-clustering.ipynb',
    'topic-clustering'); None for any other notebook (its parameters cell's comments are its declaration)."""
    stem = name[:-6] if name.endswith(".ipynb") else name
    key = stem.split("-", 1)[1] if stem[:2].isdigit() and "-" in stem else stem
    return NOTEBOOKS.get(key)


def parameter_line(name: str, param: Param) -> str:
    """`name: type = default  # help [lo, hi]`: one line of a parameters cell."""
    default = json.dumps(param.default) if isinstance(param.default, (str, list)) else repr(param.default)
    return f"{name}: {param.type_name} = {default}  # {param.comment()}"


def parameters_cell(key: str) -> str:
    """The parameters cell of the shipped notebook `key`, as the declarations make it."""
    return "\n".join(parameter_line(n, p) for n, p in NOTEBOOKS[key].items())


def rewrite_notebook(path: str) -> bool:
    """Replace the parameters cell of the notebook at `path` with the declared one; True when it changed."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    key = re.sub(r"^\d\d-", "", path.rsplit("/", 1)[-1][:-6])
    cell = next(c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", []))
    new = parameters_cell(key)
    if cell.source == new:
        return False
    cell.source = new
    nbformat.write(nb, path)
    return True


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{arg}: {'rewritten' if rewrite_notebook(arg) else 'already as declared'}")
