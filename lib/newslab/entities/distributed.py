"""Annotation on a Dask cluster: the texts the cache lacks are cut into partitions and each worker process runs
the same spaCy pipeline as the local engine (loaded once per process); rows come back to the on-disk cache."""
from __future__ import annotations

import threading

import pandas as pd
from tqdm import tqdm

from ..engine import partitions_for, session
from .cache import AnnotationCache
from .pipeline import annotate_texts, load_model

_PIPELINE_LOCK = threading.Lock()  # one pipeline per process, used by one task at a time (spaCy is not thread-safe)
FLUSH_EVERY = 8  # partitions: results reach the cache in batches, so an interrupted run keeps what it finished


def annotate_partition(part: pd.DataFrame, model: str, sentences: str, batch_size: int) -> pd.DataFrame:
    """Cache rows for one partition of (text_hash, text); the pipeline comes from this process's load_model cache."""
    nlp = load_model(model, sentences)
    with _PIPELINE_LOCK:
        return annotate_texts(nlp, part["text"].tolist(), part["text_hash"].tolist(), batch_size=batch_size,
                              n_process=1, progress=False)


def cache_rows_meta() -> pd.DataFrame:
    """An empty frame with the cache rows' columns and dtypes (what map_partitions returns)."""
    return pd.DataFrame({c: pd.Series(dtype=t.to_pandas_dtype()) for c, t in zip(AnnotationCache.COLUMNS,
                                                                                 AnnotationCache.SCHEMA.types)})


def annotate_on_dask(todo: pd.DataFrame, model: str, sentences: str, *, batch_size: int, scheduler: str | None,
                     cache: AnnotationCache, progress: bool) -> tuple[pd.DataFrame, dict]:
    """Annotate `todo` (text_hash, text) with map_partitions; add the rows to `cache`; return them and run info."""
    import dask.dataframe as dd
    from distributed import as_completed

    with session(scheduler) as engine:
        n_parts = partitions_for(len(todo), engine.n_workers)
        texts = dd.from_pandas(todo[["text_hash", "text"]].reset_index(drop=True), npartitions=n_parts, sort=False)
        rows = texts.map_partitions(annotate_partition, model, sentences, batch_size, meta=cache_rows_meta())
        futures = engine.client.compute(rows.to_delayed())
        order = {f.key: i for i, f in enumerate(futures)}
        done, pending = [None] * len(futures), []
        bar = tqdm(total=len(futures), desc="annotating (dask)", unit="partition", disable=not progress, mininterval=1)
        for future in as_completed(futures):
            done[order[future.key]] = part = future.result()
            pending.append(part)
            if len(pending) >= FLUSH_EVERY:
                cache.add(pd.concat(pending, ignore_index=True))
                pending = []
            bar.update(1)
        bar.close()
        if pending:
            cache.add(pd.concat(pending, ignore_index=True))
        info = {"engine": "dask", "scheduler": engine.address, "workers": engine.n_workers, "partitions": n_parts,
                "dashboard": engine.dashboard_link}
    return pd.concat(done, ignore_index=True), info
