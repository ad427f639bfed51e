"""Sentences and named entities from spaCy, cached on disk by text hash and model version."""
from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from tqdm import tqdm

from ..checks import COMMON, Choice, Interval, Param, check_call, document
from ..corpus import analysable
from ..corpus.language import english_only
from ..engine import check_engine, machine_workers
from ..errors import ParameterError
from .cache import AnnotationCache, default_cache_dir
from .pipeline import PIPES, annotate_into_cache, load_model, paragraph_starts, resolve_model

ANNOTATION_VERSION = 2  # bump when what annotate() stores changes; old cache entries are then ignored
NAMED_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")
SENTENCE_COLUMNS = ["doc_id", "sent_idx", "para_idx", "start_char", "end_char"]
ENTITY_COLUMNS = ["doc_id", "sent_idx", "para_idx", "start_char", "end_char", "text", "label", "canonical"]


@dataclass
class Annotations:
    """What annotate() found: one row per sentence and per entity mention, and the model that found them."""

    sentences: pd.DataFrame
    entities: pd.DataFrame
    model: str
    model_version: str
    n_annotated: int = 0  # texts the model ran on in this call (the rest came from the cache)
    n_cached: int = 0
    info: dict = field(default_factory=dict)
    texts: pd.Series | None = field(default=None, repr=False)  # document texts by doc_id, for example sentences

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables the CLI saves, by file name."""
        return {"entities": self.entities, "sentences": self.sentences, "aliases": self.alias_table()}

    def alias_table(self) -> pd.DataFrame:
        """What normalisation merged into what, with counts; see newslab.entities.alias_table."""
        from .names import alias_table

        return alias_table(self.entities)

    def merge_review(self, top: int | None = None) -> pd.DataFrame:
        """The merges normalisation made, largest first, with the rule and an example sentence; see
        newslab.entities.merge_review."""
        from .review import merge_review

        return merge_review(self.entities, self.sentences, self.texts, top=top)


def _para_index(doc_text: pd.Series, doc_ids: pd.Series, starts: pd.Series) -> np.ndarray:
    """Paragraph number of each offset, per document."""
    para = {d: paragraph_starts(t) for d, t in zip(doc_ids.unique(), doc_text.reindex(doc_ids.unique()))}
    return np.fromiter((bisect.bisect_right(para[d], s) - 1 for d, s in zip(doc_ids, starts)), dtype="int64", count=len(starts))


PARAMS = {  # one line per parameter: annotate validates against it, the CLI and notebook 20 follow it
    "model": Param(str, "en_core_web_sm", None, "spaCy model (en_core_web_sm falls back to its re-packaging)"),
    "batch_size": Param(int, 64, Interval(1, None), "texts per spaCy batch"),
    "n_process": Param((int, str), "auto", (Interval(1, None, kind=int), Choice("auto")),
                       "model worker processes ('auto': one per core)"),
    "cache_dir": Param((str, type(None)), None, None, "annotation cache (None: $NEWSLAB_CACHE_DIR or ~/.cache/newslab)"),
    "sentences": Param(str, "senter", Choice(*PIPES), "sentence splitter: the fast senter or the parser"),
    "include_empty": Param(bool, False, None, "also annotate documents flagged empty"),
    "progress": Param(bool, True, None, "show a progress bar"),
    "engine": COMMON["engine"],
    "scheduler": COMMON["scheduler"],
}


@document(PARAMS, extra="""corpus : pandas.DataFrame
    A corpus as load_corpus returns it.
labels : tuple of str
    Entity labels kept (default: every named-entity label).
aliases : path or pandas.DataFrame, optional
    alias,canonical table (such as an edited alias_table()) that wins over every normalisation rule.""")
def annotate(
    corpus: pd.DataFrame,
    *,
    model: str = "en_core_web_sm",
    batch_size: int = 64,
    n_process: int | str = "auto",
    cache_dir: str | os.PathLike | None = None,
    sentences: str = "senter",
    labels: tuple[str, ...] = NAMED_LABELS,
    aliases: str | os.PathLike | pd.DataFrame | None = None,
    include_empty: bool = False,
    progress: bool = True,
    engine: str = "local",
    scheduler: str | None = None,
) -> Annotations:
    """Sentences and named entities (with a `canonical` name) for every non-empty document.

    Annotations are cached under `cache_dir` (default $NEWSLAB_CACHE_DIR or ~/.cache/newslab) by text hash,
    model and version: unchanged documents are read back, only new ones go through the model. `aliases` (a CSV
    path or DataFrame, such as an edited `alias_table()`) wins over every normalisation rule.
    `engine="dask"` runs the model on a Dask cluster (`scheduler` address, or a LocalCluster when None).
    """
    from .aliases import load_aliases, read_aliases
    from .names import normalize_entities

    check_call(PARAMS, {**locals(), "cache_dir": None})  # a cache_dir may be any path-like
    if cache_dir is not None and not isinstance(cache_dir, (str, os.PathLike)):
        raise ParameterError(f"cache_dir must be a folder path or None, got {cache_dir!r}")
    if aliases is not None:  # a bad alias table fails before the model runs
        aliases = read_aliases(aliases) if isinstance(aliases, (str, os.PathLike)) else aliases
        load_aliases(aliases)
    check_engine(engine, scheduler)
    resolved, version = resolve_model(model)
    docs = analysable(corpus, include_empty=include_empty)
    docs, other_languages = english_only(docs)  # the English model would tag other languages' words as names
    docs = docs[docs["text"].str.strip() != ""]
    cache = AnnotationCache(cache_dir or default_cache_dir(), f"{resolved}-{version}-{sentences}-a{ANNOTATION_VERSION}")
    unique = docs.drop_duplicates("text_hash")
    cached = cache.lookup(set(unique["text_hash"]), labels=set(labels))
    todo = unique[~unique["text_hash"].isin(set(cached["text_hash"]))]
    run_info = {"engine": engine}
    if len(todo) and engine == "dask":
        from .distributed import annotate_on_dask

        fresh, run_info = annotate_on_dask(todo, resolved, sentences, batch_size=batch_size, scheduler=scheduler,
                                           cache=cache, progress=progress)
        cached = pd.concat([cached, fresh], ignore_index=True)
    elif len(todo):
        nlp = load_model(resolved, sentences)
        fresh = annotate_into_cache(nlp, todo["text"].tolist(), todo["text_hash"].tolist(), cache=cache,
                                    batch_size=batch_size, progress=progress,
                                    n_process=machine_workers() if n_process == "auto" else n_process)
        cached = pd.concat([cached, fresh], ignore_index=True)
    cached = cached[(cached["kind"] != "ent") | cached["label"].isin(set(labels))]
    # every document gets the rows of its text (identical texts are annotated once)
    rows = docs[["doc_id", "text_hash"]].merge(cached, on="text_hash", how="inner")
    text_by_doc = docs.set_index("doc_id")["text"]
    rows["doc_order"] = rows["doc_id"].map({d: i for i, d in enumerate(docs["doc_id"])})
    sents = (rows[rows["kind"] == "sent"].drop(columns="sent_idx")
             .rename(columns={"idx": "sent_idx", "start": "start_char", "end": "end_char"})
             .sort_values(["doc_order", "sent_idx"]))
    sents = sents.assign(para_idx=_para_index(text_by_doc, sents["doc_id"], sents["start_char"]))[SENTENCE_COLUMNS]
    ents = (rows[rows["kind"] == "ent"].rename(columns={"start": "start_char", "end": "end_char"})
            .sort_values(["doc_order", "start_char"]))
    ents = ents.assign(para_idx=_para_index(text_by_doc, ents["doc_id"], ents["start_char"]))
    ents = ents[[c for c in ENTITY_COLUMNS if c != "canonical"]]
    del rows, cached  # every cache row: freed before name resolution, the step that needs memory most
    ents = normalize_entities(ents, text_by_doc, aliases=aliases)  # it numbers the rows afresh itself
    return Annotations(
        sentences=sents.reset_index(drop=True).astype({"sent_idx": "int64", "start_char": "int64", "end_char": "int64"}),
        entities=ents, model=resolved, model_version=version,
        n_annotated=len(todo), n_cached=len(unique) - len(todo),
        info={"cache": str(cache.folder), "sentences": sentences, "labels": list(labels),
              "other_languages_left_out": other_languages, **run_info},
        texts=text_by_doc,
    )
