"""newslab: research notebooks for news corpora. Data flows corpus → annotations → analyses → reports."""
__version__ = "0.1.0"

from .corpus import analysable, corpus_hash, format_summary, load_corpus, summarize_corpus  # noqa: E402
from .errors import CorpusError, NewslabError, ParameterError  # noqa: E402
from .io import write_table, write_tables  # noqa: E402

__all__ = [
    "__version__", "analysable", "corpus_hash", "format_summary", "load_corpus", "summarize_corpus",
    "write_table", "write_tables", "CorpusError", "NewslabError", "ParameterError",
]
