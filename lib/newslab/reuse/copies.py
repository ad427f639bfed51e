"""Which documents are copies of another: the one answer topics and the entity network use to count a story
and its copies once, and the run cache through which a report finds duplicates once for every notebook."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import pandas as pd

from ..checks import check_call, document
from ..corpus import corpus_hash
from ..errors import ParameterError
from ..io import atomic_path
from .duplicates import PARAMS, DuplicateResult, find_duplicates

COPY_COLUMNS = ["doc_id", "copy_of"]
RESULT_PARAMS = tuple(n for n in PARAMS if n not in ("engine", "scheduler"))  # what the tables depend on


@document(PARAMS, extra="""corpus : pandas.DataFrame
    A corpus as load_corpus returns it.
duplicates : DuplicateResult, optional
    A find_duplicates result to use as found.""")
def copy_map(corpus: pd.DataFrame, *, duplicates: DuplicateResult | None = None,
             threshold: float = PARAMS["threshold"].default,
             containment_threshold: float = PARAMS["containment_threshold"].default,
             seed: int = PARAMS["seed"].default) -> pd.DataFrame:
    """doc_id → copy_of for every member of a cluster of copies (exact, near, or an excerpt of it) other than its
    representative. A member that embeds the representative (a longer text holding it, such as a story carrying a
    short wire item whole) is a story of its own, not a copy. `duplicates` (a find_duplicates result) is used as
    found; without it, copies are found here with the thresholds given."""
    check_call(PARAMS, locals())
    if duplicates is None:
        if len(corpus) < 2:
            return no_copies()
        duplicates = find_duplicates(corpus, threshold=threshold, containment_threshold=containment_threshold,
                                     seed=seed)
    members = duplicates.members
    is_rep = members["is_representative"].astype(bool)
    representative = members.loc[is_rep].drop_duplicates("cluster_id").set_index("cluster_id")["doc_id"]
    copy_of = members["cluster_id"].map(representative)
    keep = ~is_rep & copy_of.notna() & (members["relation"] != "embeds")
    return pd.DataFrame({"doc_id": members["doc_id"][keep], "copy_of": copy_of[keep]}).reset_index(drop=True)


def no_copies() -> pd.DataFrame:
    """An empty doc_id → copy_of table: nothing is counted as a copy."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COPY_COLUMNS})


def as_copy_map(copies) -> pd.DataFrame:
    """A caller's copies as a doc_id → copy_of table: a copy_map table as given, a DuplicateResult mapped."""
    if isinstance(copies, DuplicateResult):
        return copy_map(pd.DataFrame(), duplicates=copies)
    if isinstance(copies, pd.DataFrame) and set(COPY_COLUMNS) <= set(copies.columns):
        return copies[COPY_COLUMNS].reset_index(drop=True)
    raise ParameterError(f"copies must be a copy_map table (doc_id, copy_of) or a find_duplicates result, "
                         f"got {type(copies).__name__}")


def cache_key(corpus: pd.DataFrame, params: dict) -> str:
    """Hash of the corpus's documents and every parameter the duplicate tables depend on."""
    text = json.dumps([corpus_hash(corpus), {n: params[n] for n in RESULT_PARAMS}], sort_keys=True, default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


@document(PARAMS, extra="""corpus : pandas.DataFrame
    A corpus as load_corpus returns it.
cache_dir : str or PathLike, optional
    The run's cache folder (newslab report passes its own); None or empty: no cache.""")
def cached_duplicates(
    corpus: pd.DataFrame,
    *,
    cache_dir: str | os.PathLike | None = None,
    threshold: float = 0.5,
    containment_threshold: float = 0.8,
    shingle_size: int = 5,
    method: str = "auto",
    num_perm: int = 128,
    seed: int = 42,
    include_empty: bool = False,
    partial_share: float = 0.3,
    partial_min_words: int = 150,
    min_passage_words: int = 25,
    max_gap: int = 12,
    boilerplate_share: float = 0.5,
    max_pairs_per_passage: int = 50,
    engine: str = "local",
    scheduler: str | None = None,
) -> DuplicateResult:
    """find_duplicates(corpus, ...), kept in `cache_dir` (written atomically) so that the next notebook of a
    report asking the same of the same documents reads it instead of finding it again; no cache when None or
    empty. A key covers the documents and the parameters, never the engine (its tables are the local one's)."""
    given = dict(locals())
    options = {n: given[n] for n in PARAMS}
    check_call(PARAMS, options)
    if not cache_dir:
        return find_duplicates(corpus, **options)
    path = Path(cache_dir) / f"duplicates-{cache_key(corpus, options)}.pickle"
    try:  # the cache is this run's own folder (report/run.py makes and removes it); a bad file is found again
        with open(path, "rb") as f:
            result = pickle.load(f)
        if isinstance(result, DuplicateResult):
            return result
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    result = find_duplicates(corpus, **options)
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
    return result
