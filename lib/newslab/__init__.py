"""newslab: research notebooks for news corpora. Data flows corpus → reuse → entities → network, topics → report.

What notebooks call is importable from here (`from newslab import load_corpus, annotate, fit_topics,
find_duplicates`); it is imported on first use (PEP 562), so `import newslab` loads no spaCy, scikit-learn
or papermill.
"""
from __future__ import annotations

import importlib

from .errors import CorpusError, NewslabError, NewslabWarning, ParameterError

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "load_corpus": "corpus", "summarize_corpus": "corpus", "format_summary": "corpus", "corpus_hash": "corpus",
    "analysable": "corpus",
    "annotate": "entities", "Annotations": "entities", "alias_table": "entities", "entity_counts": "entities",
    "cooccurrence": "network",
    "fit_topics": "topics", "TopicResult": "topics",
    "find_duplicates": "reuse", "find_passages": "reuse", "find_flows": "reuse", "side_by_side": "reuse",
    "run_report": "report",
    "write_table": "io", "write_tables": "io",
}
_SUBMODULES = {"corpus", "entities", "network", "topics", "reuse", "show", "report", "cli", "io", "errors", "checks",
               "engine"}

__all__ = ["__version__", "CorpusError", "NewslabError", "NewslabWarning", "ParameterError", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'newslab' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)
