"""Which documents are copies of another: the one answer topics and the entity network use to count a story
and its copies once."""
from __future__ import annotations

import pandas as pd

from .duplicates import DuplicateResult, find_duplicates

COPY_COLUMNS = ["doc_id", "copy_of"]


def copy_map(corpus: pd.DataFrame, *, duplicates: DuplicateResult | None = None, threshold: float = 0.5,
             containment_threshold: float = 0.8, seed: int = 42) -> pd.DataFrame:
    """doc_id → copy_of for every member of a cluster of copies (exact, near or contained) other than its
    representative. `duplicates` (a find_duplicates result) is used as found; without it, copies are found
    here with the thresholds given."""
    if duplicates is None:
        if len(corpus) < 2:
            return no_copies()
        duplicates = find_duplicates(corpus, threshold=threshold, containment_threshold=containment_threshold,
                                     seed=seed)
    members = duplicates.members
    is_rep = members["is_representative"].astype(bool)
    representative = members.loc[is_rep].drop_duplicates("cluster_id").set_index("cluster_id")["doc_id"]
    copy_of = members["cluster_id"].map(representative)
    keep = ~is_rep & copy_of.notna()
    return pd.DataFrame({"doc_id": members["doc_id"][keep], "copy_of": copy_of[keep]}).reset_index(drop=True)


def no_copies() -> pd.DataFrame:
    """An empty doc_id → copy_of table: nothing is counted as a copy."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COPY_COLUMNS})
