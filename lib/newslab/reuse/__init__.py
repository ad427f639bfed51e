"""Text reuse (notebook 30): exact copies, near-duplicates, contained excerpts, partial reuse and passages."""
from .duplicates import DuplicateResult, find_duplicates, with_titles
from .findings import key_findings
from .passages import PassageResult, find_passages, reuse_pairs
from .views import side_by_side

__all__ = ["DuplicateResult", "PassageResult", "find_duplicates", "find_passages", "key_findings", "reuse_pairs",
           "side_by_side", "with_titles"]
