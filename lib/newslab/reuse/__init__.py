"""Text reuse (notebooks 30 and 40): exact copies, near-duplicates, contained excerpts, partial reuse and passages;
who copies whom between outlets, and who publishes the same texts in lock-step."""
from .copies import as_copy_map, cached_duplicates, copy_map, no_copies
from .duplicates import DuplicateResult, find_duplicates, with_titles
from .findings import key_findings
from .flow import FlowResult, find_flows
from .flow_findings import flow_findings
from .passages import PassageResult, find_passages
from .sharing import reuse_pairs

__all__ = ["DuplicateResult", "FlowResult", "PassageResult", "as_copy_map", "cached_duplicates", "copy_map",
           "find_duplicates", "find_flows", "find_passages", "flow_findings", "key_findings", "no_copies", "reuse_pairs",
           "with_titles"]
