"""The corpus (notebook 00): loading articles into one row per document, parsing text, overview tables."""
from .boilerplate import read_boilerplate
from .load import (analysable, corpus_hash, format_summary, load_corpus, load_with_boilerplate, read_corpus,
                   summarize_corpus, text_hash)
from .timeline import copy_order, pick_time_freq

__all__ = ["analysable", "copy_order", "corpus_hash", "format_summary", "load_corpus", "load_with_boilerplate",
           "pick_time_freq", "read_boilerplate", "read_corpus", "summarize_corpus", "text_hash"]
