"""Text reuse (notebook 30): exact copies, near-duplicates, contained excerpts, partial reuse and passages."""
from .copies import as_copy_map, cached_duplicates, copy_map, no_copies
from .duplicates import DuplicateResult, find_duplicates, with_titles
from .findings import key_findings
from .passages import PassageResult, find_passages, reuse_pairs

__all__ = ["DuplicateResult", "PassageResult", "as_copy_map", "cached_duplicates", "copy_map", "find_duplicates", "find_passages", "key_findings", "no_copies", "reuse_pairs",
           "with_titles"]
