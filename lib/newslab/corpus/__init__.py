"""The corpus (notebook 00): loading articles into one row per document, parsing text, overview tables."""
from .load import analysable, corpus_hash, format_summary, load_corpus, read_corpus, summarize_corpus, text_hash
from .timeline import copy_order, pick_time_freq

__all__ = ["analysable", "copy_order", "corpus_hash", "format_summary", "load_corpus", "pick_time_freq", "read_corpus",
           "summarize_corpus", "text_hash"]
